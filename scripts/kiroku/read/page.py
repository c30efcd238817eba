"""The plain data of a web capture, read once from its bytes: the page's metadata, its entries when
the page gives them as structured data, its main content as text lines for the capture profiles, and
the window it holds (the page, and the older pages read with it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..model import Window


@dataclass(frozen=True)
class PageMeta:
    """What the page (and the archive record it came in) says about itself; None when it says nothing."""

    title: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    url: str | None = None
    language: str | None = None
    captured: str | None = None  # the archive record's capture date (WARC-Date), YYYY-MM-DD
    offsets: tuple[str, ...] = ()  # the UTC offsets of the structured entries' times (+09:00)
    older: str | None = None  # the page's link to its older page (``older.older_link``), resolved against its address


@dataclass(frozen=True)
class WebEntry:
    """One entry as structured data gives it: the time exact, as written (or None)."""

    heading: str | None
    time: dt.datetime | None  # aware
    seconds: bool  # the page gave the time to the second
    body: tuple[tuple[int, str], ...]  # (source line, text); list items start with ▼
    line: int
    url: str | None = None
    shown: str | None = None  # the clock the page shows beside the machine time, as written
    ident: str | None = None  # the post's own id (its element's id, #fragment; a permalink), to know it again


@dataclass(frozen=True)
class Page:
    """A web capture: ``kind`` (html, warc, wacz), where its page lies, and what was read from it.

    ``structured`` is ``(format, entries)`` when the page gives its entries as data that survived
    ``evidence.weigh`` (``json-ld`` or ``microdata``: a schema.org LiveBlogPosting; ``time-elements``:
    ``<article>`` blocks with ``<time datetime>``); ``reasons`` says why each reader was or was not used.
    ``lines`` is the main content as text (what the text profiles read otherwise), the page's title
    first, with each line's source line in the page (``source_lines``) and ``<time datetime>`` values
    by text line. ``window``: the addresses the capture was read from (a live page and its older pages,
    newest first) and whether the last of them links to no older page.
    """

    kind: str
    path: str
    meta: PageMeta
    lines: tuple[str, ...]
    source_lines: tuple[int, ...]
    times: dict[int, list[str]] = field(default_factory=dict)
    structured: tuple[str, tuple[WebEntry, ...]] | None = None
    lead: tuple[tuple[int, str], ...] = ()
    reasons: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    window: Window = field(default_factory=Window)
