"""The matcher as first written: every new entry scored against every free track (quadratic).

Kept as the reference the linear matcher in ``kiroku.history`` must agree with (tests/test_history_match.py);
not used by Kiroku itself. It applies the same rules (``_score`` says whether and how well a pair matches)
without any index, and works out which absent tracks are removed on its own, by looking at every track.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from kiroku import ids
from kiroku.history import SAME_TIME_SIMILARITY, Span, Track, _Key, _Open, _score, _Shared
from kiroku.model import ParsedBlog


def _span(blog: ParsedBlog, keys: Sequence[_Key]) -> Span:
    moments = [k.moment for k in keys if k.moment is not None]
    if not moments:
        return (-math.inf, math.inf)
    return (-math.inf if blog.window.reaches_start else min(moments), max(moments))


def track_entries_exhaustive(slug: str, snapshots: Sequence[ParsedBlog]) -> list[Track]:
    """Tracks for every entry ever seen, in the order of the latest page (absent ones where they stood)."""
    tracks: list[_Open] = []
    taken: set[str] = set()
    order: list[_Open] = []
    spans: list[Span] = []
    pages: list[tuple[list[_Open], bool]] = []  # each snapshot's tracks in page order, and whether it runs newest first
    shown: dict[int, set[tuple[str, str | None, str]]] = {}  # id(track) -> every fingerprint it showed
    for k, blog in enumerate(snapshots):
        entries = list(blog.entries)
        keys = [_Key.of(e) for e in entries]
        assigned: list[_Open | None] = [None] * len(entries)
        free = list(tracks)
        # 1. identical entries (also catches reordered same-minute twins)
        for i, key in enumerate(keys):
            hit = next((t for t in free if t.key is not None and t.key.fingerprint == key.fingerprint), None)
            if hit is not None:
                assigned[i] = hit
                free.remove(hit)
        # 1b. an entry identical to an earlier version of a free track
        for i, key in enumerate(keys):
            if assigned[i] is None:
                hit = next((t for t in free if key.fingerprint in shown[id(t)]), None)
                if hit is not None:
                    assigned[i] = hit
                    free.remove(hit)
        # An entry some track showed is that track's post, never another's revision.
        ever = {fp for fps in shown.values() for fp in fps}
        # 2. corrections, best first
        shared = _Shared.of(t.key for t in free if t.key is not None)
        scored = sorted(
            ((s, i, n) for i, key in enumerate(keys) if assigned[i] is None and key.fingerprint not in ever
             for n, t in enumerate(free)
             if t.key is not None and (s := _score(key, t.key, spans[t.versions[-1].snapshot], shared)) is not None),
            key=lambda x: (-x[0], x[1], x[2]),
        )
        assert all(s >= SAME_TIME_SIMILARITY for s, _, _ in scored)
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
                shown[id(track)] = set()
                assigned[i] = track
        for i, entry in enumerate(entries):
            assigned[i].add(k, entry, keys[i])  # type: ignore[union-attr]
            shown[id(assigned[i])].add(keys[i].fingerprint)
        present = [t for t in assigned if t is not None]
        spans.append(_span(blog, keys))
        # Keep absent tracks where they last stood: after the entry that was above them; the first one, when it
        # stood at the top, right above the first entry of this page that stood below it (none: at the bottom of
        # a page that runs newest first, at the top of one that runs oldest first).
        merged = list(present)
        for t in order:
            if t in present:
                continue
            above = order[: order.index(t)]
            anchor_above = next((a for a in reversed(above) if a in merged), None)
            if anchor_above is not None:
                merged.insert(merged.index(anchor_above) + 1, t)
                continue
            anchor_below = next((b for b in order[order.index(t) + 1:] if b in present), None)
            if anchor_below is not None:
                merged.insert(merged.index(anchor_below), t)
            else:
                merged.insert(len(present) if blog.order == "newest-first" else 0, t)
        order = merged
        # Removed: absent, and this snapshot reaches the start or holds entries newer and older than it: by time,
        # or by the page that last showed it (an entry of that page above or below it; or, beside entries of that
        # page, one above all of them it did not show, written since, or one below all of them, beyond its window).
        pages.append((present, blog.order == "newest-first"))
        ends = (present[0], present[-1]) if present else (None, None)
        newest, oldest = ends if blog.order == "newest-first" else ends[::-1]
        for t in tracks:
            if t in present or t.removed_in is not None:
                continue
            page, newest_first = pages[t.versions[-1].snapshot]
            place = page.index(t)
            shared = [n for n, u in enumerate(page) if u in present]
            above = any(n < place for n in shared)
            below = any(n > place for n in shared)
            newer, older = (above, below) if newest_first else (below, above)
            newer = newer or (bool(shared) and newest not in page)
            older = older or (bool(shared) and oldest not in page)
            moment = t.key.moment if t.key is not None else None
            moments = [key.moment for key in keys if key.moment is not None] if moment is not None else []
            newer = newer or any(m > moment for m in moments)  # type: ignore[operator]
            older = older or any(m < moment for m in moments)  # type: ignore[operator]
            if blog.window.reaches_start or (newer and older):
                t.removed_in = k
    last = len(snapshots) - 1
    return [t.close(last) for t in order]
