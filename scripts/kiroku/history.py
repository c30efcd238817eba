"""Entries across snapshots of one live blog: who is who from capture to capture. Pure; no I/O.

A live blog changes while it is live: entries are added on top, headings corrected, text edited,
entries removed. Each entry becomes a *track* with one permanent anchor and the versions it had.
Later snapshots are matched to the tracks so far: identical entries first, then entries at the
same time with similar heading or text, then entries whose text is nearly the same (a corrected
time). What does not match gets a new anchor; a track missing from the latest snapshot is removed,
never dropped.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from . import ids
from .model import Block, Entry, ParsedBlog, block_text, body_text

SAME_TIME_SIMILARITY = 0.5  # heading or text, for an entry at the same time: a correction
MOVED_TIME_SIMILARITY = 0.85  # text, for an entry whose time changed
PARAGRAPH_SIMILARITY = 0.6  # an edited paragraph keeps its anchor


@dataclass(frozen=True)
class Version:
    snapshot: int  # index into the source's snapshots, oldest first
    seed: str
    entry: Entry
    paragraph_anchors: tuple[str, ...]  # one per block of entry.body


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
        return [(a, b) for a, b in pairs if fingerprint(a.entry) != fingerprint(b.entry)]


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

    def __init__(self, anchor: str) -> None:
        self.anchor = anchor
        self.versions: list[Version] = []
        self.paragraphs: list[tuple[str, str]] = []  # (anchor, latest text) of every paragraph ever seen
        self.counter = 0

    @property
    def entry(self) -> Entry:
        return self.versions[-1].entry

    def add(self, snapshot: int, entry: Entry) -> None:
        anchors = self._match_paragraphs(entry.body)
        self.versions.append(Version(snapshot, entry.seed, entry, anchors))

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


def track_entries(slug: str, snapshots: Sequence[ParsedBlog]) -> list[Track]:
    """Tracks for every entry ever seen, in the order of the latest page (removed ones where they stood)."""
    tracks: list[_Open] = []
    taken: set[str] = set()
    order: list[_Open] = []
    for k, blog in enumerate(snapshots):
        entries = list(blog.entries)
        assigned: list[_Open | None] = [None] * len(entries)
        free = list(tracks)
        # 1. identical entries (also catches reordered same-minute twins)
        for i, entry in enumerate(entries):
            fp = fingerprint(entry)
            hit = next((t for t in free if fingerprint(t.entry) == fp), None)
            if hit is not None:
                assigned[i] = hit
                free.remove(hit)
        # 2. corrections, best first
        scored = sorted(
            ((s, i, n) for i, e in enumerate(entries) if assigned[i] is None
             for n, t in enumerate(free) if (s := _similarity(e, t.entry)) is not None),
            key=lambda x: (-x[0], x[1], x[2]),
        )
        used: set[int] = set()
        for _, i, n in scored:
            if assigned[i] is None and n not in used:
                assigned[i] = free[n]
                used.add(n)
        # 3. new entries
        for i, entry in enumerate(entries):
            if assigned[i] is None:
                track = _Open(ids.mint_entry(slug, entry, taken))
                tracks.append(track)
                assigned[i] = track
        for i, entry in enumerate(entries):
            assigned[i].add(k, entry)  # type: ignore[union-attr]
        present = [t for t in assigned if t is not None]
        # Keep removed tracks where they last stood: after the entry that was above them.
        merged = list(present)
        for t in order:
            if t in present:
                continue
            above = order[: order.index(t)]
            anchor_above = next((a for a in reversed(above) if a in merged), None)
            merged.insert(merged.index(anchor_above) + 1 if anchor_above else 0, t)
        order = merged
    last = len(snapshots) - 1
    return [t.close(last) for t in order]
