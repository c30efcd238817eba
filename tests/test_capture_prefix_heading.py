"""The prefix-heading profile (NHK 【詳しく】 pages), on our own fixture text and on small variations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiroku.errors import KirokuError
from kiroku.model import ListBlock, ParsedBlog
from kiroku.read.text import parse_capture
from kiroku.read.text.profiles.prefix_heading import classify_heading
from kiroku.read.text.stamp import Stamp

FIXTURE = Path(__file__).parent / "fixtures" / "festival.txt"


def parse(text: str, published: str = "2025-09-01", timezone: str = "Asia/Tokyo", strict_order: bool = False) -> ParsedBlog:
    return parse_capture(text, seed="test.txt", published=dt.date.fromisoformat(published), timezone=timezone,
                         fmt="prefix-heading", strict_order=strict_order).blog


@pytest.fixture(scope="module")
def festival() -> ParsedBlog:
    return parse(FIXTURE.read_text(encoding="utf-8"))


# --- heading classifier -------------------------------------------------------------

BODY = ["本文の段落です。"]


@pytest.mark.parametrize(
    ("line", "next_block", "expected"),
    [
        ("市長「安全を最優先した」", BODY, True),
        ("観客の声", BODY, True),
        ("会場・メニューは", BODY, True),  # ends with は, still a heading
        ("みなと市の花火大会とは", BODY, True),
        ("中止となったのは", ["▼スターマイン"], False),  # introduces the list below it
        ("本文の段落です。", BODY, False),  # a sentence
        ("呼びかけています、", BODY, False),
        ("次の通りです：", BODY, False),
        ("▼スターマイン", BODY, False),
        ("※時刻の表記はすべて日本時間です。", BODY, False),
        ("目次", BODY, False),
        ("長" * 61, BODY, False),  # too long for a heading
        ("13日午後1時すぎ、列車が到着しました。", BODY, False),
        ("12日 列車が到着しました。", BODY, False),  # a timed sentence is body
    ],
)
def test_classify_heading(line: str, next_block: list[str], expected: bool) -> None:
    assert classify_heading(line, next_block) is expected


def test_classify_timed_heading() -> None:
    result = classify_heading("31日 21:40 後半のプログラム中止", BODY)
    assert isinstance(result, tuple)
    stamp, rest = result
    assert isinstance(stamp, Stamp)
    assert (stamp.day, stamp.hour, stamp.minute, rest) == (31, 21, 40, "後半のプログラム中止")


# --- whole capture ------------------------------------------------------------------


def test_title_lead_notes(festival: ParsedBlog) -> None:
    assert festival.title == "【詳しく】みなと市 花火大会 強風で一部中止"
    assert [p.line for p in festival.lead] == [3, 5]
    assert [p.text for p in festival.notes] == ["※時刻の表記はすべて日本時間です。"]
    assert festival.timezone == "Asia/Tokyo"
    assert all("目次" not in e.heading for e in festival.entries)


EXPECTED = [
    # heading, datetime, precision, qualifier, (after, before) for untimed
    ("市長「安全を最優先した」", None, None, None, ("2025-09-01T00:30:00+09:00", None)),
    ("臨時列車の運行終了", "2025-09-01T00:30:00+09:00", "minute", "after", None),
    ("会場の混雑ほぼ解消", "2025-08-31T23:50:00+09:00", "minute", "exact", None),  # 31日 is last month
    ("後半のプログラム中止", "2025-08-31T21:40:00+09:00", "minute", "exact", None),
    ("観客に帰宅を呼びかけ", "2025-08-31T21:40:00+09:00", "minute", "exact", None),  # same minute
    ("気象台「突風に注意」", None, None, None, ("2025-08-31T20:00:00+09:00", "2025-08-31T21:40:00+09:00")),
    ("観客の声", None, None, None, ("2025-08-31T20:00:00+09:00", "2025-08-31T21:40:00+09:00")),
    ("打ち上げ開始", "2025-08-31T20:00:00+09:00", "minute", "about", None),
    ("前日の準備の様子", "2025-08-30", "day", "exact", None),
]


def test_entries_and_times(festival: ParsedBlog) -> None:
    got = []
    for e in festival.entries:
        bounds = None
        if e.bounds is not None:
            bounds = (
                e.bounds.after.iso if e.bounds.after else None,
                e.bounds.before.iso if e.bounds.before else None,
            )
        t = e.time
        got.append((e.heading, t and t.iso, t and t.precision, t and t.qualifier, bounds))
    assert got == EXPECTED
    assert festival.warnings == ()


def test_untimed_entries_are_filed_under_their_bounds_day(festival: ParsedBlog) -> None:
    days = {e.heading: e.day for e in festival.entries}
    assert days["市長「安全を最優先した」"] == "2025-09-01"
    assert days["観客の声"] == "2025-08-31"
    assert days["前日の準備の様子"] == "2025-08-30"


def test_list_and_its_introducer(festival: ParsedBlog) -> None:
    entry = festival.entries[3]
    kinds = [type(b).__name__ for b in entry.body]
    assert kinds == ["Paragraph", "Paragraph", "ListBlock", "Paragraph"]
    lst = entry.body[2]
    assert isinstance(lst, ListBlock)
    assert lst.items == ("スターマイン", "水上花火", "フィナーレ")
    assert entry.body[1].text == "中止となったのは"  # type: ignore[union-attr]


def test_line_ranges(festival: ParsedBlog) -> None:
    assert festival.entries[0].lines == (11, 13)
    assert festival.entries[3].lines == (23, 31)
    assert festival.entries[-1].lines == (49, 51)
    assert all(e.seed == "test.txt" for e in festival.entries)


def test_background_is_not_an_entry(festival: ParsedBlog) -> None:
    assert [s.heading for s in festival.background] == ["みなと市の花火大会とは"]
    assert festival.background[0].lines == (53, 55)
    assert "とは" not in festival.entries[-1].heading


def test_inline_list_items_split() -> None:
    text = "題\n\n10:00 見出し\n\n参加者は\n▼甲さん、▼乙さん、▼丙さん\nです。\n"
    blog = parse(text)
    lst = blog.entries[0].body[1]
    assert isinstance(lst, ListBlock)
    assert lst.items == ("甲さん、", "乙さん、", "丙さん")


def test_no_toc_marker_lead_ends_at_first_heading() -> None:
    text = "題名\n\n前文の段落です。\n\n10:00 最初の見出し\n\n本文です。\n"
    blog = parse(text)
    assert [p.text for p in blog.lead] == ["前文の段落です。"]
    assert [e.heading for e in blog.entries] == ["最初の見出し"]


def test_time_only_entries_before_any_day_prefix_use_publication_day() -> None:
    blog = parse("題\n\n目次\n\n10:00 見出し\n\n本文です。\n", published="2025-03-04")
    assert blog.entries[0].time is not None
    assert blog.entries[0].time.iso == "2025-03-04T10:00:00+09:00"


GOING_UP = "題\n\n目次\n\n1日 00:30 上\n\n本文です。\n\n23:50 下\n\n本文です。\n"


def test_time_going_up_without_day_prefix_rolls_over_midnight() -> None:
    """Decided rule: the midnight roll-over holds for NHK too; 23:50 below 1日 00:30 is the day before (was an error)."""
    for strict in (False, True):
        blog = parse(GOING_UP, strict_order=strict)
        assert [e.time.iso for e in blog.entries if e.time] == ["2025-09-01T00:30:00+09:00", "2025-08-31T23:50:00+09:00"]
        assert blog.order == "newest-first"
        assert blog.warnings == ()


OUT_OF_ORDER = "題\n\n目次\n\n1日 10:00 上\n\n本文です。\n\n09:00 中\n\n本文です。\n\n11:00 下\n\n本文。\n\n08:00 底\n\n本文。\n"


def test_time_going_up_is_a_warning_by_default() -> None:
    blog = parse(OUT_OF_ORDER)
    assert blog.order == "newest-first"
    assert [e.heading for e in blog.entries] == ["上", "中", "下", "底"]  # kept where it stands
    assert len(blog.warnings) == 1
    assert blog.warnings[0].startswith("test.txt:13: 2025-09-01T11:00:00+09:00 is out of order on this newest-first page")


def test_time_going_up_is_an_error_when_order_is_strict() -> None:
    with pytest.raises(KirokuError, match="is out of order on this newest-first page") as err:
        parse(OUT_OF_ORDER, strict_order=True)
    assert err.value.line == 13
    assert "strict_order: true" in str(err.value)


DAY_UP = "題\n\n目次\n\n1日 10:00 上\n\n本文です。\n\n31日 09:00 中\n\n本文です。\n\n1日 08:00 下\n\n本文。\n"


def test_day_going_up_is_a_warning_or_with_strict_order_an_error() -> None:
    blog = parse(DAY_UP, published="2025-09-01")
    assert len(blog.warnings) == 1
    assert blog.warnings[0].startswith("test.txt:13: 2025-09-01T08:00:00+09:00 is out of order")
    with pytest.raises(KirokuError, match="out of order") as err:
        parse(DAY_UP, published="2025-09-01", strict_order=True)
    assert err.value.line == 13


def test_publication_date_contradicting_day_prefixes_is_an_error() -> None:
    """Decided rule: an error when no dated entry lies within 14 days of the publication date.

    20日 on a page published on 13 September is 20 September, 7 days on: fine now (was an error: 20 August).
    29日 is 29 August, 15 days before, and no other date is nearer.
    """
    assert parse("題\n\n目次\n\n20日 10:00 見出し\n\n本文です。\n", published="2025-09-13").entries[0].day == "2025-09-20"
    with pytest.raises(KirokuError, match="contradicts the dates on the page") as err:
        parse("題\n\n目次\n\n29日 10:00 見出し\n\n本文です。\n\n28日 見出し2\n\n本文です。\n", published="2025-09-13")
    assert err.value.line == 5
    assert "published:" in str(err.value)
    # one date near the publication date is enough
    blog = parse("題\n\n目次\n\n13日 10:00 見出し\n\n本文です。\n\n29日 見出し2\n\n本文です。\n", published="2025-09-13")
    assert [e.day for e in blog.entries] == ["2025-09-13", "2025-08-29"]


def test_crlf_bom_and_trailing_spaces() -> None:
    text = "\ufeff題\r\n\r\n目次\r\n\r\n10:00 見出し  \r\n\r\n本文です。\r\n"
    blog = parse(text)
    assert blog.title == "題"
    assert blog.entries[0].heading == "見出し"
    assert blog.entries[0].lines == (5, 7)


def test_empty_capture_is_an_error() -> None:
    with pytest.raises(KirokuError, match="empty") as err:
        parse("\n \n")
    assert err.value.path == "test.txt"


def test_capture_without_entries_is_an_error() -> None:
    with pytest.raises(KirokuError, match="no entries found"):
        parse("題\n\n前文だけの段落です。\n")


def test_japan_time_note_contradicting_metadata_is_an_error() -> None:
    with pytest.raises(KirokuError, match="Japan time") as err:
        parse(FIXTURE.read_text(encoding="utf-8"), timezone="Europe/Moscow")
    assert err.value.line == 7


def test_unknown_time_zone_is_an_error() -> None:
    with pytest.raises(KirokuError, match="unknown time zone"):
        parse("題\n\n10:00 見出し\n\n本文です。\n", timezone="Asia/Nowhere")


def test_day_prefix_far_from_the_publication_date_names_the_line() -> None:
    """31日 on a page published on 1 October: no 31 September, so the nearest is 31 October, 30 days on.

    (Was "31日 does not exist in 2025-09": a day number now takes the nearest month that has it.)
    """
    with pytest.raises(KirokuError, match="none lies within 14 days") as err:
        parse("題\n\n目次\n\n31日 10:00 見出し\n\n本文です。\n", published="2025-10-01")
    assert err.value.line == 5
    assert "published:" in str(err.value)
