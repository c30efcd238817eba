"""Live-blog metadata files in ``sources/``: load, validate, write. Seeds are checked by hash."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import ids, read, site
from .errors import KirokuError
from .read import ENCODINGS
from .urls import is_http_url

REQUIRED = ("slug", "title", "publisher", "published", "timezone", "language", "snapshots")
OPTIONAL = ("url", "format", "encoding", "strict_order", "max_page_mb")
_SEED_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_SHA = re.compile(r"^[0-9a-f]{64}$")

HEADER = (
    "# Kiroku source: one live blog. Written by `kiroku ingest`; safe to edit by hand.\n"
    "# snapshots: captures in seeds/, oldest first; sha256 guards each seed against edits.\n"
)


@dataclass(frozen=True)
class Snapshot:
    seed: str  # file name inside seeds/
    sha256: str
    captured: str | None = None


@dataclass(frozen=True)
class Source:
    slug: str
    title: str
    publisher: str
    published: dt.date
    timezone: str
    language: str
    snapshots: tuple[Snapshot, ...]
    url: str | None = None
    format: str | None = None  # a profile name (kiroku.read); None: detected from the capture
    encoding: str | None = None  # None: detected (BOM, UTF-8, Shift_JIS/CP932, EUC-JP)
    strict_order: bool = False  # True: an entry out of the page's order is an error, not a warning
    max_page_mb: int | None = None  # the page limit its seeds are read with (None: the default, read.limits.PAGE_MB)
    path: Path = field(default=Path(), compare=False)

    @property
    def latest(self) -> Snapshot:
        return self.snapshots[-1]


RESERVED = frozenset({"register", "anchors"})


def is_source_file(path: Path) -> bool:
    """Live-blog metadata files: every sources/*.yaml but the register and the lock."""
    return path.suffix == ".yaml" and not path.name.startswith(("_", ".")) and path.stem not in RESERVED


def load_sources(sources_dir: Path) -> list[Source]:
    return [load_source(p) for p in sorted(sources_dir.glob("*.yaml")) if is_source_file(p)]


_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml where PyYAML was built with it

Fail = Callable[..., KirokuError]  # fail(message, key=None, hint=None): an error on the line of ``key``


def load_source(path: Path) -> Source:
    """Read and validate one metadata file; every problem names the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KirokuError(f"cannot read metadata: {exc}", path=path) from None
    key = (str(path), text)
    known = _LOADED.get(key)
    if known is None:
        known = _LOADED[key] = source_from_text(text, path)
    return known


# Sources already read in this process, by path and text: `make html` reads sources/ when it generates the pages
# and again when it plans the shards, and parsing YAML is most of that.
_LOADED: dict[tuple[str, str], Source] = {}


def source_from_text(text: str, path: Path) -> Source:
    """Validate the text of a metadata file that is (or is to be) ``path``, as load_source does."""
    node, data = _read_mapping(text, path)
    lines = {k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}

    def fail(message: str, key: str | None = None, hint: str | None = None) -> KirokuError:
        return KirokuError(message, path=path, line=lines.get(key, 1) if key else 1, hint=hint)

    _check_fields(data, fail)
    # Checked in this order, so a file with several problems reports the same one first.
    slug = _slug(data, path, fail)
    published = _published(data, fail)
    timezone = _timezone(data, fail)
    url = _url(data, fail)
    fmt = _format(data, fail)
    encoding = _encoding(data, fail)
    strict_order = _strict_order(data, fail)
    max_page_mb = _max_page_mb(data, fail)
    snapshots = _snapshots(data, fail)
    return Source(
        slug=slug,
        title=_short("title", data, fail),
        publisher=_short("publisher", data, fail),
        published=published,
        timezone=timezone,
        language=str(data["language"]),
        snapshots=snapshots,
        url=url,
        format=fmt,
        encoding=encoding,
        strict_order=strict_order,
        max_page_mb=max_page_mb,
        path=path,
    )


def _short(key: str, data: dict[str, Any], fail: Fail) -> str:
    """A title or publisher: shown on every page of the live blog, so at most a title's length."""
    value = str(data[key])
    if len(value) > read.TITLE_CHARS:
        raise fail(f"{key} is {len(value):,} characters long; at most {read.TITLE_CHARS} (it is shown on every "
                   "page of the live blog)", key, f"shorten it (kiroku ingest --{key} sets it)")
    return value


def _read_mapping(text: str, path: Path) -> tuple[yaml.MappingNode, dict[str, Any]]:
    try:
        try:
            node = yaml.compose(text, Loader=_FAST)
        except yaml.YAMLError:  # the pure-Python parser's words and line, the same in every install
            node = yaml.compose(text)
        data = _construct(node, path)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        started = f" ({context} that starts on line {context_mark.line + 1})" if context and context_mark else ""
        raise KirokuError(
            f"not valid YAML: {getattr(exc, 'problem', exc)}{started}",
            path=path,
            line=mark.line + 1 if mark else None,
            hint="fix the syntax; compare with another file in sources/",
        ) from None
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise KirokuError("expected a mapping of fields (slug: …, title: …)", path=path, line=1)
    return node, data


def _check_fields(data: dict[str, Any], fail: Fail) -> None:
    for key in data:
        if key not in REQUIRED and key not in OPTIONAL:
            raise fail(f"unknown field {key!r}", str(key), f"known fields: {', '.join(REQUIRED + OPTIONAL)}")
    for key in REQUIRED:
        if data.get(key) in (None, "", []):
            raise fail(f"missing field {key!r}", None, f"add '{key}: …' (see README, 'Adding a live blog')")


def _slug(data: dict[str, Any], path: Path, fail: Fail) -> str:
    slug = str(data["slug"])
    if not ids.SLUG_RE.match(slug):
        raise fail(f"slug {slug!r} is not lower-case ASCII letters, digits and '-'", "slug")
    if slug in site.RESERVED_SLUGS:
        raise fail(f"slug {slug!r} is the name of a glossary's folder in the archive", "slug",
                   f"choose another slug (not {', '.join(sorted(site.RESERVED_SLUGS))})")
    if slug != path.stem:
        raise fail(f"slug {slug!r} does not match the file name {path.name!r}", "slug", f"rename to {slug}.yaml")
    return slug


def _published(data: dict[str, Any], fail: Fail) -> dt.date:
    published = data["published"]
    if isinstance(published, str):
        try:
            published = dt.date.fromisoformat(published)
        except ValueError:
            published = None
    if not isinstance(published, dt.date) or isinstance(published, dt.datetime):
        raise fail("published must be a date like 2023-09-13", "published")
    return published


def _timezone(data: dict[str, Any], fail: Fail) -> str:
    try:
        read.zone(str(data["timezone"]))
    except ValueError as exc:
        raise fail(str(exc), "timezone", "use an IANA name such as Asia/Tokyo") from None
    return str(data["timezone"])


def _url(data: dict[str, Any], fail: Fail) -> str | None:
    url = data.get("url")
    if url is not None and not is_http_url(str(url)):
        raise fail(f"url {url!r} is not an http(s) URL without spaces or brackets", "url")
    return str(url) if url is not None else None


def _format(data: dict[str, Any], fail: Fail) -> str | None:
    fmt = str(data["format"]) if data.get("format") else None  # None: detected from the capture
    if fmt is not None and fmt not in read.names():
        raise fail(f"unknown format {fmt!r}", "format", f"known formats: {', '.join(read.names())}")
    return read.canonical(fmt) if fmt else None


def _encoding(data: dict[str, Any], fail: Fail) -> str | None:
    encoding = data.get("encoding")
    if encoding is None:
        return None
    try:
        read.check_encoding(str(encoding))
    except ValueError as exc:
        raise fail(str(exc), "encoding", f"use one of {', '.join(ENCODINGS)}") from None
    return str(encoding)


def _strict_order(data: dict[str, Any], fail: Fail) -> bool:
    strict_order = data.get("strict_order", False)
    if not isinstance(strict_order, bool):
        raise fail("strict_order must be true or false", "strict_order")
    return strict_order


def _max_page_mb(data: dict[str, Any], fail: Fail) -> int | None:
    value = data.get("max_page_mb")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise fail(f"max_page_mb must be a whole number of MB, at least 1 (not {value!r})", "max_page_mb",
                   f"the default page limit is {read.Limits().page_mb} MB; leave the field out to use it")
    return value


def _snapshots(data: dict[str, Any], fail: Fail) -> tuple[Snapshot, ...]:
    snaps = data["snapshots"]
    if not isinstance(snaps, list):
        raise fail("snapshots must be a list of {seed, sha256}", "snapshots")
    snapshots = []
    for item in snaps:
        if not isinstance(item, dict) or not item.get("seed") or not item.get("sha256"):
            raise fail("each snapshot needs 'seed' and 'sha256'", "snapshots")
        seed, sha = str(item["seed"]), str(item["sha256"])
        if not _SEED_NAME.match(seed):
            raise fail(f"seed {seed!r} must be a plain file name inside seeds/", "snapshots")
        if not _SHA.match(sha):
            raise fail(f"sha256 of {seed} is not 64 lower-case hex digits", "snapshots")
        captured = item.get("captured")
        snapshots.append(Snapshot(seed, sha, str(captured) if captured is not None else None))
    return tuple(snapshots)


def _construct(node: yaml.Node | None, path: Path) -> Any:
    """Python values of a composed document; a value YAML cannot build (2025-09-31) names its line."""
    if node is None:
        return None
    try:
        return yaml.constructor.SafeConstructor().construct_document(node)
    except ValueError:
        pass
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            try:
                yaml.safe_load(yaml.serialize(value))
            except ValueError as exc:
                raise KirokuError(
                    f"{key.value}: {value.value if isinstance(value, yaml.ScalarNode) else '…'} is not a valid value "
                    f"({exc})", path=path, line=key.start_mark.line + 1, hint="dates are written 2023-09-13",
                ) from None
    raise KirokuError("a value in this file is not valid", path=path, line=node.start_mark.line + 1)


def dump_source(source: Source) -> str:
    """The metadata file's text: fixed field order, so rewriting it is deterministic."""
    data: dict[str, Any] = {
        "slug": source.slug,
        "title": source.title,
        "publisher": source.publisher,
        "url": source.url,
        "published": source.published,
        "timezone": source.timezone,
        "language": source.language,
        **({"format": source.format} if source.format else {}),
        **({"encoding": source.encoding} if source.encoding else {}),
        **({"strict_order": True} if source.strict_order else {}),
        **({"max_page_mb": source.max_page_mb}
           if source.max_page_mb is not None and source.max_page_mb != read.Limits().page_mb else {}),
        "snapshots": [
            {k: v for k, v in (("seed", s.seed), ("sha256", s.sha256), ("captured", s.captured)) if v is not None}
            for s in source.snapshots
        ],
    }
    return HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
