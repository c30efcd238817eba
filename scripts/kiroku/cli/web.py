"""The ``kiroku capture`` and ``kiroku watch`` commands: their arguments and what they print."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from ..errors import KirokuError
from ..ingest import IngestRequest
from ..ingest.fetch import FetchError
from ..urls import is_http_url
from .project import project_of

MIN_EVERY = 10.0  # seconds: a watch is one reader, not a load test
_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600}


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


def _request(args: argparse.Namespace) -> IngestRequest:
    return IngestRequest(Path("capture.warc"), slug=args.source, published=args.published, timezone=args.timezone,
                         publisher=args.publisher, title=args.title, fmt=args.format)


def cmd_capture(args: argparse.Namespace) -> int:
    from ..ingest.watch import capture_once

    project = project_of(args)
    try:
        check = capture_once(project, _request(args), _check_url(args.url))
    except FetchError as exc:
        raise KirokuError(f"{args.url}: {exc}", hint="check the URL and the network, then run again") from None
    print(check.line())
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    from ..ingest.watch import utc_now, watch

    project = project_of(args)
    every = interval(args.every)
    until = until_time(args.until, utc_now()) if args.until else None
    if args.count is not None and args.count < 1:
        raise KirokuError("--count must be 1 or more")
    url = _check_url(args.url)
    print(f"kiroku: watching {url} every {args.every} for {args.source} (Ctrl-C stops)", flush=True)
    checks = []
    try:
        checks = watch(project, _request(args), url, every=every, until=until, count=args.count,
                       log=lambda line: print(line, flush=True))
    except KeyboardInterrupt:
        print("kiroku: watch stopped (Ctrl-C); every snapshot taken is complete in seeds/ and sources/",
              file=sys.stderr)
        return 130
    made = sum(c.seed is not None for c in checks)
    print(f"kiroku: {len(checks)} check(s), {made} new snapshot(s); run make html to rebuild the archive")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``capture`` and ``watch`` on the ``kiroku`` command line."""
    for name, helptext, func in (
        ("capture", "fetch a live blog's page once, keep it as a WARC seed and ingest it", cmd_capture),
        ("watch", "capture a live blog's page repeatedly, a new snapshot whenever it changed", cmd_watch),
    ):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("url", metavar="URL")
        p.add_argument("--source", required=True, metavar="SLUG", help="the live blog's id, e.g. nhk-20240914-typhoon")
        p.add_argument("--published", metavar="DATE", help="publication date (default: from the page)")
        p.add_argument("--publisher", metavar="NAME", help="publisher (default: from the page)")
        p.add_argument("--timezone", metavar="TZ", help="IANA time zone of the page's times")
        p.add_argument("--title", help="title (default: from the page)")
        p.add_argument("--format", metavar="NAME", help="the page's format (default: detected)")
        if name == "watch":
            p.add_argument("--every", default="5m", metavar="INTERVAL", help="time between checks: 5m, 30s, 1h")
            stop = p.add_mutually_exclusive_group()
            stop.add_argument("--until", metavar="TIME", help="stop after this time (23:30, or 2025-09-13T23:30+09:00)")
            stop.add_argument("--count", type=int, metavar="N", help="stop after N checks")
        p.set_defaults(func=func)
