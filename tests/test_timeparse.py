"""The time prefix of a heading, and dates from day prefixes."""

from __future__ import annotations

import datetime as dt

import pytest

from kiroku.timeparse import TimePrefix, make_time, resolve_day, split_time_prefix, zone

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
    assert split_time_prefix(line) == TimePrefix(*expected)  # type: ignore[arg-type]


@pytest.mark.parametrize("line", NOT_PREFIXES)
def test_not_a_time_prefix(line: str) -> None:
    assert split_time_prefix(line) is None


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
def test_resolve_day(day: int, published: str, expected: str) -> None:
    assert resolve_day(day, dt.date.fromisoformat(published)).isoformat() == expected


def test_resolve_day_that_does_not_exist() -> None:
    with pytest.raises(ValueError, match="31日 does not exist in 2023-09"):
        resolve_day(31, dt.date(2023, 10, 1))


def test_make_time_with_offset() -> None:
    tokyo = zone("Asia/Tokyo")
    assert make_time(dt.date(2023, 9, 13), 19, 40, "minute", "exact", tokyo).iso == "2023-09-13T19:40:00+09:00"
    assert make_time(dt.date(2023, 9, 12), None, None, "day", "exact", tokyo).iso == "2023-09-12"
    # 24:00 is midnight at the end of the day.
    assert make_time(dt.date(2023, 9, 13), 24, 0, "minute", "exact", tokyo).iso == "2023-09-14T00:00:00+09:00"


def test_make_time_follows_daylight_saving() -> None:
    london = zone("Europe/London")
    assert make_time(dt.date(2026, 7, 7), 22, 15, "minute", "exact", london).iso.endswith("+01:00")
    assert make_time(dt.date(2026, 1, 7), 22, 15, "minute", "exact", london).iso.endswith("+00:00")


def test_unknown_zone() -> None:
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Olympus'"):
        zone("Mars/Olympus")
