"""``Stamp``: what a time stamp on the page says before its date is settled, and its ``EntryTime``.

Both grammars (``grammar_ja``, ``grammar_en``) produce Stamps; ``dates`` settles their dates and
``entry_time`` turns a stamp on a date into the ISO time the model keeps, in the zone ``stamp_zone``
says the stamp names: a zone abbreviation the page's own zone goes by names that zone (IST on a
Europe/Dublin page is Irish time, on an Asia/Kolkata page India's), and an abbreviation of one
season keeps the offset it states on any date (BST in January is +01:00).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
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


# US standard-time names are written all year for the region's clock ("3 p.m. EST" in July): like ET,
# they follow the zone's clock on the date (with a warning). Every other name of one season (BST,
# CEST, EDT, GMT, IST in Dublin) keeps the offset it states, even on a date of the other season.
LOOSE_LABELS = frozenset({"EST", "CST", "MST", "PST", "AKST"})


def stated_offset(tz: dt.tzinfo, label: str, year: int) -> dt.timedelta | None:
    """The offset a zone keeps while it goes by ``label`` (Europe/London as BST: +01:00), None when it never does."""
    for month in (1, 7):
        moment = dt.datetime(year, month, 1, 12, tzinfo=tz)
        if moment.tzname() == label:
            return moment.utcoffset()
    return None


def stamp_zone(stamp: Stamp, date: dt.date, page_zone: dt.tzinfo) -> dt.tzinfo:
    """The zone of a stamp's clock: the one it names, else the page's.

    An abbreviation the page's own zone goes by names that zone: IST on a Europe/Dublin page is
    Irish time, on an Asia/Kolkata page India's; CST on an Asia/Shanghai page is China's.
    """
    if stamp.zone is None:
        return page_zone
    if stamp.label is not None and stated_offset(page_zone, stamp.label, date.year) is not None:
        return page_zone
    return stamp.zone


def as_stated(moment: dt.datetime, label: str | None) -> dt.datetime:
    """The moment at the offset its abbreviation states, when its zone keeps another then (BST in January: +01:00)."""
    if label is None or label in LOOSE_LABELS or moment.tzinfo is None or moment.tzname() == label:
        return moment
    offset = stated_offset(moment.tzinfo, label, moment.year)
    if offset is None or offset == moment.utcoffset():
        return moment
    return moment.replace(tzinfo=dt.timezone(offset, label))


def entry_time(stamp: Stamp, date: dt.date, page_zone: dt.tzinfo) -> EntryTime:
    """The EntryTime of a stamp on a date, in its zone (``stamp_zone``). 24:00 is the next midnight."""
    if stamp.hour is None or stamp.precision in DATE_ONLY:
        return EntryTime(date.isoformat(), stamp.precision, stamp.qualifier)  # type: ignore[arg-type]
    tz = stamp_zone(stamp, date, page_zone)
    base = dt.datetime(date.year, date.month, date.day, tzinfo=tz)
    moment = as_stated((base + dt.timedelta(hours=stamp.hour, minutes=stamp.minute or 0)).astimezone(tz), stamp.label)
    return EntryTime(moment.isoformat(), stamp.precision, stamp.qualifier)  # type: ignore[arg-type]


def page_clock(stamp: Stamp, page_zone: dt.tzinfo, reference: dt.date) -> tuple[Stamp, int]:
    """A stamp that names another zone as the page's clock reads it, and the days that moves it (-1, 0, +1).

    ``10:40 a.m. PT`` on a New York page reads 13:40, so that the page's order and dates compare like
    with like; ``reference`` is a date for the offsets (the stamp's own, else the publication date).
    A stamp with no zone abbreviation, a day number or no clock is as it is.
    """
    if stamp.label is None or stamp.hour is None or stamp.day is not None or stamp.precision in DATE_ONLY:
        return stamp, 0
    own = dt.datetime.fromisoformat(entry_time(stamp, reference, page_zone).iso)
    local = own.astimezone(page_zone).replace(tzinfo=None)
    written = dt.datetime.combine(reference, dt.time()) + dt.timedelta(hours=stamp.hour, minutes=stamp.minute or 0)
    shift = int((local - written).total_seconds() // 60)
    if shift == 0:
        return stamp, 0
    days, clock = divmod(stamp.hour * 60 + (stamp.minute or 0) + shift, 24 * 60)
    date = stamp.date + dt.timedelta(days=days) if stamp.date is not None else None
    return replace(stamp, date=date, hour=clock // 60, minute=clock % 60), days
