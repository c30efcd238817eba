"""``kiroku capture`` and ``kiroku watch``: fetch a live blog's page, keep it as a WARC seed and ingest
it as the source's next snapshot, but only when the page's bytes changed (the HTTP payload is
compared, never the WARC, whose dates always differ). Each check prints one line. Network errors
are retried with back-off; a check that still fails is reported and the watch goes on. The seed is
written by ``ingest`` (a temporary file renamed into place), so it is whole or absent. The clock,
the sleep and the fetcher are parameters, for tests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..build import Log, Project, load_view
from ..errors import KirokuError
from ..fsutil import project_lock
from ..read.detect import HTML, TEXT, kind
from ..read.warc import select
from ..sources import load_source
from . import fetch as fetching
from .plan import IngestRequest, ingest

Clock = Callable[[], dt.datetime]
Sleep = Callable[[float], None]
RETRIES = 4  # attempts per check
FIRST_BACKOFF = 5.0  # seconds before the second attempt; doubled each time, at most MAX_BACKOFF
MAX_BACKOFF = 300.0


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Check:
    """What one check did: ``seed`` is the new seed's name (None: unchanged or failed)."""

    when: dt.datetime
    seed: str | None = None
    new: int = 0
    changed: int = 0
    removed: int = 0
    entries: int = 0
    error: str | None = None

    def line(self) -> str:
        stamp = self.when.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%SZ")
        if self.error:
            return f"{stamp}  failed: {self.error}"
        if self.seed is None:
            return f"{stamp}  unchanged (same page bytes as the latest snapshot): no new seed"
        return (f"{stamp}  new snapshot seeds/{self.seed}: {self.entries} entries, {self.new} new, "
                f"{self.changed} changed, {self.removed} removed")


def latest_payload(project: Project, slug: str, url: str) -> bytes | None:
    """The page bytes of the source's latest snapshot (a WARC's response payload), or None."""
    meta = project.sources / f"{slug}.yaml"
    if not meta.exists():
        return None
    source = load_source(meta)
    raw = (project.seeds / source.latest.seed).read_bytes()
    found = kind(raw, source.latest.seed)
    if found == TEXT:
        return None
    if found == HTML:
        return raw
    return select(raw, found, source.latest.seed, url).payload


def fetch_with_retries(url: str, *, now: Clock, sleep: Sleep, log: Log, fetcher: fetching.Fetcher,
                       attempts: int = RETRIES) -> fetching.Fetched:
    """The page, trying again after 5, 10, 20… seconds on errors that may pass; FetchError after the last try."""
    delay = FIRST_BACKOFF
    for attempt in range(1, attempts + 1):
        try:
            got = fetcher(url, now())
        except fetching.FetchError as exc:
            if not exc.retry or attempt == attempts:
                raise
            log(f"  {url}: {exc}; trying again in {delay:g} s (attempt {attempt + 1} of {attempts})")
            sleep(delay)
            delay = min(delay * 2, MAX_BACKOFF)
            continue
        if kind(got.body) != HTML:
            raise fetching.FetchError(f"the answer is not an HTML page ({dict(got.headers).get('Content-Type')})",
                                      retry=False)
        return got
    raise AssertionError("unreachable")


def _counts(project: Project, slug: str) -> tuple[int, int, int, int]:
    """Entries, new, changed and newly removed in the latest snapshot."""
    view = load_view(project, load_source(project.sources / f"{slug}.yaml"))
    latest = len(view.source.snapshots) - 1
    new = sum(t.first.snapshot == latest for t in view.tracks)
    changed = 0
    for t in view.tracks:
        changes = t.changes()
        changed += bool(changes) and changes[-1][1].snapshot == latest and t.first.snapshot < latest
    removed = sum(t.removed and t.latest.snapshot == latest - 1 for t in view.tracks)
    return len(view.blog.entries), new, changed, removed


def capture_once(project: Project, request: IngestRequest, url: str, *, now: Clock = utc_now,
                 sleep: Sleep | None = None, fetcher: fetching.Fetcher | None = None,
                 log: Log = print) -> Check:
    """Fetch ``url``; when its bytes differ from the latest snapshot's, ingest it as a WARC seed."""
    got = fetch_with_retries(url, now=now, sleep=sleep or time.sleep, log=log, fetcher=fetcher or fetching.fetch)
    with project_lock(project.root):
        if latest_payload(project, request.slug, url) == got.body:
            return Check(got.when)
        with tempfile.TemporaryDirectory(prefix="kiroku-capture-") as tmp:
            file = Path(tmp) / "capture.warc"
            file.write_bytes(fetching.to_warc(got))
            asked = dataclasses.replace(request, file=file, url=request.url or url,
                                        captured=request.captured or got.when.date().isoformat())
            source = ingest(project, asked, log=lambda _: None)
        entries, new, changed, removed = _counts(project, request.slug)
        return Check(got.when, source.latest.seed, new, changed, removed, entries)


def watch(project: Project, request: IngestRequest, url: str, *, every: float, until: dt.datetime | None = None,
          count: int | None = None, now: Clock = utc_now, sleep: Sleep | None = None,
          fetcher: fetching.Fetcher | None = None, log: Log = print) -> list[Check]:
    """Check every ``every`` seconds until ``until`` or ``count`` checks; one printed line per check.

    A check that fails (after its retries) or a page that cannot be ingested is reported and the
    watch goes on. KeyboardInterrupt is left to the caller (between checks the project is whole).
    """
    sleep = sleep or time.sleep
    done: list[Check] = []
    start = now()
    while True:
        try:
            check = capture_once(project, request, url, now=now, sleep=sleep, fetcher=fetcher, log=log)
        except (fetching.FetchError, KirokuError) as exc:
            check = Check(now(), error=str(exc).replace("\n", " "))
        done.append(check)
        log(check.line())
        if count is not None and len(done) >= count:
            return done
        due = start + dt.timedelta(seconds=every * len(done))
        if until is not None and due > until:
            return done
        sleep(max(0.0, (due - now()).total_seconds()))
