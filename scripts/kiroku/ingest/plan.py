"""``kiroku ingest``: add a capture to seeds/ and record it in its source's metadata and the anchor lock.

All or nothing: ``plan`` reads, checks, parses and matches everything and writes nothing; only then are
the new seed, ``sources/<slug>.yaml`` and ``sources/anchors.lock`` written, together
(``fsutil.write_files``: a refusal or a crash leaves all three as they were, or all three new).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .. import read
from ..build import Log, Project, blog_of, track_source
from ..errors import KirokuError
from ..fsutil import write_files
from ..history import Track, Tracker
from ..lock import Lock, load_lock, reconcile
from ..model import ParsedBlog
from ..read.detect import seed_suffix
from ..read.stated import stated_zone
from ..sources import (
    Snapshot,
    Source,
    dump_source,
    is_source_file,
    load_source,
    source_from_text,
)
from .checks import NOTHING_WRITTEN, check_date, read_capture, validate
from .fill import complete_request
from .request import IngestRequest


@dataclass(frozen=True)
class _Settled:
    """The request's metadata checked and completed from the existing source; the capture decoded."""

    published: dt.date
    publisher: str
    encoding: str | None
    capture: read.Capture
    timezone: str
    max_page_mb: int | None = None


@dataclass(frozen=True)
class Plan:
    """What an ingest will write (path -> bytes, in the order written), and what to tell the user."""

    source: Source
    seed: str  # the seed's name in seeds/
    files: dict[Path, bytes]
    entries: int
    tracks: tuple[Track, ...]
    anchors_added: int
    warnings: tuple[str, ...]


def ingest(project: Project, request: IngestRequest, log: Log = print) -> Source:
    """Add a capture; every refusal comes before the first write, and the files change together."""
    plan = plan_ingest(project, request)
    for warning in plan.warnings:
        log(f"warning: {warning}")
    write_files(project.root, plan.files)
    source = plan.source
    if len(source.snapshots) > 1:
        _log_matches(source, plan.tracks, log)
    recorded = f"; {plan.anchors_added} new anchor(s) in sources/anchors.lock" if plan.anchors_added else ""
    log(f"ingested {request.file} as seeds/{plan.seed} ({plan.entries} entries, format {source.format}) -> "
        f"{source.path.relative_to(project.root)}{recorded}")
    return source


def plan_ingest(project: Project, request: IngestRequest) -> Plan:
    """Everything ``ingest`` writes, computed and checked without writing anything."""
    validate(request)
    raw = read_capture(request.file)
    sha = hashlib.sha256(raw).hexdigest()
    meta_path = project.sources / f"{request.slug}.yaml"
    existing = load_source(meta_path) if meta_path.exists() else None
    _refuse_duplicate(request, existing, sha)
    encoding = request.encoding or (existing.encoding if existing else None)
    max_page_mb = request.max_page_mb or (existing.max_page_mb if existing else None)
    capture = read.load(raw, request.file, encoding=encoding, url=request.url or (existing.url if existing else None),
                        limits=read.Limits.of(max_page_mb))
    if capture.page is not None:  # an HTML page, WARC or WACZ: it may say its own metadata
        request = complete_request(request, capture.page, existing)
    settled = dataclasses.replace(_settle(request, existing, encoding, capture), max_page_mb=max_page_mb)
    report = _parse(request, existing, settled)
    seed, new_seed = _seed_name(project, raw, _safe_suffix(seed_suffix(raw, request.file)))
    snapshots = (*(existing.snapshots if existing else ()), Snapshot(seed, sha, _captured(request)))
    source = _source(request, existing, settled, report, snapshots, meta_path)
    metadata = dump_source(source)
    source_from_text(metadata, meta_path)  # what is written must read back
    # Earlier snapshots as the build will read them (from its cache when it holds them): with the metadata
    # as it is to be written. The cache is left to the next build, which parses and matches only this capture.
    tracker = (track_source(project, dataclasses.replace(source, snapshots=existing.snapshots), None, keep=False,
                            summary=True)[0] if existing else Tracker(source.slug))
    latest = _as_seed(blog_of(report), seed)
    tracker.add(latest)
    tracks = tuple(tracker.tracks())
    lock, added = _lock_with(project, request.file, source.slug, tracks)
    files = {project.seeds / seed: raw} if new_seed else {}
    files[meta_path] = metadata.encode("utf-8")  # after the seed it names
    if lock is not None:
        files[project.lock] = lock  # last: a lock naming anchors of snapshots the metadata lacks stops builds
    warnings = tuple(_shared_seed(project, request, sha))
    return Plan(source, seed, files, len(report.blog.entries), tracks, added, warnings)


def _refuse_duplicate(request: IngestRequest, existing: Source | None, sha: str) -> None:
    for number, snap in enumerate(existing.snapshots if existing else (), 1):
        if snap.sha256 == sha:
            raise KirokuError(
                f"this capture is already snapshot {number} of {request.slug} (seeds/{snap.seed}, the same "
                f"SHA-256); {NOTHING_WRITTEN}",
                path=request.file,
                hint=f"ingest a newer capture of the live blog; to change {request.slug}'s title, URL or other "
                f"fields, edit sources/{request.slug}.yaml",
            )


def _shared_seed(project: Project, request: IngestRequest, sha: str) -> list[str]:
    """The other sources that already hold this very capture (by SHA-256)."""
    found = []
    for path in sorted(project.sources.glob("*.yaml")):
        if not is_source_file(path) or path.stem == request.slug:
            continue
        try:
            other = load_source(path)
        except KirokuError:
            continue  # its own error is the build's to report
        for snap in other.snapshots:
            if snap.sha256 == sha:
                found.append(f"{request.file} is already seeds/{snap.seed} of source {other.slug} "
                             f"(sources/{path.name}): the same capture is now archived under two slugs")
    return found


def _settle(request: IngestRequest, existing: Source | None, encoding: str | None,
            capture: read.Capture) -> _Settled:
    """Published date, publisher and time zone: given, else the existing source's, else found."""
    published = check_date("--published", request.published, request.file) if request.published else None
    published = published or (existing.published if existing else None)
    if published is None:
        raise KirokuError(f"a new source needs --published DATE (for {request.slug}); {NOTHING_WRITTEN}",
                          path=request.file, hint="the date the live blog was published, e.g. --published 2023-09-13")
    publisher = request.publisher or (existing.publisher if existing else None)
    if not publisher:
        raise KirokuError(f"a new source needs --publisher NAME (for {request.slug}); {NOTHING_WRITTEN}",
                          path=request.file, hint="for example --publisher NHK")
    read.check_not_empty(capture, also=f"; {NOTHING_WRITTEN}")
    timezone = request.timezone or (existing.timezone if existing else None) or stated_zone(capture.text, capture.page)
    if timezone is None:
        raise KirokuError(f"the capture does not say its time zone; {NOTHING_WRITTEN}", path=request.file,
                          hint="pass --timezone, e.g. --timezone Asia/Tokyo")
    return _Settled(published, publisher, encoding, capture, timezone)


def _parse(request: IngestRequest, existing: Source | None, settled: _Settled) -> read.ParseReport:
    fmt = request.fmt or (existing.format if existing else None)  # None: detected from the text
    strict = existing.strict_order if existing else False
    capture, seed, published, tz = settled.capture, str(request.file), settled.published, settled.timezone
    return read.parse(capture, seed=seed, published=published, timezone=tz, fmt=fmt, strict_order=strict)


def _as_seed(blog: ParsedBlog, name: str) -> ParsedBlog:
    """The parse of the capture (its messages name the user's file) as the build will see it: from seeds/NAME."""
    return dataclasses.replace(blog, seed=name, entries=tuple(dataclasses.replace(e, seed=name) for e in blog.entries))


def _captured(request: IngestRequest) -> str:
    return request.captured or dt.date.today().isoformat()


_SUFFIX = re.compile(r"^\.[A-Za-z0-9]{1,12}(?:\.gz)?$")


def _safe_suffix(suffix: str) -> str:
    """A seed's extension as written into seeds/ and its metadata: letters and digits only (a capture's own
    name may hold quotes, spaces or line ends; those never reach a file name Kiroku writes)."""
    return suffix if _SUFFIX.match(suffix) else ".txt"


def _seed_name(project: Project, raw: bytes, suffix: str) -> tuple[str, bool]:
    """The capture's name in seeds/: an identical seed's (then nothing is copied), else the next number."""
    numbers = []
    if project.seeds.is_dir():
        for existing in sorted(project.seeds.iterdir()):
            if existing.is_file() and not existing.is_symlink() and existing.name[:3].isdigit():
                numbers.append(int(existing.name[:3]))
                if existing.stat().st_size == len(raw) and existing.read_bytes() == raw:
                    return existing.name, False
    sha = hashlib.sha256(raw).hexdigest()
    return f"{(max(numbers) + 1) if numbers else 0:03d}_{sha[:16]}{suffix or '.txt'}", True


def _source(request: IngestRequest, existing: Source | None, settled: _Settled, report: read.ParseReport,
            snapshots: tuple[Snapshot, ...], meta_path: Path) -> Source:
    fmt = request.fmt or (existing.format if existing else None)
    fmt = read.canonical(fmt) if fmt else report.format  # the profile's name, never an alias
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
            max_page_mb=settled.max_page_mb,
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
        max_page_mb=settled.max_page_mb,
    )


def _lock_with(project: Project, file: Path, slug: str, tracks: tuple[Track, ...]) -> tuple[bytes | None, int]:
    """The anchor lock with this source's new anchors (None: unchanged); refuses what a build would refuse."""
    lock = load_lock(project.lock)
    others = {anchor: other for other, entries in lock.entries.items() if other != slug for anchor in entries}
    for track in tracks:
        if track.anchor in others:
            raise KirokuError(
                f"anchor {track.anchor} of this capture is already recorded for source {others[track.anchor]}; "
                f"{NOTHING_WRITTEN}",
                path=project.lock,
                hint="report this as a bug: anchors include the slug, so two sources should never share one",
            )
    mine = Lock(entries={slug: dict(lock.entries.get(slug, {}))})
    try:
        added = reconcile(mine, {slug: tracks}, {}, project.lock)  # the earlier anchors kept, the same entries
    except KirokuError as exc:
        raise KirokuError(
            f"{exc.message.replace('this build', 'this ingest')} (sources/anchors.lock); {NOTHING_WRITTEN}",
            path=file,
            hint=f"anchors are permanent: keep {slug}'s earlier --published, --timezone and --format, "
            "or ingest this capture under a new slug",
        ) from None
    if not added:
        return None, 0
    lock.entries[slug] = mine.entries[slug]
    return lock.dump().encode("utf-8"), added


def _log_matches(source: Source, tracks: tuple[Track, ...], log: Log) -> None:
    """How the new capture matched the earlier ones."""
    latest = len(source.snapshots) - 1
    new = sum(t.first.snapshot == latest for t in tracks)
    revised = sum(len(t.versions) > 1 and t.latest.snapshot == latest  # changed in this capture
                  and t.latest.fingerprint != t.versions[-2].fingerprint for t in tracks)
    removed = sum(t.status == "removed" for t in tracks)
    outside = sum(t.status == "outside-window" for t in tracks)
    log(f"matched to earlier snapshots: {new} new, {revised} revised, {removed} removed, {outside} outside the "
        "capture's window; every earlier anchor is kept")
