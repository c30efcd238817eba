"""Entries across snapshots of one live blog: who is who from capture to capture. Pure; no I/O.

A live blog changes while it is live: entries are added on top, headings corrected, text edited,
entries removed. Each entry becomes a *track* with one permanent anchor and the versions it had.
Later snapshots are matched to the tracks so far, and an anchor never changes hands: two posts are
never one track.

1. Identical entries (the same heading, time and text) go to the track whose latest version they are;
   then an entry identical to an earlier version of a track (an edit undone) goes to that track. An
   entry some track has shown before is that track's post and never another track's revision (that
   other track was a post of its own beside it); if its own tracks are taken in this snapshot, it is new.
2. Corrections, best first:
   - at the same time (or both untimed): heading or text at least ``SAME_TIME_SIMILARITY`` alike;
   - at another time (a time corrected, added or dropped): text at least ``MOVED_TIME_SIMILARITY``
     alike, the same numbers in the text, and either a move of at most ``SMALL_MOVE`` (an hour) or the
     same text or heading (after NFKC; one that no other free track shows too). Never to a time outside
     the window of the snapshot the track was last seen in, give or take ``SMALL_MOVE``: older than its
     oldest entry when it does not reach the start (a post that capture could not see), or newer than its
     newest (a post written after it);
   - never between two headings whose numbers differ (``第5報`` and ``第6報``, "1,204 votes" and
     "1,250 votes"): numbered and templated updates are different posts.
3. What is left gets a new anchor.

A track absent from the latest snapshot is **removed** once a snapshot after it was last seen
*covers* it and lacks it: that snapshot reaches the blog's start (``Window.reaches_start``: a text capture
of the whole page), or holds entries on both sides of it, newer and older: by time (strictly), or by the
page that last showed it (an entry that stood above it there and one that stood below; or, beside entries
of that page, one above all of them that page did not show, written since, or one below all of them,
beyond that page's window). Otherwise it is **outside the window** of the captures since: a live page
that slid on, not a removal. Either way the track is kept, never dropped.

``Tracker`` matches one snapshot at a time and can be resumed (the build caches it). An entry is compared
only with plausible tracks (the same fingerprint; the same time and heading or text; the same time; within
``SMALL_MOVE``; the same distinctive text or heading), and exact similarities are computed lazily, best bound
first, so the decisions are those of scoring every pair (``tests/history_exhaustive.py``, held to it by a
property test) in about linear time.
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import datetime as dt
import difflib
import functools
import gc
import heapq
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from . import ids
from .model import Block, Entry, ListBlock, Paragraph, ParsedBlog, block_text, body_text

SAME_TIME_SIMILARITY = 0.5  # heading or text, for an entry at the same time: a correction
MOVED_TIME_SIMILARITY = 0.85  # text, for an entry whose time changed
# Seconds a corrected time may move with edited text and heading: an hour holds corrected minutes and a
# mistyped half hour ("10:05" for "10:50"); near-identical posts an hour or more apart are more likely
# templated updates (a turnout every hour) than one post. Farther, the text or heading must be unchanged.
SMALL_MOVE = 60 * 60
PARAGRAPH_SIMILARITY = 0.6  # an edited paragraph keeps its anchor

Status = Literal["present", "removed", "outside-window"]
Span = tuple[float, float]  # a snapshot's moments: its oldest entry's (-inf: it reaches the start), its newest's


@dataclass(frozen=True)
class Version:
    snapshot: int  # index into the source's snapshots, oldest first
    seed: str
    entry: Entry
    paragraph_anchors: tuple[str, ...]  # one per block of entry.body
    fingerprint: tuple[str, str | None, str]  # ``fingerprint(entry)``, computed once


@dataclass(frozen=True)
class Track:
    anchor: str
    versions: tuple[Version, ...]  # in snapshot order, one per snapshot the entry appears in
    # present: in the latest snapshot; removed: absent from a later snapshot whose window covers it;
    # outside-window: absent only from snapshots that do not reach back to it (a live page that slid on)
    status: Status
    retired_paragraphs: tuple[tuple[str, int], ...]  # (paragraph anchor, version index) no longer in the latest text

    @property
    def removed(self) -> bool:
        """Removed from the source: absent from a later snapshot that covers it (not merely outside its window)."""
        return self.status == "removed"

    @property
    def last_seen(self) -> int:
        """The last snapshot (0-based, like ``Version.snapshot``) that showed the entry."""
        return self.versions[-1].snapshot

    @property
    def latest(self) -> Version:
        return self.versions[-1]

    @property
    def first(self) -> Version:
        return self.versions[0]

    def changes(self) -> list[tuple[Version, Version]]:
        """Consecutive versions whose heading, time or text differ."""
        pairs = zip(self.versions, self.versions[1:], strict=False)
        return [(a, b) for a, b in pairs if a.fingerprint != b.fingerprint]


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def fingerprint(entry: Entry) -> tuple[str, str | None, str]:
    return (_norm(entry.heading), entry.time.iso if entry.time else None, _norm(body_text(entry)))


def _ratio(a: str, b: str) -> float:
    if a == b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


class _Open:
    """A track being built."""

    def __init__(self, anchor: str, number: int = 0) -> None:
        self.anchor = anchor
        self.number = number  # creation order: ties between equally good tracks go to the older one
        self.key: _Key | None = None  # of the latest version
        self.versions: list[Version] = []
        self.paragraphs: list[tuple[str, str]] = []  # (anchor, latest text) of every paragraph ever seen
        self.counter = 0
        self.removed_in: int | None = None  # the snapshot that showed it removed, since it was last seen
        self.place = 0  # its place on the page of its latest version

    @property
    def entry(self) -> Entry:
        return self.versions[-1].entry

    def add(self, snapshot: int, entry: Entry, key: _Key | None = None) -> None:
        self.key = key = key or _Key.of(entry)
        self.removed_in = None
        anchors = self._match_paragraphs(entry.body)
        fp = key.fingerprint
        if self.versions:  # what did not change is held once, by the versions before too (memory, the cache)
            last = self.versions[-1]
            entry = _shared(entry, last.entry)
            anchors = last.paragraph_anchors if anchors == last.paragraph_anchors else anchors
            fp = last.fingerprint if fp == last.fingerprint else fp
        self.versions.append(Version(snapshot, entry.seed, entry, anchors, fp))

    def _match_paragraphs(self, body: Sequence[Block]) -> tuple[str, ...]:
        texts = [_norm(block_text(b)) for b in body]
        result: list[str | None] = [None] * len(texts)
        free = dict(self.paragraphs)  # anchor -> text, not yet claimed in this version
        for i, text in enumerate(texts):  # exact first, in order
            hit = next((a for a, t in free.items() if t == text), None)
            if hit is not None:
                result[i] = hit
                del free[hit]
        scored = sorted(
            ((r, i, a) for i, text in enumerate(texts) if result[i] is None
             for a, t in free.items() if (r := _ratio(text, t)) >= PARAGRAPH_SIMILARITY),
            key=lambda x: (-x[0], x[1], x[2]),
        )
        for _, i, a in scored:
            if result[i] is None and a in free:
                result[i] = a
                del free[a]
        latest = dict(self.paragraphs)
        for i, text in enumerate(texts):
            if result[i] is None:
                self.counter += 1
                result[i] = ids.mint("paragraph", self.anchor, str(self.counter))
            latest[result[i]] = text  # type: ignore[index]
        self.paragraphs = list(latest.items())
        return tuple(a for a in result if a is not None)

    def summary(self) -> _Open:
        """A copy with the versions matching and the anchor lock need: the first, the latest, and each one
        that brought a paragraph anchor (so every anchor this track ever gave is in one of them)."""
        keep: list[Version] = []
        seen: set[str] = set()
        for n, version in enumerate(self.versions):
            if n in (0, len(self.versions) - 1) or not seen.issuperset(version.paragraph_anchors):
                keep.append(version)
            seen.update(version.paragraph_anchors)
        copy = _Open.__new__(_Open)
        copy.__dict__.update(self.__dict__, versions=keep)
        return copy

    def close(self, last_snapshot: int) -> Track:
        latest = set(self.versions[-1].paragraph_anchors)
        retired: dict[str, int] = {}
        for n, version in enumerate(self.versions):
            for a in version.paragraph_anchors:
                if a not in latest:
                    retired[a] = n  # the last version that still had it
        status: Status = ("present" if self.versions[-1].snapshot == last_snapshot
                          else "removed" if self.removed_in is not None else "outside-window")
        return Track(
            anchor=self.anchor,
            versions=tuple(self.versions),
            status=status,
            retired_paragraphs=tuple(sorted(retired.items(), key=lambda kv: ids.paragraph_number(kv[0]))),
        )


_SHARED_FIELDS = ("heading", "time", "bounds", "body", "day")


def _shared(entry: Entry, earlier: Entry) -> Entry:
    """``entry``, its fields equal to ``earlier``'s being ``earlier``'s own objects, and so the texts of its
    blocks (their lines move as entries are added above them)."""
    same = {name: old for name in _SHARED_FIELDS
            if (old := getattr(earlier, name)) is not (new := getattr(entry, name)) and old == new}
    if "body" not in same and entry.body is not earlier.body:
        old_body = earlier.body
        body = tuple(_shared_block(b, old_body[i]) if i < len(old_body) else b for i, b in enumerate(entry.body))
        if any(a is not b for a, b in zip(body, entry.body, strict=True)):
            same["body"] = body
    return dataclasses.replace(entry, **same) if same else entry


def _shared_block(block: Block, earlier: Block) -> Block:
    if isinstance(block, Paragraph) and isinstance(earlier, Paragraph):
        if block.text == earlier.text and block.text is not earlier.text:
            return Paragraph(earlier.text, block.line)
    elif isinstance(block, ListBlock) and isinstance(earlier, ListBlock):
        if block.items == earlier.items and block.items is not earlier.items:
            return ListBlock(earlier.items, block.line)
    return block


@contextlib.contextmanager
def no_gc(*, freeze: bool = False) -> Iterator[None]:
    """Matching and unpickling allocate many objects and no cycles: the cyclic collector only costs time,
    more of it the more versions are held (matching would grow faster than the entries).

    ``freeze``: what exists at the end is moved out of the collector's sight (``gc.freeze``), else the next
    collection walks all of it once; freed by reference counting as ever. For data kept to the end, such as
    a loaded cache.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


@dataclass(frozen=True)
class _Key:
    """What matching compares of an entry, computed once."""

    fingerprint: tuple[str, str | None, str]
    time: str | None
    heading: str  # normalized
    body: str  # normalized
    has_body: bool  # the raw text is not blank (a moved-time match needs text)
    moment: float | None  # seconds since the epoch of a time of day; None: no time, or a date alone

    @staticmethod
    def of(entry: Entry) -> _Key:
        fp = fingerprint(entry)
        return _Key(fp, fp[1], fp[0], fp[2], bool(body_text(entry).strip()), _moment(fp[1]))

    # Only entries compared with others need these (most entries are identical to a track's latest version).
    @functools.cached_property
    def heading_numbers(self) -> tuple[str, ...]:
        """The numbers in the heading, in order ("1,204" as "1204")."""
        return _numbers(self.heading)

    @functools.cached_property
    def body_numbers(self) -> tuple[str, ...]:
        return _numbers(self.body)


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")  # after NFKC: full-width digits are ASCII


def _numbers(text: str) -> tuple[str, ...]:
    return tuple(n.replace(",", "") for n in _NUMBER.findall(text))


@functools.lru_cache(maxsize=1 << 16)
def _moment(iso: str | None) -> float | None:
    """A time of day as seconds since the epoch (a time with no offset read as UTC); None for a date alone."""
    if iso is None or "T" not in iso:
        return None
    try:
        when = dt.datetime.fromisoformat(iso)
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=dt.UTC)).timestamp()


def _span(blog: ParsedBlog, keys: Sequence[_Key]) -> Span:
    """The moments a snapshot's window holds: from its oldest entry (or the start), to its newest."""
    moments = [k.moment for k in keys if k.moment is not None]
    if not moments:
        return (-math.inf, math.inf)  # nothing to place a time against
    return (-math.inf if blog.window.reaches_start else min(moments), max(moments))


def _numbers_differ(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return bool(a) and bool(b) and a != b


@dataclass(frozen=True)
class _Shared:
    """Headings and texts more than one free track shows: they identify no post, so a moved time needs more."""

    headings: frozenset[str]
    bodies: frozenset[str]

    @staticmethod
    def of(keys: Iterable[_Key]) -> _Shared:
        headings: Counter[str] = Counter()
        bodies: Counter[str] = Counter()
        for k in keys:
            headings[k.heading] += 1
            bodies[k.body] += 1
        return _Shared(frozenset(h for h, n in headings.items() if n > 1),
                       frozenset(b for b, n in bodies.items() if n > 1))


def _may_move(new: _Key, old: _Key, span: Span, shared: _Shared) -> bool:
    """Whether ``new``, at another time than ``old``, may be ``old``'s post (its text similarity apart).

    ``span``: the window of the snapshot ``old`` was last seen in.
    """
    if not new.has_body or new.body_numbers != old.body_numbers or _numbers_differ(new.heading_numbers,
                                                                                   old.heading_numbers):
        return False
    if new.moment is not None and not span[0] - SMALL_MOVE <= new.moment <= span[1] + SMALL_MOVE:
        return False  # outside the window it was last seen in (give or take a small move)
    if new.moment is not None and old.moment is not None and abs(new.moment - old.moment) <= SMALL_MOVE:
        return True
    return ((new.body == old.body and new.body not in shared.bodies)
            or (bool(new.heading) and new.heading == old.heading and new.heading not in shared.headings))


def _score(new: _Key, old: _Key, span: Span, shared: _Shared) -> float | None:
    """How sure we are that ``new`` is a later version of the entry ``old``; None when it cannot be.

    ``span``: the window of the snapshot ``old`` was last seen in; ``shared``: what several free tracks show.
    """
    if new.time == old.time:
        if _numbers_differ(new.heading_numbers, old.heading_numbers):
            return None
        best = max(_ratio(new.heading, old.heading), _ratio(new.body, old.body))
        return best if best >= SAME_TIME_SIMILARITY else None
    if not _may_move(new, old, span, shared):
        return None
    body = _ratio(new.body, old.body)
    return body - 0.01 if body >= MOVED_TIME_SIMILARITY else None  # a same-time match of equal strength wins


@dataclass(frozen=True)
class _Page:
    """The tracks one snapshot held, in its page order (their ``number``), and which way the page runs."""

    numbers: tuple[int, ...]
    newest_first: bool


class _Sides:
    """What a snapshot holds of an earlier page: which of that page's entries, and whether it holds entries
    above or below all of them that the page did not show (written since: newer; or beyond that page's window:
    older)."""

    def __init__(self, page: _Page, here: dict[int, int], newest: int | None, oldest: int | None) -> None:
        places = [n for n, number in enumerate(page.numbers) if number in here]
        on_page = set(page.numbers)
        self.page = page
        self.first = places[0] if places else None
        self.last = places[-1] if places else None
        self.newer_beyond = bool(places) and newest is not None and newest not in on_page
        self.older_beyond = bool(places) and oldest is not None and oldest not in on_page

    def newer_and_older(self, place: int) -> tuple[bool, bool]:
        """Whether the snapshot holds entries newer and older than the one at ``place`` on the page."""
        if self.first is None or self.last is None:
            return False, False
        above, below = self.first < place, self.last > place
        newer, older = (above, below) if self.page.newest_first else (below, above)
        return newer or self.newer_beyond, older or self.older_beyond


# An exact similarity s = 2M/T is bounded by the same formula over the lengths (difflib's real_quick_ratio)
# and over the characters in common (quick_ratio); the formula is difflib's, so the bounds hold in floats too.
def _bound(matches: int, total: int) -> float:
    return 2.0 * matches / total if total else 1.0


def _length_bound(a: str, b: str) -> float:
    return _bound(min(len(a), len(b)), len(a) + len(b))


@dataclass
class _Chars:
    """Character counts of normalized texts, made on demand and kept for the snapshot."""

    counts: dict[str, Counter[str]] = field(default_factory=dict)

    def bound(self, a: str, b: str) -> float:
        if a == b:
            return 1.0
        ca, cb = self._of(a), self._of(b)
        if len(ca) > len(cb):
            ca, cb = cb, ca
        matches = sum(min(n, cb[ch]) for ch, n in ca.items() if ch in cb)
        return _bound(matches, len(a) + len(b))

    def _of(self, text: str) -> Counter[str]:
        found = self.counts.get(text)
        if found is None:
            found = self.counts[text] = Counter(text)
        return found


class Tracker:
    """The tracks of one source, snapshot by snapshot; ``add`` the next snapshot, read ``tracks()`` any time."""

    def __init__(self, slug: str) -> None:
        self.slug = slug
        self.snapshots = 0
        self._tracks: list[_Open] = []  # in creation order
        self._taken: set[str] = set()
        self._order: list[_Open] = []  # the latest page, absent tracks where they last stood
        self._spans: list[Span] = []  # each snapshot's window
        self._pages: list[_Page | None] = []  # each snapshot's tracks, while an absent track may need them
        self._seen: dict[tuple[str, str | None, str], list[_Open]] = {}  # fingerprint -> tracks that showed it
        self.complete = True  # False: a summary(), whose tracks lack versions a page shows

    def summary(self) -> Tracker:
        """A copy that matches the next snapshot as this one would, with only the versions matching and the
        anchor lock read (``_Open.summary``): what ``kiroku ingest`` loads, a fraction of the whole."""
        copy = Tracker(self.slug)
        copy.snapshots = self.snapshots
        short = {id(t): t.summary() for t in self._tracks}
        copy._tracks = [short[id(t)] for t in self._tracks]
        copy._taken = set(self._taken)
        copy._order = [short[id(t)] for t in self._order]
        copy._spans = list(self._spans)
        copy._pages = list(self._pages)
        copy._seen = {fp: [short[id(t)] for t in tracks] for fp, tracks in self._seen.items()}
        copy.complete = False
        return copy

    def add(self, blog: ParsedBlog) -> None:
        """Match the next snapshot to the tracks so far (see the module's docstring for the rules)."""
        with no_gc():
            self._add(blog)

    def _add(self, blog: ParsedBlog) -> None:
        k = self.snapshots
        entries = list(blog.entries)
        keys = [_Key.of(e) for e in entries]
        assigned: list[_Open | None] = [None] * len(entries)
        used: set[int] = set()  # id() of tracks taken in this snapshot
        self._identical(keys, assigned, used)
        self._returning(keys, assigned, used)
        # An entry a track has shown is that track's post: if its tracks are taken, it is new.
        open_ = [assigned[i] is None and key.fingerprint not in self._seen for i, key in enumerate(keys)]
        free = [t for t in self._tracks if id(t) not in used]
        shared = _Shared.of(t.key for t in free if t.key is not None)
        self._same_key(keys, open_, assigned, used, free)
        self._similar(keys, open_, assigned, used, [t for t in free if id(t) not in used], self._spans, shared)
        for i, entry in enumerate(entries):  # what is left is new
            if assigned[i] is None:
                track = _Open(ids.mint_entry(self.slug, entry, self._taken), len(self._tracks))
                self._tracks.append(track)
                assigned[i] = track
        present: list[_Open] = []
        for i, entry in enumerate(entries):
            got = assigned[i]
            assert got is not None
            if got.key is None or got.key.fingerprint != keys[i].fingerprint:  # a fingerprint new to the track?
                seen = self._seen.setdefault(keys[i].fingerprint, [])
                if got not in seen:
                    bisect.insort(seen, got, key=lambda t: t.number)
            got.add(k, entry, keys[i])
            got.place = i
            present.append(got)
        self._order = _keep_removed(self._order, present, blog.order == "newest-first")
        self._spans.append(_span(blog, keys))
        self._mark_removed(blog, keys, present, k)
        self.snapshots += 1

    def _mark_removed(self, blog: ParsedBlog, keys: list[_Key], present: list[_Open], k: int) -> None:
        """Tracks this snapshot lacks though its window covers them are removed: it reaches the start, or it holds
        entries newer and older than the track's last version, by time or by the page that last showed it."""
        newest_first = blog.order == "newest-first"
        self._pages.append(_Page(tuple(t.number for t in present), newest_first))
        here = {t.number: n for n, t in enumerate(present)}
        moments = [key.moment for key in keys if key.moment is not None]
        span = (min(moments), max(moments)) if moments else None
        ends = (present[0].number, present[-1].number) if present else (None, None)
        newest, oldest = ends if newest_first else ends[::-1]
        sides: dict[int, _Sides] = {}  # snapshot -> what this one holds of its page
        needed = {k}  # the pages the tracks still outside the window last stood on, and this one
        for t in self._tracks:
            if t.number in here or t.removed_in is not None:
                continue
            if blog.window.reaches_start:
                t.removed_in = k
                continue
            last = t.versions[-1].snapshot
            if last not in sides:
                page = self._pages[last]
                assert page is not None, "the page of a track outside the window is kept"
                sides[last] = _Sides(page, here, newest, oldest)
            newer, older = sides[last].newer_and_older(t.place)
            moment = t.key.moment if t.key is not None else None
            if moment is not None and span is not None:
                newer, older = newer or span[1] > moment, older or span[0] < moment
            if newer and older:
                t.removed_in = k
            else:
                needed.add(last)
        for n in range(len(self._pages)):
            if n not in needed:
                self._pages[n] = None

    def tracks(self) -> list[Track]:
        """Every entry ever seen, in the order of the latest page (absent ones where they stood).

        From a ``summary()``, each track's versions are the summary's: enough for anchors, not for pages.
        """
        return [t.close(self.snapshots - 1) for t in self._order]

    def _identical(self, keys: list[_Key], assigned: list[_Open | None], used: set[int]) -> None:
        """1. identical entries, each to the oldest free track with its fingerprint (also reordered twins)."""
        by_fp: dict[tuple[str, str | None, str], list[_Open]] = {}
        for t in self._tracks:
            if t.key is not None:
                by_fp.setdefault(t.key.fingerprint, []).append(t)
        cursor: Counter[tuple[str, str | None, str]] = Counter()
        for i, key in enumerate(keys):
            same = by_fp.get(key.fingerprint)
            if same and cursor[key.fingerprint] < len(same):
                hit = same[cursor[key.fingerprint]]
                cursor[key.fingerprint] += 1
                assigned[i] = hit
                used.add(id(hit))

    def _returning(self, keys: list[_Key], assigned: list[_Open | None], used: set[int]) -> None:
        """1b. an entry identical to an earlier version of a free track (an edit undone): the oldest such track."""
        for i, key in enumerate(keys):
            if assigned[i] is None:
                hit = next((t for t in self._seen.get(key.fingerprint, ()) if id(t) not in used), None)
                if hit is not None:
                    assigned[i] = hit
                    used.add(id(hit))

    @staticmethod
    def _same_key(keys: list[_Key], open_: list[bool], assigned: list[_Open | None], used: set[int],
                  free: list[_Open]) -> None:
        """2a. similarity 1.0 (same time, the same heading or text, no numbers apart): page order, then the
        oldest track.

        These pairs come first in the best-first order of 2b, and only equal texts score 1.0. A heading with
        numbers is compared with the tracks whose heading has the same numbers or none (``_numbers_differ``).
        """
        Index = dict[tuple[object, ...], list[_Open]]
        by_heading: Index = {}
        by_body: Index = {}  # every track
        by_body_numbered: Index = {}  # tracks whose heading has numbers, by them too
        by_body_plain: Index = {}  # tracks whose heading has none
        for t in free:  # creation order
            key = t.key
            assert key is not None
            by_heading.setdefault((key.time, key.heading), []).append(t)
            by_body.setdefault((key.time, key.body), []).append(t)
            if key.heading_numbers:
                by_body_numbered.setdefault((key.time, key.body, key.heading_numbers), []).append(t)
            else:
                by_body_plain.setdefault((key.time, key.body), []).append(t)
        start: dict[int, int] = {}  # id(list) -> first place that may be free
        for i, key in enumerate(keys):
            if not open_[i]:
                continue
            lists = [by_heading.get((key.time, key.heading))]
            if key.heading_numbers:
                lists += [by_body_numbered.get((key.time, key.body, key.heading_numbers)),
                          by_body_plain.get((key.time, key.body))]
            else:
                lists.append(by_body.get((key.time, key.body)))
            best: _Open | None = None
            for candidates in lists:
                if not candidates:
                    continue
                n = start.get(id(candidates), 0)
                while n < len(candidates) and id(candidates[n]) in used:
                    n += 1
                start[id(candidates)] = n
                if n < len(candidates) and (best is None or candidates[n].number < best.number):
                    best = candidates[n]
            if best is not None:
                assigned[i] = best
                used.add(id(best))

    @staticmethod
    def _similar(keys: list[_Key], open_: list[bool], assigned: list[_Open | None], used: set[int],
                 free: list[_Open], spans: list[Span], shared: _Shared) -> None:
        """2b. corrections, best first: bounds in a heap, refined to exact similarities only when on top.

        Candidates: the free tracks at the same time; at another time, those within ``SMALL_MOVE`` and the one
        with the same distinctive text or heading (what ``_may_move`` can allow).
        """
        todo = {i: key for i, key in enumerate(keys) if open_[i] and assigned[i] is None}
        if not todo or not free:
            return
        by_time: dict[str | None, list[_Open]] = {}
        by_body: dict[str, _Open] = {}
        by_heading: dict[str, _Open] = {}
        timed: list[tuple[float, int, _Open]] = []
        for t in free:
            key = t.key
            assert key is not None
            by_time.setdefault(key.time, []).append(t)
            if key.body not in shared.bodies:
                by_body[key.body] = t
            if key.heading not in shared.headings:
                by_heading[key.heading] = t
            if key.moment is not None:
                timed.append((key.moment, t.number, t))
        timed.sort(key=lambda x: (x[0], x[1]))
        moments = [m for m, _, _ in timed]
        heap: list[tuple[float, int, int, int, _Open]] = []
        for i, key in todo.items():
            for t in by_time.get(key.time, ()):
                old = t.key
                assert old is not None
                if _numbers_differ(key.heading_numbers, old.heading_numbers):
                    continue
                bound = max(_length_bound(key.heading, old.heading), _length_bound(key.body, old.body))
                if bound >= SAME_TIME_SIMILARITY:
                    heap.append((-bound, i, t.number, 0, t))
            if not key.has_body:
                continue
            moved: dict[int, _Open] = {}
            if key.moment is not None:
                lo = bisect.bisect_left(moments, key.moment - SMALL_MOVE)
                hi = bisect.bisect_right(moments, key.moment + SMALL_MOVE)
                moved.update((id(t), t) for _, _, t in timed[lo:hi])
            for same in (by_body.get(key.body), by_heading.get(key.heading) if key.heading else None):
                if same is not None:
                    moved[id(same)] = same
            for t in moved.values():
                old = t.key
                assert old is not None
                if old.time == key.time or not _may_move(key, old, spans[t.versions[-1].snapshot], shared):
                    continue
                bound = _length_bound(key.body, old.body)
                if bound >= MOVED_TIME_SIMILARITY:
                    heap.append((-(bound - 0.01), i, t.number, 0, t))
        heapq.heapify(heap)
        chars = _Chars()
        while heap:
            neg, i, number, stage, t = heapq.heappop(heap)
            if assigned[i] is not None or id(t) in used:
                continue
            key, old = todo[i], t.key
            assert old is not None
            same_time = key.time == old.time
            if stage == 0:  # characters in common
                if same_time:
                    bound = max(chars.bound(key.heading, old.heading), chars.bound(key.body, old.body))
                    if bound >= SAME_TIME_SIMILARITY:
                        heapq.heappush(heap, (-bound, i, number, 1, t))
                else:
                    bound = chars.bound(key.body, old.body)
                    if bound >= MOVED_TIME_SIMILARITY:
                        heapq.heappush(heap, (-(bound - 0.01), i, number, 1, t))
            elif stage == 1:  # the exact similarity, as the exhaustive matcher scores it (``_score``)
                if same_time:
                    best = max(_ratio(key.heading, old.heading), _ratio(key.body, old.body))
                    if best >= SAME_TIME_SIMILARITY:
                        heapq.heappush(heap, (-best, i, number, 2, t))
                elif (body := _ratio(key.body, old.body)) >= MOVED_TIME_SIMILARITY:
                    heapq.heappush(heap, (-(body - 0.01), i, number, 2, t))
            else:
                assigned[i] = t
                used.add(id(t))


def _keep_removed(order: list[_Open], present: list[_Open], newest_first: bool = True) -> list[_Open]:
    """The latest page's tracks, each absent one put back right after the track that stood above it; those
    that stood at the top, right above the first track below them that the page holds (entries added on top
    since are newer: they go above them); when the page holds none of the tracks before, below it if it runs
    newest first (they are older than all it holds), else above it."""
    here = {id(t) for t in present}
    after: dict[int, _Open] = {}  # id(track) -> the absent track that stood right below it
    top: _Open | None = None
    below_top: _Open | None = None  # the first track of the page that stood below the absent ones at the top
    for n, t in enumerate(order):
        if id(t) not in here:
            if n == 0:
                top = t
            else:
                after[id(order[n - 1])] = t
        elif top is not None and below_top is None:
            below_top = t
    merged: list[_Open] = []

    def put(t: _Open | None) -> None:
        while t is not None:
            merged.append(t)
            t = after.get(id(t))

    if below_top is None and not newest_first:
        put(top)
    for t in present:
        if t is below_top:
            put(top)
        put(t)
    if below_top is None and newest_first:
        put(top)
    return merged


def track_entries(slug: str, snapshots: Iterable[ParsedBlog]) -> list[Track]:
    """Tracks for every entry ever seen, in the order of the latest page (absent ones where they stood)."""
    tracker = Tracker(slug)
    for blog in snapshots:
        tracker.add(blog)
    return tracker.tracks()
