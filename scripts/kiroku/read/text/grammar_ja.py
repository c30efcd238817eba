"""The Japanese time grammar: one set of tables, read as a whole-line stamp or as a heading prefix.

* ``read_stamp("9日 18:40")``: the stamp the whole of a string is (``10日夜``, ``9日15時半ごろ 日本時間``,
  ``12日 午後7時30分頃``, ``11月17日``), used by the timeline profiles;
* ``split_prefix("13日 19:40 見出し")``: a stamp at the start of a heading, followed by white space
  and the heading text, used by the NHK 【詳しく】 profile (prefix-heading);
* ``separator("■■11月17日■■")``: the date of a day-separator line.

Every qualifier (すぎ 過ぎ 以降 / 前 / ごろ 頃 ころ 前後), part of day, 午前/午後 form, 正午 and zone word
is known to both readings. The one option, ``whole_hour``, is the precision of a whole kanji hour
(``7時``, ``午後1時``): the timeline profiles read it as a clock time, 07:00 at minute precision;
an NHK heading prefix 「13時」 keeps hour precision. (Each profile's output is pinned by its fixtures
and the golden files.)
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from zoneinfo import ZoneInfo

from .dates import nearest_date
from .stamp import Stamp

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_NUMBER = re.compile(r"[〇零一二三四五六七八九十]+(?=[年月日時分])")


def _kanji_value(s: str) -> str:
    if "十" in s:
        tens, _, ones = s.partition("十")
        if "十" in ones or len(tens) > 1 or len(ones) > 1:
            return s
        return str(_KANJI_DIGITS.get(tens, 1) * 10 + _KANJI_DIGITS.get(ones, 0) if tens or ones else 10)
    return "".join(str(_KANJI_DIGITS[c]) for c in s)


def fold(text: str) -> str:
    """NFKC (full-width digits, colons and brackets become ASCII) and kanji numbers before 年月日時分 as digits."""
    text = unicodedata.normalize("NFKC", text)
    return _KANJI_NUMBER.sub(lambda m: _kanji_value(m.group()), text)


PARTS: dict[str, str] = {
    "未明": "predawn",
    "明け方": "predawn",
    "早朝": "morning",
    "朝": "morning",
    "午前中": "morning",
    "午前": "morning",
    "昼": "midday",
    "日中": "midday",
    "午後": "afternoon",
    "夕方": "evening",
    "夕刻": "evening",
    "夜": "evening",
    "晩": "evening",
    "深夜": "night",
    "夜遅く": "night",
    "夜中": "night",
}
QUALIFIERS: dict[str, str] = {
    "すぎ": "after",
    "過ぎ": "after",
    "以降": "after",
    "前": "before",
    "ごろ": "about",
    "頃": "about",
    "ころ": "about",
    "前後": "about",
}
JST_WORDS = ("日本時間", "JST")
LOCAL_WORDS = ("現地時間",)
TOKYO = "Asia/Tokyo"
_ZONE = "|".join((*JST_WORDS, *LOCAL_WORDS))
_PART = "|".join(sorted(PARTS, key=len, reverse=True))
_QUAL = "|".join(sorted(QUALIFIERS, key=len, reverse=True))
_STAMP = re.compile(
    rf"""^\s*(?:(?P<zone1>{_ZONE})\s*)?
    (?:(?P<year>\d{{4}})年\s*)?
    (?:(?P<month>\d{{1,2}})月\s*)?
    (?:(?P<day>\d{{1,2}})日\s*)?
    (?:\((?P<wday>[月火水木金土日])(?:曜日?)?\)\s*)?
    (?:
        (?P<ampm>午前|午後)\s*(?P<h12>\d{{1,2}})(?:時(?:(?P<m12>\d{{1,2}})分|(?P<half12>半))?|:(?P<mc12>\d{{2}}))
      | (?P<h>\d{{1,2}}):(?P<m>\d{{2}})
      | (?P<kh>\d{{1,2}})時(?:(?P<km>\d{{1,2}})分|(?P<khalf>半))?
      | (?P<noon>正午)
      | (?P<part>{_PART})
    )?
    \s*(?P<q>{_QUAL})?
    \s*(?P<zone2>{_ZONE})?\s*$""",
    re.VERBOSE,
)


def _clock(g: re.Match[str], whole_hour: str) -> tuple[int | None, int | None, str] | None:
    """(hour, minute, precision) of the clock part; None for an impossible time (午後13時, 25:00)."""
    if g["ampm"]:
        hour = int(g["h12"])
        if hour > 12:
            return None  # 午後13時 is not a time
        # 午前0時-11時 as written; 午後1時 is 13:00; 午前12時 is midnight, 午後12時 is noon.
        if g["ampm"] == "午後" and hour != 12:
            hour += 12
        elif g["ampm"] == "午前" and hour == 12:
            hour = 0
        whole = not (g["m12"] or g["mc12"] or g["half12"])
        minute, precision = int(g["m12"] or g["mc12"] or (30 if g["half12"] else 0)), whole_hour if whole else "minute"
    elif g["h"] is not None:
        hour, minute, precision = int(g["h"]), int(g["m"]), "minute"
    elif g["kh"] is not None:
        whole = not (g["km"] or g["khalf"])
        hour, minute = int(g["kh"]), int(g["km"] or (30 if g["khalf"] else 0))
        precision = whole_hour if whole else "minute"
    elif g["noon"]:
        hour, minute, precision = 12, 0, "minute"
    else:
        return None, None, PARTS[g["part"]] if g["part"] else "day"
    if not (hour <= 24 and minute <= 59 and (hour < 24 or not minute)):
        return None
    return hour, minute, precision


def _date(g: re.Match[str], day: int, published: dt.date | None) -> dt.date | None:
    """The full date of a month-day stamp (11月17日); ValueError when there is no such date."""
    month = int(g["month"])
    if not 1 <= month <= 12:
        raise ValueError(f"no month {month}")
    if g["year"]:
        return dt.date(int(g["year"]), month, day)
    if published is not None:
        return nearest_date(published, day=day, month=month)
    return dt.date(2000, month, day)  # a leap year: only the shape is being checked


def read_stamp(text: str, published: dt.date | None = None, *, whole_hour: str = "minute") -> Stamp | None:
    """The stamp the whole of ``text`` is, or None. ``published`` settles a month-day's year."""
    g = _STAMP.match(fold(text))
    if not g or g["year"] and not g["month"]:
        return None
    clock = _clock(g, whole_hour)
    if clock is None:
        return None
    hour, minute, precision = clock
    if g["day"] is None and precision == "day":
        return None  # nothing but a month, a qualifier or a zone
    qualifier = QUALIFIERS[g["q"]] if g["q"] else "exact"
    if precision == "day" and qualifier == "before":
        return None  # 「12日前」 is "twelve days ago"
    day = int(g["day"]) if g["day"] else None
    if day is not None and not 1 <= day <= 31:
        return None
    date = None
    if day is not None and g["month"]:
        try:
            date = _date(g, day, published)
        except ValueError:
            return None
        day = None
    zone_word = g["zone1"] or g["zone2"]
    return Stamp(date=date, day=day, hour=hour, minute=minute, precision=precision, qualifier=qualifier,
                 zone=ZoneInfo(TOKYO) if zone_word in JST_WORDS else None)


_GAP = re.compile(r"[ \u3000\t]+")
_GLUED_CLOCK = re.compile(r"^\d{1,2}(?::\d{2}|時)")
MAX_PREFIX_GAPS = 5  # 「日本時間 9日 午後 7時 ごろ」: a stamp has at most this many gaps in it


def split_prefix(line: str, published: dt.date | None = None, *, whole_hour: str = "hour") -> tuple[Stamp, str] | None:
    """(stamp, heading) for a line that starts with a stamp, white space, then text; else None.

    The longest stamp before a gap is taken: 「13日 19:40 見出し」 is 13日 19:40 and 「見出し」. A stamp
    glued to text (「13日午後1時すぎ、…」, 「19:40の発表」) is part of a sentence, and a prefix needs a day or
    a clock: a part of day alone (「夜 …」) is a word of the heading. Kanji numbers are not read in a
    prefix: 「一時 運転見合わせ」 is "for a while", not 1:00.
    """
    text = line.strip()
    gaps = list(_GAP.finditer(text))[:MAX_PREFIX_GAPS]
    for gap in reversed(gaps):
        head, rest = text[: gap.start()], text[gap.end() :]
        if _KANJI_NUMBER.search(head):
            continue
        stamp = read_stamp(head, published, whole_hour=whole_hour)
        if stamp is None or not rest:
            continue
        if (stamp.hour is None and not stamp.has_date) or _GLUED_CLOCK.match(unicodedata.normalize("NFKC", rest)):
            return None
        return stamp, rest
    return None


_DECOR = "■□◆◇●○◼◻▪▫★☆=＝\\-─━_~〜 \u3000"
_SEPARATOR = re.compile(
    rf"^[{_DECOR}]*[【\[<〈《]?\s*(?P<stamp>(?:\d{{4}}年)?(?:\d{{1,2}}月)?\d{{1,2}}日(?:\s*\([月火水木金土日](?:曜日?)?\))?)"
    rf"\s*[】\]>〉》]?[{_DECOR}]*$"
)


def separator(text: str, published: dt.date) -> dt.date | None:
    """The date of a day-separator line: 「■■11月17日■■」, 「11月17日（月）」, 「◆17日◆」."""
    folded = fold(text)
    m = _SEPARATOR.match(folded)
    if not m:
        return None
    decorated = folded != m.group("stamp")
    if "月" not in m.group("stamp") and not decorated:
        return None  # a bare 「17日」 is too little to go on
    stamp = read_stamp(m.group("stamp"), published)
    if stamp is None or stamp.precision != "day":
        return None
    if stamp.date is not None:
        return stamp.date
    try:
        return nearest_date(published, day=stamp.day) if stamp.day is not None else None
    except ValueError:
        return None
