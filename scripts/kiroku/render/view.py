"""One live blog ready to render, and the texts in it that can mention a register term."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from .. import ids
from ..history import Status, Track
from ..mentions import Matcher
from ..model import Block, Entry, ListBlock, ParsedBlog
from ..sources import Source


@dataclass(frozen=True)
class BlogView:
    """One live blog ready to render: its metadata, its latest parse, and every entry ever seen as a track."""

    source: Source
    blog: ParsedBlog  # the latest snapshot
    tracks: tuple[Track, ...]  # in page order; absent entries (removed or outside the window) where they last stood

    @property
    def slug(self) -> str:
        return self.source.slug

    @property
    def title(self) -> str:
        """The live blog's title as its metadata gives it (``kiroku ingest --title``, else the capture's first line)."""
        return self.source.title

    @property
    def anchors(self) -> tuple[str, ...]:
        return tuple(t.anchor for t in self.tracks)

    @property
    def entries(self) -> tuple[Entry, ...]:
        """The latest version of every entry, removed ones included."""
        return tuple(t.latest.entry for t in self.tracks)

    @cached_property
    def _by_anchor(self) -> dict[str, Track]:
        return {t.anchor: t for t in self.tracks}

    def track(self, anchor: str) -> Track:
        return self._by_anchor[anchor]

    def removed(self, anchor: str) -> bool:
        return self.track(anchor).removed

    def status(self, anchor: str) -> Status:
        return self.track(anchor).status

    def capture_number(self, track: Track) -> int:
        """The number of the last capture that showed the entry (1: the first); 「第N回の取得」."""
        return track.last_seen + 1

    def counts(self) -> tuple[int, int]:
        """Entries removed from the source, and entries outside the latest capture's window."""
        return (sum(t.status == "removed" for t in self.tracks), sum(t.status == "outside-window" for t in self.tracks))

    def chronological(self) -> list[tuple[Entry, str]]:
        """Entries in time order (oldest first); same-time entries keep the page's order."""
        pairs = list(zip(self.entries, self.anchors, strict=True))
        return pairs[::-1] if self.blog.order == "newest-first" else pairs

    def days(self) -> list[tuple[str, list[tuple[Entry, str]]]]:
        grouped: dict[str, list[tuple[Entry, str]]] = {}
        for entry, anchor in self.chronological():
            grouped.setdefault(entry.day, []).append((entry, anchor))
        return sorted(grouped.items())


def _texts(blocks: tuple[Block, ...]) -> list[str]:
    texts: list[str] = []
    for block in blocks:
        texts.extend(block.items if isinstance(block, ListBlock) else (block.text,))
    return texts


def entry_texts(entry: Entry) -> list[str]:
    """An entry's own text: its heading, paragraphs and list items."""
    return [entry.heading, *_texts(entry.body)]


def entry_mentions(entry: Entry, matcher: Matcher | None) -> list[str]:
    """Ids of the terms an entry mentions (heading, then body), in order of first mention."""
    if matcher is None:
        return []
    return matcher.ids_in(entry_texts(entry))


def blog_texts(view: BlogView) -> list[tuple[str, str, list[str]]]:
    """Blog-level text that can mention terms: (label, heading, texts) for the lead and each background section."""
    out = [(ids.mint("blog", view.slug, "lead"), "前文", [p.text for p in view.blog.lead])]
    for n, section in enumerate(view.blog.background, 1):
        out.append((ids.mint("blog", view.slug, f"background-{n}"), section.heading,
                    [section.heading, *_texts(section.body)]))
    return out
