"""The English time grammar: stamps, time zone abbreviations and date lines, for the English profiles.

A stamp is a whole line made of a clock time and optionally a zone abbreviation, a date and a
weekday, in any order: ``8:29 a.m. ET, April 25, 2026``, ``5.51pm BST``, ``22:15 – 7 Jul 2026``,
``Sat 25 Apr 2026 09.14 BST``, ``21:06 (IST)``, ``10 p.m.``. The clock may be 24-hour or 12-hour
(``a.m.``, ``am``, ``PM``), with a colon or a dot, and followed by a unit word of other
Latin-script languages (``12.31 Uhr``). ``split_stamp`` reads a stamp that starts a line of text
(``12.31 Uhr: Die Polizei …``, ``10:52 – Police say …``).

A zone abbreviation stands for the zone of its region (ET is America/New_York, PT
America/Los_Angeles), or for the page's own zone when that zone goes by it (IST on a
Europe/Dublin page, ``stamp.stamp_zone``). ET, PT and the US standard names (EST in July) take
the offset the zone keeps on the entry's date; a name of one season keeps the offset it states
(BST in January is +01:00), with a warning (``stamp.as_stated``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from zoneinfo import ZoneInfo

from .dates import nearest_date
from .stamp import Stamp

# Abbreviation -> IANA zone. Ambiguous abbreviations take the reading an English-language live
# blog most likely means (CST: US Central; IST: India), unless the page's own zone goes by them
# (IST on a Europe/Dublin page is Irish time: ``stamp.stamp_zone``).
ZONES: dict[str, str] = {
    **dict.fromkeys(("ET", "EST", "EDT"), "America/New_York"),
    **dict.fromkeys(("CT", "CST", "CDT"), "America/Chicago"),
    **dict.fromkeys(("MT", "MST", "MDT"), "America/Denver"),
    **dict.fromkeys(("PT", "PST", "PDT"), "America/Los_Angeles"),
    **dict.fromkeys(("AKT", "AKST", "AKDT"), "America/Anchorage"),
    "HST": "Pacific/Honolulu",
    **dict.fromkeys(("GMT", "BST", "UK"), "Europe/London"),
    **dict.fromkeys(("WET", "WEST"), "Europe/Lisbon"),
    **dict.fromkeys(("CET", "CEST"), "Europe/Paris"),
    **dict.fromkeys(("MEZ", "MESZ"), "Europe/Berlin"),
    **dict.fromkeys(("EET", "EEST"), "Europe/Athens"),
    "MSK": "Europe/Moscow",
    "IST": "Asia/Kolkata",
    "HKT": "Asia/Hong_Kong",
    "SGT": "Asia/Singapore",
    "JST": "Asia/Tokyo",
    "KST": "Asia/Seoul",
    **dict.fromkeys(("AEST", "AEDT"), "Australia/Sydney"),
    **dict.fromkeys(("ACST", "ACDT"), "Australia/Adelaide"),
    "AWST": "Australia/Perth",
    **dict.fromkeys(("NZST", "NZDT"), "Pacific/Auckland"),
    **dict.fromkeys(("UTC", "Z"), "UTC"),
}


def zone_for(label: str) -> dt.tzinfo | None:
    """The zone an abbreviation (ET, BST) or a fixed offset (UTC+1, GMT-05:30) names."""
    m = re.fullmatch(r"(?:UTC|GMT)([+-])(\d{1,2})(?::?(\d{2}))?", label)
    if m:
        delta = dt.timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0))
        return dt.timezone(-delta if m.group(1) == "-" else delta)
    name = ZONES.get(label)
    return ZoneInfo(name) if name else None


_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MON = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = re.compile(
    rf"\b(?:(?P<mon>{_MON})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{{4}}))?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon2>{_MON})(?:,?\s+(?P<y2>\d{{4}}))?"
    r"|(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2}))(?![\w])",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\b\.?",
    re.IGNORECASE,
)
_AMPM = r"(?P<ap>[ap])\.?\s?m\b\.?"
_CLOCK = re.compile(
    rf"(?<![\d.:])(?P<h>\d{{1,2}})(?:[:.](?P<m>\d{{2}})(?![\d]))(?:\s*{_AMPM})?"
    rf"|(?<![\d.:])(?P<h2>\d{{1,2}})\s*(?P<ap2>[ap])\.?\s?m\b\.?"
    r"|\b(?P<word>noon|midday|midnight)\b",
    re.IGNORECASE,
)
_ZONE_TOKEN = re.compile(r"(?<![\w])(?P<z>(?:UTC|GMT)[+-]\d{1,2}(?::?\d{2})?|[A-Z]{1,5})(?![\w])")
# The clock's unit word in other Latin-script languages (``12.31 Uhr``, ``18.47 uur``, ``ore 9.15``).
_UNIT = re.compile(r"(?<![\w])(?:uhr|uur|h|ore|ora)(?![\w])", re.IGNORECASE)
# Between a stamp and the text on its line: ``12.31 Uhr: text``, ``10:52 – text``, ``9:45 p.m. | text``.
_TEXT_AFTER = re.compile(r"\s*(?::|\s[–—-]|\s\|)\s+(?=\S)")
_FILLER = re.compile(r"^[\s,–—\-|·•/()]*$")
_FILLER_WORDS = re.compile(r"\b(?:at|on)\b", re.IGNORECASE)


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _date_of(m: re.Match[str], published: dt.date | None) -> dt.date | None:
    if m.group("iy"):
        return dt.date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
    mon = (m.group("mon") or m.group("mon2"))[:3].lower()
    day = int(m.group("d") or m.group("d2"))
    year = m.group("y") or m.group("y2")
    month = _MONTHS[mon]
    if year:
        return dt.date(int(year), month, day)
    if published is None:
        return dt.date(2000, month, day)  # a leap year: only the shape is being checked
    return nearest_date(published, day=day, month=month)


def parse_date_line(text: str, published: dt.date | None = None) -> dt.date | None:
    """The date of a line that is only a date (a day separator): ``Friday 24 April``, ``April 24, 2026``."""
    text = unicodedata.normalize("NFKC", text.strip())
    m = _DATE.search(text)
    if not m:
        return None
    rest = _blank(text, m.start(), m.end())
    rest = _WEEKDAY.sub(" ", rest)
    if not _FILLER.match(rest):
        return None
    try:
        return _date_of(m, published)
    except ValueError:
        return None


def parse_stamp(text: str, published: dt.date | None = None) -> Stamp | None:
    """The stamp the whole line is, or None (a sentence with a time in it is not a stamp)."""
    text = unicodedata.normalize("NFKC", text.strip())
    if not text or len(text) > 60:
        return None
    rest = text
    date = None
    dm = _DATE.search(rest)
    if dm:
        try:
            date = _date_of(dm, published)
        except ValueError:
            return None
        rest = _blank(rest, dm.start(), dm.end())
    clocks = list(_CLOCK.finditer(rest))
    if len(clocks) != 1:
        return None
    c = clocks[0]
    rest = _blank(rest, c.start(), c.end())
    if c.group("word"):
        hour, minute = (0, 0) if c.group("word").lower() == "midnight" else (12, 0)
        ampm = None
    else:
        hour = int(c.group("h") or c.group("h2"))
        minute = int(c.group("m") or 0)
        ampm = (c.group("ap") or c.group("ap2") or "").lower() or None
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        return None
    rest = _WEEKDAY.sub(lambda w: " " * len(w.group()), rest)
    rest = _UNIT.sub(lambda w: " " * len(w.group()), rest)
    label = None
    tz = None
    for z in _ZONE_TOKEN.finditer(rest):
        found = zone_for(z.group("z"))
        if found is None:
            return None  # an unknown capitalised word: not a stamp
        if label is not None:
            return None
        label, tz = z.group("z"), found
        rest = _blank(rest, z.start(), z.end())
    rest = _FILLER_WORDS.sub(" ", rest)
    if not _FILLER.match(rest):
        return None
    return Stamp(date=date, hour=hour, minute=minute, precision="minute", zone=tz, label=label)


def split_stamp(text: str, published: dt.date | None = None) -> tuple[Stamp, str] | None:
    """(stamp, text) for a line that starts with a stamp and goes on with text: ``12.31 Uhr: Die Polizei …``.

    The stamp ends at a colon, a dash or a bar followed by a space. A line that is a stamp as a whole
    (``22:15 – 7 Jul 2026``) is not one of these, nor a line that only mentions a time.
    """
    text = text.strip()
    if parse_stamp(text, published) is not None:
        return None
    for m in _TEXT_AFTER.finditer(text):
        stamp = parse_stamp(text[: m.start()], published)
        if stamp is not None:
            return stamp, text[m.end() :]
    return None
