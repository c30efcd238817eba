"""A web capture to a ``ParseReport``: structured entries (JSON-LD, ``<article>`` + ``<time>``) through the
engine's one assembly policy; otherwise the page's text through the capture profiles, then each entry's
``<time datetime>`` as its exact time and every line number mapped back to the page's own lines. Either way
the blog's ``window`` is the page's: the addresses it was read from (a live page and its older pages) and
whether it reaches the blog's start."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from ..errors import KirokuError
from ..model import Entry, EntryTime, Paragraph, ParsedBlog, body_text
from ..urls import is_http_url
from . import text
from .page import Page, WebEntry
from .text.assemble import Draft, assemble, page_zone
from .text.report import Fit, ParseReport, japanese_share
from .text.stamp import Stamp
from .values import moment

STRUCTURED = {"json-ld": "schema.org LiveBlogPosting updates (JSON-LD)",
              "microdata": "schema.org LiveBlogPosting updates (microdata)",
              "time-elements": "posts with a <time> in the markup"}


def parse_page(page: Page, *, seed: str, published: dt.date, timezone: str, fmt: str | None = None,
               strict_order: bool = False) -> ParseReport:
    """Parse a web capture: its structured entries when it has them (or ``fmt`` names them), else its text."""
    tz = page_zone(timezone, seed)
    if fmt in STRUCTURED or (fmt is None and page.structured is not None):
        if page.structured is None or (fmt is not None and page.structured[0] != fmt):
            raise KirokuError(f"format {fmt} does not fit this page: it has no {STRUCTURED[str(fmt)]}", path=seed,
                              hint="leave --format out to detect the format (kiroku inspect FILE shows it)")
        return _structured(page, *page.structured, seed=seed, published=published, tz=tz, strict=strict_order)
    derived = "\n".join(page.lines)
    if not derived.strip():
        raise KirokuError("the page has no text in its main content", path=seed,
                          hint="save the page after it has loaded (its entries may be filled in by scripts)")
    try:
        report = text.parse_capture(derived, seed=seed, published=published, timezone=timezone, fmt=fmt,
                                       strict_order=strict_order)
    except KirokuError as exc:
        line = page.source_lines[exc.line - 1] if exc.line and exc.line <= len(page.source_lines) else None
        why = "" if fmt else "; " + "; ".join(page.reasons) if page.reasons else ""
        raise KirokuError(f"{exc.message} (in the page's main text{why})", path=exc.path, line=line,
                          hint=exc.hint) from None
    report = _remap(_with_times(report, page, tz, seed), page, seed)
    said = "named by --format" if fmt else f"score {report.fit.score:.2f}" if report.fit else "detected"
    reasons = (*page.reasons, f"main text: the text profile {report.format} ({said})")
    blog = dataclasses.replace(report.blog, window=page.window)
    if len(page.window.pages) > 1:
        blog = _once(blog)
    return dataclasses.replace(report, blog=blog, language=page.meta.language or report.language, reasons=reasons)


def _once(blog: ParsedBlog) -> ParsedBlog:
    """The main text of several pages with each entry once: an entry that a later page shows again (the same
    heading, time and text: pinned on every page, or moved down a page between two fetches) at its last place."""
    seen: set[tuple[str, str | None, str]] = set()
    kept: list[Entry] = []
    for entry in reversed(blog.entries):
        key = (entry.heading, entry.time.iso if entry.time else None, body_text(entry))
        if key not in seen:
            seen.add(key)
            kept.append(entry)
    if len(kept) == len(blog.entries):
        return blog
    entries = tuple(dataclasses.replace(e, position=n) for n, e in enumerate(reversed(kept)))
    return dataclasses.replace(blog, entries=entries)


def page_language(page: Page, lines: list[tuple[int, str]]) -> str:
    """The page's language as it says (``lang``, ``inLanguage``), else Japanese or English by its text."""
    if page.meta.language:
        return page.meta.language
    return "ja" if japanese_share(lines) >= 0.5 else "en"


def _local(moment_: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    return moment_ if moment_.tzinfo is not None else moment_.replace(tzinfo=tz)


def _exact(moment_: dt.datetime, seconds: bool = False) -> EntryTime:
    """A machine time, to the second when the page gives seconds (else to the minute)."""
    return EntryTime(moment_.isoformat(timespec="seconds"), "second" if seconds else "minute", "exact")


_CLOCK = re.compile(r"(?<![\d.:])(\d{1,2})[:.](\d{2})(?![\d])\s*([ap])?\.?\s*(?:m\.?)?", re.IGNORECASE)


def shown_clock(shown: str | None) -> tuple[int, int] | None:
    """The clock a ``<time>`` element shows (``14:20``, ``2.20 p.m.``), as (hour, minute) on 24 hours."""
    m = _CLOCK.search(shown or "")
    if m is None:
        return None
    hour, minute = int(m.group(1)), int(m.group(2))
    if m.group(3):
        hour = hour % 12 + (12 if m.group(3).lower() == "p" else 0)
    return (hour, minute) if hour < 24 and minute < 60 else None


def _disagreement(e: WebEntry, when: dt.datetime, seed: str) -> str | None:
    clock = shown_clock(e.shown)
    if clock is None or clock == (when.hour, when.minute):
        return None
    return (f"{seed}:{e.line}: the page's machine time ({when.isoformat(timespec='minutes')}) and its shown clock "
            f"({e.shown!r}) disagree; the machine time was used")


def _structured(page: Page, fmt: str, found: tuple[WebEntry, ...], *, seed: str, published: dt.date,
                tz: dt.tzinfo, strict: bool) -> ParseReport:
    drafts = []
    exact: list[EntryTime | None] = []
    disagree: list[str] = []
    for e in found:
        when = _local(e.time, tz) if e.time is not None else None
        stamp = None if when is None else Stamp(date=when.date(), hour=when.hour, minute=when.minute, zone=when.tzinfo)
        drafts.append(Draft(heading=e.heading, stamp=stamp, first_line=e.line, heading_line=e.line, body=list(e.body),
                            header_end=e.line, stamp_text=e.heading or ""))
        exact.append(_exact(when, e.seconds) if when is not None else None)
        if when is not None and (said := _disagreement(e, when, seed)):
            disagree.append(said)
    language = page_language(page, [(0, e.heading or "") for e in found])
    done = assemble(drafts, seed=seed, published=published, page_zone=tz, language="ja" if language == "ja" else "en",
                    strict_order=strict)
    entries = tuple(dataclasses.replace(entry, time=t or entry.time, url=_url(e.url))
                    for entry, t, e in zip(done.entries, exact, found, strict=True))
    title = page.meta.title or next((e.heading for e in found if e.heading), "") or ""
    warnings = (*page.warnings, *disagree, *done.warnings)
    blog = ParsedBlog(title=title, lead=tuple(Paragraph(t, n) for n, t in page.lead), notes=(), entries=entries,
                      background=(), seed=seed, order=done.order, warnings=warnings,  # type: ignore[arg-type]
                      window=page.window)
    fit = Fit(fmt, 1.0, len(found), 0, f"{len(found)} entries as {STRUCTURED[fmt]}")
    return ParseReport(blog, fmt, language, (), done.named_from_text, fit, page.reasons)


def _url(value: str | None) -> str | None:
    """An update's URL only when it is a plain http(s) URL (the rule ``sources.py`` keeps for a live blog's)."""
    return value if value and is_http_url(value) else None


def _with_times(report: ParseReport, page: Page, tz: dt.tzinfo, seed: str) -> ParseReport:
    """An entry holding a ``<time datetime>`` (date and time) takes it as its exact time; where the clock its
    text shows says another time, a warning says both and that the machine time was used."""
    if not page.times:
        return report
    entries = []
    warnings = list(report.blog.warnings)
    for entry in report.blog.entries:
        first, last = entry.lines
        values = [v for n in sorted(page.times) if first <= n <= last for v in page.times[n]]
        when = next((m for m in map(moment, values) if m is not None), None)
        if when is not None:
            local = _local(when, tz)
            if (said := _text_disagrees(entry.time, local)) is not None:
                warnings.append(f"{seed}:{first}: the page's machine time ({local.isoformat(timespec='minutes')}) "
                                f"and the time its text shows ({said}) disagree; the machine time was used")
            t = _exact(local, bool(local.second))
            entry = dataclasses.replace(entry, time=t, bounds=None, day=t.iso[:10])
        entries.append(entry)
    blog = dataclasses.replace(report.blog, entries=tuple(entries), warnings=tuple(warnings))
    return dataclasses.replace(report, blog=blog)


def _text_disagrees(shown: EntryTime | None, machine: dt.datetime) -> str | None:
    """The clock the entry's text gives, when it names another time than the machine's (on the text's own
    offset: 06:40 PT and 13:40 UTC agree); None when they agree or the text gives no clock."""
    if shown is None or shown.precision not in ("second", "minute", "hour"):
        return None
    said = dt.datetime.fromisoformat(shown.iso)
    there = machine.astimezone(said.tzinfo) if said.tzinfo is not None and machine.tzinfo is not None else machine
    same = (there.hour == said.hour) if shown.precision == "hour" else (there.hour, there.minute) == (said.hour,
                                                                                                         said.minute)
    return None if same else said.strftime("%H:%M")


def _remap(report: ParseReport, page: Page, seed: str) -> ParseReport:
    """Line numbers of the page's text become the page's own source lines."""
    src = page.source_lines

    def at(n: int) -> int:
        return src[n - 1] if 0 < n <= len(src) else n

    def entry(e: Entry) -> Entry:
        body = tuple(dataclasses.replace(b, line=at(b.line)) for b in e.body)
        return dataclasses.replace(e, lines=(at(e.lines[0]), at(e.lines[1])), body=body)

    def para(p: Paragraph) -> Paragraph:
        return dataclasses.replace(p, line=at(p.line))

    where = re.compile(rf"^{re.escape(seed)}:(\d+):")
    blog = report.blog
    blog = dataclasses.replace(
        blog,
        entries=tuple(entry(e) for e in blog.entries),
        lead=tuple(para(p) for p in blog.lead),
        notes=tuple(para(p) for p in blog.notes),
        background=tuple(dataclasses.replace(s, lines=(at(s.lines[0]), at(s.lines[1])),
                                             body=tuple(dataclasses.replace(b, line=at(b.line)) for b in s.body))
                         for s in blog.background),
        warnings=tuple(where.sub(lambda m: f"{seed}:{at(int(m.group(1)))}:", w) for w in blog.warnings),
    )
    skipped = tuple(dataclasses.replace(s, line=at(s.line)) for s in report.skipped)
    return dataclasses.replace(report, blog=blog, skipped=skipped)


__all__ = ["STRUCTURED", "parse_page"]
