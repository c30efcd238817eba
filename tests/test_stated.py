"""What a capture says of itself: the defaults `kiroku inspect FILE` and `kiroku ingest` take from its text."""

from __future__ import annotations

import datetime as dt

import pytest

from kiroku.read.stated import stated_date, stated_month_day, stated_timezone


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("題\n\n２０２３年９月１３日　午後\n", (dt.date(2023, 9, 13), 3)),  # full-width, as captures write it
        ("Live\nUpdated 2026-04-25 09:00\n", (dt.date(2026, 4, 25), 2)),
        ("Live\n8:29 a.m. ET, April 25, 2026\n", (dt.date(2026, 4, 25), 2)),
        ("Live\nFriday 3 Jan 2025\n", (dt.date(2025, 1, 3), 2)),
        ("題\n2023年2月30日は無い日付、2023年3月1日\n", (dt.date(2023, 3, 1), 2)),  # an impossible date is passed over
        ("題\n\n13日 19:40 会談\n", None),  # a day alone is no full date
    ],
)
def test_the_first_full_date(text: str, expected: tuple[dt.date, int] | None) -> None:
    assert stated_date(text) == expected


def test_the_first_month_and_day_and_the_zone_note() -> None:
    assert stated_month_day("題\n\n■11月17日■\n2023年9月13日\n") == (11, 17, 3)
    assert stated_month_day("2023年9月13日\n") is None  # that one has a year
    assert stated_timezone("題\n\n※時刻の表記はすべて日本時間です。\n") == "Asia/Tokyo"
    assert stated_timezone("Live\n09:00 GMT\n") is None
