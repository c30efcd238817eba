"""Japanese time stamps and page furniture, shared by the Japanese profiles.

A stamp is the whole of a string such as ``9日 18:40``, ``9日15時半ごろ 日本時間``,
``12日 午後7時30分頃``, ``10日夜`` or ``11月17日``. In these timeline stamps a whole kanji hour
(``7時``, ``午前9時``) is a clock time, 07:00 and 09:00, so its precision is the minute (unlike a
「13時」 heading prefix on an NHK 【詳しく】 page, which kiroku.nhk reads as hour precision).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from zoneinfo import ZoneInfo

from .base import LineProfile, Stamp, nearest_date

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
_TOKYO = "Asia/Tokyo"


def parse_stamp(text: str, published: dt.date | None = None) -> Stamp | None:
    """The stamp the whole of ``text`` is, or None. ``published`` settles a month-day's year."""
    m = _STAMP.match(fold(text))
    if not m or m.group("year") and not m.group("month"):
        return None
    g = m.group
    hour = minute = None
    precision = "day"
    if g("ampm"):
        hour = int(g("h12"))
        minute = int(g("m12") or g("mc12") or (30 if g("half12") else 0))
        if hour > 12:
            return None  # 午後13時 is not a time
        if g("ampm") == "午後" and hour != 12:
            hour += 12
        elif g("ampm") == "午前" and hour == 12:
            hour = 0
        precision = "minute"
    elif g("h") is not None:
        hour, minute, precision = int(g("h")), int(g("m")), "minute"
    elif g("kh") is not None:
        hour, minute, precision = int(g("kh")), int(g("km") or (30 if g("khalf") else 0)), "minute"
    elif g("noon"):
        hour, minute, precision = 12, 0, "minute"
    elif g("part"):
        precision = PARTS[g("part")]
    if g("day") is None and precision == "day":
        return None  # nothing but a month, a qualifier or a zone
    if hour is not None and not (hour <= 24 and (minute or 0) <= 59 and (hour < 24 or not minute)):
        return None
    qualifier = QUALIFIERS[g("q")] if g("q") else "exact"
    if precision == "day" and qualifier == "before":
        return None  # 「12日前」 is "twelve days ago"
    day = int(g("day")) if g("day") else None
    if day is not None and not 1 <= day <= 31:
        return None
    date = None
    if day is not None and g("month"):
        month = int(g("month"))
        if not 1 <= month <= 12:
            return None
        try:
            if g("year"):
                date = dt.date(int(g("year")), month, day)
            elif published is not None:
                date = nearest_date(published, day=day, month=month)
            else:
                date = dt.date(2000, month, day)  # a leap year: only the shape is being checked
        except ValueError:
            return None
        day = None
    zone_word = g("zone1") or g("zone2")
    return Stamp(
        date=date,
        day=day,
        hour=hour,
        minute=minute,
        precision=precision,
        qualifier=qualifier,
        zone=ZoneInfo(_TOKYO) if zone_word in JST_WORDS else None,
    )


def has_clock(stamp: Stamp) -> bool:
    return stamp.hour is not None or stamp.precision not in ("day", "minute", "hour")


# --- page furniture ---------------------------------------------------------------------------

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
    stamp = parse_stamp(m.group("stamp"), published)
    if stamp is None or stamp.precision != "day":
        return None
    if stamp.date is not None:
        return stamp.date
    try:
        return nearest_date(published, day=stamp.day) if stamp.day is not None else None
    except ValueError:
        return None


_PUBLICATION = re.compile(
    r"^(?:(?:更新|配信|公開|掲載|最終更新)(?:日時?)?\s*[:：]?\s*)?"
    r"(?:\d{4}年\d{1,2}月\d{1,2}日|\d{4}[/.-]\d{1,2}[/.-]\d{1,2})\s*(?:\([月火水木金土日](?:曜日?)?\))?\s*"
    r"(?:午前|午後)?\s*(?:\d{1,2}:\d{2}(?::\d{2})?|\d{1,2}時(?:\d{1,2}分)?)?\s*(?:更新|配信|公開|掲載|現在)?$"
)
_NAVIGATION = re.compile(
    r"▶|►|→$|こちら(?:から|を|へ)?[。.]?$|^関連(?:記事|ニュース|リンク)|動きを(?:み|見)る|"
    r"^(?:続きを読む|もっと(?:見る|読む)|一覧(?:へ|を見る)?|前の記事|次の記事|トップ(?:へ|に戻る)|ページの先頭へ)$"
)
_SHARE = re.compile(r"^(?:シェア|ツイート|ポスト|ブックマーク|LINE|Facebook|X|はてブ|印刷|コメント)(?:する)?$")
_CONTROL = re.compile(r"^[×✕✖︎✗＋+\-−]$|^(?:閉じる|メニュー|検索|ログイン)$")
_PAYWALL = re.compile(r"^(?:有料|会員限定|有料会員|会員)(?:会員)?記事$|^この記事は有料")
_CATEGORY = re.compile(r"^(?:カテゴリー?|ジャンル|タグ)\s*[:：]")
_CREDIT = re.compile(
    r"^[(（〔][^()（）〔〕]{1,40}(?:支局|総局|記者|報道部|局|撮影|取材|通信員|特派員|写真)[^()（）〔〕]{0,20}[)）〕][。.]?$"
)


def junk(text: str, *, preamble: bool) -> str | None:
    """Why a line of a Japanese page is furniture, not text."""
    folded = fold(text)
    if _CONTROL.match(folded):
        return "page control"
    if _PAYWALL.search(folded):
        return "paywall label"
    if _CATEGORY.match(folded):
        return "category label"
    if _SHARE.match(folded):
        return "share button"
    if _PUBLICATION.match(folded):
        return "publication stamp"
    if _CREDIT.match(folded):
        return "credit line"
    if _NAVIGATION.search(folded):
        return "navigation"
    return None


_NOTE_START = ("※", "＊", "*")
_NOTE_ABOUT_TIME = re.compile(
    r"(?:時刻|時間|タイムスタンプ|表記).*(?:日本時間|現地時間)|(?:日本時間|現地時間).*(?:表記|です|で表示)"
)


def note(text: str) -> str | None:
    """A note before the entries: 「※時刻の表記はすべて日本時間です。」, 「(※情報は随時、更新します)」.

    Returns "Asia/Tokyo" for a note that says the times are Japan time, "" for another note, None otherwise.
    """
    folded = fold(text)
    inner = folded.lstrip("(〔[【 ")
    if not (inner.startswith(_NOTE_START) or _NOTE_ABOUT_TIME.search(folded)):
        return None
    about_zone = _NOTE_ABOUT_TIME.search(folded)
    if about_zone and "日本時間" in about_zone.group():
        head = about_zone.group().split("日本時間")[0]
        if "現地時間" not in head:  # 「現地時間、括弧内は日本時間」 puts Japan time second
            return _TOKYO
    return ""


class JapanesePage(LineProfile):
    """Furniture rules of Japanese pages, for the Japanese line profiles."""

    language = "ja"

    def junk(self, text: str, *, preamble: bool) -> str | None:
        return junk(text, preamble=preamble)

    def separator(self, text: str, published: dt.date) -> dt.date | None:
        return separator(text, published)

    def note(self, text: str) -> str | None:
        return note(text)
