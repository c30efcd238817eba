"""``kiroku ingest``: add a capture to seeds/ and create or update its source's metadata."""

from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from . import capture, ids
from .build import Log, Project, copy_seed, load_view
from .errors import KirokuError
from .fsutil import write_atomic
from .seeds import read_seed
from .sources import RESERVED, Snapshot, Source, dump_source, load_source
from .web.fill import complete_request


@dataclass(frozen=True)
class IngestRequest:
    """What ``kiroku ingest`` was asked: a capture, its source's slug, and the metadata given on the command line.

    Metadata not given is taken from the source's existing file, else from the capture itself.
    """

    file: Path
    slug: str
    published: str | None = None
    timezone: str | None = None
    url: str | None = None
    publisher: str | None = None
    title: str | None = None
    language: str | None = None
    captured: str | None = None
    encoding: str | None = None
    fmt: str | None = None


@dataclass(frozen=True)
class _Settled:
    """The request's metadata checked and completed from the existing source; the capture decoded."""

    published: dt.date
    publisher: str
    encoding: str | None
    text: str
    timezone: str


def ingest(project: Project, request: IngestRequest, log: Log = print) -> Source:
    """Add a capture to seeds/ and create or update its source's metadata; refuses a capture it cannot parse."""
    _validate(request)
    request = complete_request(project, request)  # an HTML page, WARC or WACZ may say its own metadata
    file = request.file
    sha = hashlib.sha256(file.read_bytes()).hexdigest()
    meta_path = project.sources / f"{request.slug}.yaml"
    existing = load_source(meta_path) if meta_path.exists() else None
    settled = _settle(request, existing)
    # Parse before touching the project: a capture that cannot be read is refused whole.
    report = _parse(request, existing, settled)
    captured = _captured(request)
    seed_name = copy_seed(project, file, sha)
    snapshots = existing.snapshots if existing else ()
    if not any(s.seed == seed_name for s in snapshots):
        snapshots = (*snapshots, Snapshot(seed_name, sha, captured))
    source = _source(request, existing, settled, report, snapshots, meta_path)
    write_atomic(meta_path, dump_source(source).encode("utf-8"))
    load_source(meta_path)  # what we wrote must read back
    if len(snapshots) > 1:
        _log_matches(project, source, log)
    log(f"ingested {file} as seeds/{seed_name} ({len(report.blog.entries)} entries, format {source.format}) -> "
        f"{meta_path.relative_to(project.root)}")
    return source


def _validate(request: IngestRequest) -> None:
    slug = request.slug
    if not ids.SLUG_RE.match(slug):
        raise KirokuError(
            f"source slug {slug!r} must be lower-case ASCII letters, digits and '-'",
            hint="for example: nhk-20230913-summit",
        )
    if slug in RESERVED:
        raise KirokuError(f"{slug!r} names a file Kiroku keeps in sources/; choose another slug")
    if not request.file.is_file():
        raise KirokuError("no such file", path=request.file)


def _settle(request: IngestRequest, existing: Source | None) -> _Settled:
    """Published date, publisher, encoding and time zone: given, else the existing source's, else found."""
    published = _published(request, existing)
    publisher = request.publisher or (existing.publisher if existing else None)
    if not publisher:
        raise KirokuError(f"a new source needs --publisher NAME (for {request.slug})",
                          hint="for example --publisher NHK")
    encoding = request.encoding or (existing.encoding if existing else None)
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise KirokuError(f"unknown encoding {encoding!r}", hint="e.g. --encoding cp932 or euc_jp") from None
    text = read_seed(request.file, encoding, request.url)
    timezone = _timezone(request, existing, text)
    return _Settled(published, publisher, encoding, text, timezone)


def _published(request: IngestRequest, existing: Source | None) -> dt.date:
    pub_date = existing.published if existing else None
    if request.published is not None:
        try:
            pub_date = dt.date.fromisoformat(request.published)
        except ValueError:
            raise KirokuError(f"--published {request.published!r} is not a date like 2023-09-13") from None
    if pub_date is None:
        raise KirokuError(f"a new source needs --published DATE (for {request.slug})",
                          hint="the date the live blog was published")
    return pub_date


def _timezone(request: IngestRequest, existing: Source | None, text: str) -> str:
    tz = request.timezone or (existing.timezone if existing else None)
    if tz is None:
        tz = "Asia/Tokyo" if "日本時間" in text[:2000] else None
    if tz is None:
        raise KirokuError("the capture does not say its time zone; pass --timezone", path=request.file,
                          hint="e.g. --timezone Asia/Tokyo")
    try:
        capture.zone(tz)
    except ValueError as exc:
        raise KirokuError(str(exc), hint="use an IANA name such as Asia/Tokyo") from None
    return tz


def _parse(request: IngestRequest, existing: Source | None, settled: _Settled) -> capture.ParseReport:
    fmt = request.fmt or (existing.format if existing else None)  # None: detected from the text
    strict = existing.strict_order if existing else False
    text, seed, published, tz = settled.text, str(request.file), settled.published, settled.timezone
    return capture.parse_capture(text, seed=seed, published=published, timezone=tz, fmt=fmt, strict_order=strict)


def _captured(request: IngestRequest) -> str:
    capture_date = request.captured or dt.date.today().isoformat()
    try:
        dt.date.fromisoformat(capture_date)
    except ValueError:
        raise KirokuError(f"--captured {request.captured!r} is not a date like 2023-09-13") from None
    return capture_date


def _source(request: IngestRequest, existing: Source | None, settled: _Settled, report: capture.ParseReport,
            snapshots: tuple[Snapshot, ...], meta_path: Path) -> Source:
    fmt = request.fmt or (existing.format if existing else None)
    fmt = capture.canonical(fmt) if fmt else report.format  # the profile's name, never an alias
    if existing:
        return dataclasses.replace(
            existing,
            published=settled.published,
            timezone=settled.timezone,
            publisher=settled.publisher,
            url=request.url if request.url is not None else existing.url,
            title=request.title or existing.title,
            language=request.language or existing.language,
            snapshots=snapshots,
            encoding=settled.encoding,
            format=fmt,
        )
    return Source(
        slug=request.slug,
        title=request.title or report.blog.title,
        publisher=settled.publisher,
        published=settled.published,
        timezone=settled.timezone,
        language=request.language or report.language,
        snapshots=snapshots,
        url=request.url,
        format=fmt,
        encoding=settled.encoding,
        path=meta_path,
    )


def _log_matches(project: Project, source: Source, log: Log) -> None:
    """How the new capture matched the earlier ones (anchors are recorded by the next build)."""
    tracks = load_view(project, source).tracks
    latest = len(source.snapshots) - 1
    new = sum(t.first.snapshot == latest for t in tracks)
    revised = sum(bool(t.changes()) and t.latest.snapshot == latest for t in tracks)
    removed = sum(t.removed for t in tracks)
    log(f"matched to earlier snapshots: {new} new, {revised} revised, {removed} removed; "
        "every earlier anchor is kept (kiroku build records new ones in sources/anchors.lock)")
