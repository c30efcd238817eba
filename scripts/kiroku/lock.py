"""sources/anchors.lock: every anchor ever minted. Once minted, never reused and never dropped."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import ids
from .errors import KirokuError
from .history import Track

LOCK_NAME = "anchors.lock"
_HINT_RESTORE = "restore sources/anchors.lock from git (git checkout -- sources/anchors.lock)"


@dataclass(frozen=True)
class LockedEntry:
    first_seed: str
    heading: str  # the heading when the anchor was minted
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Fact:
    """What the lock checks and records of one built entry: a track reduced to a few strings, so that a
    large archive's generation need not keep every track until the end."""

    anchor: str
    first_seed: str
    heading: str  # the heading its first version had
    paragraphs: tuple[str, ...]  # every paragraph anchor any version had, in number order

    @classmethod
    def of(cls, track: Track) -> Fact:
        paragraphs = tuple(sorted({a for v in track.versions for a in v.paragraph_anchors}, key=ids.paragraph_number))
        return cls(track.anchor, track.first.seed, track.first.entry.heading, paragraphs)


@dataclass
class Lock:
    entries: dict[str, dict[str, LockedEntry]] = field(default_factory=dict)  # slug -> anchor -> entry
    terms: dict[str, str] = field(default_factory=dict)  # term id -> name when first recorded

    def dump(self) -> str:
        data = {
            "version": 1,
            "about": "Every anchor Kiroku has minted. Committed with the project; never edit by hand.",
            "sources": {
                slug: {
                    anchor: {"first_seed": e.first_seed, "heading": e.heading, "paragraphs": list(e.paragraphs)}
                    for anchor, e in sorted(entries.items())
                }
                for slug, entries in sorted(self.entries.items())
            },
            "terms": dict(sorted(self.terms.items())),
        }
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def load_lock(path: Path) -> Lock:
    """Read the lock; a damaged or hand-broken lock is an error naming the file and line."""
    if not path.exists():
        return Lock()
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise KirokuError(f"the anchor lock is not valid JSON: {exc.msg}", path=path, line=exc.lineno,
                          hint=_HINT_RESTORE) from None

    def bad(what: str, needle: str | None = None) -> KirokuError:
        line = None
        if needle is not None:
            pos = text.find(json.dumps(needle, ensure_ascii=False))
            line = text.count("\n", 0, pos) + 1 if pos >= 0 else None
        return KirokuError(f"the anchor lock is damaged: {what}", path=path, line=line, hint=_HINT_RESTORE)

    if not isinstance(data, dict) or data.get("version") != 1:
        raise bad("expected an object with version 1")
    sources, terms = data.get("sources"), data.get("terms")
    if not isinstance(sources, dict) or not isinstance(terms, dict):
        raise bad("expected 'sources' and 'terms' objects")
    lock = Lock()
    seen: dict[str, str] = {}
    for slug, entries in sources.items():
        if not ids.SLUG_RE.fullmatch(slug) or not isinstance(entries, dict):
            raise bad(f"source {slug!r} is not a slug with an object of anchors", slug)
        lock.entries[slug] = {}
        for anchor, e in entries.items():
            if not ids.ANCHOR_RE.fullmatch(anchor) or not isinstance(e, dict):
                raise bad(f"{anchor!r} is not an anchor", anchor)
            if anchor in seen:
                raise bad(f"anchor {anchor} is recorded for both {seen[anchor]} and {slug}", anchor)
            seen[anchor] = slug
            paragraphs = e.get("paragraphs")
            if not isinstance(e.get("first_seed"), str) or not isinstance(e.get("heading"), str) or not (
                isinstance(paragraphs, list) and all(_is_paragraph_of(anchor, p) for p in paragraphs)
            ):
                raise bad(f"entry {anchor} needs first_seed, heading and paragraphs of the form {anchor}-pN", anchor)
            lock.entries[slug][anchor] = LockedEntry(e["first_seed"], e["heading"], tuple(paragraphs))
    for term_id, name in terms.items():
        if not ids.ID_RE.fullmatch(term_id) or not isinstance(name, str):
            raise bad(f"term {term_id!r} is not an id with a name", term_id)
        lock.terms[term_id] = name
    return lock


def reconcile(lock: Lock, tracks: Mapping[str, Sequence[Track | Fact]], terms: Mapping[str, str],
              lock_path: Path) -> int:
    """Check the build keeps every locked anchor, then record the new ones. Returns how many were added.

    ``tracks``: per source, its tracks or their ``Fact``s. Raises when the build would drop a locked anchor or
    when an anchor would name another entry than the one it was minted for: the tool cannot resolve that
    safely, so it never re-mints.
    """
    built: dict[str, tuple[str, Fact]] = {}
    for slug, slug_tracks in tracks.items():
        for t in slug_tracks:
            fact = t if isinstance(t, Fact) else Fact.of(t)
            built[fact.anchor] = (slug, fact)
    for slug, locked in lock.entries.items():
        for anchor, e in locked.items():
            if anchor not in built:
                raise KirokuError(
                    f"this build would drop anchor {anchor} ({e.heading!r}, first seen in seeds/{e.first_seed})",
                    path=lock_path,
                    hint=f"anchors are permanent: restore the snapshot list in sources/{slug}.yaml and the seeds it "
                    "names, or undo the change to the parser",
                )
            built_slug, fact = built[anchor]
            if built_slug != slug or fact.first_seed != e.first_seed or fact.heading != e.heading:
                raise KirokuError(
                    f"anchor {anchor} was minted for {e.heading!r} (seeds/{e.first_seed}, {slug}) "
                    f"but this build gives it to {fact.heading!r} (seeds/{fact.first_seed}, {built_slug})",
                    path=lock_path,
                    hint="the lock and the seeds disagree; nothing was re-minted. Restore the seeds and metadata the "
                    "lock was made from, or report this as a bug",
                )
            have = set(fact.paragraphs)
            lost = [p for p in e.paragraphs if p not in have]
            if lost:
                raise KirokuError(f"this build would drop paragraph anchor(s) {', '.join(lost)}", path=lock_path,
                                  hint="anchors are permanent: undo the change that lost them")
    for term_id, name in lock.terms.items():
        if term_id not in terms:
            raise KirokuError(
                f"register id {term_id} ({name}) is in the lock but no longer in sources/register.yaml",
                path=lock_path,
                hint="ids are permanent: put the entry back in the register (it may be renamed, not removed)",
            )
    added = 0
    for slug in tracks:
        lock.entries.setdefault(slug, {})
    for anchor, (slug, fact) in built.items():
        locked = lock.entries.setdefault(slug, {})
        old = locked.get(anchor)
        if old is None:
            added += 1
        elif old.paragraphs == fact.paragraphs:
            continue
        else:
            added += len(set(fact.paragraphs) - set(old.paragraphs))
        locked[anchor] = LockedEntry(fact.first_seed, fact.heading, fact.paragraphs)
    for term_id, name in terms.items():
        if term_id not in lock.terms:
            lock.terms[term_id] = name
            added += 1
    return added


def _is_paragraph_of(anchor: str, paragraph: object) -> bool:
    """``e-…-p3`` of entry ``e-…``, as ``ids.mint("paragraph", …)`` makes it."""
    if not isinstance(paragraph, str) or not paragraph.startswith(anchor + "-p"):
        return False
    try:
        return paragraph == ids.mint("paragraph", anchor, str(ids.paragraph_number(paragraph)))
    except ValueError:
        return False
