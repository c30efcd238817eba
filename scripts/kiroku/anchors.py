"""Anchors: the permanent ASCII ids entries are cited by. One pure function makes them."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence

from .model import DATE_ONLY, Entry

ANCHOR_RE = re.compile(r"^[a-z][a-z0-9-]*$")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def _digest(*parts: str, length: int = 6) -> str:
    text = "\n".join(unicodedata.normalize("NFKC", p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def _stamp(entry: Entry) -> str:
    """``20230913-1940`` for a timed entry, ``20230912`` for a day, ``20230913-x`` untimed."""
    if entry.time is None:
        return entry.day.replace("-", "") + "-x"
    iso = entry.time.iso
    date = iso[:10].replace("-", "")
    if entry.time.precision in DATE_ONLY:
        return date if entry.time.precision == "day" else f"{date}-{entry.time.precision}"
    return f"{date}-{iso[11:13]}{iso[14:16]}"


def entry_anchor(source: str, entry: Entry, *, salt: str = "") -> str:
    """The anchor of one entry: ``e-<date>-<time>-<6 hex of source and heading>``.

    Made from the entry's data only (never from its position on the page), so the same
    seed always yields the same anchors. ``salt`` separates entries that would collide.
    """
    return f"e-{_stamp(entry)}-{_digest(source, entry.heading, salt)}"


def assign_anchors(source: str, entries: Sequence[Entry]) -> tuple[str, ...]:
    """Anchors for all entries of one capture, unique even for same-minute twins.

    A collision (same time and heading) is broken by the entry's text; identical
    entries then get ``-2``, ``-3``… in page order.
    """
    first = [entry_anchor(source, e) for e in entries]
    result: list[str] = []
    seen: set[str] = set()
    for entry, anchor in zip(entries, first):
        if first.count(anchor) > 1:
            text = "\n".join(p.text for p in entry.paragraphs)
            anchor = entry_anchor(source, entry, salt=text)
        base, n = anchor, 1
        while anchor in seen:
            n += 1
            anchor = f"{base}-{n}"
        seen.add(anchor)
        result.append(anchor)
    return tuple(result)
