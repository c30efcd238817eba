"""Entries matched across snapshots: anchors never move, whatever the live blog did in between."""

from __future__ import annotations

import datetime as dt

import pytest

from kiroku import ids
from kiroku.history import Track, track_entries
from kiroku.model import ParsedBlog
from kiroku.read.text import parse_capture
from tests.conftest import FIXTURES


def parse(name: str) -> ParsedBlog:
    return parse_capture((FIXTURES / name).read_text(encoding="utf-8"), seed=name, published=dt.date(2025, 9, 1),
                     timezone="Asia/Tokyo", fmt="prefix-heading").blog


@pytest.fixture(scope="module")
def tracks() -> tuple[list[Track], list[Track]]:
    first = track_entries("test-festival", [parse("festival.txt")])
    both = track_entries("test-festival", [parse("festival.txt"), parse("festival_later.txt")])
    return first, both


def by_heading(tracks: list[Track]) -> dict[str, Track]:
    return {t.first.entry.heading: t for t in tracks}


def test_one_snapshot_anchors_are_the_plain_entry_anchors(tracks: tuple[list[Track], list[Track]]) -> None:
    first, _ = tracks
    blog = parse("festival.txt")
    assert tuple(t.anchor for t in first) == ids.mint_entries("test-festival", blog.entries)
    assert all(not t.removed and t.changes() == [] for t in first)


def test_every_earlier_anchor_names_the_same_entry(tracks: tuple[list[Track], list[Track]]) -> None:
    first, both = tracks
    later = {t.anchor: t for t in both}
    for t in first:
        assert later[t.anchor].first.entry == t.first.entry


def test_unchanged_and_reordered_twins_keep_their_anchors(tracks: tuple[list[Track], list[Track]]) -> None:
    first, both = tracks
    a, b = by_heading(first), by_heading(both)
    for heading in ("後半のプログラム中止", "観客に帰宅を呼びかけ", "打ち上げ開始", "市長「安全を最優先した」"):
        assert a[heading].anchor == b[heading].anchor
        assert b[heading].changes() == []
    # The twins swapped places on the page, and the page order follows the latest capture.
    order = [t.first.entry.heading for t in both]
    assert order.index("観客に帰宅を呼びかけ") < order.index("後半のプログラム中止")


def test_corrected_heading_keeps_anchor_and_shows_change(tracks: tuple[list[Track], list[Track]]) -> None:
    first, both = tracks
    t = by_heading(both)["臨時列車の運行終了"]
    assert t.anchor == by_heading(first)["臨時列車の運行終了"].anchor
    assert t.latest.entry.heading == "臨時列車の運行すべて終了"
    (old, new), = t.changes()
    assert (old.entry.heading, new.entry.heading) == ("臨時列車の運行終了", "臨時列車の運行すべて終了")


def test_edited_paragraph_keeps_its_paragraph_anchor(tracks: tuple[list[Track], list[Track]]) -> None:
    first, both = tracks
    t = by_heading(both)["会場の混雑ほぼ解消"]
    assert t.anchor == by_heading(first)["会場の混雑ほぼ解消"].anchor
    assert t.first.paragraph_anchors == t.latest.paragraph_anchors == (ids.mint("paragraph", t.anchor, "1"),)
    assert "午前0時まで" in t.latest.entry.body[0].text  # type: ignore[union-attr]
    assert len(t.changes()) == 1


def test_new_entry_gets_a_new_anchor(tracks: tuple[list[Track], list[Track]]) -> None:
    first, both = tracks
    new = by_heading(both)["振り替え開催を発表"]
    assert new.first.snapshot == 1
    assert new.anchor.startswith("e-20250901-0110-")
    assert new.anchor not in {t.anchor for t in first}


def test_dropped_entry_is_kept_as_removed_with_its_last_text(tracks: tuple[list[Track], list[Track]]) -> None:
    _, both = tracks
    gone = by_heading(both)["観客の声"]
    assert gone.removed
    assert gone.latest.snapshot == 0
    assert "残念です" in gone.latest.entry.body[0].text  # type: ignore[union-attr]
    assert sum(t.removed for t in both) == 1
    # It stays where it stood: right after the entry that was above it.
    order = [t.first.entry.heading for t in both]
    assert order.index("観客の声") == order.index("気象台「突風に注意」") + 1


def test_same_snapshots_same_tracks() -> None:
    snaps = [parse("festival.txt"), parse("festival_later.txt")]
    assert track_entries("s", snaps) == track_entries("s", list(snaps))


def test_entry_that_returns_gets_its_old_anchor() -> None:
    a, b = parse("festival.txt"), parse("festival_later.txt")
    tracks = track_entries("s", [a, b, a])
    voices = [t for t in tracks if t.first.entry.heading == "観客の声"]
    assert len(voices) == 1 and not voices[0].removed
    assert len(tracks) == len(a.entries) + 1  # only the entry added in b is extra


def test_paragraph_removed_then_anchor_retired_not_reused() -> None:
    text = (FIXTURES / "festival.txt").read_text(encoding="utf-8")
    later = text.replace("中止となったのは\n▼スターマイン\n▼水上花火\n▼フィナーレ\nの3つです。\n", "")
    a = parse_capture(text, seed="a", published=dt.date(2025, 9, 1), timezone="Asia/Tokyo", fmt="prefix-heading").blog
    b = parse_capture(later, seed="b", published=dt.date(2025, 9, 1), timezone="Asia/Tokyo", fmt="prefix-heading").blog
    (t,) = [t for t in track_entries("s", [a, b]) if t.first.entry.heading == "後半のプログラム中止"]
    assert t.first.paragraph_anchors == tuple(ids.mint("paragraph", t.anchor, str(n)) for n in (1, 2, 3, 4))
    assert t.latest.paragraph_anchors == (ids.mint("paragraph", t.anchor, "1"),)
    assert [a for a, _ in t.retired_paragraphs] == [ids.mint("paragraph", t.anchor, str(n)) for n in (2, 3, 4)]
