"""The linear matcher makes the exhaustive matcher's decisions, and stays about linear on big live blogs."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kiroku.history import Tracker, track_entries
from kiroku.model import Entry, EntryTime, ListBlock, Paragraph, ParsedBlog, Window
from tests.history_exhaustive import track_entries_exhaustive

# Few letters and few times: headings and texts are often equal or similar, times often shared; digits make
# numbers that differ; times within an hour and beyond it, and a date alone.
LETTERS = "アイウエオかきく 。12"
TIMES = [None, "2025-09-01T10:00:00+09:00", "2025-09-01T10:05:00+09:00", "2025-09-01T11:00:00+09:00",
         "2025-09-01T13:30:00+09:00", "2025-09-01"]

text = st.text(alphabet=LETTERS, max_size=9)


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    when = draw(st.sampled_from(TIMES))
    blocks = draw(st.lists(st.one_of(text.map(lambda s: Paragraph(s, 1)),
                                     st.lists(text, min_size=1, max_size=2).map(lambda xs: ListBlock(tuple(xs), 1))),
                           max_size=3))
    return _entry(draw(text), when, tuple(blocks))


def _entry(heading: str, when: str | None, body: tuple[Paragraph | ListBlock, ...]) -> Entry:
    t = EntryTime(when, "minute" if "T" in when else "day", "exact") if when else None
    return Entry(heading=heading, time=t, bounds=None, body=body, seed="s", lines=(1, 1), position=0, day="2025-09-01")


def _edit(draw: st.DrawFn, e: Entry) -> Entry:
    """A small change to one field: what a correction does."""
    what = draw(st.sampled_from(["heading", "time", "body", "paragraph", "same", "moved"]))
    if what == "heading":
        return _entry(e.heading + draw(text.filter(bool)), e.time.iso if e.time else None, e.body)
    if what == "time":
        return _entry(e.heading, draw(st.sampled_from(TIMES)), e.body)
    if what == "body":
        return _entry(e.heading, e.time.iso if e.time else None, (*e.body, Paragraph(draw(text), 1)))
    if what == "paragraph" and e.body:
        return _entry(e.heading, e.time.iso if e.time else None, e.body[1:])
    if what == "moved":  # a corrected time, and a few letters more in the text
        return _entry(e.heading, draw(st.sampled_from(TIMES)), (*e.body, Paragraph(draw(text.filter(bool)), 1)))
    return e


History = tuple[list[list[Entry]], list[bool]]  # the pages, and whether each reaches the blog's start


@st.composite
def histories(draw: st.DrawFn) -> History:
    page = draw(st.lists(entries(), max_size=7))
    pages = [page]
    for _ in range(draw(st.integers(1, 4))):
        page = list(page)
        for _ in range(draw(st.integers(0, 5))):
            op = draw(st.sampled_from(["new", "remove", "edit", "swap", "twin", "back"]))
            if op == "new" or not page:
                page.insert(draw(st.integers(0, len(page))), draw(entries()))
            elif op == "remove":
                page.pop(draw(st.integers(0, len(page) - 1)))
            elif op == "edit":
                n = draw(st.integers(0, len(page) - 1))
                page[n] = _edit(draw, page[n])
            elif op == "swap" and len(page) > 1:
                n = draw(st.integers(0, len(page) - 2))
                page[n], page[n + 1] = page[n + 1], page[n]
            elif op == "twin":
                n = draw(st.integers(0, len(page) - 1))
                page.insert(n, page[n])
            elif op == "back":  # an entry of an earlier snapshot comes back
                earlier = [e for p in pages for e in p]
                if earlier:
                    page.insert(0, draw(st.sampled_from(earlier)))
        pages.append(page)
    return pages, draw(st.lists(st.booleans(), min_size=len(pages), max_size=len(pages)))


def blogs(pages: list[list[Entry]], starts: list[bool] | None = None) -> list[ParsedBlog]:
    """One snapshot per page; ``starts``: whether each reaches the blog's start (default: every one does)."""
    out = []
    for k, page in enumerate(pages):
        seed = f"{k:03d}_s.txt"
        es = tuple(Entry(e.heading, e.time, e.bounds, e.body, seed, e.lines, n, e.day) for n, e in enumerate(page))
        window = Window(reaches_start=starts[k] if starts is not None else True)
        out.append(ParsedBlog(title="t", lead=(), notes=(), entries=es, background=(), seed=seed, window=window))
    return out


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_fast_and_exhaustive_matchers_agree(history: History) -> None:
    snaps = blogs(*history)
    assert track_entries("s", snaps) == track_entries_exhaustive("s", snaps)


@settings(max_examples=200, deadline=None)
@given(histories(), st.data())
def test_resumed_tracker_matches_one_pass(history: History, data: st.DataObject) -> None:
    """Matching stopped after any snapshot and resumed (as the build's cache does) gives the same tracks."""
    snaps = blogs(*history)
    cut = data.draw(st.integers(0, len(snaps)))
    tracker = Tracker("s")
    for blog in snaps[:cut]:
        tracker.add(blog)
    if cut:
        tracker.tracks()  # reading the tracks does not disturb the tracker
    for blog in snaps[cut:]:
        tracker.add(blog)
    assert tracker.tracks() == track_entries_exhaustive("s", snaps)


def _big(n: int, rng: random.Random) -> list[ParsedBlog]:
    """A live blog of n entries, then the same page with every entry's text corrected, then one more entry."""
    words = ["会談", "視察", "発表", "声明", "到着", "式典", "調査", "交渉", "支援", "協議"]
    first = []
    for i in range(n):
        when = None if rng.random() < 0.15 else f"2025-09-01T{i % 24:02d}:{i % 60:02d}:00+09:00"
        body = (Paragraph("".join(rng.choice(words) for _ in range(12)) + f"（{i}）", 1),)
        first.append(_entry(f"{rng.choice(words)}{rng.choice(words)}（{i}）", when, body))
    revised = [_entry(e.heading, e.time.iso if e.time else None,
                      (Paragraph(e.body[0].text + "。", 1),)) for e in first]  # type: ignore[union-attr]
    return blogs([first, revised, [_entry("新しい項目", None, ()), *revised]])


def test_matching_work_grows_about_linearly(monkeypatch: pytest.MonkeyPatch) -> None:
    """A guard against the quadratic matcher coming back, counted in comparisons, not seconds (`make bench` times it).

    Every entry's text corrected in one snapshot: the exhaustive matcher scores n x n pairs.
    """
    import kiroku.history as history

    counts = {"exact": 0, "bound": 0}
    ratio, length_bound = history._ratio, history._length_bound

    def counted(name: str, fn: Callable[[str, str], float]) -> Callable[[str, str], float]:
        def wrapper(a: str, b: str) -> float:
            counts[name] += 1
            return fn(a, b)
        return wrapper

    monkeypatch.setattr(history, "_ratio", counted("exact", ratio))
    monkeypatch.setattr(history, "_length_bound", counted("bound", length_bound))
    work = []
    for n in (500, 2000):
        counts.update(exact=0, bound=0)
        tracks = track_entries("s", _big(n, random.Random(7)))
        assert len(tracks) == n + 1
        assert all(len(t.versions) == 3 for t in tracks[1:])
        work.append(counts["exact"] + counts["bound"])
    assert work[1] <= 4.5 * work[0], f"4x the entries took {work[1] / work[0]:.1f}x the comparisons"


def _corrected_page(n: int, rng: random.Random) -> list[ParsedBlog]:
    """A live blog of n entries a few minutes apart (3% with no time), then every heading and text corrected."""
    words = ["会談", "視察", "発表", "声明", "到着", "式典", "調査", "交渉", "支援", "協議"]
    first, minute = [], 0
    for i in range(n):
        minute += rng.randrange(1, 9)
        day, clock = 1 + minute // 1440, f"{minute // 60 % 24:02d}:{minute % 60:02d}"
        when = None if rng.random() < 0.03 else f"2025-09-{day:02d}T{clock}:00+09:00"
        body = (Paragraph("".join(rng.choice(words) for _ in range(12)), 1),)
        first.append(_entry(f"{rng.choice(words)}{rng.choice(words)}（{i + 1}）", when, body))
    revised = [_entry(e.heading + "（訂正）", e.time.iso if e.time else None,
                      (Paragraph(e.body[0].text + "。", 1),)) for e in first]  # type: ignore[union-attr]
    return blogs([first, revised])


def test_correcting_every_heading_and_text_grows_linearly(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 25: a snapshot correcting every entry's heading and text matched in linear work: twice the entries,
    at most 2.4 times the comparisons (similarities, length and character bounds); every entry kept its anchor."""
    import kiroku.history as history

    work = {"n": 0}

    def counted(fn: Callable[..., float]) -> Callable[..., float]:
        def wrapper(*args: object) -> float:
            work["n"] += 1
            return fn(*args)
        return wrapper

    monkeypatch.setattr(history, "_ratio", counted(history._ratio))
    monkeypatch.setattr(history, "_length_bound", counted(history._length_bound))
    monkeypatch.setattr(history._Chars, "bound", counted(history._Chars.bound))
    done = []
    for n in (400, 800):
        work["n"] = 0
        tracks = track_entries("s", _corrected_page(n, random.Random(25)))
        assert len(tracks) == n
        assert all(len(t.changes()) == 1 for t in tracks)
        done.append(work["n"])
    assert done[1] <= 2.4 * done[0], f"2x the entries took {done[1] / done[0]:.1f}x the comparisons"


def _lock_view(tracks: list, last: int) -> list[tuple[object, ...]]:  # type: ignore[type-arg]
    """What the anchor lock and ingest's counts read of each track (the version before, of those in the last)."""
    return [(t.anchor, t.first.seed, t.first.entry.heading, t.first.snapshot, t.latest, t.status,
             sorted({a for v in t.versions for a in v.paragraph_anchors}),
             t.versions[-2].fingerprint if len(t.versions) > 1 and t.latest.snapshot == last else None)
            for t in tracks]


@settings(max_examples=300, deadline=None)
@given(histories(), st.data())
def test_a_summary_matches_and_anchors_as_the_whole_tracker(history: History, data: st.DataObject) -> None:
    """``kiroku ingest`` adds a capture to the cache's summary: the same matches, anchors and lock entries."""
    snaps = blogs(*history)
    assume(len(snaps) > 1)
    cut = data.draw(st.integers(1, len(snaps) - 1))  # ingest adds at least one capture to the summary
    whole = Tracker("s")
    for blog in snaps[:cut]:
        whole.add(blog)
    summary = whole.summary()
    assert not summary.complete
    assert whole.complete
    for blog in snaps[cut:]:
        whole.add(blog)
        summary.add(blog)
    assert _lock_view(summary.tracks(), len(snaps) - 1) == _lock_view(whole.tracks(), len(snaps) - 1)


def test_a_summary_keeps_a_paragraph_anchor_only_a_middle_version_had() -> None:
    """A paragraph added in one capture and gone in the next: its anchor is in the lock, so in the summary too."""
    when = TIMES[1]
    bodies = [("かきくかきく",), ("かきくかきく", "アイウエオアイウエオ"), ("かきくかきく",), ("かきくかきく",)]
    snaps = blogs([[_entry("見出し", when, tuple(Paragraph(p, 1) for p in body))] for body in bodies])
    whole = Tracker("s")
    for blog in snaps[:3]:
        whole.add(blog)
    summary = whole.summary()
    whole.add(snaps[3])
    summary.add(snaps[3])
    [track] = whole.tracks()
    assert len({a for v in track.versions for a in v.paragraph_anchors}) == 2
    assert _lock_view(summary.tracks(), 3) == _lock_view(whole.tracks(), 3)
