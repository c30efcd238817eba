"""Plain data objects for parsed live blogs. No I/O, no behaviour beyond small helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# Part-of-day precisions (未明, 朝, 昼, 午後, 夜, 深夜) are a date alone, like "day".
Precision = Literal["second", "minute", "hour", "day", "predawn", "morning", "midday", "afternoon", "evening", "night"]
DATE_ONLY: frozenset[str] = frozenset({"day", "predawn", "morning", "midday", "afternoon", "evening", "night"})
Qualifier = Literal["exact", "after", "before", "about"]


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of text, exactly as in the seed (one line)."""

    text: str
    line: int


@dataclass(frozen=True)
class ListBlock:
    """A ▼ list: the items without their ▼ marker."""

    items: tuple[str, ...]
    line: int


Block = Paragraph | ListBlock


@dataclass(frozen=True)
class EntryTime:
    """When an entry happened, as precisely as the source says and no more.

    ``iso`` is an ISO 8601 datetime with offset for second/minute/hour precision (seconds only when the
    source gives them)
    (``2023-09-13T19:40:00+09:00``) and a date for day and part-of-day precision (``2023-09-12``).
    """

    iso: str
    precision: Precision
    qualifier: Qualifier


@dataclass(frozen=True)
class Bounds:
    """For an entry with no time: the times of its nearest timed neighbours."""

    after: EntryTime | None
    before: EntryTime | None


@dataclass(frozen=True)
class Entry:
    """One timestamped (or untimed) entry of a live blog."""

    heading: str
    time: EntryTime | None
    bounds: Bounds | None
    body: tuple[Block, ...]
    seed: str
    lines: tuple[int, int]
    position: int  # 0-based order on the source page (top first)
    day: str  # ISO date the entry is filed under (its own, or its bounds')
    named_from_text: bool = False  # the page gave no heading: this one is the entry's first sentence
    url: str | None = None  # the entry's own URL or @id, when a web page's structured data gives one

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(b for b in self.body if isinstance(b, Paragraph))


@dataclass(frozen=True)
class Section:
    """Background text that belongs to the live blog itself (e.g. 「…とは」)."""

    heading: str
    body: tuple[Block, ...]
    lines: tuple[int, int]


@dataclass(frozen=True)
class Window:
    """What part of a live blog one capture holds: a live page shows its newest posts, with links to older
    pages. ``pages``: the addresses it was read from, newest page first (empty for a file with no address).
    ``reaches_start``: the capture holds the blog's first entry (a text capture of the whole page, a page
    with no link to older posts, or the last of the older pages). The span of times it holds is its
    entries'."""

    pages: tuple[str, ...] = ()
    reaches_start: bool = True


@dataclass(frozen=True)
class ParsedBlog:
    """Everything parsed from one capture of a live blog."""

    title: str
    lead: tuple[Paragraph, ...]
    notes: tuple[Paragraph, ...]
    entries: tuple[Entry, ...]
    background: tuple[Section, ...]
    seed: str
    timezone: str | None = None  # set by a note such as 「※時刻の表記はすべて日本時間です。」
    order: Literal["newest-first", "oldest-first"] = "newest-first"
    warnings: tuple[str, ...] = field(default=())
    window: Window = field(default_factory=Window)  # what part of the blog this capture holds


def block_text(block: Block) -> str:
    """A paragraph's text, or a list's items one per line."""
    return "\n".join(block.items) if isinstance(block, ListBlock) else block.text


def body_text(entry: Entry) -> str:
    """Every block of an entry's body, lists included, one per line."""
    return "\n".join(block_text(b) for b in entry.body)
