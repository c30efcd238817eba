"""Anchors come from entry data through one pure function."""

from __future__ import annotations

import re

from kiroku.anchors import ANCHOR_RE, assign_anchors, entry_anchor
from kiroku.model import Bounds, Entry, EntryTime, Paragraph


def entry(heading: str, iso: str | None, precision: str = "minute", body: str = "本文です。", day: str = "2025-08-31") -> Entry:
    time = EntryTime(iso, precision, "exact") if iso else None  # type: ignore[arg-type]
    return Entry(
        heading=heading,
        time=time,
        bounds=None if time else Bounds(None, None),
        body=(Paragraph(body, 3),),
        seed="s.txt",
        lines=(1, 3),
        position=0,
        day=day,
    )


def test_shape_of_anchors() -> None:
    assert re.fullmatch(r"e-20250831-2140-[0-9a-f]{6}", entry_anchor("src", entry("見出し", "2025-08-31T21:40:00+09:00")))
    assert re.fullmatch(r"e-20250830-[0-9a-f]{6}", entry_anchor("src", entry("見出し", "2025-08-30", "day")))
    assert re.fullmatch(r"e-20250831-x-[0-9a-f]{6}", entry_anchor("src", entry("見出し", None)))


def test_anchor_is_ascii_and_starts_with_a_letter() -> None:
    a = entry_anchor("src", entry("全角ＡＢＣと記号「」", "2025-08-31T21:40:00+09:00"))
    assert ANCHOR_RE.match(a)
    assert a.isascii()


def test_same_data_same_anchor_position_does_not_matter() -> None:
    e1 = entry("見出し", "2025-08-31T21:40:00+09:00")
    e2 = Entry(**{**e1.__dict__, "position": 7, "lines": (90, 95)})
    assert entry_anchor("src", e1) == entry_anchor("src", e2)


def test_heading_and_source_change_the_anchor() -> None:
    base = entry_anchor("src", entry("見出し", "2025-08-31T21:40:00+09:00"))
    assert entry_anchor("src", entry("別の見出し", "2025-08-31T21:40:00+09:00")) != base
    assert entry_anchor("other", entry("見出し", "2025-08-31T21:40:00+09:00")) != base


def test_same_minute_entries_get_different_anchors() -> None:
    entries = [entry("見出しA", "2025-08-31T21:40:00+09:00"), entry("見出しB", "2025-08-31T21:40:00+09:00")]
    anchors = assign_anchors("src", entries)
    assert len(set(anchors)) == 2
    assert all(a.startswith("e-20250831-2140-") for a in anchors)


def test_same_minute_same_heading_split_by_text_then_by_number() -> None:
    twins = [
        entry("見出し", "2025-08-31T21:40:00+09:00", body="一つ目。"),
        entry("見出し", "2025-08-31T21:40:00+09:00", body="二つ目。"),
    ]
    anchors = assign_anchors("src", twins)
    assert len(set(anchors)) == 2
    identical = [entry("見出し", "2025-08-31T21:40:00+09:00")] * 3
    anchors = assign_anchors("src", identical)
    assert anchors[1] == anchors[0] + "-2"
    assert anchors[2] == anchors[0] + "-3"


def test_assign_is_deterministic() -> None:
    entries = [entry(f"見出し{i}", "2025-08-31T21:40:00+09:00") for i in range(20)]
    assert assign_anchors("src", entries) == assign_anchors("src", list(entries))
