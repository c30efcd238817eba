"""The matcher as first written: every new entry scored against every free track (quadratic).

Kept as the reference the linear matcher in ``kiroku.history`` must agree with (tests/test_history_match.py);
not used by Kiroku itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from kiroku import ids
from kiroku.history import Track, _Open, _similarity, fingerprint
from kiroku.model import ParsedBlog


def track_entries_exhaustive(slug: str, snapshots: Sequence[ParsedBlog]) -> list[Track]:
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
