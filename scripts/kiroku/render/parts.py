"""One live blog's share of the archive, rendered on its own, and the archive-wide files made from those shares.

A large archive is generated blog by blog (``kiroku.build``): each blog's pages are written as they come and
only its ``BlogParts`` summary (its line in the archive index, its citations, its ``data/entries.json``
records as text, its anchors for the lock) is kept until the archive-wide files are made, so memory does not
hold every track of every blog. A blog's parts are what the render cache keeps.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from typing import Any, cast

from .. import site
from ..lock import Fact
from ..mentions import Matcher
from .blog import Listing, render_blog, render_day
from .data import entry_record
from .entry import render_entry
from .glossary import Citation, view_citations
from .view import BlogView


@dataclass(frozen=True)
class BlogParts:
    listing: Listing
    files: tuple[tuple[str, str], ...]  # (path under docs/archive/, text) of its blog, day and entry pages
    citations: tuple[tuple[str, Citation], ...]  # (term id, citation), as ``view_citations`` orders them
    records: str  # its data/entries.json records, as they stand in that file, joined by ",\n" ("" if none)
    facts: tuple[Fact, ...]  # what the anchor lock checks and records
    warnings: tuple[str, ...]
    line: str  # the per-source line a build prints

    @property
    def slug(self) -> str:
        return self.listing.slug

    @property
    def anchors(self) -> tuple[str, ...]:
        return tuple(f.anchor for f in self.facts)

    def plain(self) -> tuple[object, ...]:
        """Built-in values only, for the render cache (``kiroku.cache.save_parts``)."""
        return (_flat(self.listing), self.files, tuple((t, _flat(c)) for t, c in self.citations), self.records,
                tuple(_flat(f) for f in self.facts), self.warnings, self.line)

    @classmethod
    def from_plain(cls, data: object) -> BlogParts | None:
        """The parts ``plain`` gave, or None for anything else (a cache from other code is recomputed)."""
        try:
            blog, pages, cited, entries, anchors, said, line = cast("tuple[Any, ...]", data)
            parts = cls(Listing(*blog), tuple((str(p), str(t)) for p, t in pages),
                        tuple((str(t), Citation(*c)) for t, c in cited), str(entries),
                        tuple(Fact(a, s, h, tuple(p)) for a, s, h, p in anchors), tuple(said), str(line))
        except (TypeError, ValueError):
            return None
        return parts


def _flat(obj: object) -> tuple[object, ...]:
    return tuple(getattr(obj, f.name) for f in fields(obj))  # type: ignore[arg-type]


def _record_text(record: dict[str, object]) -> str:
    """One record as ``json.dumps(…, indent=1)`` writes it two levels down (in the list, in the object)."""
    return "  " + json.dumps(record, ensure_ascii=False, indent=1).replace("\n", "\n  ")  # strings hold no raw \n


def blog_parts(view: BlogView, matcher: Matcher) -> BlogParts:
    """Everything one live blog contributes to the archive."""
    files = [(site.source_file(site.blog_docname(view.slug)), render_blog(view, matcher))]
    for day, items in view.days():
        files.append((site.source_file(site.day_docname(view.slug, day)), render_day(view, day, items)))
    for track in view.tracks:
        page = site.source_file(site.entry_docname(view.slug, track.anchor))
        files.append((page, render_entry(view, track, matcher)))
    removed = sum(t.removed for t in view.tracks)
    line = (f"  {view.slug}: {len(view.tracks)} entries ({removed} removed) from {len(view.source.snapshots)} "
            f"snapshot(s), latest seeds/{view.source.latest.seed}")
    return BlogParts(
        listing=Listing(view.slug, view.title, view.source.publisher, view.source.published.isoformat(),
                        len(view.tracks)),
        files=tuple(files),
        citations=tuple(view_citations(view, matcher)),
        records=",\n".join(_record_text(entry_record(view, t, matcher)) for t in view.tracks),
        facts=tuple(Fact.of(t) for t in view.tracks),
        warnings=tuple(str(w) for w in view.blog.warnings),
        line=line,
    )


class EntriesJson:
    """data/entries.json written in pieces, one blog's ``BlogParts.records`` at a time in slug order: the same text
    as ``json.dumps({"version": 1, "entries": [...]}, ensure_ascii=False, indent=1)``, never whole in memory."""

    def __init__(self, write: Callable[[str], object]) -> None:
        self._write = write
        self._first = True
        write('{\n "version": 1,\n "entries": [')

    def add(self, records: str) -> None:
        if records:
            self._write(("\n" if self._first else ",\n") + records)
            self._first = False

    def close(self) -> None:
        self._write("]\n}\n" if self._first else "\n ]\n}\n")


def entries_json(records: Iterable[str]) -> str:
    """data/entries.json from the blogs' records, in memory (small archives, tests)."""
    pieces: list[str] = []
    writer = EntriesJson(pieces.append)
    for text in records:
        writer.add(text)
    writer.close()
    return "".join(pieces)
