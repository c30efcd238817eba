"""The ``kiroku capture`` and ``kiroku watch`` commands: their arguments and what they print."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import re
import sys
from pathlib import Path

from ..errors import KirokuError
from ..ingest import IngestRequest
from ..ingest.fetch import MAX_MB, TIMEOUT, Fetcher, FetchError, fetch
from ..ingest.watch import MAX_FAILURES, MAX_PAGES, PAGES, Check, GaveUp, capture_once, utc_now, watch
from ..urls import is_http_url
from .project import project_of

MIN_EVERY = 10.0  # seconds: a watch is one reader, not a load test
_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600}
MAX_TIMEOUT = 3600.0  # seconds: --timeout's largest value
MAX_MAX_MB = 4096  # --max-mb's largest value


def interval(text: str) -> float:
    """``5m``, ``30s``, ``1h`` or plain seconds; KirokuError below MIN_EVERY."""
    m = _EVERY.match(text)
    if not m:
        raise KirokuError(f"--every {text!r} is not an interval like 5m, 30s or 1h")
    seconds = float(m.group(1)) * _UNITS[m.group(2)]
    if seconds < MIN_EVERY:
        raise KirokuError(f"--every {text!r} is too short: check at most every {MIN_EVERY:g} s",
                          hint="a live blog changes every few minutes; 1m to 5m is plenty")
    return seconds


def until_time(text: str, now: dt.datetime) -> dt.datetime:
    """``--until``: an ISO date-time (without an offset: this computer's local time) or HH:MM today."""
    try:
        if re.fullmatch(r"\d{1,2}:\d{2}", text.strip()):
            hour, minute = map(int, text.strip().split(":"))
            local = now.astimezone()
            moment = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
            return moment if moment > local else moment + dt.timedelta(days=1)
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise KirokuError(f"--until {text!r} is not a time like 23:30 or 2025-09-13T23:30+09:00") from None
    return moment if moment.tzinfo else moment.astimezone()


def _check_url(url: str) -> str:
    if not is_http_url(url):  # the rule a source's url must meet, since it becomes the source's
        raise KirokuError(f"{url!r} is not an http(s) URL without spaces, quotes or brackets",
                          hint="for example https://example.org/live")
    return url


def seconds(text: str) -> float:
    """``--timeout``: ``60``, ``90s``, ``2m``; more than zero, at most MAX_TIMEOUT."""
    m = _EVERY.match(text)
    value = float(m.group(1)) * _UNITS[m.group(2)] if m else 0.0
    if not 0 < value <= MAX_TIMEOUT:
        raise KirokuError(f"--timeout {text!r} is not a time like 60, 90s or 2m, more than zero and at most "
                          f"{MAX_TIMEOUT // 60:g} minutes")
    return value


def _fetcher(args: argparse.Namespace) -> Fetcher:
    """``fetch`` with ``--timeout`` and ``--max-mb``."""
    if not 0 < args.max_mb <= MAX_MAX_MB:  # also NaN
        raise KirokuError(f"--max-mb {args.max_mb:g} must be more than zero and at most {MAX_MAX_MB}")
    return functools.partial(fetch, timeout=seconds(args.timeout), max_bytes=int(args.max_mb * 1024 * 1024))


def _max_bytes(args: argparse.Namespace) -> int:
    return int(args.max_mb * 1024 * 1024)


def _pages(args: argparse.Namespace) -> int:
    """``--pages``: the live page and its older pages, at most MAX_PAGES in all."""
    if not 1 <= args.pages <= MAX_PAGES:
        raise KirokuError(f"--pages {args.pages} must be 1 (the live page alone) to {MAX_PAGES}")
    return int(args.pages)


def _request(args: argparse.Namespace) -> IngestRequest:
    return IngestRequest(Path("capture.warc"), slug=args.source, published=args.published, timezone=args.timezone,
                         publisher=args.publisher, title=args.title, fmt=args.format)


def cmd_capture(args: argparse.Namespace) -> int:
    project = project_of(args)
    fetcher = _fetcher(args)
    pages = _pages(args)
    try:
        check = capture_once(project, _request(args), _check_url(args.url), fetcher=fetcher, pages=pages,
                             max_bytes=_max_bytes(args))
    except FetchError as exc:
        raise KirokuError(f"{args.url}: {exc}", hint="check the URL and the network, then run again") from None
    print(check.line())
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    project = project_of(args)
    every = interval(args.every)
    until = until_time(args.until, utc_now()) if args.until else None
    if args.count is not None and args.count < 1:
        raise KirokuError("--count must be 1 or more")
    if args.max_failures < 0:
        raise KirokuError("--max-failures must be 0 (never stop) or more")
    fetcher = _fetcher(args)
    pages = _pages(args)
    url = _check_url(args.url)
    print(f"kiroku: watching {url} every {args.every} for {args.source} (Ctrl-C stops)", flush=True)
    checks = []
    try:
        checks = watch(project, _request(args), url, every=every, until=until, count=args.count,
                       max_failures=args.max_failures, fetcher=fetcher, log=lambda line: print(line, flush=True),
                       pages=pages, max_bytes=_max_bytes(args))
    except KeyboardInterrupt:
        print("kiroku: watch stopped (Ctrl-C); every snapshot taken is complete in seeds/ and sources/",
              file=sys.stderr)
        return 130
    except GaveUp as exc:
        _summary(exc.checks)
        raise
    _summary(checks)
    return 0


def _summary(checks: list[Check]) -> None:
    made = sum(c.seed is not None for c in checks)
    print(f"kiroku: {len(checks)} check(s), {made} new snapshot(s); run make html to rebuild the archive", flush=True)


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``capture`` and ``watch`` on the ``kiroku`` command line."""
    for name, helptext, func in (
        ("capture", "fetch a live blog's page (and its older pages) once, keep it as a WARC seed and ingest it",
         cmd_capture),
        ("watch", "capture a live blog's page (and its older pages) repeatedly, a new snapshot whenever they changed",
         cmd_watch),
    ):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("url", metavar="URL")
        p.add_argument("--source", required=True, metavar="SLUG", help="the live blog's id, e.g. nhk-20240914-typhoon")
        p.add_argument("--published", metavar="DATE", help="publication date (default: from the page)")
        p.add_argument("--publisher", metavar="NAME", help="publisher (default: from the page)")
        p.add_argument("--timezone", metavar="TZ", help="IANA time zone of the page's times")
        p.add_argument("--title", help="title (default: from the page)")
        p.add_argument("--format", metavar="NAME", help="the page's format (default: detected)")
        p.add_argument("--timeout", default=f"{TIMEOUT:g}", metavar="SECONDS",
                       help="time for one whole fetch, redirects and every read included: 60, 90s, 2m "
                       f"(default: {TIMEOUT:g})")
        p.add_argument("--max-mb", type=float, default=float(MAX_MB), metavar="MB",
                       help=f"the largest page fetched, and the most the pages of one check take together, in "
                       f"megabytes (default: {MAX_MB})")
        p.add_argument("--pages", type=int, default=PAGES, metavar="N",
                       help="follow the page's links to older pages of the live blog on the same site: at most N "
                       f"pages in all, kept as one snapshot (default: {PAGES}; 1: the page alone; at most {MAX_PAGES})")
        if name == "watch":
            p.add_argument("--every", default="5m", metavar="INTERVAL", help="time between checks: 5m, 30s, 1h")
            stop = p.add_mutually_exclusive_group()
            stop.add_argument("--until", metavar="TIME", help="stop after this time (23:30, or 2025-09-13T23:30+09:00)")
            stop.add_argument("--count", type=int, metavar="N", help="stop after N checks")
            p.add_argument("--max-failures", type=int, default=MAX_FAILURES, metavar="N",
                           help=f"stop (exit 1) after N failed checks in a row; 0: never (default: {MAX_FAILURES})")
        p.set_defaults(func=func)
