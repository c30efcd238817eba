"""The Japanese grammar read as a heading prefix (prefix-heading, NHK), dates from day prefixes, and times."""

from __future__ import annotations

import datetime as dt

import pytest

from kiroku.read.text.dates import nearest_date
from kiroku.read.text.profiles.prefix_heading import prefix
from kiroku.read.text.stamp import Stamp, entry_time, zone

CASES = [
    # line, (day, hour, minute, precision, qualifier, rest)
    ("13日 19:40 見出しA", (13, 19, 40, "minute", "exact", "見出しA")),
    ("19:20 見出しB", (None, 19, 20, "minute", "exact", "見出しB")),
    ("13:00すぎ 見出しC", (None, 13, 0, "minute", "after", "見出しC")),
    ("13:00過ぎ 見出しC", (None, 13, 0, "minute", "after", "見出しC")),
    ("05:00前 見出しD", (None, 5, 0, "minute", "before", "見出しD")),
    ("06:30ごろ 見出しE", (None, 6, 30, "minute", "about", "見出しE")),
    ("06:30頃 見出しE", (None, 6, 30, "minute", "about", "見出しE")),
    ("12日 見出しF", (12, None, None, "day", "exact", "見出しF")),
    ("9日 8:05 一桁の日と時", (9, 8, 5, "minute", "exact", "一桁の日と時")),
    ("13日19:40 日と時の間に空白なし", (13, 19, 40, "minute", "exact", "日と時の間に空白なし")),
    ("１３日　１９：４０ 全角の数字", (13, 19, 40, "minute", "exact", "全角の数字")),
    ("21時 時だけ", (None, 21, 0, "hour", "exact", "時だけ")),
    ("21時15分 時と分", (None, 21, 15, "minute", "exact", "時と分")),
    ("21時半ごろ 半", (None, 21, 30, "minute", "about", "半")),
    ("19:40\u3000全角空白の後", (None, 19, 40, "minute", "exact", "全角空白の後")),
    ("19:40 見出し 19:50 の語", (None, 19, 40, "minute", "exact", "見出し 19:50 の語")),
    ("午後1時すぎ 午後の見出し", (None, 13, 0, "hour", "after", "午後の見出し")),
    ("午前10時半 午前の見出し", (None, 10, 30, "minute", "exact", "午前の見出し")),
    ("午後7時30分ごろ 夜の見出し", (None, 19, 30, "minute", "about", "夜の見出し")),
    ("午前12時 真夜中", (None, 0, 0, "hour", "exact", "真夜中")),
    ("午後12時 昼", (None, 12, 0, "hour", "exact", "昼")),
    ("正午すぎ 昼の見出し", (None, 12, 0, "minute", "after", "昼の見出し")),
    ("13日 13時40分 時分の形", (13, 13, 40, "minute", "exact", "時分の形")),
    ("１３：４０ 全角のコロン", (None, 13, 40, "minute", "exact", "全角のコロン")),
    ("13:40 🎆 絵文字の見出し", (None, 13, 40, "minute", "exact", "🎆 絵文字の見出し")),
]

NOT_PREFIXES = [
    "見出しだけ",
    "13日午後1時すぎ、列車が到着しました。",  # a sentence that starts with a date
    "19:40",  # a time with no heading
    "13日",
    "19:40の発表によると",  # time glued to text
    "2023年5月の記録",
    "99:99 ありえない時刻",
    "40日 ありえない日",
    "午後13時 ありえない午後",
    "",
]


@pytest.mark.parametrize(("line", "expected"), CASES)
def test_split_time_prefix(line: str, expected: tuple[object, ...]) -> None:
    found = prefix(line)
    assert found is not None
    stamp, rest = found
    assert (stamp.day, stamp.hour, stamp.minute, stamp.precision, stamp.qualifier, rest) == expected


@pytest.mark.parametrize("line", NOT_PREFIXES)
def test_not_a_time_prefix(line: str) -> None:
    assert prefix(line) is None


@pytest.mark.parametrize(
    ("day", "published", "expected"),
    [
        (13, "2023-09-13", "2023-09-13"),
        (12, "2023-09-13", "2023-09-12"),
        (30, "2023-10-01", "2023-09-30"),  # the previous month
        (31, "2024-01-02", "2023-12-31"),  # the previous year
        (29, "2024-03-01", "2024-02-29"),  # leap day
    ],
)
def test_day_prefix_date(day: int, published: str, expected: str) -> None:
    assert nearest_date(dt.date.fromisoformat(published), day=day).isoformat() == expected


def test_day_prefix_takes_the_nearest_month_that_has_the_day() -> None:
    """Decided rule: 31日 on a page published on 1 October is 31 October (no 31 September); 2日 is 2 October."""
    assert nearest_date(dt.date(2023, 10, 1), day=31) == dt.date(2023, 10, 31)
    assert nearest_date(dt.date(2023, 9, 30), day=2) == dt.date(2023, 10, 2)


def test_day_that_does_not_exist() -> None:
    with pytest.raises(ValueError, match="32日 does not exist in 2023-10"):
        nearest_date(dt.date(2023, 10, 1), day=32)
    with pytest.raises(ValueError, match="30日 does not exist in 2月"):
        nearest_date(dt.date(2023, 10, 1), day=30, month=2)


def test_make_time_with_offset() -> None:
    tokyo = zone("Asia/Tokyo")
    assert entry_time(Stamp(hour=19, minute=40), dt.date(2023, 9, 13), tokyo).iso == "2023-09-13T19:40:00+09:00"
    assert entry_time(Stamp(day=12, precision="day"), dt.date(2023, 9, 12), tokyo).iso == "2023-09-12"
    assert entry_time(Stamp(hour=13, precision="hour"), dt.date(2023, 9, 12), tokyo).iso == "2023-09-12T13:00:00+09:00"
    # 24:00 is midnight at the end of the day.
    assert entry_time(Stamp(hour=24, minute=0), dt.date(2023, 9, 13), tokyo).iso == "2023-09-14T00:00:00+09:00"


def test_make_time_follows_daylight_saving() -> None:
    london = zone("Europe/London")
    assert entry_time(Stamp(hour=22, minute=15), dt.date(2026, 7, 7), london).iso.endswith("+01:00")
    assert entry_time(Stamp(hour=22, minute=15), dt.date(2026, 1, 7), london).iso.endswith("+00:00")


def test_unknown_zone() -> None:
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Olympus'"):
        zone("Mars/Olympus")


# --- one grammar: what the timeline stamps know, the prefix knows too (decided rule 4) -----------------

NEW_PREFIXES = [
    ("13:00以降 以降の見出し", (None, 13, 0, "minute", "after", "以降の見出し")),
    ("19:40前後 前後の見出し", (None, 19, 40, "minute", "about", "前後の見出し")),
    ("13日夜 夜の見出し", (13, None, None, "evening", "exact", "夜の見出し")),
    ("14日未明 未明の見出し", (14, None, None, "predawn", "exact", "未明の見出し")),
    ("4日昼過ぎ 昼の見出し", (4, None, None, "midday", "after", "昼の見出し")),
    ("9日 午後7:30 十二時間制とコロン", (9, 19, 30, "minute", "exact", "十二時間制とコロン")),
    ("日本時間9日14時過ぎ 時刻の前の時間帯", (9, 14, 0, "hour", "after", "時刻の前の時間帯")),
]


@pytest.mark.parametrize(("line", "expected"), NEW_PREFIXES)
def test_prefix_knows_every_qualifier_and_part_of_day(line: str, expected: tuple[object, ...]) -> None:
    found = prefix(line)
    assert found is not None
    stamp, rest = found
    assert (stamp.day, stamp.hour, stamp.minute, stamp.precision, stamp.qualifier, rest) == expected


@pytest.mark.parametrize(
    "line",
    [
        "夜 一日を振り返る",  # a part of day alone is a word of the heading, not a time
        "12日前 の記録",  # 「12日前」 is twelve days ago
        "13日 19:40の発表によると",  # the clock is glued to the text after it
        "一時 運転見合わせ",  # 「一時」 is "for a while": kanji numbers are not read in a prefix
        "十三日 見出し",
    ],
)
def test_not_a_prefix_in_the_one_grammar(line: str) -> None:
    assert prefix(line) is None


def test_whole_kanji_hour_is_the_one_grammar_option() -> None:
    """An NHK prefix 「21時」 keeps hour precision; a timeline stamp 「21時」 is the clock time 21:00."""
    from kiroku.read.text.grammar_ja import read_stamp, split_prefix

    hour = prefix("21時 見出し")
    assert hour is not None and hour[0].precision == "hour"
    assert split_prefix("21時 見出し", whole_hour="minute")[0].precision == "minute"  # type: ignore[index]
    stamp = read_stamp("21時")
    assert stamp is not None and (stamp.hour, stamp.minute, stamp.precision) == (21, 0, "minute")
    assert read_stamp("21時", whole_hour="hour").precision == "hour"  # type: ignore[union-attr]
