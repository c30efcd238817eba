"""Live blogs as they exist on the web: saved HTML pages, WARC and WACZ web archives, schema.org
``LiveBlogPosting`` data, and ``kiroku capture`` / ``kiroku watch``.

``read_page(raw, path, encoding=None, url=None)`` reads a seed's bytes; for an HTML page, WARC or
WACZ it returns a ``PageText``: the page's text (what ``kiroku suggest`` reads) carrying the parsed
``Page``, which ``capture.parse_capture`` hands to ``web.parse.parse_page``. For plain text it
returns None and the seed is decoded as before. Everything is derived from the seed's bytes at
build time; nothing read from a page is trusted or kept but its text.
"""

from __future__ import annotations

from pathlib import Path

from . import articles, detect, html, jsonld
from .decode import decode_html
from .page import Page, PageMeta, WebEntry
from .warc import select

__all__ = ["Page", "PageMeta", "PageText", "WebEntry", "read_page"]


class PageText(str):
    """A web capture's text (its entries or main content, one block per line), with the ``Page`` read from it."""

    page: Page

    def __new__(cls, text: str, page: Page) -> PageText:
        made = super().__new__(cls, text)
        made.page = page
        return made


def _merge(first: PageMeta, then: PageMeta) -> PageMeta:
    """Each field from ``first``, else from ``then``."""
    return PageMeta(*(a if a not in (None, ()) else b for a, b in zip(vars(first).values(), vars(then).values(),
                                                                     strict=True)))


def read_page(raw: bytes, path: Path | str, *, encoding: str | None = None, url: str | None = None) -> PageText | None:
    """The page of an HTML, WARC or WACZ capture; None for a plain-text capture."""
    kind = detect.kind(raw, path)
    if kind == detect.TEXT:
        return None
    record_meta = PageMeta()
    charset = None
    if kind != detect.HTML:
        record = select(raw, kind, path, url)
        raw, charset = record.payload, record.charset
        record_meta = PageMeta(url=record.uri or None, captured=record.date[:10] or None)
    text = decode_html(raw, path, http_charset=charset, encoding=encoding)
    doc = html.parse_document(text, path)
    found = jsonld.find(doc)
    head = articles.page_meta(doc)
    title_el = doc.find(".//title")
    root = html.clean(doc)
    found_blocks = html.blocks(root)
    if root.find(".//h1") is None and head.title:  # the page's title is outside its main content
        line = title_el.sourceline if title_el is not None else 1
        found_blocks.insert(0, html.Block("heading", head.title, line or 1))
    lines, source, times = html.text_lines(found_blocks)
    structured = None
    lead: tuple[tuple[int, str], ...] = ()
    meta = _merge(record_meta, head)
    if found is not None and (ld := jsonld.entries(*found)):
        structured = ("json-ld", ld)
        meta = _merge(record_meta, _merge(jsonld.meta(found[0], ld), head))
        description = jsonld.text(found[0].get("description"))
        lead = ((found[1], description),) if description else ()
    elif (arts := articles.entries(root)) is not None:
        structured = ("time-elements", arts)
        lead = articles.lead(root, meta.title)
    page = Page(kind, str(path), meta, tuple(lines), tuple(source), times, structured, lead)
    return PageText(_as_text(page), page)


def _as_text(page: Page) -> str:
    """What ``kiroku suggest`` reads: the main text, or the title, lead and each entry's time, heading and body."""
    if page.structured is None:
        return "\n".join(page.lines)
    out = [page.meta.title or "", *(t for _, t in page.lead)]
    for entry in page.structured[1]:
        when = entry.time.isoformat() if entry.time else ""
        out += [when, entry.heading or "", *(t for _, t in entry.body)]
    return "\n\n".join(line for line in out if line)
