"""What a capture says about itself: its time zone and the first full date it gives.

The one owner of the rule "the capture says its times are Japan time": a note above the entries that
``text.furniture.note_ja`` reads as Japan time (「※時刻の表記はすべて日本時間です。」), or, for a web page,
structured times all at +09:00 on a page in Japanese. ``kiroku ingest`` takes the time zone from here
when none is given; ``kiroku inspect FILE`` takes the zone and date as its defaults when no metadata
says them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from .page import Page
from .text.furniture import note_ja
from .text.grammar_ja import TOKYO

_NOTE_CHARS = 2000  # the note (「※時刻の表記はすべて日本時間です。」) stands above the entries

_MONTHS = "january february march april may june july august september october november december".split()
_MONTH = r"(?P<mon>" + "|".join(m[:3] + r"(?:" + m[3:] + r")?" for m in _MONTHS) + r")\.?"
_FULL_DATES = (
    re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
    re.compile(r"(?<!\d)(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"),
    re.compile(_MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})(?!\d)", re.IGNORECASE),
    re.compile(r"(?<!\d)(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<y>\d{4})(?!\d)", re.IGNORECASE),
)


def says_japan_time(line: str) -> bool:
    """A note line that says the page's times are Japan time (the rule every reader uses)."""
    return note_ja(line.strip()) == TOKYO


def stated_timezone(text: str) -> str | None:
    """Asia/Tokyo when a note near the top says the capture's times are Japan time, else None."""
    return TOKYO if any(says_japan_time(line) for line in text[:_NOTE_CHARS].splitlines()) else None


def page_zone(page: Page) -> str | None:
    """Asia/Tokyo when every structured time is at +09:00 and the page is in Japanese; else None (ask)."""
    if page.meta.offsets == ("+09:00",) and page.meta.language in (None, "ja"):
        return TOKYO
    return None


def stated_zone(text: str, page: Page | None) -> str | None:
    """The zone a capture says: a web page's by its times, else its note's."""
    return (page_zone(page) if page is not None else None) or stated_timezone(text)


def stated_date(text: str) -> tuple[dt.date, int] | None:
    """The first full date (year, month and day) the capture gives, and its line; None when it gives none."""
    for number, line in enumerate(text.splitlines(), 1):
        folded = unicodedata.normalize("NFKC", line)
        found = [(m.start(), m) for pattern in _FULL_DATES for m in pattern.finditer(folded)]
        for _, m in sorted(found, key=lambda pair: pair[0]):
            month = int(m["m"]) if "m" in m.groupdict() and m["m"] else _month(m["mon"])
            try:
                return dt.date(int(m["y"]), month, int(m["d"])), number
            except ValueError:
                continue
    return None


_MONTH_DAY = re.compile(r"(?<![\d年])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")


def stated_month_day(text: str) -> tuple[int, int, int] | None:
    """The first month and day without a year the capture gives (11月17日): (month, day, line), else None."""
    for number, line in enumerate(text.splitlines(), 1):
        for m in _MONTH_DAY.finditer(unicodedata.normalize("NFKC", line)):
            month, day = int(m["m"]), int(m["d"])
            if 1 <= month <= 12 and 1 <= day <= 31:
                return month, day, number
    return None


def _month(name: str) -> int:
    return next(n for n, full in enumerate(_MONTHS, 1) if full.startswith(name.lower()[:3]))
