"""Issue 25: snapshots that tell the truth about a live page.

A live page shows its newest posts; a capture of it holds a window of the blog. An entry a later capture lacks is
removed only when that capture covers it, else it is outside the capture's window; and an anchor never changes
hands, however alike numbered updates are. The property test generates live blogs whose every post's identity it
knows, captures them through sliding windows, and holds the tracks to that truth.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiroku.history import SMALL_MOVE, Track, track_entries
from kiroku.model import Entry, EntryTime, Paragraph, ParsedBlog, Window
from tests.history_exhaustive import track_entries_exhaustive

BASE = dt.datetime(2025, 9, 1, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))
PLACES = ["みなと市", "さくら町", "あおば区", "ひがし村"]
SMALL = SMALL_MOVE // 60  # minutes


# --- a live blog whose posts know who they are ---------------------------------------------------------------


@dataclass
class Post:
    number: int  # its identity, in the order posted (1 = the first)
    kind: str  # "count" (第N報 …票), "update" (Count update N: … votes), "plain" (text of its own)
    minute: int | None  # minutes after BASE; None: the page gives it no time
    heading: str
    paragraphs: list[str]
    deleted: bool = False


def hangul(number: int, n: int, start: int = 0) -> str:
    """Characters only post ``number`` uses: a plain post shares no letter with any other."""
    return "".join(chr(0xAC00 + 40 * number + start + i) for i in range(n))


def new_post(number: int, kind: str, minute: int | None, place: str) -> Post:
    votes, turnout = 1000 + 37 * number, 20 + number % 50
    if kind == "count":
        return Post(number, kind, minute, f"開票速報 第{number}報 {votes:,}票",
                    [f"{place}の開票所でこれまでに{votes:,}票を数えました。投票率は{turnout}%です。"])
    if kind == "update":
        return Post(number, kind, minute, f"Count update {number}: {votes:,} votes",
                    [f"Officials in {place} have counted {votes:,} votes so far, a turnout of {turnout} percent."])
    return Post(number, kind, minute, hangul(number, 4), [hangul(number, 24, 4)])


def entry_of(post: Post, seed: str, position: int) -> Entry:
    moment = BASE + dt.timedelta(minutes=post.minute or 0)
    when = None if post.minute is None else EntryTime(moment.isoformat(), "minute", "exact")
    day = moment.date().isoformat()
    return Entry(post.heading, when, None, tuple(Paragraph(p, 1) for p in post.paragraphs), seed,
                 (position + 1, position + 1), position, day)


@dataclass
class Blog:
    """Captures of one live blog, with the truth: which post each entry of each capture is."""

    snapshots: list[ParsedBlog] = field(default_factory=list)
    who: list[list[int]] = field(default_factory=list)  # per capture, the post number of each entry (page order)
    starts: list[bool] = field(default_factory=list)


def capture(blog: Blog, posts: Sequence[Post], k: int, size: int) -> None:
    """The newest ``size`` posts the page still shows, newest first; it reaches the start when it holds them all."""
    live = [p for p in posts if not p.deleted]
    window = live[-size:]
    seed = f"{k:03d}_live.html"
    page = list(reversed(window))
    entries = tuple(entry_of(p, seed, n) for n, p in enumerate(page))
    reaches = len(window) == len(live)
    blog.snapshots.append(ParsedBlog(title="開票速報", lead=(), notes=(), entries=entries, background=(), seed=seed,
                                     window=Window((f"https://example.org/live?{k}",), reaches)))
    blog.who.append([p.number for p in page])
    blog.starts.append(reaches)


def _room(posts: Sequence[Post], post: Post) -> tuple[int, int]:
    """The minutes a post's time may move to without passing another timed post (deleted ones too)."""
    timed = [p for p in posts if p.minute is not None]
    n = timed.index(post)
    low = timed[n - 1].minute + 1 if n else -10_000  # type: ignore[operator]
    high = timed[n + 1].minute - 1 if n + 1 < len(timed) else 10_000  # type: ignore[operator]
    return low, high


def _seen_span(blog: Blog, post: Post, posts: Sequence[Post]) -> tuple[float, float]:
    """The minutes of the capture that last showed ``post`` (``-inf``: it reached the start), widened by an hour."""
    last = max(k for k, who in enumerate(blog.who) if post.number in who)
    minutes = [p.minute for p in posts if p.number in blog.who[last] and p.minute is not None]
    low = -float("inf") if blog.starts[last] else min(minutes) - SMALL
    return low, max(minutes) + SMALL


def edit(draw: st.DrawFn, blog: Blog, posts: list[Post], post: Post) -> None:
    """One correction: the heading, the text, a number in the text, or the time (by minutes, with a little more
    text; or by hours, nothing else changed). Headings keep their numbers (a number changed there is a new post)."""
    what = draw(st.sampled_from(["heading", "text", "number", "small move", "big move"]))
    if what in ("small move", "big move") and post.minute is not None:
        low, high = _room(posts, post)
        seen_low, seen_high = _seen_span(blog, post, posts) if any(post.number in w for w in blog.who) else (
            -float("inf"), float("inf"))
        if what == "small move":
            low, high = max(low, post.minute - SMALL), min(high, post.minute + SMALL)
        low, high = int(max(low, seen_low)), int(min(high, seen_high))
        choices = [m for m in range(low, high + 1) if m != post.minute
                   and (what == "small move" or abs(m - post.minute) > SMALL)]
        if choices:
            post.minute = draw(st.sampled_from(choices[:40] + choices[-40:]))
            if what == "small move" and draw(st.booleans()):
                post.paragraphs[-1] += "（速報値）" if post.kind != "plain" else hangul(post.number, 2, 28)
        return
    if what == "heading":
        post.heading += {"count": "（更新）", "update": " (revised)", "plain": hangul(post.number, 1, 30)}[post.kind]
    elif what == "number" and post.kind != "plain":
        post.paragraphs[-1] = post.paragraphs[-1].replace("%", "%（確定）", 1).replace("percent", "per cent", 1)
        post.paragraphs[-1] = post.paragraphs[-1].replace(f"{20 + post.number % 50}", f"{21 + post.number % 50}", 1)
    else:
        post.paragraphs.append({"count": "詳しい結果は後ほどお伝えします。", "update": "More to follow.",
                                "plain": hangul(post.number, 6, 32)}[post.kind])


@st.composite
def live_blogs(draw: st.DrawFn) -> tuple[Blog, list[Post]]:
    posts: list[Post] = []
    blog = Blog()
    minute = 0
    for k in range(draw(st.integers(2, 6))):
        minute = max([minute, *(p.minute for p in posts if p.minute is not None)])  # corrected times included
        for n in range(draw(st.integers(0 if k else 1, 6))):  # posts written since the last capture
            # A new batch starts after every post so far; posts of one batch may share a minute.
            minute += draw(st.integers(1, 90)) if n == 0 else draw(st.integers(0, 20))
            kind = draw(st.sampled_from(["count", "count", "update", "plain"]))
            untimed = draw(st.integers(0, 9)) == 0
            posts.append(new_post(len(posts) + 1, kind, None if untimed else minute, draw(st.sampled_from(PLACES))))
        live = [p for p in posts if not p.deleted]
        for _ in range(draw(st.integers(0, 2)) if k else 0):  # deletions, wherever they are
            if len(live) > 1:
                gone = draw(st.sampled_from(live))
                gone.deleted = True
                live.remove(gone)
        size = draw(st.integers(1, 10))
        window = live[-size:]
        edited: set[int] = set()
        for _ in range(draw(st.integers(0, 3)) if k else 0):  # corrections to posts this capture shows
            post = draw(st.sampled_from(window))
            if post.number not in edited:  # one correction per post between two captures
                edited.add(post.number)
                edit(draw, blog, posts, post)
        capture(blog, posts, k, size)
    return blog, posts


def truth(blog: Blog, posts: Sequence[Post]) -> dict[int, str]:
    """Each post some capture showed: present in the latest, removed (a later capture covers it and lacks it),
    or outside-window."""
    status = {}
    for post in posts:
        shown = [k for k, who in enumerate(blog.who) if post.number in who]
        if not shown:
            continue
        if shown[-1] == len(blog.who) - 1:
            status[post.number] = "present"
            continue
        covered = any(blog.starts[k] or (min(blog.who[k]) < post.number < max(blog.who[k]))
                      for k in range(shown[-1] + 1, len(blog.who)))
        status[post.number] = "removed" if covered else "outside-window"
    return status


def shown_deleted(blog: Blog, posts: Sequence[Post], post: Post) -> bool:
    """Some capture after the one that last showed ``post`` holds, on each side of it, a post that can be placed
    against it: both have times and they differ, or that post was on the page that last showed ``post``."""
    last = max(k for k, who in enumerate(blog.who) if post.number in who)

    def placed(other: Post) -> bool:
        timed = post.minute is not None and other.minute is not None and other.minute != post.minute
        return timed or other.number in blog.who[last]

    for k in range(last + 1, len(blog.who)):
        held = [posts[n - 1] for n in blog.who[k]]
        if blog.starts[k] or (any(p.number < post.number and placed(p) for p in held)
                              and any(p.number > post.number and placed(p) for p in held)):
            return True
    return False


def posts_of(blog: Blog, track: Track) -> set[int]:
    return {blog.who[v.snapshot][v.entry.position] for v in track.versions}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(live_blogs())
def test_sliding_windows_keep_every_post_on_one_anchor_and_say_removed_only_of_deletions(
        generated: tuple[Blog, list[Post]]) -> None:
    blog, posts = generated
    tracks = track_entries("live", blog.snapshots)
    for track in tracks:  # every anchor's versions are one post
        assert len(posts_of(blog, track)) == 1, (track.anchor, [v.entry.heading for v in track.versions])
    anchors: dict[int, set[str]] = {}
    for track in tracks:
        for number in posts_of(blog, track):
            anchors.setdefault(number, set()).add(track.anchor)
    expected = truth(blog, posts)
    assert set(anchors) == set(expected)
    assert all(len(a) == 1 for a in anchors.values()), anchors  # every post has one anchor
    got = {next(iter(posts_of(blog, t))): t.status for t in tracks}
    assert {n for n, s in got.items() if s == "present"} == {n for n, s in expected.items() if s == "present"}
    # Removed only of a post deleted inside a later window: never of one that slid out.
    assert all(expected[n] == "removed" for n, s in got.items() if s == "removed")
    assert all(posts[n - 1].deleted for n, s in got.items() if s == "removed")
    # And of every such post that capture shows the place of: a post on each side of it that can be placed
    # against it, by a different time or by the page that last showed it. (An entry with no time, whose last page
    # shares nothing with a later capture of entries with no time, cannot be placed: outside the window.)
    placed = {n for n, s in expected.items() if s == "removed" and shown_deleted(blog, posts, posts[n - 1])}
    assert all(got[n] == "removed" for n in placed), sorted(placed)
    assert track_entries_exhaustive("live", blog.snapshots) == tracks


# --- the issue's cases --------------------------------------------------------------------------------------


def snapshots(pages: Sequence[Sequence[Post]], starts: Sequence[bool]) -> list[ParsedBlog]:
    out = []
    for k, (page, reaches) in enumerate(zip(pages, starts, strict=True)):
        seed = f"{k:03d}_live.html"
        entries = tuple(entry_of(p, seed, n) for n, p in enumerate(reversed(page)))
        out.append(ParsedBlog(title="t", lead=(), notes=(), entries=entries, background=(), seed=seed,
                              window=Window(reaches_start=reaches)))
    return out


def numbered(count: int, *, every: int = 10, kind: str = "update") -> list[Post]:
    """Numbered updates every ``every`` minutes from 08:00, all alike but for their numbers."""
    return [new_post(n, kind, (n - 1) * every, "みなと市") for n in range(1, count + 1)]


def counts(tracks: Sequence[Track], last: int) -> dict[str, int]:
    new = sum(t.first.snapshot == last for t in tracks)
    revised = sum(len(t.versions) > 1 and t.latest.snapshot == last
                  and t.latest.fingerprint != t.versions[-2].fingerprint for t in tracks)
    return {"new": new, "revised": revised, "removed": sum(t.status == "removed" for t in tracks),
            "outside-window": sum(t.status == "outside-window" for t in tracks)}


def test_a_page_that_slid_on_removes_nothing() -> None:
    """The second capture holds 6 newer entries and lacks the 7 oldest: 6 new, 0 removed, 7 outside its window."""
    posts = [new_post(n, "plain", n * 7, "") for n in range(1, 27)]
    tracks = track_entries("s", snapshots([posts[:20], posts[7:26]], [False, False]))
    assert counts(tracks, 1) == {"new": 6, "revised": 0, "removed": 0, "outside-window": 7}
    gone = [t for t in tracks if t.status == "outside-window"]
    assert {t.latest.entry.heading for t in gone} == {p.heading for p in posts[:7]}
    assert all(t.last_seen == 0 and not t.removed for t in gone)
    # The same captures as whole pages (a text capture reaches the start): the 7 are removed.
    whole = track_entries("s", snapshots([posts[:20], posts[7:26]], [True, True]))
    assert counts(whole, 1) == {"new": 6, "revised": 0, "removed": 7, "outside-window": 0}


def test_numbered_updates_keep_their_anchors_as_the_window_slides() -> None:
    """20 updates, then a window of the newest 20 five updates later: 5 new, none revised; update 5 keeps its
    anchor and its text (it was shown update 25 at 12:10 as a revision)."""
    posts = numbered(25)
    first, later = snapshots([posts[:20], posts[5:25]], [True, False])
    tracks = track_entries("s", [first, later])
    assert counts(tracks, 1) == {"new": 5, "revised": 0, "removed": 0, "outside-window": 5}
    assert all(len({v.entry.heading for v in t.versions}) == 1 for t in tracks)
    five = next(t for t in tracks if t.first.entry.heading.startswith("Count update 5:"))
    assert [v.snapshot for v in five.versions] == [0]
    assert five.status == "outside-window"
    # The same with 第N報 headings at the same minute: numbers apart, different posts.
    same_minute = [new_post(n, "count", 0, "みなと市") for n in range(1, 26)]
    tracks = track_entries("s", snapshots([same_minute[:20], same_minute[5:25]], [True, False]))
    assert counts(tracks, 1) == {"new": 5, "revised": 0, "removed": 0, "outside-window": 5}


def test_corrections_keep_their_anchors() -> None:
    """Today's decisions stand: a heading or text edited at the same time, a time corrected by minutes, a time
    corrected by hours with the text unchanged, two same-minute entries that swap places."""
    posts = numbered(6, every=30)
    twin_a, twin_b = new_post(7, "plain", 200, ""), new_post(8, "plain", 200, "")
    before = [*posts, twin_a, twin_b]
    after = [dataclasses.replace(p, paragraphs=list(p.paragraphs)) for p in before]
    after[0].heading += " (revised)"
    after[1].paragraphs[0] += " More to follow."
    after[2].minute += 25  # type: ignore[operator]
    after[2].paragraphs[0] += " (est.)"
    after[3].minute -= 100  # type: ignore[operator]
    after[6], after[7] = after[7], after[6]
    tracks = track_entries("s", snapshots([before, after], [False, False]))
    assert len(tracks) == 8
    assert all(len(t.versions) == 2 for t in tracks)
    assert counts(tracks, 1) == {"new": 0, "revised": 4, "removed": 0, "outside-window": 0}


def test_a_moved_time_needs_the_same_text_or_a_small_move() -> None:
    old, later = new_post(1, "plain", 0, ""), new_post(2, "plain", 180, "")

    def tracks_of(moved: Post) -> int:
        return len(track_entries("s", snapshots([[old, later], [moved, later]], [True, True])))

    moved = dataclasses.replace(old, minute=SMALL + 1, heading=old.heading + hangul(1, 1, 36),
                                paragraphs=[old.paragraphs[0] + hangul(1, 2, 30)])
    assert tracks_of(moved) == 3  # by more than an hour, heading and text edited: another post
    assert tracks_of(dataclasses.replace(moved, minute=SMALL)) == 2  # by an hour
    assert tracks_of(dataclasses.replace(moved, heading=old.heading)) == 2  # the heading as it was
    assert tracks_of(dataclasses.replace(old, minute=SMALL + 1)) == 2  # the text as it was


def test_a_moved_time_never_leaves_the_window_it_was_seen_in() -> None:
    """The same text, three hours after the newest entry of the capture it was last seen in: another post."""
    a, b = new_post(1, "plain", 0, ""), new_post(2, "plain", 30, "")
    far = dataclasses.replace(a, minute=30 + SMALL + 1)
    tracks = track_entries("s", snapshots([[a, b], [b, far]], [True, True]))
    assert len(tracks) == 3
    inside = dataclasses.replace(a, minute=30 + SMALL)
    assert len(track_entries("s", snapshots([[a, b], [b, inside]], [True, True]))) == 2


def test_numbers_that_differ_in_a_moved_text_are_another_post() -> None:
    a = new_post(1, "count", 0, "みなと市")
    a.heading = "開票速報"
    b = dataclasses.replace(a, minute=20, paragraphs=[a.paragraphs[0].replace("1,037", "1,099")])
    assert len(track_entries("s", snapshots([[a], [b]], [False, False]))) == 2
    c = dataclasses.replace(a, paragraphs=[a.paragraphs[0].replace("1,037", "1,099")])  # at the same time: corrected
    assert len(track_entries("s", snapshots([[a], [c]], [False, False]))) == 1


def test_an_entry_two_posts_showed_together_is_never_the_other_ones_revision() -> None:
    """A and B at the same minute, alike; then A twice: the second A is new, not B corrected."""
    a = Post(1, "plain", 0, "会見が始まる", ["知事の会見が始まりました。"])
    b = Post(2, "plain", 0, "会見が始まった", ["知事の会見が始まりました。質疑に移っています。"])
    tracks = track_entries("s", snapshots([[a, b], [a, a]], [True, True]))
    assert len(tracks) == 3
    assert [t.status for t in tracks if t.first.entry.heading == "会見が始まった"] == ["removed"]
    # An edit undone goes back to its own track.
    b2 = dataclasses.replace(b, heading="会見始まる")
    tracks = track_entries("s", snapshots([[a, b], [a, b2], [a, b]], [True, True, True]))
    assert len(tracks) == 2
    assert all(t.status == "present" for t in tracks)


def test_removed_is_said_of_a_deletion_inside_the_window_and_stays_said() -> None:
    posts = numbered(12)
    deleted = posts[7]
    pages = [posts[:10], [p for p in posts[2:12] if p is not deleted], posts[8:12]]
    tracks = track_entries("s", snapshots(pages, [True, False, False]))
    status = {t.first.entry.heading.split(":")[0]: t.status for t in tracks}
    assert status["Count update 8"] == "removed"  # newer and older entries around it in capture 2
    assert status["Count update 1"] == status["Count update 2"] == "outside-window"
    assert status["Count update 3"] == "outside-window"  # slid out in capture 3
    # The newest entry deleted while newer ones arrived: newer and older around it, removed.
    top = track_entries("s", snapshots([posts[:5], [*posts[:4], posts[5], posts[6]]], [False, False]))
    assert [t.status for t in top if t.first.entry.heading.startswith("Count update 5:")] == ["removed"]


def test_a_capture_that_reaches_the_start_again_settles_what_was_outside() -> None:
    posts = numbered(10)
    pages = [posts[:6], posts[4:10], [*posts[:2], *posts[3:10]]]  # capture 3 holds every page, but update 3
    tracks = track_entries("s", snapshots(pages, [True, False, True]))
    status = {t.first.entry.heading.split(":")[0]: t.status for t in tracks}
    assert status["Count update 3"] == "removed"
    assert status["Count update 1"] == "present"


# --- what the archive says ------------------------------------------------------------------------------------


def _slid_project(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A project with a live page captured as a text file twice, the second time having slid on; every capture
    read as a web page with a link to older posts (``Window(reaches_start=False)``)."""
    import kiroku.build
    import kiroku.ingest.plan

    real: Callable[..., ParsedBlog] = kiroku.build.blog_of

    def windowed(report):  # type: ignore[no-untyped-def]
        return dataclasses.replace(real(report), window=Window(("https://example.org/live",), False))

    monkeypatch.setattr(kiroku.build, "blog_of", windowed)
    monkeypatch.setattr(kiroku.ingest.plan, "blog_of", windowed)
    texts = []
    for first, last in ((1, 8), (4, 10)):
        lines = ["開票速報", "", "目次", ""]
        for n in range(last, first - 1, -1):
            lines += [f"1日 {8 + n // 6:02d}:{n % 6 * 10:02d} 開票速報 第{n}報 {1000 + 37 * n:,}票", "",
                      f"みなと市の開票所でこれまでに{1000 + 37 * n:,}票を数えました。", ""]
        texts.append("\n".join(lines) + "\n")
    return texts


def test_ingest_inspect_pages_and_data_agree_on_what_slid_out(
        empty_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from kiroku.build import Project, generate, load_view
    from kiroku.cli.main import main
    from kiroku.render.data import entry_record
    from kiroku.render.entry import render_entry
    from kiroku.render.jsonld import blog_posting, live_blog_posting
    from kiroku.sources import load_source

    root = empty_project
    for k, text in enumerate(_slid_project(root, monkeypatch)):
        capture_file = tmp_path / f"live-{k}.txt"
        capture_file.write_text(text, encoding="utf-8")
        assert main(["--root", str(root), "ingest", str(capture_file), "--source", "test-live", "--published",
                     "2025-09-01", "--publisher", "試験放送", "--timezone", "Asia/Tokyo",
                     "--captured", f"2025-09-0{k + 1}"]) == 0
    out = capsys.readouterr().out
    assert "matched to earlier snapshots: 2 new, 0 revised, 0 removed, 3 outside the capture's window" in out
    generate(Project(root), log=lambda line: None)
    assert main(["--root", str(root), "inspect", "test-live"]) == 0
    out = capsys.readouterr().out
    assert "(10 entries, 3 outside the capture's window" in out
    assert out.count("outside the window (last seen in capture 1)") == 3
    assert "removed" not in out
    view = load_view(Project(root), load_source(root / "sources" / "test-live.yaml"), None)
    outside = [t for t in view.tracks if t.status == "outside-window"]
    assert [t.latest.entry.heading for t in outside] == [f"開票速報 第{n}報 {1000 + 37 * n:,}票" for n in (3, 2, 1)]
    page = render_entry(view, outside[0])
    assert "第1回の取得まで掲載を確認" in page
    assert "削除されています" not in page
    record = entry_record(view, outside[0])
    assert (record["removed"], record["status"], record["last_seen"]) == (False, "outside-window", 1)
    present = entry_record(view, view.tracks[0])
    assert (present["removed"], present["status"], present["last_seen"]) == (False, "present", 2)
    assert blog_posting(view, outside[0], None)["creativeWorkStatus"] == "outside-window"
    assert "creativeWorkStatus" not in blog_posting(view, view.tracks[0], None)
    updates = live_blog_posting(view)["liveBlogUpdate"]
    assert [u.get("creativeWorkStatus") for u in updates].count("outside-window") == 3  # type: ignore[union-attr]
    blog_page = (root / "docs" / "archive" / "test-live" / "index.md").read_text(encoding="utf-8")
    assert "（うち3項目は最新の取得の範囲外（以前の取得で掲載を確認））" in blog_page
    assert "元のページから削除" not in blog_page
    day_page = next((root / "docs" / "archive" / "test-live").glob("2025-09-01.md")).read_text(encoding="utf-8")
    assert day_page.count("（第1回の取得まで掲載を確認）") == 3
    data = json.dumps([entry_record(view, t) for t in view.tracks], ensure_ascii=False)
    assert data.count('"status": "outside-window"') == 3
    assert '"status": "removed"' not in data


# --- the benchmark's scenarios (`make bench`), at toy sizes -------------------------------------------------------


def test_a_windowed_synthetic_live_blog_keeps_its_anchors_and_removes_only_its_deletions() -> None:
    from tools.benchsnap import window_truth
    from tools.synth import DELETE_EVERY, live_blog, windowed

    from kiroku.build import blog_of
    from kiroku.read.text import parse_capture
    from kiroku.register import load_register
    from tests.conftest import ROOT

    blog = live_blog(load_register(ROOT / "sources" / "register.yaml"), 200, 2 * DELETE_EVERY, window=12)
    assert all(len(shown) == 12 for shown in blog.shown)
    assert sum(len(gone) for gone in blog.deleted) == 2
    parsed = [windowed(blog_of(parse_capture(text, seed=f"{k:03d}.txt", published=blog.published,
                                             timezone="Asia/Tokyo", fmt="prefix-heading")))
              for k, text in enumerate(blog.snapshots)]
    assert [len(p.entries) for p in parsed] == [12] * len(parsed)
    truth = window_truth(blog, track_entries("synth-live", parsed))
    assert truth["one_anchor"] == truth["seen"] == truth["tracks"]
    assert (truth["changing_hands"], truth["false_removals"], truth["missed_removals"]) == (0, 0, 0)
    assert truth["removed"] == truth["deleted"] == 2
    assert truth["outside"] > 0
    # Read as whole pages (a text capture reaches the start), every entry that slid out would be removed.
    whole = window_truth(blog, track_entries("synth-live", [dataclasses.replace(p, window=Window()) for p in parsed]))
    assert (whole["outside"], whole["false_removals"]) == (0, truth["outside"])


def test_issue25_goals_judge_the_figures() -> None:
    from tools import benchsnap

    correction = {1000: {"entries": 1000, "ingest_s": 1.5, "ingest_max_s": 1.6, "added": 3, "corrected": 997,
                         "ingest_matched": {"new": 3, "revised": 997, "removed": 0, "outside": 0}},
                  2000: {"entries": 2000, "ingest_s": 3.9, "ingest_max_s": 4.0, "added": 2, "corrected": 1998,
                         "ingest_matched": {"new": 2, "revised": 1998, "removed": 0, "outside": 0}}}
    window = {"entries": 3000, "snapshots": 48, "window": 30, "seen": 163, "tracks": 163, "one_anchor": 163,
              "changing_hands": 0, "deleted": 6, "removed": 6, "false_removals": 0, "outside": 127,
              "ingest_s": 0.4, "ingest_max_s": 0.5}
    assert [ok for _, ok, _ in benchsnap.issue25_goals(correction, window)] == [True, False, True, True, True, True,
                                                                                 True]
    correction[2000]["ingest_s"] = 3.0
    window.update(false_removals=1, changing_hands=1, one_anchor=160, ingest_s=2.5)
    assert [ok for _, ok, _ in benchsnap.issue25_goals(correction, window)] == [True, True, True, False, False,
                                                                                 False, False]


def test_benchsnap_windows_only_prints_the_figures_and_goals(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    import re

    from tools import benchsnap

    assert benchsnap.main(["--windows-only", "--correction-sizes", "30", "60", "--entries", "80", "--snapshots", "9",
                           "--window", "10", "--ingest-repeats", "1", "--workdir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^\s+30\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+\d+\s+\d+$", out, re.M)
    assert "PASS  every corrected entry keeps its anchor" in out
    assert "PASS  ... no false removals" in out
    assert "PASS  ... no anchor changes hands" in out
    assert "PASS  watched 9 times through the newest 10 of 80 entries" in out
    data = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert set(data["correction"]) == {"30", "60"}
    assert data["window"]["false_removals"] == 0
