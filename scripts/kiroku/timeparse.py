"""Time prefixes of live-blog headings (``13日 19:40``, ``13:00すぎ``, ``12日``) and their dates."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .model import EntryTime, Precision, Qualifier

# Full-width digits and colon become ASCII; the mapping keeps string length,
# so offsets found in the folded text hold for the original.
_FOLD = str.maketrans("０１２３４５６７８９：", "0123456789:")

_QUALIFIERS: dict[str, Qualifier] = {
    "すぎ": "after",
    "過ぎ": "after",
    "前": "before",
    "ごろ": "about",
    "頃": "about",
    "ころ": "about",
}
_QUAL_RE = "|".join(sorted(_QUALIFIERS, key=len, reverse=True))
_SPACE = "[ \u3000\t]"

_WS = " \u3000\t"
_DAY = re.compile(r"(?P<day>\d{1,2})日")
_CLOCK = re.compile(
    rf"""{_SPACE}*(?:
        (?P<h>\d{{1,2}}):(?P<m>\d{{2}})
      | (?P<ampm>午前|午後)?(?P<kh>\d{{1,2}})時(?:(?P<km>\d{{1,2}})分|(?P<half>半))?
      | (?P<noon>正午)
    )(?P<q>{_QUAL_RE})?""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class TimePrefix:
    """What a heading's leading timestamp says, before any date is known."""

    day: int | None
    hour: int | None
    minute: int | None
    precision: Precision
    qualifier: Qualifier
    rest: str  # the heading text after the timestamp


def split_time_prefix(line: str) -> TimePrefix | None:
    """Split a leading ``[D日] [HH:MM[すぎ|前|ごろ]]`` off a heading line.

    The timestamp must be followed by white space and some text; ``13日午後1時すぎ、…``
    (a sentence) is not a prefix. Returns None when the line has no timestamp.
    """
    folded = line.translate(_FOLD)
    pos = len(folded) - len(folded.lstrip(_WS))
    day: int | None = None
    m = _DAY.match(folded, pos)
    if m:
        day, pos = int(m.group("day")), m.end()
    hour = minute = None
    precision: Precision = "day"
    qualifier: Qualifier = "exact"
    c = _CLOCK.match(folded, pos)
    if c:
        if c.group("h") is not None:
            hour, minute, precision = int(c.group("h")), int(c.group("m")), "minute"
        elif c.group("noon"):
            hour, minute, precision = 12, 0, "minute"
        elif c.group("km") is not None:
            hour, minute, precision = int(c.group("kh")), int(c.group("km")), "minute"
        elif c.group("half"):
            hour, minute, precision = int(c.group("kh")), 30, "minute"
        else:
            hour, minute, precision = int(c.group("kh")), 0, "hour"
        if c.group("ampm"):
            if hour > 12:
                return None  # 午後13時 is not a time
            # 午前0時-11時 as written; 午後1時 is 13:00; 午前12時 is midnight, 午後12時 is noon.
            if c.group("ampm") == "午後" and hour != 12:
                hour += 12
            elif c.group("ampm") == "午前" and hour == 12:
                hour = 0
        if c.group("q"):
            qualifier = _QUALIFIERS[c.group("q")]
        pos = c.end()
    elif day is None:
        return None
    # A timestamp glued to text ("13日午後", "19:40の") is part of a sentence.
    if pos >= len(folded) or folded[pos] not in _WS:
        return None
    heading = line[pos:].strip()
    if not heading:
        return None
    if hour is not None and not (hour <= 24 and (minute or 0) <= 59):
        return None
    if day is not None and not 1 <= day <= 31:
        return None
    return TimePrefix(day, hour, minute, precision, qualifier, heading)


def resolve_day(day: int, published: dt.date) -> dt.date:
    """The date of a day prefix, taking month and year from the publication date.

    A day after the publication day lies in the previous month (a live blog
    published on 1 October can start with 30日).
    """
    year, month = published.year, published.month
    if day > published.day:
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"{day}日 does not exist in {year}-{month:02d}") from exc


def zone(name: str) -> ZoneInfo:
    """A time zone by IANA name; ValueError with the name when unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


def make_time(
    date: dt.date,
    hour: int | None,
    minute: int | None,
    precision: Precision,
    qualifier: Qualifier,
    tz: ZoneInfo,
) -> EntryTime:
    """An EntryTime in ISO 8601: a date for day precision, else a datetime with offset."""
    if hour is None or precision == "day":
        return EntryTime(date.isoformat(), "day", qualifier)
    base = dt.datetime(date.year, date.month, date.day, tzinfo=tz)
    # 24:00 is the end of the day: the next day's midnight.
    moment = base + dt.timedelta(hours=hour, minutes=minute or 0)
    moment = moment.astimezone(tz)
    return EntryTime(moment.isoformat(), precision, qualifier)
