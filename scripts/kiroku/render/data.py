"""``data/entries.json``: every entry of every live blog, with its versions, for machines."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .. import site
from ..history import Track, Version, block_text
from ..mentions import Matcher
from ..model import Block, EntryTime, ListBlock
from .view import BlogView, entry_mentions


def _time_json(t: EntryTime | None) -> dict[str, str] | None:
    return None if t is None else {"datetime": t.iso, "precision": t.precision, "qualifier": t.qualifier}


def _block_json(block: Block) -> dict[str, object]:
    if isinstance(block, ListBlock):
        return {"type": "list", "items": list(block.items), "line": block.line}
    return {"type": "paragraph", "text": block.text, "line": block.line}


def _revision_json(version: Version) -> dict[str, object]:
    return {
        "seed": f"seeds/{version.seed}",
        "heading": version.entry.heading,
        "datetime": version.entry.time.iso if version.entry.time else None,
        "lines": list(version.entry.lines),
        "paragraph_ids": list(version.paragraph_anchors),
        "paragraphs": [block_text(bl) for bl in version.entry.body],
    }


def entry_record(view: BlogView, track: Track, matcher: Matcher | None = None) -> dict[str, object]:
    entry, anchor = track.latest.entry, track.anchor
    b = entry.bounds
    versions = track.versions
    return {
        "id": anchor,
        "source": view.slug,
        "heading": entry.heading,
        "datetime": entry.time.iso if entry.time else None,
        "precision": entry.time.precision if entry.time else None,
        "qualifier": entry.time.qualifier if entry.time else None,
        "bounds": None if b is None else {"after": _time_json(b.after), "before": _time_json(b.before)},
        "day": entry.day,
        "seed": f"seeds/{entry.seed}",
        "lines": list(entry.lines),
        "url": site.entry_url(view.slug, anchor),
        "paragraphs": [_block_json(bl) for bl in entry.body],
        "paragraph_ids": list(track.latest.paragraph_anchors),
        "mentions": entry_mentions(entry, matcher),
        "removed": track.removed,
        "status": track.status,
        "last_seen": track.last_seen + 1,
        "named_from_text": entry.named_from_text,
        **({"entry_url": entry.url} if entry.url else {}),
        "snapshots": [v.seed for v in versions],
        "revisions": [
            _revision_json(v)
            for n, v in enumerate(versions)
            if n == 0 or v.fingerprint != versions[n - 1].fingerprint
        ],
    }


def render_entries_json(views: Sequence[BlogView], matcher: Matcher | None = None) -> str:
    records = [entry_record(v, t, matcher) for v in sorted(views, key=lambda v: v.slug) for t in v.tracks]
    return json.dumps({"version": 1, "entries": records}, ensure_ascii=False, indent=1) + "\n"
