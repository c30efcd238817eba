"""``kiroku ingest``: add a capture to seeds/ and create or update its source's metadata."""

from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import hashlib
from pathlib import Path

from . import formats, ids
from .build import Log, Project, copy_seed
from .errors import KirokuError
from .fsutil import write_atomic
from .sources import RESERVED, Snapshot, Source, dump_source, load_source, read_seed
from .timeparse import zone


def ingest(
    project: Project,
    file: Path,
    *,
    slug: str,
    published: str | None = None,
    timezone: str | None = None,
    url: str | None = None,
    publisher: str | None = None,
    title: str | None = None,
    language: str | None = None,
    captured: str | None = None,
    encoding: str | None = None,
    fmt: str | None = None,
    log: Log = print,
) -> Source:
    if not ids.SLUG_RE.match(slug):
        raise KirokuError(
            f"source slug {slug!r} must be lower-case ASCII letters, digits and '-'",
            hint="for example: nhk-20230913-summit",
        )
    if slug in RESERVED:
        raise KirokuError(f"{slug!r} names a file Kiroku keeps in sources/; choose another slug")
    if not file.is_file():
        raise KirokuError("no such file", path=file)
    raw = file.read_bytes()
    sha = hashlib.sha256(raw).hexdigest()
    meta_path = project.sources / f"{slug}.yaml"
    existing = load_source(meta_path) if meta_path.exists() else None

    pub_date = existing.published if existing else None
    if published is not None:
        try:
            pub_date = dt.date.fromisoformat(published)
        except ValueError:
            raise KirokuError(f"--published {published!r} is not a date like 2023-09-13") from None
    if pub_date is None:
        raise KirokuError(f"a new source needs --published DATE (for {slug})", hint="the date the live blog was published")
    pub_name = publisher or (existing.publisher if existing else None)
    if not pub_name:
        raise KirokuError(f"a new source needs --publisher NAME (for {slug})", hint="for example --publisher NHK")
    tz = timezone or (existing.timezone if existing else None)

    encoding = encoding or (existing.encoding if existing else None)
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise KirokuError(f"unknown encoding {encoding!r}", hint="e.g. --encoding cp932 or euc_jp") from None
    text = read_seed(file, encoding)
    if tz is None:
        tz = "Asia/Tokyo" if "日本時間" in text[:2000] else None
    if tz is None:
        raise KirokuError("the capture does not say its time zone; pass --timezone", path=file, hint="e.g. --timezone Asia/Tokyo")
    try:
        zone(tz)
    except ValueError as exc:
        raise KirokuError(str(exc), hint="use an IANA name such as Asia/Tokyo") from None
    fmt = fmt or (existing.format if existing else None)  # None: detected from the text
    # Parse before touching the project: a capture that cannot be read is refused whole.
    strict = existing.strict_order if existing else True
    report = formats.parse_capture(text, seed=str(file), published=pub_date, timezone=tz, fmt=fmt,
                                   strict_order=strict)
    blog = report.blog
    fmt = fmt or report.format

    capture_date = captured or dt.date.today().isoformat()
    try:
        dt.date.fromisoformat(capture_date)
    except ValueError:
        raise KirokuError(f"--captured {captured!r} is not a date like 2023-09-13") from None

    seed_name = copy_seed(project, file, sha)
    snapshots = existing.snapshots if existing else ()
    if not any(s.seed == seed_name for s in snapshots):
        snapshots = (*snapshots, Snapshot(seed_name, sha, capture_date))
    if existing:
        source = dataclasses.replace(
            existing,
            published=pub_date,
            timezone=tz,
            publisher=pub_name,
            url=url if url is not None else existing.url,
            title=title or existing.title,
            language=language or existing.language,
            snapshots=snapshots,
            encoding=encoding,
            format=fmt,
        )
    else:
        source = Source(
            slug=slug,
            title=title or blog.title,
            publisher=pub_name,
            published=pub_date,
            timezone=tz,
            language=language or report.language,
            snapshots=snapshots,
            url=url,
            format=fmt,
            encoding=encoding,
            path=meta_path,
        )
    write_atomic(meta_path, dump_source(source).encode("utf-8"))
    load_source(meta_path)  # what we wrote must read back
    if len(snapshots) > 1:
        from .build import load_view

        tracks = load_view(project, source).tracks
        latest = len(snapshots) - 1
        new = sum(t.first.snapshot == latest for t in tracks)
        revised = sum(bool(t.changes()) and t.latest.snapshot == latest for t in tracks)
        removed = sum(t.removed for t in tracks)
        log(f"matched to earlier snapshots: {new} new, {revised} revised, {removed} removed; "
            "every earlier anchor is kept (kiroku build records new ones in sources/anchors.lock)")
    log(f"ingested {file} as seeds/{seed_name} ({len(blog.entries)} entries, format {fmt}) -> "
        f"{meta_path.relative_to(project.root)}")
    return source
