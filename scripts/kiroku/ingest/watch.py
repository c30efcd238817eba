"""``kiroku capture`` and ``kiroku watch``: fetch a live blog's page and the older pages it links to, keep
them as one WARC seed and ingest it as the source's next snapshot, but only when the pages' bytes differ
from every snapshot's (the HTTP payloads are compared, never the WARC, whose dates always differ; pages
that go back to a version already kept make no new snapshot). Each check prints one line. Network
errors are retried with back-off; a check that still fails, or a page that cannot be read, is reported
and the watch goes on, until ``max_failures`` checks in a row have failed. The seed is written by
``ingest`` (a temporary file renamed into place), so it is whole or absent. The clock, the sleep and
the fetcher are parameters, for tests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import read
from ..build import Log, Project, load_view
from ..errors import KirokuError
from ..fsutil import project_lock
from ..read.detect import HTML, JSON, kind
from ..read.older import address_key
from ..read.warc import HTML_TYPES
from ..sources import load_source
from . import fetch as fetching
from .plan import IngestRequest, ingest

Clock = Callable[[], dt.datetime]
Sleep = Callable[[float], None]
RETRIES = 4  # attempts per check
FIRST_BACKOFF = 5.0  # seconds before the second attempt; doubled each time, at most MAX_BACKOFF
MAX_BACKOFF = 300.0
MAX_FAILURES = 10  # failed checks in a row that end a watch (--max-failures; 0: never)
PAGES = 20  # pages fetched in one check: the live page and the older pages it links to (--pages)
MAX_PAGES = read.Limits().pages  # --pages' largest value: the most pages read as one capture


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Check:
    """What one check did: ``seed`` is the new seed's name (None: unchanged or failed); ``same``, for an
    unchanged page, the number (from 1) of the snapshot with the same page bytes, of ``snapshots``."""

    when: dt.datetime
    seed: str | None = None
    new: int = 0
    changed: int = 0
    removed: int = 0
    outside: int = 0  # entries this capture did not reach (slid to an older page), not removed
    entries: int = 0
    error: str | None = None
    same: int | None = None
    snapshots: int = 0
    pages: int = 1  # the pages fetched: the live page and its older pages

    def line(self) -> str:
        stamp = self.when.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%SZ")
        if self.error:
            return f"{stamp}  failed: {self.error}"
        if self.seed is None:
            if self.same is not None and self.same < self.snapshots:
                return (f"{stamp}  unchanged: same page bytes as snapshot {self.same} of {self.snapshots} "
                        "(the page went back to an earlier version): no new seed")
            return f"{stamp}  unchanged (same page bytes as the latest snapshot): no new seed"
        pages = f" ({self.pages} pages)" if self.pages > 1 else ""
        outside = f", {self.outside} outside the capture's window" if self.outside else ""
        return (f"{stamp}  new snapshot seeds/{self.seed}{pages}: {self.entries} entries, {self.new} new, "
                f"{self.changed} changed, {self.removed} removed{outside}")


class GaveUp(KirokuError):
    """``watch`` stopped: ``max_failures`` checks in a row failed. ``checks`` are all the checks it made."""

    def __init__(self, checks: list[Check], max_failures: int) -> None:
        self.checks = checks
        super().__init__(f"{max_failures} checks in a row failed, so the watch stops (the last: {checks[-1].error})",
                         hint="check the URL in a browser; --max-failures N sets how many failed checks in a row "
                         "end a watch (0: never)")


Digests = dict[str, str | None]  # a seed's name -> the digest of its pages' bytes (None: not a web page)


def pages_digest(bodies: Sequence[bytes]) -> str:
    """One digest of a capture's pages, newest first: the SHA-256 of their SHA-256s one after the other (a change
    in any page, or another number of pages, is another digest)."""
    return hashlib.sha256(b"".join(hashlib.sha256(body).digest() for body in bodies)).hexdigest()


def _page_digest(project: Project, seed: str) -> str | None:
    """The digest of a seed's page bytes (an HTML seed itself; the payloads of a WARC's or WACZ's HTML pages, in
    the order it holds them: the live page, then its older pages, in a seed ``capture`` wrote)."""
    try:
        raw = (project.seeds / seed).read_bytes()
        bodies = read.page_bodies(raw, seed)
    except (OSError, KirokuError):  # a seed that cannot be read is no page to compare with (ingest says why)
        return None
    return None if bodies is None else pages_digest(bodies)


def same_snapshot(project: Project, slug: str, content: Sequence[bytes],
                  seen: Digests | None = None) -> tuple[int | None, int]:
    """The number (from 1) of the source's last snapshot whose page bytes are ``content`` (the pages of one
    check, newest first) (None: none is), and how many snapshots there are. ``seen`` keeps each seed's digest
    between checks."""
    meta = project.sources / f"{slug}.yaml"
    if not meta.exists():
        return None, 0
    snapshots = load_source(meta).snapshots
    seen = {} if seen is None else seen
    digest = pages_digest(content)
    match = None
    for number, snap in enumerate(snapshots, 1):
        if snap.seed not in seen:
            seen[snap.seed] = _page_digest(project, snap.seed)
        if seen[snap.seed] == digest:
            match = number
    return match, len(snapshots)


_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
               (b"%PDF-", "a PDF document"), (b"\x1f\x8b", "gzip data"), (b"PK\x03\x04", "a zip file"),
               (b"\x00\x00\x01\x00", "an icon"), (b"WARC/", "a WARC file"))


def _looks(content: bytes) -> str:
    """What a body looks like, for a message."""
    if not content.strip():
        return "an empty body"
    for magic, name in _SIGNATURES:
        if content.startswith(magic):
            return name
    if content[8:12] == b"WEBP" and content.startswith(b"RIFF"):
        return "a WebP image"
    try:
        found = kind(content)
    except KirokuError:
        found = ""
    if found == JSON:
        return "a JSON document"
    head = content[:40].decode("utf-8", errors="replace")
    return f"a body that starts {fetching.shown(head)!r}"


def html_page(got: fetching.Fetched) -> None:
    """FetchError unless the answer is an HTML page that says it is one (a seed's reader keeps only a
    ``text/html`` or ``application/xhtml+xml`` response), naming what the server sent."""
    said = got.header("Content-Type")
    media = (said or "").split(";")[0].strip().lower()
    try:
        found = kind(got.content)
    except KirokuError:  # a zip or gzip body
        found = ""
    if found == HTML and media in HTML_TYPES:
        return
    sent = f"Content-Type: {fetching.shown(said)}" if said else "no Content-Type"
    if found == HTML:
        raise fetching.FetchError(f"the server sent an HTML page but called it {sent}; Kiroku keeps a page only "
                                  "when it comes as text/html (or application/xhtml+xml)", retry=False)
    raise fetching.FetchError(f"the answer is not an HTML page: the server sent {_looks(got.content)} "
                              f"with {sent}", retry=False)


def fetch_with_retries(url: str, *, now: Clock, sleep: Sleep, log: Log, fetcher: fetching.Fetcher,
                       attempts: int | None = None) -> fetching.Fetched:
    """The HTML page, trying again after 5, 10, 20… seconds on errors that may pass; FetchError after the last try."""
    attempts = attempts or RETRIES
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
        html_page(got)
        return got
    raise AssertionError("unreachable")


def older_pages(first: fetching.Fetched, *, pages: int, now: Clock, sleep: Sleep, log: Log,
                fetcher: fetching.Fetcher, max_bytes: int = fetching.MAX_BYTES) -> list[fetching.Fetched]:
    """The live page and the older pages it leads to, newest first: each page's link to its older page
    (``read.older_page``: on the same site, the same page path with a pagination query, ``rel="next"`` or
    words of older posts) is fetched like the first (retries, deadline, size, redirects), until a page that
    links to none, ``pages`` pages, a page already fetched, or ``max_bytes`` for all of them together. An
    older page that fails, or that redirects to another address, ends the pages there (the snapshot holds
    those before it, and says it does not reach the blog's start)."""
    got = [first]
    fetched = {address_key(first.url)}
    size = len(first.content)
    while len(got) < pages:
        link = read.older_page(got[-1].content, got[-1].url, content_type=got[-1].header("Content-Type"))
        if link is None:
            break
        if address_key(link) in fetched:
            log(f"  {fetching.shown(link)}: fetched already in this check (the pages link back): no more older pages")
            break
        try:
            page = fetch_with_retries(link, now=now, sleep=sleep, log=log, fetcher=fetcher)
        except fetching.FetchError as exc:
            log(f"  older page {fetching.shown(link)}: {exc}; the snapshot holds the {len(got)} page(s) before it")
            break
        if address_key(page.url) != address_key(link):
            log(f"  older page {fetching.shown(link)} redirects to {fetching.shown(page.url)}: not kept; the snapshot "
                f"holds the {len(got)} page(s) before it")
            break
        size += len(page.content)
        if size > max_bytes:
            log(f"  older page {fetching.shown(link)}: the pages together would pass {fetching.megabytes(max_bytes)} "
                f"(--max-mb); the snapshot holds the {len(got)} page(s) before it")
            break
        fetched.add(address_key(link))
        got.append(page)
    return got


def _counts(project: Project, slug: str) -> tuple[int, int, int, int, int]:
    """Entries, new, changed, removed and outside the window: of the entries last seen in the capture before,
    those this one covers and lacks (removed) and those it does not reach (outside its window)."""
    view = load_view(project, load_source(project.sources / f"{slug}.yaml"))
    latest = len(view.source.snapshots) - 1
    new = sum(t.first.snapshot == latest for t in view.tracks)
    changed = 0
    for t in view.tracks:
        changes = t.changes()
        changed += bool(changes) and changes[-1][1].snapshot == latest and t.first.snapshot < latest
    removed = sum(t.removed and t.latest.snapshot == latest - 1 for t in view.tracks)
    outside = sum(t.status == "outside-window" and t.latest.snapshot == latest - 1 for t in view.tracks)
    return len(view.blog.entries), new, changed, removed, outside


def capture_once(project: Project, request: IngestRequest, url: str, *, now: Clock = utc_now,
                 sleep: Sleep | None = None, fetcher: fetching.Fetcher | None = None,
                 log: Log = print, seen: Digests | None = None, pages: int = PAGES,
                 max_bytes: int = fetching.MAX_BYTES) -> Check:
    """Fetch ``url`` and the older pages it links to (at most ``pages`` in all, ``older_pages``); when their
    bytes differ from every snapshot's, ingest them as one WARC seed (a request and a response per page).

    ``seen``: the seeds' page digests, kept by a watch between its checks.
    """
    sleep = sleep or time.sleep
    fetcher = fetcher or fetching.fetch
    got = fetch_with_retries(url, now=now, sleep=sleep, log=log, fetcher=fetcher)
    fetched = older_pages(got, pages=pages, now=now, sleep=sleep, log=log, fetcher=fetcher, max_bytes=max_bytes)
    with project_lock(project.root):
        same, snapshots = same_snapshot(project, request.slug, [p.content for p in fetched], seen)
        if same is not None:
            return Check(got.when, same=same, snapshots=snapshots, pages=len(fetched))
        with tempfile.TemporaryDirectory(prefix="kiroku-capture-") as tmp:
            file = Path(tmp) / "capture.warc"
            file.write_bytes(fetching.to_warc(*fetched))
            asked = dataclasses.replace(request, file=file, url=request.url or url,
                                        captured=request.captured or got.when.date().isoformat())
            try:
                source = ingest(project, asked, log=lambda _: None)
            except KirokuError as exc:
                raise _about_url(exc, file, url) from None
        entries, new, changed, removed, outside = _counts(project, request.slug)
        return Check(got.when, source.latest.seed, new, changed, removed, outside, entries, pages=len(fetched))


def _about_url(exc: KirokuError, file: Path, url: str) -> KirokuError:
    """The error with the URL where it names the temporary WARC (which is gone, and was never the user's)."""
    if not (exc.path or "").startswith(str(file)) and str(file) not in exc.message:
        return exc
    return KirokuError(exc.message.replace(str(file), url), path=url, hint=exc.hint)


def watch(project: Project, request: IngestRequest, url: str, *, every: float, until: dt.datetime | None = None,
          count: int | None = None, max_failures: int = MAX_FAILURES, now: Clock = utc_now, sleep: Sleep | None = None,
          fetcher: fetching.Fetcher | None = None, log: Log = print, pages: int = PAGES,
          max_bytes: int = fetching.MAX_BYTES) -> list[Check]:
    """Check every ``every`` seconds until ``until`` or ``count`` checks; one printed line per check.

    A check that fails (after its retries) or a page that cannot be ingested is reported and the
    watch goes on; after ``max_failures`` failed checks in a row (0: never) it stops with GaveUp.
    KeyboardInterrupt is left to the caller (between checks the project is whole).
    """
    sleep = sleep or time.sleep
    done: list[Check] = []
    seen: Digests = {}
    failures = 0
    start = now()
    while True:
        try:
            check = capture_once(project, request, url, now=now, sleep=sleep, fetcher=fetcher, log=log, seen=seen,
                                 pages=pages, max_bytes=max_bytes)
        except (fetching.FetchError, KirokuError) as exc:
            check = Check(now(), error=" ".join(str(exc).split()))
        except OSError as exc:  # the disk (full, permissions): this check fails; --max-failures ends a lasting one
            where = f"{exc.filename}: " if exc.filename else ""
            check = Check(now(), error=f"{where}{exc.strerror or exc}")
        except Exception as exc:  # a page no rule foresaw fails its check, not the watch
            check = Check(now(), error=f"unexpected {type(exc).__name__}: {' '.join(str(exc).split())} "
                          "(a bug in Kiroku; please report it with the URL)")
        done.append(check)
        log(check.line())
        failures = failures + 1 if check.error else 0
        if max_failures and failures >= max_failures:
            raise GaveUp(done, max_failures)
        if count is not None and len(done) >= count:
            return done
        due = start + dt.timedelta(seconds=every * len(done))
        if until is not None and due > until:
            return done
        sleep(max(0.0, (due - now()).total_seconds()))
