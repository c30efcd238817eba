"""How an entry's time and zone are worded, in Japanese and English. Pure; no other module words a time.

Pages mark each time up (the kiroku-time role gives it a ``<time datetime>``); the wording is the
same with or without the markup, so the functions that word a time a page shows take ``mark``:
``mark(time, text)`` returns what stands for the time in the sentence (``plain``: the text itself).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from .model import DATE_ONLY, Entry, EntryTime

Mark = Callable[[EntryTime, str], str]

QUALIFIER_JA = {"exact": "", "after": "すぎ", "before": "前", "about": "ごろ"}
QUALIFIER_EN = {"exact": "", "after": "after ", "before": "before ", "about": "about "}
PART_OF_DAY_JA = {"predawn": "未明", "morning": "朝", "midday": "昼", "afternoon": "午後", "evening": "夕方から夜",
                  "night": "深夜"}
UNTIMED_JA = "時刻の記載なし"
UNTIMED_SHORT_JA = "時刻なし"


def plain(t: EntryTime, text: str) -> str:
    """The ``mark`` of plain text: the wording alone."""
    return text


# --- zones ------------------------------------------------------------------------------------


def zone_ja(tz: str) -> str:
    """``日本時間`` for Asia/Tokyo, else the IANA name."""
    return "日本時間" if tz == "Asia/Tokyo" else tz


def zone_en(tz: str) -> str:
    """``JST`` for Asia/Tokyo, else the IANA name."""
    return "JST" if tz == "Asia/Tokyo" else tz


# --- one time -----------------------------------------------------------------------------------


def day_label(day: str) -> str:
    """``2023-09-13`` -> ``2023年9月13日``."""
    d = dt.date.fromisoformat(day)
    return f"{d.year}年{d.month}月{d.day}日"


def time_label(t: EntryTime, *, with_date: bool = True) -> str:
    """How a reader sees a time: ``2023年9月13日 13:00すぎ``, ``9月12日``, ``2026年1月10日 夕方から夜``."""
    if t.precision == "day":
        return day_label(t.iso) + QUALIFIER_JA[t.qualifier]
    if t.precision in DATE_ONLY:
        part = PART_OF_DAY_JA.get(t.precision, t.precision) + QUALIFIER_JA[t.qualifier]
        return f"{day_label(t.iso)} {part}" if with_date else part
    moment = dt.datetime.fromisoformat(t.iso)
    clock = f"{moment.hour}時" if t.precision == "hour" else f"{moment:%H:%M:%S}" if t.precision == "second" \
        else f"{moment:%H:%M}"
    text = clock + QUALIFIER_JA[t.qualifier]
    return f"{day_label(moment.date().isoformat())} {text}" if with_date else text


def time_en(t: EntryTime) -> str:
    """``about 2023-09-13 19:40``, ``2023-09-12``, ``2026-01-10 (evening)``."""
    if t.precision in DATE_ONLY:
        moment = t.iso if t.precision == "day" else f"{t.iso} ({t.precision})"
    else:
        shape = "%Y-%m-%d %H:%M:%S" if t.precision == "second" else "%Y-%m-%d %H:%M"
        moment = dt.datetime.fromisoformat(t.iso).strftime(shape)
    return f"{QUALIFIER_EN[t.qualifier]}{moment}"


# --- an entry's time, on its pages --------------------------------------------------------------


def when_ja(entry: Entry, *, with_date: bool = True, mark: Mark = plain) -> str:
    """The entry's time, or for an untimed entry the bounds its neighbours give."""

    def one(t: EntryTime) -> str:
        return mark(t, time_label(t, with_date=with_date))

    if entry.time is not None:
        return one(entry.time)
    b = entry.bounds
    after = b.after if b else None
    before = b.before if b else None
    if after and before:
        return f"{UNTIMED_JA}（{one(after)}から{one(before)}の間）"
    if after:
        return f"{UNTIMED_JA}（{one(after)}より後）"
    if before:
        return f"{UNTIMED_JA}（{one(before)}より前）"
    return UNTIMED_JA


def short_when(entry: Entry, *, mark: Mark = plain) -> str:
    """The time for lists and timelines (no date); an untimed entry's bounds are on its own page."""
    if entry.time is not None:
        return mark(entry.time, time_label(entry.time, with_date=False))
    return UNTIMED_SHORT_JA


def mention_when(entry: Entry) -> str:
    """The time of an entry in a glossary's list of mentions; untimed entries say so with their day."""
    return time_label(entry.time) if entry.time is not None else f"{entry.day} {UNTIMED_SHORT_JA}"


# --- an entry's time, in words for citations and the command line ---------------------------------


def when_en(entry: Entry) -> str:
    """Plain English wording of the time, for readers and for the page's summary (``kiroku inspect SLUG``)."""
    if entry.time is not None:
        return f"{QUALIFIER_EN[entry.time.qualifier]}{entry.time.iso}"
    parts = _bounds_en(entry, lambda t: t.iso)
    return "no time given" + (f" ({' and '.join(parts)})" if parts else "")


def plain_when_ja(entry: Entry, tz: str) -> str:
    """A citation's time: ``2023年9月13日 19:40、日本時間``."""
    zone = zone_ja(tz)
    if entry.time is not None:
        return f"{time_label(entry.time)}、{zone}"
    b = entry.bounds
    after, before = (b.after, b.before) if b else (None, None)
    span = "から".join(time_label(t) for t in (after, before) if t)
    return f"{UNTIMED_JA}、{span}{'の間' if after and before else ''}、{zone}" if span else UNTIMED_JA


def plain_when_en(entry: Entry, tz: str) -> str:
    """A citation's time in English: ``2023-09-13 19:40 JST``."""
    zone = zone_en(tz)
    if entry.time is not None:
        return f"{time_en(entry.time)} {zone}"
    parts = _bounds_en(entry, time_en)
    return "time not given" + (f" ({' and '.join(parts)} {zone})" if parts else "")


def _bounds_en(entry: Entry, word: Callable[[EntryTime], str]) -> list[str]:
    """``after …``, ``before …``: an untimed entry's bounds, each time worded by ``word``."""
    b = entry.bounds
    return [f"{rel} {word(t)}" for rel, t in (("after", b.after if b else None), ("before", b.before if b else None))
            if t is not None]


def inspect_when(entry: Entry) -> str:
    """``kiroku inspect FILE``'s wording: ``2023-09-13T19:40:00+09:00 [minute] (about)``."""
    if entry.time is not None:
        t = entry.time
        extra = "" if t.qualifier == "exact" else f" ({t.qualifier})"
        return f"{t.iso} [{t.precision}]{extra}"
    b = entry.bounds
    after = b.after.iso if b and b.after else "?"
    before = b.before.iso if b and b.before else "?"
    return f"no time (between {after} and {before})"
