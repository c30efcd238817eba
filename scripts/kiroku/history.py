"""Entries across snapshots of one live blog: who is who from capture to capture. Pure; no I/O.

A live blog changes while it is live: entries are added on top, headings corrected, text edited,
entries removed. Each entry becomes a *track* with one permanent anchor and the versions it had.
Later snapshots are matched to the tracks so far: identical entries first, then entries at the
same time with similar heading or text, then entries whose text is nearly the same (a corrected
time). What does not match gets a new anchor; a track missing from the latest snapshot is removed,
never dropped.

``Tracker`` matches one snapshot at a time and can be resumed (the build caches it). An entry is compared
only with plausible tracks (the same fingerprint; the same time and heading or text; a text sharing rare
characters), and exact similarities are computed lazily, best bound first, so the decisions are those of
scoring every pair (``tests/history_exhaustive.py``, held to it by a property test) in about linear time.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import gc
import heapq
import math
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from . import ids
from .model import Block, Entry, ListBlock, Paragraph, ParsedBlog, block_text, body_text

SAME_TIME_SIMILARITY = 0.5  # heading or text, for an entry at the same time: a correction
MOVED_TIME_SIMILARITY = 0.85  # text, for an entry whose time changed
PARAGRAPH_SIMILARITY = 0.6  # an edited paragraph keeps its anchor


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
    removed: bool  # absent from the latest snapshot
    retired_paragraphs: tuple[tuple[str, int], ...]  # (paragraph anchor, version index) no longer in the latest text

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


def _similarity(new: Entry, old: Entry) -> float | None:
    """How sure we are that ``new`` is a later version of ``old``; None when it cannot be."""
    same_time = (new.time.iso if new.time else None) == (old.time.iso if old.time else None)
    heading = _ratio(_norm(new.heading), _norm(old.heading))
    body = _ratio(_norm(body_text(new)), _norm(body_text(old)))
    if same_time:
        best = max(heading, body)
        return best if best >= SAME_TIME_SIMILARITY else None
    if body >= MOVED_TIME_SIMILARITY and body_text(new).strip():
        return body - 0.01  # a same-time match of equal strength wins
    return None


class _Open:
    """A track being built."""

    def __init__(self, anchor: str, number: int = 0) -> None:
        self.anchor = anchor
        self.number = number  # creation order: ties between equally good tracks go to the older one
        self.key: _Key | None = None  # of the latest version
        self.versions: list[Version] = []
        self.paragraphs: list[tuple[str, str]] = []  # (anchor, latest text) of every paragraph ever seen
        self.counter = 0

    @property
    def entry(self) -> Entry:
        return self.versions[-1].entry

    def add(self, snapshot: int, entry: Entry, key: _Key | None = None) -> None:
        self.key = key = key or _Key.of(entry)
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
        return Track(
            anchor=self.anchor,
            versions=tuple(self.versions),
            removed=self.versions[-1].snapshot != last_snapshot,
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

    @staticmethod
    def of(entry: Entry) -> _Key:
        fp = fingerprint(entry)
        return _Key(fp, fp[1], fp[0], fp[2], bool(body_text(entry).strip()))


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


# A moved-time match needs body similarity >= MOVED_TIME_SIMILARITY, so the characters in common (as
# multisets) are at least ALPHA times the longer text: two such texts share one of the rarest
# len - ceil(ALPHA * len) + 1 characters of each (prefix filtering). ALPHA is rounded down: longer prefixes.
_ALPHA = math.floor(MOVED_TIME_SIMILARITY / (2 - MOVED_TIME_SIMILARITY) * 1000) / 1000


def _tokens(text: str) -> list[tuple[str, int]]:
    seen: Counter[str] = Counter()
    out = []
    for ch in text:
        seen[ch] += 1
        out.append((ch, seen[ch]))
    return out


def _moved_candidates(new: dict[int, _Key], free: Sequence[_Open]) -> dict[int, list[_Open]]:
    """For each new entry with text, the free tracks at another time whose text could be similar enough."""
    wanted = {i: k for i, k in new.items() if k.has_body}
    if not wanted:
        return {}
    tokens = {i: _tokens(k.body) for i, k in wanted.items()}
    old_tokens = {id(t): _tokens(t.key.body) for t in free if t.key is not None}
    freq: Counter[tuple[str, int]] = Counter()
    for toks in (*tokens.values(), *old_tokens.values()):
        freq.update(toks)

    def prefix(toks: list[tuple[str, int]]) -> list[tuple[str, int]]:
        keep = len(toks) - math.ceil(_ALPHA * len(toks)) + 1
        return sorted(toks, key=lambda tok: (freq[tok], tok))[:keep]

    index: dict[tuple[str, int], list[_Open]] = {}
    empty: list[_Open] = []
    for t in free:
        toks = old_tokens[id(t)]
        if not toks:
            empty.append(t)
        for tok in prefix(toks):
            index.setdefault(tok, []).append(t)
    found: dict[int, list[_Open]] = {}
    for i, key in wanted.items():
        seen: dict[int, _Open] = {}
        for tok in prefix(tokens[i]) if tokens[i] else ():
            for t in index.get(tok, ()):
                seen.setdefault(id(t), t)
        if not tokens[i]:
            seen = {id(t): t for t in empty}
        found[i] = [t for t in seen.values() if t.key is not None and t.key.time != key.time]
    return found


class Tracker:
    """The tracks of one source, snapshot by snapshot; ``add`` the next snapshot, read ``tracks()`` any time."""

    def __init__(self, slug: str) -> None:
        self.slug = slug
        self.snapshots = 0
        self._tracks: list[_Open] = []  # in creation order
        self._taken: set[str] = set()
        self._order: list[_Open] = []  # the latest page, removed tracks where they last stood
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
        free = [t for t in self._tracks if id(t) not in used]
        self._same_key(keys, assigned, used, free)
        self._similar(keys, assigned, used, [t for t in free if id(t) not in used])
        for i, entry in enumerate(entries):  # what is left is new
            if assigned[i] is None:
                track = _Open(ids.mint_entry(self.slug, entry, self._taken), len(self._tracks))
                self._tracks.append(track)
                assigned[i] = track
        for i, entry in enumerate(entries):
            assigned[i].add(k, entry, keys[i])  # type: ignore[union-attr]
        self._order = _keep_removed(self._order, [t for t in assigned if t is not None])
        self.snapshots += 1

    def tracks(self) -> list[Track]:
        """Every entry ever seen, in the order of the latest page (removed ones where they stood).

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

    @staticmethod
    def _same_key(keys: list[_Key], assigned: list[_Open | None], used: set[int], free: list[_Open]) -> None:
        """2a. similarity 1.0 (same time, the same heading or text): page order, then the oldest track.

        These pairs come first in the best-first order of 2b, and only equal texts score 1.0.
        """
        by_heading: dict[tuple[str | None, str], list[_Open]] = {}
        by_body: dict[tuple[str | None, str], list[_Open]] = {}
        for t in free:  # creation order
            assert t.key is not None
            by_heading.setdefault((t.key.time, t.key.heading), []).append(t)
            by_body.setdefault((t.key.time, t.key.body), []).append(t)
        start: dict[int, int] = {}  # id(list) -> first place that may be free
        for i, key in enumerate(keys):
            if assigned[i] is not None:
                continue
            best: _Open | None = None
            for candidates in (by_heading.get((key.time, key.heading)), by_body.get((key.time, key.body))):
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
    def _similar(keys: list[_Key], assigned: list[_Open | None], used: set[int], free: list[_Open]) -> None:
        """2b. corrections, best first: bounds in a heap, refined to exact similarities only when on top."""
        todo = {i: key for i, key in enumerate(keys) if assigned[i] is None}
        if not todo or not free:
            return
        by_time: dict[str | None, list[_Open]] = {}
        for t in free:
            assert t.key is not None
            by_time.setdefault(t.key.time, []).append(t)
        heap: list[tuple[float, int, int, int, _Open]] = []
        for i, key in todo.items():
            for t in by_time.get(key.time, ()):
                assert t.key is not None
                bound = max(_length_bound(key.heading, t.key.heading), _length_bound(key.body, t.key.body))
                if bound >= SAME_TIME_SIMILARITY:
                    heap.append((-bound, i, t.number, 0, t))
        for i, tracks in _moved_candidates(todo, free).items():
            for t in tracks:
                assert t.key is not None
                bound = _length_bound(todo[i].body, t.key.body)
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
            elif stage == 1:  # the exact similarity, as the exhaustive matcher scores it
                if same_time:
                    best = max(_ratio(key.heading, old.heading), _ratio(key.body, old.body))
                    if best >= SAME_TIME_SIMILARITY:
                        heapq.heappush(heap, (-best, i, number, 2, t))
                elif key.has_body and (body := _ratio(key.body, old.body)) >= MOVED_TIME_SIMILARITY:
                    heapq.heappush(heap, (-(body - 0.01), i, number, 2, t))
            else:
                assigned[i] = t
                used.add(id(t))


def _keep_removed(order: list[_Open], present: list[_Open]) -> list[_Open]:
    """The latest page's tracks, each removed one put back right after the track that stood above it."""
    here = {id(t) for t in present}
    after: dict[int, _Open] = {}  # id(track) -> the removed track that stood right below it
    top: _Open | None = None
    for n, t in enumerate(order):
        if id(t) not in here:
            if n == 0:
                top = t
            else:
                after[id(order[n - 1])] = t
    merged: list[_Open] = []

    def put(t: _Open | None) -> None:
        while t is not None:
            merged.append(t)
            t = after.get(id(t))

    put(top)
    for t in present:
        put(t)
    return merged


def track_entries(slug: str, snapshots: Iterable[ParsedBlog]) -> list[Track]:
    """Tracks for every entry ever seen, in the order of the latest page (removed ones where they stood)."""
    tracker = Tracker(slug)
    for blog in snapshots:
        tracker.add(blog)
    return tracker.tracks()
