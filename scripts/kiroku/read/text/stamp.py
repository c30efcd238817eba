"""``Stamp``: what a time stamp on the page says before its date is settled, and its ``EntryTime``.

Both grammars (``grammar_ja``, ``grammar_en``) produce Stamps; ``dates`` settles their dates and
``entry_time`` turns a stamp on a date into the ISO time the model keeps.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ...model import DATE_ONLY, EntryTime

# Part of day: the precision of an entry whose time is 「10日夜」 or 「14日未明」. The ISO time is the
# date alone, as for day precision (model.DATE_ONLY); the number is the minute of the day used only
# to compare entries when detecting the page's order and the day of an undated entry.
PART_OF_DAY: dict[str, int] = {
    "predawn": 3 * 60,  # 未明, 明け方
    "morning": 8 * 60,  # 早朝, 朝, 午前(中)
    "midday": 12 * 60,  # 昼, 日中
    "afternoon": 15 * 60,  # 午後
    "evening": 19 * 60,  # 夕方, 夜, 晩
    "night": 23 * 60 + 30,  # 深夜, 夜遅く, 夜中
}
assert DATE_ONLY == {"day", *PART_OF_DAY}


@dataclass(frozen=True)
class Stamp:
    """What a time stamp on the page says, before its date is settled."""

    date: dt.date | None = None  # a full date (English dates, 11月17日 with the year guessed)
    day: int | None = None  # a day of the month only (9日)
    hour: int | None = None
    minute: int | None = None
    precision: str = "minute"  # minute, hour, day, or a PART_OF_DAY name
    qualifier: str = "exact"  # exact, about, after, before
    zone: dt.tzinfo | None = None  # the zone the stamp names (ET, 日本時間), else the page's
    label: str | None = None  # the zone as written (EST, BST), to check against the date

    @property
    def clock(self) -> int | None:
        """Minute of the day, for comparing stamps; None for day precision."""
        if self.hour is not None:
            return self.hour * 60 + (self.minute or 0)
        return PART_OF_DAY.get(self.precision)

    @property
    def has_date(self) -> bool:
        return self.date is not None or self.day is not None


def zone(name: str) -> ZoneInfo:
    """A time zone by IANA name; ValueError with the name when unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


def entry_time(stamp: Stamp, date: dt.date, page_zone: dt.tzinfo) -> EntryTime:
    """The EntryTime of a stamp on a date, in the zone it names or the page's. 24:00 is the next midnight."""
    if stamp.hour is None or stamp.precision in DATE_ONLY:
        return EntryTime(date.isoformat(), stamp.precision, stamp.qualifier)  # type: ignore[arg-type]
    tz = stamp.zone or page_zone
    base = dt.datetime(date.year, date.month, date.day, tzinfo=tz)
    moment = (base + dt.timedelta(hours=stamp.hour, minutes=stamp.minute or 0)).astimezone(tz)
    return EntryTime(moment.isoformat(), stamp.precision, stamp.qualifier)  # type: ignore[arg-type]
