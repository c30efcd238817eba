"""Time stamps of the capture formats: Japanese and English stamps, zone abbreviations, order and dates."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from kiroku.model import DATE_ONLY
from kiroku.read import text as capture
from kiroku.read.text import furniture, grammar_en, grammar_ja
from kiroku.read.text.dates import detect_order, nearest_date, settle_dates
from kiroku.read.text.headings import first_sentence, looks_like_heading
from kiroku.read.text.stamp import Stamp, entry_time

PUB = dt.date(2026, 4, 25)
UTC = ZoneInfo("UTC")


# --- Japanese stamps --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day", "hour", "minute", "precision", "qualifier"),
    [
        ("9日 18:40", 9, 18, 40, "minute", "exact"),
        ("9日16:05", 9, 16, 5, "minute", "exact"),  # no space
        ("９日 １８：４０", 9, 18, 40, "minute", "exact"),  # full width
        ("10日 0:30すぎ", 10, 0, 30, "minute", "after"),
        ("12日 午後7時30分頃", 12, 19, 30, "minute", "about"),
        ("12日 午前9時", 12, 9, 0, "minute", "exact"),  # a whole kanji hour is a clock time
        ("12日 午前12時", 12, 0, 0, "minute", "exact"),
        ("9日15時半ごろ 日本時間", 9, 15, 30, "minute", "about"),
        ("日本時間9日14時過ぎ", 9, 14, 0, "minute", "after"),
        ("十二日 午後七時", 12, 19, 0, "minute", "exact"),
        ("正午すぎ", None, 12, 0, "minute", "after"),
        ("10日夜", 10, None, None, "evening", "exact"),
        ("14日未明", 14, None, None, "predawn", "exact"),
        ("5日朝", 5, None, None, "morning", "exact"),
        ("4日昼過ぎ", 4, None, None, "midday", "after"),
        ("4日昼前", 4, None, None, "midday", "before"),
        ("8日夜遅く", 8, None, None, "night", "exact"),
        ("12日", 12, None, None, "day", "exact"),
        ("12日ごろ", 12, None, None, "day", "about"),
    ],
)
def test_japanese_stamp(text: str, day: int | None, hour: int | None, minute: int | None, precision: str,
                        qualifier: str) -> None:
    s = grammar_ja.read_stamp(text, PUB)
    assert s is not None
    assert (s.day, s.hour, s.minute, s.precision, s.qualifier) == (day, hour, minute, precision, qualifier)


@pytest.mark.parametrize(
    "text",
    ["12日前", "午後13時", "25:00", "24:30", "32日", "速報", "時系列でわかる①", "1月10日まで", "首相が会見", "", "月"],
)
def test_japanese_non_stamps(text: str) -> None:
    assert grammar_ja.read_stamp(text, PUB) is None


def test_japanese_stamp_zone_and_month_day() -> None:
    s = grammar_ja.read_stamp("9日7時 日本時間", PUB)
    assert s is not None
    assert s.zone == ZoneInfo("Asia/Tokyo")
    s = grammar_ja.read_stamp("11月17日 21:22", dt.date(2026, 1, 3))
    assert s is not None
    assert s.date == dt.date(2025, 11, 17)
    assert s.day is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("■■11月17日■■", dt.date(2025, 11, 17)),
        ("11月17日（月）", dt.date(2025, 11, 17)),
        ("◆17日◆", dt.date(2026, 4, 17)),
        ("【4月24日】", dt.date(2026, 4, 24)),
        ("17日", None),  # too little to be a separator
        ("■■速報■■", None),
        ("11月17日に会談しました。", None),
    ],
)
def test_japanese_day_separator(text: str, expected: dt.date | None) -> None:
    assert grammar_ja.separator(text, PUB) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("×", "page control"),
        ("有料会員記事", "paywall label"),
        ("カテゴリ:ワールド", "category label"),
        ("カテゴリー：地域", "category label"),
        ("2026年1月11日 9:15", "publication stamp"),
        ("2025年3月9日 11:30更新", "publication stamp"),
        ("更新日時：2025/03/09 11:30", "publication stamp"),
        ("(ハノイ支局・山本健)。", "credit line"),
        ("（社会部・田中記者）", "credit line"),
        ("これまで▶1月8日の動きをみる", "navigation"),
        ("関連記事はこちらから。", "navigation"),
        ("続きを読む", "navigation"),
        ("シェア", "share button"),
        ("首相は会見で「こちらから伺います」と述べました。", None),
        ("市長は、支局の記者に話しました。", None),
        ("2026年に開かれる予定です。", None),
    ],
)
def test_japanese_furniture(text: str, reason: str | None) -> None:
    assert furniture.junk_ja(text, preamble=False) == reason


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("※時刻の表記はすべて日本時間です。", "Asia/Tokyo"),
        ("〔タイムスタンプは日本時間、括弧内は現地時間)", "Asia/Tokyo"),
        ("※時刻は現地時間、括弧内は日本時間です。", ""),
        ("(※情報は随時、更新します)", ""),
        ("首相の動きを時系列でお伝えします。", None),
    ],
)
def test_japanese_note(text: str, zone: str | None) -> None:
    assert furniture.note_ja(text) == zone


# --- English stamps and zones ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date", "hour", "minute", "label"),
    [
        ("8:29 a.m. ET, April 25, 2026", dt.date(2026, 4, 25), 8, 29, "ET"),
        ("April 25, 2026, 8:29 a.m. ET", dt.date(2026, 4, 25), 8, 29, "ET"),
        ("11:59 p.m. ET, Jan. 14, 2026", dt.date(2026, 1, 14), 23, 59, "ET"),
        ("5.51pm BST", None, 17, 51, "BST"),
        ("22:15 – 7 Jul 2026", dt.date(2026, 7, 7), 22, 15, None),
        ("Sat 25 Apr 2026 09.14 BST", dt.date(2026, 4, 25), 9, 14, "BST"),
        ("12:05 p.m. EST", None, 12, 5, "EST"),
        ("12:30 a.m. PT", None, 0, 30, "PT"),
        ("9 AM CET", None, 9, 0, "CET"),
        ("noon ET", None, 12, 0, "ET"),
        ("17:30 GMT", None, 17, 30, "GMT"),
        ("1:15pm UTC+2", None, 13, 15, "UTC+2"),
        ("0:05", None, 0, 5, None),
        ("April 24 at 10:00 JST", dt.date(2026, 4, 24), 10, 0, "JST"),
    ],
)
def test_english_stamp(text: str, date: dt.date | None, hour: int, minute: int, label: str | None) -> None:
    s = grammar_en.parse_stamp(text, PUB)
    assert s is not None
    assert (s.date, s.hour, s.minute, s.label) == (date, hour, minute, label)
    assert s.precision == "minute"
    assert s.qualifier == "exact"


@pytest.mark.parametrize(
    "text",
    [
        "The show starts at 9:30 pm.",
        "21:30 instead of 22:00",
        "3.5 million people",
        "Updated 5.51pm BST",
        "River festival updates (05/07 – 07/07)",
        "13:00 XYZ",  # not a zone we know
        "13:00 14:00",
        "April 24, 2026",  # a date alone is a day separator, not an entry
        "",
    ],
)
def test_english_non_stamps(text: str) -> None:
    assert grammar_en.parse_stamp(text, PUB) is None


def test_english_date_line() -> None:
    assert grammar_en.parse_date_line("Friday 24 April", PUB) == dt.date(2026, 4, 24)
    assert grammar_en.parse_date_line("December 31, 2025", PUB) == dt.date(2025, 12, 31)
    assert grammar_en.parse_date_line("It was April 24.", PUB) is None


def stamp_iso(text: str, published: dt.date, page_zone: str = "UTC") -> str:
    s = grammar_en.parse_stamp(text, published)
    assert s is not None
    return entry_time(s, s.date or published, ZoneInfo(page_zone)).iso


@pytest.mark.parametrize(
    ("text", "published", "iso"),
    [
        ("8:29 a.m. ET, April 25, 2026", PUB, "2026-04-25T08:29:00-04:00"),  # summer
        ("8:29 a.m. ET, January 25, 2026", PUB, "2026-01-25T08:29:00-05:00"),  # winter
        ("8:29 a.m. EST", dt.date(2026, 1, 25), "2026-01-25T08:29:00-05:00"),
        ("8:29 a.m. EDT", dt.date(2026, 7, 1), "2026-07-01T08:29:00-04:00"),
        ("9:00 a.m. PT", dt.date(2026, 7, 1), "2026-07-01T09:00:00-07:00"),
        ("9:00 a.m. PT", dt.date(2026, 12, 1), "2026-12-01T09:00:00-08:00"),
        ("5.51pm BST", dt.date(2026, 4, 26), "2026-04-26T17:51:00+01:00"),
        ("5.51pm GMT", dt.date(2026, 1, 26), "2026-01-26T17:51:00+00:00"),
        ("10.02 CEST", dt.date(2026, 6, 1), "2026-06-01T10:02:00+02:00"),
        ("10.02 CET", dt.date(2026, 2, 1), "2026-02-01T10:02:00+01:00"),
        ("10:00 JST", dt.date(2026, 2, 1), "2026-02-01T10:00:00+09:00"),
        ("10:00 UTC", dt.date(2026, 2, 1), "2026-02-01T10:00:00+00:00"),
        ("1:15pm UTC+2", dt.date(2026, 2, 1), "2026-02-01T13:15:00+02:00"),
        ("22:15", dt.date(2026, 7, 7), "2026-07-07T22:15:00+01:00"),  # no zone: the page's
    ],
)
def test_zone_abbreviation_offset_for_the_date(text: str, published: dt.date, iso: str) -> None:
    assert stamp_iso(text, published, "Europe/London") == iso


def test_et_summer_and_winter_through_a_page() -> None:
    page = "Storm watch\n\n{stamp}\n\nRoads closed\n\nThe county closed two roads.\n"
    # Each page is published on its stamp's date: a page whose only date is 90 days from its publication
    # date is refused (see test_capture_assemble.py).
    for stamp, offset, published in (("8:29 a.m. ET, April 25, 2026", "-04:00", dt.date(2026, 4, 25)),
                                     ("8:29 a.m. ET, January 25, 2026", "-05:00", dt.date(2026, 1, 25))):
        report = capture.parse_capture(
            page.format(stamp=stamp), seed="t.txt", published=published, timezone="Europe/London"
        )
        assert report.format == "en-time-heading"
        entry = report.blog.entries[0]
        assert entry.time is not None
        assert entry.time.iso.endswith(offset)
        assert report.blog.warnings == ()


def test_a_wrong_abbreviation_for_the_season_is_reported() -> None:
    page = "Heatwave\n\n3:00 p.m. EST, July 4, 2026\n\nCooling centres open\n\nThe city opened ten centres.\n"
    report = capture.parse_capture(page, seed="t.txt", published=dt.date(2026, 7, 4), timezone="America/New_York")
    entry = report.blog.entries[0]
    assert entry.time is not None
    assert entry.time.iso == "2026-07-04T15:00:00-04:00"
    assert len(report.blog.warnings) == 1
    assert "EST" in report.blog.warnings[0]
    assert "EDT" in report.blog.warnings[0]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Live Updates", "section label"),
        ("Share", "share button"),
        ("Advertisement", "advertisement"),
        ("Pinned post", "pinned label"),
        ("Updated at 12.45am GMT", "update stamp"),
        ("Photograph: Regatta office", "credit line"),
        ("Key events", "navigation"),
        ("Published April 25, 2026", "publication stamp"),
        ("The share price fell.", None),
        ("Live music will continue until ten.", None),
    ],
)
def test_english_furniture(text: str, reason: str | None) -> None:
    assert furniture.junk_en(text, preamble=False) == reason


def test_english_byline_only_before_the_entries() -> None:
    assert furniture.junk_en("By a staff reporter", preamble=True) == "byline"
    assert furniture.junk_en("By noon the roads were clear.", preamble=True) is None
    assert furniture.junk_en("By a staff reporter", preamble=False) is None


# --- order and dates ---------------------------------------------------------------------------------


def clock(h: int, m: int = 0, **kw: object) -> Stamp:
    return Stamp(hour=h, minute=m, **kw)  # type: ignore[arg-type]


def test_order_newest_first_from_clock_times() -> None:
    stamps = [clock(21, 22), clock(20, 46), clock(19, 5)]
    assert detect_order(stamps, [None] * 3)[0] == "newest-first"


def test_order_oldest_first_with_a_stray_entry() -> None:
    days = [dt.date(2026, 1, 9)] * 3 + [dt.date(2026, 1, 10)] * 2
    stamps = [clock(16, 5), clock(18, 40), clock(18, 20), clock(0, 30), Stamp(precision="evening")]
    assert detect_order(stamps, days) == ("oldest-first", 3, 1)


def test_order_pinned_entry_is_outvoted() -> None:
    stamps = [clock(9), clock(18), clock(17), clock(16), clock(15)]
    assert detect_order(stamps, [None] * 5)[0] == "newest-first"


def test_order_over_midnight_counts_as_going_back() -> None:
    assert detect_order([clock(0, 40), clock(23, 58), clock(21, 5)], [None] * 3) == ("newest-first", 0, 2)


def test_order_tie_or_single_entry_is_newest_first() -> None:
    assert detect_order([clock(10)], [None])[0] == "newest-first"
    assert detect_order([], [])[0] == "newest-first"
    assert detect_order([None, None], [None, None])[0] == "newest-first"


def test_dates_carry_down_and_step_back_over_midnight() -> None:
    day = dt.date(2026, 2, 7)
    stamps: list[Stamp | None] = [clock(0, 40), clock(23, 58), None, clock(21, 5)]
    dates = settle_dates(stamps, [None] * 4, "newest-first", day)
    assert dates == [day, day - dt.timedelta(days=1), None, day - dt.timedelta(days=1)]


def test_dates_oldest_first_without_dates_end_on_the_publication_date() -> None:
    day = dt.date(2026, 2, 7)
    dates = settle_dates([clock(22), clock(23, 30), clock(0, 15)], [None] * 3, "oldest-first", day)
    assert dates == [day - dt.timedelta(days=1), day - dt.timedelta(days=1), day]


def test_dates_oldest_first_count_back_from_the_first_date() -> None:
    nine = dt.date(2026, 1, 9)
    stamps = [clock(23, 50), clock(0, 30), clock(1, 0)]
    dates = settle_dates(stamps, [None, dt.date(2026, 1, 10), None], "oldest-first", dt.date(2026, 1, 11))
    assert dates == [nine, nine + dt.timedelta(days=1), nine + dt.timedelta(days=1)]


@pytest.mark.parametrize(
    ("published", "day", "month", "expected"),
    [
        (dt.date(2025, 10, 1), 30, None, dt.date(2025, 9, 30)),
        (dt.date(2025, 10, 1), 2, None, dt.date(2025, 10, 2)),  # a day after publication
        (dt.date(2025, 10, 15), 9, None, dt.date(2025, 10, 9)),
        (dt.date(2026, 1, 3), 17, 11, dt.date(2025, 11, 17)),
        (dt.date(2025, 12, 30), 2, 1, dt.date(2026, 1, 2)),
        (dt.date(2025, 3, 1), 31, None, dt.date(2025, 3, 31)),  # not February 31
    ],
)
def test_nearest_date(published: dt.date, day: int, month: int | None, expected: dt.date) -> None:
    assert nearest_date(published, day=day, month=month) == expected


def test_part_of_day_time_is_a_date() -> None:
    t = entry_time(Stamp(day=10, precision="evening"), dt.date(2026, 1, 10), UTC)
    assert (t.iso, t.precision, t.qualifier) == ("2026-01-10", "evening", "exact")
    t = entry_time(clock(24), dt.date(2026, 1, 10), ZoneInfo("Asia/Tokyo"))
    assert t.iso == "2026-01-11T00:00:00+09:00"  # 24:00 is the next midnight


# --- headings ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("両国の外相が会見した。条約について述べた。", "ja", "両国の外相が会見した"),
        ("署名式が終わった", "ja", "署名式が終わった"),
        ("あ" * 80 + "。", "ja", "あ" * 59 + "…"),
        ("That's all from us today. Thank you.", "en", "That's all from us today"),
        ("Dr. Lane cut the ribbon at 9 a.m. on Monday. Crowds cheered.", "en",
         "Dr. Lane cut the ribbon at 9 a.m. on Monday"),
        ("Is the bridge safe? Engineers say yes.", "en", "Is the bridge safe?"),
        ("The U.S. team arrived late. More soon.", "en", "The U.S. team arrived late"),
    ],
)
def test_first_sentence(text: str, language: str, expected: str) -> None:
    assert first_sentence(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("外相会談が終わる", "ja", True),
        ("官房長官「被害の全容把握に全力」", "ja", True),
        ("外相会談はおよそ1時間で終わりました。", "ja", False),
        ("▼延岡市", "ja", False),
        ("First cars cross the reopened bridge", "en", True),
        ("What happens to the trophy?", "en", True),
        ("The organisers cancelled the night parade after gusts reached 60 km/h.", "en", False),
        ("crews are still working", "en", False),
        ("He said: \"We are ready.\"", "en", False),
    ],
)
def test_looks_like_heading(text: str, language: str, expected: bool) -> None:
    assert looks_like_heading(text, language) is expected


def test_date_only_precisions() -> None:
    assert DATE_ONLY == {"day", "predawn", "morning", "midday", "afternoon", "evening", "night"}
    assert set(capture.PART_OF_DAY) == DATE_ONLY - {"day"}
    assert set(grammar_ja.PARTS.values()) == set(capture.PART_OF_DAY)
