"""The reading layer: a capture's bytes to one model of entries.

bytes -> ``load`` (``detect``: what kind of capture; ``decode``: its encoding) -> ``Capture`` ->
``parse``, the one place that chooses a reader -> ``ParseReport`` (a ``model.ParsedBlog`` and what
the reading found). The readers:

* ``text``: plain-text captures, one profile per shape of page (``read/text/``);
* a web page (HTML, or the page a WARC or WACZ holds, ``webpage``) is read by ``pages``, which
  weighs its structured data (JSON-LD, microdata: ``jsonld``, ``microdata``) against its markup
  (``<article>`` + ``<time>``: ``articles``), and otherwise reads its main content (``html``) as text
  with the text reader; a live page and the older pages an archive holds with it (``older``: the link
  from a page to its older page) are read as one page, and the blog's ``window`` says which pages they
  were and whether they reach its start;
* a JSON-LD document saved on its own (``.jsonld``, ``.json``) is read as a page with no markup.

No reader knows the others exist, but for the main-text reader handing text to ``text``. Everything
above this layer (``build``, ``ingest``, ``cli``) reads captures through this module only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import KirokuError
from . import detect, pages, text
from .decode import ENCODINGS, check_encoding, decode_seed
from .limits import DEFAULT, HEADING_CHARS, TITLE_CHARS, Limits
from .page import Page
from .text import PART_OF_DAY, Fit, ParseReport, describe, is_empty, zone
from .webpage import check_page_size, older_page, page_text, read_page
from .webpage import page_bodies as _page_bodies

__all__ = [
    "ENCODINGS",
    "HEADING_CHARS",
    "PART_OF_DAY",
    "TITLE_CHARS",
    "Capture",
    "Fit",
    "Limits",
    "ParseReport",
    "canonical",
    "check_format",
    "check_encoding",
    "check_not_empty",
    "describe",
    "is_empty",
    "load",
    "names",
    "older_page",
    "page_bodies",
    "parse",
    "read_file",
    "zone",
]

# Formats read from a web page's structure, not from lines of text (a source's ``format:`` may name them).
WEB_FORMATS: tuple[str, ...] = tuple(pages.STRUCTURED)


@dataclass(frozen=True)
class Capture:
    """A capture as read: its kind (text, html, warc, wacz, json), its text for people and tools
    (``kiroku suggest``, the stated date and zone), and for a web capture the ``Page`` read from it."""

    path: str
    kind: str
    text: str
    page: Page | None = None

    @property
    def empty(self) -> bool:
        """A text capture with nothing but white space (a page with no content is ``pages``' to say)."""
        return self.page is None and is_empty(self.text)


def load(raw: bytes, path: Path | str, *, encoding: str | None = None, url: str | None = None,
         limits: Limits | None = None) -> Capture:
    """Decode a capture's bytes: a text capture's text, or a web capture's page (``url`` picks the
    page of a WARC or WACZ holding several). ``limits``: what the read may take (``read.limits``; default
    the defaults)."""
    limits = limits or DEFAULT
    if not detect.is_archive(raw[:8]):  # a text, HTML or JSON capture is the page itself
        check_page_size(len(raw), path, detect.HTML if detect.is_html(raw[:1024]) else detect.TEXT, limits)
    kind = detect.kind(raw, path)
    if kind == detect.TEXT:
        return Capture(str(path), kind, decode_seed(raw, path, encoding))
    page = read_page(raw, path, kind, encoding=encoding, url=url, limits=limits)
    return Capture(str(path), kind, page_text(page), page)


def page_bodies(raw: bytes, path: Path | str, *, limits: Limits | None = None) -> tuple[bytes, ...] | None:
    """The bytes of the web pages a capture holds, in its order (an HTML capture itself; every HTML page of a
    WARC or WACZ: a seed ``kiroku capture`` wrote holds the live page, then its older pages); None for a text
    or JSON capture, or an archive of more pages than one capture is read from."""
    kind = detect.kind(raw, path)
    if kind in (detect.TEXT, detect.JSON):
        return None
    return _page_bodies(raw, path, kind, limits=limits)


def check_not_empty(capture: Capture, *, also: str = "") -> None:
    """The one empty-capture refusal (``also``: what the caller adds, such as "; nothing was written")."""
    if capture.empty:
        raise KirokuError(f"the capture is empty{also}", path=capture.path,
                          hint="check that the right file was captured (it holds no text)")


def read_file(path: Path, encoding: str | None = None, url: str | None = None, *,
              limits: Limits | None = None) -> Capture:
    """Read and decode a capture file (see ``load``); a page larger than the page limit is not even read."""
    limits = limits or DEFAULT
    try:
        with path.open("rb") as file:
            head = file.read(1024)
            if not detect.is_archive(head):
                size = os.fstat(file.fileno()).st_size
                check_page_size(size, path, detect.HTML if detect.is_html(head) else detect.TEXT, limits)
            raw = head + file.read()
    except OSError as exc:
        raise KirokuError(f"cannot read: {exc.strerror}", path=path) from None
    return load(raw, path, encoding=encoding, url=url, limits=limits)


def names() -> tuple[str, ...]:
    """Every name --format and a source's ``format:`` accept."""
    return text.names() + WEB_FORMATS


def canonical(name: str) -> str:
    """The format's name for a name or alias (``nhk`` is ``prefix-heading``)."""
    return name if name in WEB_FORMATS else text.canonical(name)


def check_format(name: str) -> None:
    """Check a format name: KirokuError listing the known names when there is no such format."""
    if name not in WEB_FORMATS:
        try:
            text.get(name)
        except KirokuError:
            raise KirokuError(f"unknown format {name!r}", hint=f"known formats: {', '.join(names())}") from None


def parse(capture: Capture, *, seed: str, published: dt.date, timezone: str, fmt: str | None = None,
          strict_order: bool = False) -> ParseReport:
    """The one chooser: a web capture is read by ``pages`` (which weighs its structured data against its
    markup and its main text), a text capture by the text profiles. Titles and headings longer than a
    title or heading can be are cut, with a warning."""
    return bounded(_parse(capture, seed=seed, published=published, timezone=timezone, fmt=fmt,
                          strict_order=strict_order), seed)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bounded(report: ParseReport, seed: str) -> ParseReport:
    """The report with its title and headings cut to ``TITLE_CHARS`` and ``HEADING_CHARS``: a title is copied
    into every page of its live blog, so a 100,000-character one would make megabytes of each."""
    blog = report.blog
    warnings = list(blog.warnings)
    title = _cut(blog.title, TITLE_CHARS)
    if title != blog.title:
        warnings.append(f"{seed}: the title is {len(blog.title):,} characters long; cut to {TITLE_CHARS} (a title "
                        "longer than that is not a title: check the capture, or give one with --title)")
    entries = []
    for entry in blog.entries:
        heading = _cut(entry.heading, HEADING_CHARS)
        if heading != entry.heading:
            warnings.append(f"{seed}:{entry.lines[0]}: a heading of {len(entry.heading):,} characters; cut to "
                            f"{HEADING_CHARS} (the entry's text is kept whole)")
            entry = dataclasses.replace(entry, heading=heading)
        entries.append(entry)
    if title == blog.title and len(warnings) == len(blog.warnings):
        return report
    return dataclasses.replace(report, blog=dataclasses.replace(blog, title=title, entries=tuple(entries),
                                                                warnings=tuple(warnings)))


def _parse(capture: Capture, *, seed: str, published: dt.date, timezone: str, fmt: str | None,
           strict_order: bool) -> ParseReport:
    check_not_empty(capture)
    if capture.page is not None:
        return pages.parse_page(capture.page, seed=seed, published=published, timezone=timezone, fmt=fmt,
                                strict_order=strict_order)
    if fmt in WEB_FORMATS:
        raise KirokuError(f"format {fmt!r} is read from web pages only (HTML, WARC, WACZ, JSON-LD), not from a "
                          "text capture", path=seed,
                          hint="leave --format out to detect the format, or name a text format: "
                          + ", ".join(text.names()))
    return text.parse_capture(capture.text, seed=seed, published=published, timezone=timezone, fmt=fmt,
                              strict_order=strict_order)
