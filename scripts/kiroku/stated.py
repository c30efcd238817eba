"""What a capture says about itself: the time zone its note names and the first full date it gives.

``kiroku ingest`` takes the time zone from here when none is given; ``kiroku inspect FILE`` takes both
as its defaults when no metadata says them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

TOKYO = "Asia/Tokyo"
_NOTE_CHARS = 2000  # the note (「※時刻の表記はすべて日本時間です。」) stands above the entries

_MONTHS = "january february march april may june july august september october november december".split()
_MONTH = r"(?P<mon>" + "|".join(m[:3] + r"(?:" + m[3:] + r")?" for m in _MONTHS) + r")\.?"
_FULL_DATES = (
    re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
    re.compile(r"(?<!\d)(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"),
    re.compile(_MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})(?!\d)", re.IGNORECASE),
    re.compile(r"(?<!\d)(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<y>\d{4})(?!\d)", re.IGNORECASE),
)


def stated_timezone(text: str) -> str | None:
    """Asia/Tokyo when the capture says its times are Japan time (日本時間) near the top, else None."""
    return TOKYO if "日本時間" in text[:_NOTE_CHARS] else None


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
