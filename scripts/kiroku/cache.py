"""The track cache: each source's parsed snapshots matched into tracks, kept between builds.

``_build/cache/<slug>.pickle`` holds a source's ``Tracker`` after its snapshots, the latest parse, and
what they were made from: the seeds' SHA-256 in snapshot order, the metadata fields a parse reads, and a
digest of Kiroku's own code. The cache is derived data: outside git, safe to delete, and never trusted
over the seeds. The build checks every seed's bytes against its metadata first (``verify_seeds``), then
uses a cache only when everything it was made from is the same, or when its seeds are the first of the
source's seeds (a new snapshot: only that one is parsed and matched). Anything else, an unreadable or
foreign file included, is recomputed and the cache rewritten.

Beside it, ``<slug>.summary.pickle`` holds the tracker's ``summary()``: what ``kiroku ingest`` reads to
match a new capture and update the anchor lock, without every version a page shows. And
``generate.stamp`` (below) lets a build in which nothing changed stop before loading anything.

Loading unpickles only Kiroku's own data classes and plain built-in values (``_Unpickler``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import importlib.metadata
import io
import json
import os
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .fsutil import write_atomic
from .history import Tracker, no_gc
from .model import ParsedBlog
from .sources import Source

FORMAT = "kiroku-track-cache 2"  # 2: statuses, windows, the fingerprints tracks showed (issue 25)
_PACKAGE = Path(__file__).resolve().parent
_DATA_MODULES = frozenset({"kiroku.cache", "kiroku.history", "kiroku.model"})  # where a cache's classes live
_BUILTINS = frozenset({"set", "frozenset", "list", "dict", "tuple", "object", "bytearray"})


# The distributions whose behaviour reaches a parse or a page (metadata, HTML and WARC captures, escaping, zones).
_DEPENDENCIES = ("PyYAML", "lxml", "warcio", "MarkupSafe", "docutils", "tzdata")


def _installed(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "-"


@functools.cache
def code_digest() -> str:
    """SHA-256 over Kiroku's Python files and its dependencies' versions: a changed parser, matcher or
    library invalidates every cache."""
    h = hashlib.sha256(__version__.encode())
    h.update(" ".join(f"{name}={_installed(name)}" for name in _DEPENDENCIES).encode() + b"\0")
    for path in sorted(_PACKAGE.rglob("*.py")):
        h.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def source_key(source: Source) -> tuple[object, ...]:
    """The metadata a parse and a match depend on (the seeds apart)."""
    return (source.slug, source.published.isoformat(), source.timezone, source.format, source.strict_order,
            source.encoding, source.url)


def seed_list(source: Source) -> tuple[tuple[str, str], ...]:
    return tuple((s.seed, s.sha256) for s in source.snapshots)


@dataclass(frozen=True)
class Cached:
    """What a cache file holds besides its header."""

    seeds: tuple[tuple[str, str], ...]  # (seed name, SHA-256) of the snapshots matched, oldest first
    tracker: Tracker
    latest: ParsedBlog


class _Unpickler(pickle.Unpickler):
    """Kiroku's data classes and plain built-in values only: a planted file cannot run code."""

    def find_class(self, module: str, name: str) -> object:
        if module in _DATA_MODULES and "." not in name:
            found = super().find_class(module, name)
            if isinstance(found, type) and found.__module__ == module:  # a class defined there, not an import
                return found
        if (module == "builtins" and name in _BUILTINS) or (module, name) == ("copyreg", "_reconstructor"):
            return super().find_class(module, name)
        if (module, name) == ("collections", "Counter"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a Kiroku cache")


def path_of(cache_dir: Path, slug: str, *, summary: bool = False) -> Path:
    return cache_dir / (f"{slug}.summary.pickle" if summary else f"{slug}.pickle")


def load(cache_dir: Path, source: Source, *, summary: bool = False) -> Cached | None:
    """The cache of ``source`` if it was made by this code from this metadata and a prefix of its seeds.

    ``summary``: the tracker's ``summary()`` (all ``kiroku ingest`` needs), else the whole tracker.
    """
    path = path_of(cache_dir, source.slug, summary=summary)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        with no_gc(freeze=True):
            header, body = _Unpickler(io.BytesIO(data)).load()
    except Exception:  # noqa: BLE001 - any unreadable cache is recomputed, whatever is wrong with it
        return None
    if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("code") != code_digest():
        return None
    if header.get("source") != source_key(source) or not isinstance(body, Cached):
        return None
    seeds = seed_list(source)
    if not body.seeds or body.seeds != seeds[: len(body.seeds)] or body.tracker.snapshots != len(body.seeds):
        return None
    if body.tracker.complete == summary:
        return None
    return body


def save(cache_dir: Path, source: Source, cached: Cached) -> str | None:
    """Write the cache; a message instead when it cannot be written (the build goes on without it)."""
    header = {"format": FORMAT, "code": code_digest(), "source": source_key(source)}
    summary = dataclasses.replace(cached, tracker=cached.tracker.summary())
    for body, path in ((cached, path_of(cache_dir, source.slug)),
                       (summary, path_of(cache_dir, source.slug, summary=True))):
        try:
            write_atomic(path, pickle.dumps((header, body), protocol=pickle.HIGHEST_PROTOCOL))
        except OSError as exc:
            return f"could not write the track cache {path}: {exc.strerror}"
    return None


# The generation stamp: what `kiroku build` last made its pages from, so that a no-op build stops early.

STAMP_NAME = "generate.stamp"
_STAMP_FORMAT = "kiroku-generate-stamp 1"


def inputs_digest(sources_dir: Path, archive_dir: Path, archive: str | None = None) -> str:
    """SHA-256 over what generation reads and writes, the seeds apart (the metadata holds their SHA-256,
    checked against their bytes on every build): Kiroku's code and Python, every file in sources/ (metadata,
    register, anchor lock), and each generated file's name, size and modification time (an edited,
    touched or deleted page is written again)."""
    h = hashlib.sha256(f"{_STAMP_FORMAT}\0{code_digest()}\0{sys.version}\0".encode())
    for path in sorted(p for p in sources_dir.iterdir() if p.is_file()):
        h.update(b"S\0" + path.name.encode("utf-8", "surrogateescape") + b"\0" + path.read_bytes() + b"\0")
    h.update((archive if archive is not None else archive_digest(archive_dir)).encode())  # known, or walked
    return h.hexdigest()


def archive_digest(archive_dir: Path) -> str:
    """SHA-256 over each generated file's name, mode, size and modification time: the same digest means the
    files are as the last generation left them (which a build after one new blog uses: the other blogs'
    pages need not be read again to be known unchanged)."""
    h = hashlib.sha256()
    if archive_dir.is_dir():
        found: list[tuple[tuple[str, ...], os.stat_result]] = []

        def walk(folder: str, parts: tuple[str, ...]) -> None:  # os.scandir: no Path made per file
            with os.scandir(folder) as entries:
                for entry in entries:
                    here = (*parts, entry.name)
                    found.append((here, entry.stat(follow_symlinks=False)))
                    if entry.is_dir(follow_symlinks=False):
                        walk(entry.path, here)

        walk(str(archive_dir), ())
        found.sort(key=lambda item: item[0])  # by path components, as sorting the paths would
        for parts, st in found:
            rel = "/".join(parts).encode("utf-8", "surrogateescape")
            h.update(b"A\0%s\0%o\0%d\0%d\0" % (rel, st.st_mode, st.st_size, st.st_mtime_ns))
    else:
        h.update(b"no archive\0")
    return h.hexdigest()


@dataclass(frozen=True)
class Stamp:
    """A finished generation: the digest of its inputs and outputs, the lines to say again, its totals."""

    digest: str
    lines: tuple[str, ...]  # warnings and per-source lines, as the run printed them
    files: int  # files in docs/archive/
    archive: str = ""  # ``archive_digest`` of docs/archive/ as the run left it


def read_stamp(cache_dir: Path) -> Stamp | None:
    try:
        data = json.loads((cache_dir / STAMP_NAME).read_text(encoding="utf-8"))
        stamp = Stamp(str(data["digest"]), tuple(str(line) for line in data["lines"]), int(data["files"]),
                      str(data.get("archive", "")))
    except (OSError, ValueError, TypeError, KeyError):
        return None
    return stamp if data.get("format") == _STAMP_FORMAT else None


def write_stamp(cache_dir: Path, stamp: Stamp) -> str | None:
    data = {"format": _STAMP_FORMAT, "digest": stamp.digest, "lines": list(stamp.lines), "files": stamp.files,
            "archive": stamp.archive}
    try:
        write_atomic(cache_dir / STAMP_NAME, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    except OSError as exc:
        return f"could not write {cache_dir / STAMP_NAME}: {exc.strerror}"
    return None


def forget_stamp(cache_dir: Path) -> None:
    """Before generation writes anything: a run that stops halfway must not leave the last run's stamp."""
    with contextlib.suppress(OSError):  # one that cannot be removed cannot match changed inputs either
        (cache_dir / STAMP_NAME).unlink()


# The render cache: one live blog's rendered share of the archive (``render.BlogParts``), so that a build after
# one blog was added renders that blog only. ``_build/cache/<slug>.parts.pickle``, keyed by everything a blog's
# pages are made from: Kiroku's code and Python, its metadata file (which names its seeds by SHA-256, checked
# before use) and the register. Plain built-in values only, loaded by ``_Unpickler``.

_PARTS_FORMAT = "kiroku-parts-cache 2"  # 2: the header a pickle of its own


def parts_key(source: Source, register: bytes) -> str:
    h = hashlib.sha256(f"{_PARTS_FORMAT}\0{code_digest()}\0{sys.version}\0".encode())
    h.update(source.path.read_bytes() + b"\0" + register)
    return h.hexdigest()


def _parts_path(cache_dir: Path, slug: str) -> Path:
    return cache_dir / f"{slug}.parts.pickle"


def parts_current(cache_dir: Path, slug: str, key: str) -> bool:
    """Whether the render cache holds this blog's parts for this key (its header alone is read)."""
    try:
        with _parts_path(cache_dir, slug).open("rb") as f:
            header = _Unpickler(f).load()
    except Exception:  # noqa: BLE001 - any unreadable cache is recomputed, whatever is wrong with it
        return False
    return isinstance(header, dict) and header.get("format") == _PARTS_FORMAT and header.get("key") == key


def load_parts(cache_dir: Path, slug: str, key: str) -> object | None:
    """The plain form a ``save_parts`` left for this key, or None."""
    try:
        data = _parts_path(cache_dir, slug).read_bytes()
    except OSError:
        return None
    try:
        stream = io.BytesIO(data)
        header = _Unpickler(stream).load()
        if not isinstance(header, dict) or header.get("format") != _PARTS_FORMAT or header.get("key") != key:
            return None
        with no_gc():
            return _Unpickler(stream).load()
    except Exception:  # noqa: BLE001 - any unreadable cache is recomputed, whatever is wrong with it
        return None


def save_parts(cache_dir: Path, slug: str, key: str, body: object) -> str | None:
    """Two pickles in one file: the header (format, key), read alone by ``parts_current``, then the parts."""
    path = _parts_path(cache_dir, slug)
    data = (pickle.dumps({"format": _PARTS_FORMAT, "key": key}, protocol=pickle.HIGHEST_PROTOCOL)
            + pickle.dumps(body, protocol=pickle.HIGHEST_PROTOCOL))
    try:
        write_atomic(path, data)
    except OSError as exc:
        return f"could not write the render cache {path}: {exc.strerror}"
    return None
