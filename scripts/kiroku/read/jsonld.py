"""schema.org ``LiveBlogPosting`` in a page's JSON-LD: its ``liveBlogUpdate`` items as entries, and the
live blog's own title, publisher, publication date, URL and language.

A LiveBlogPosting is found at the top of a script, in an array, inside ``@graph``, or as any node
(a ``NewsArticle``…) that carries ``liveBlogUpdate``. Scripts that are not valid JSON are passed over
(pages carry broken JSON-LD often enough); the page is then read from its HTML. A JSON-LD document
saved on its own is read the same way (``find_in``).

Strings are decoded exactly once: JSON's own escapes by the JSON parser, then HTML character references
(``&#39;``, ``&ldquo;``, ``&amp;``), which sites write into JSON-LD strings, by ``html.unescape`` (so
``&amp;amp;`` is the text ``&amp;``, as the page shows it).
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from typing import Any

import lxml.html

from .page import PageMeta, WebEntry
from .values import moment, text

LD_TYPES = ("application/ld+json",)


def _nodes(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every JSON object in the data, depth first (bounded: hostile JSON can nest deep)."""
    if depth > 40:
        return
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _nodes(value, depth + 1)
    elif isinstance(data, list):
        for value in data:
            yield from _nodes(value, depth + 1)


def _types(node: dict[str, Any]) -> set[str]:
    t = node.get("@type")
    return {str(x).rsplit("/", 1)[-1] for x in (t if isinstance(t, list) else [t]) if x}


def ld_text(value: Any) -> str | None:
    """A JSON-LD string as the page shows it: character references decoded, once."""
    found = text(value)
    return " ".join(html.unescape(found).split()) or None if found is not None else None


def find(doc: lxml.html.HtmlElement) -> tuple[dict[str, Any], int, str] | None:
    """The live blog node with the most updates, its script's source line, and the script text."""
    best: tuple[int, dict[str, Any], int, str] | None = None
    for script in doc.iter("script"):
        if (script.get("type") or "").split(";")[0].strip().lower() not in LD_TYPES:
            continue
        found = find_in(script.text or "", script.sourceline or 1)
        if found is not None and (best is None or _count(found[0]) > best[0]):
            best = (_count(found[0]), *found)
    return None if best is None else best[1:]


def _count(node: dict[str, Any]) -> int:
    updates = node.get("liveBlogUpdate")
    return len(updates) if isinstance(updates, list) else int(isinstance(updates, dict))


def find_in(source: str, line: int = 1) -> tuple[dict[str, Any], int, str] | None:
    """The live blog node with the most updates in one JSON-LD text (a script, or a document of its own)."""
    try:
        data = json.loads(source, strict=False)
    except (ValueError, RecursionError):
        return None
    best: dict[str, Any] | None = None
    for node in _nodes(data):
        if "LiveBlogPosting" not in _types(node) and node.get("liveBlogUpdate") is None:
            continue
        if best is None or _count(node) > _count(best):
            best = node
    return None if best is None else (best, line, source)


def _line(source: str, start: int, heading: str | None) -> int:
    if heading:
        for encoded in (json.dumps(heading, ensure_ascii=False), json.dumps(heading)):
            pos = source.find(encoded)
            if pos >= 0:
                return start + source.count("\n", 0, pos)
    return start


def _body(value: Any, line: int) -> tuple[tuple[int, str], ...]:
    raw = value if isinstance(value, str) else (text(value) or "")
    return tuple((line, " ".join(html.unescape(part).split())) for part in raw.splitlines() if part.strip())


def entries(node: dict[str, Any], start: int, source: str) -> tuple[WebEntry, ...]:
    """The node's ``liveBlogUpdate`` items, in the order the page lists them."""
    updates = node.get("liveBlogUpdate")
    items = updates if isinstance(updates, list) else [updates] if isinstance(updates, dict) else []
    found = []
    for item in items:
        if not isinstance(item, dict):
            continue
        raw_heading = text(item.get("headline")) or text(item.get("name"))
        heading = ld_text(raw_heading)
        line = _line(source, start, raw_heading)
        when = moment(item.get("datePublished")) or moment(item.get("dateCreated"))
        body = _body(item.get("articleBody") or item.get("text") or item.get("description"), line)
        if heading is None and not body:
            continue
        url = text(item.get("url")) or (item.get("@id") if isinstance(item.get("@id"), str) else None)
        found.append(WebEntry(heading, when, bool(when and (when.second or when.microsecond)), body, line, url))
    return tuple(found)


def _publisher(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return ld_text(value.get("name")) if isinstance(value, dict) else ld_text(value)


def meta(node: dict[str, Any], found: tuple[WebEntry, ...]) -> PageMeta:
    """The live blog's own metadata (and the offsets its entries' times carry)."""
    when = moment(node.get("datePublished")) or moment(node.get("coverageStartTime"))
    page = node.get("mainEntityOfPage")
    url = text(node.get("url")) or (page.get("@id") if isinstance(page, dict) else text(page))
    language = text(node.get("inLanguage"))
    offsets = tuple(sorted({e.time.isoformat()[19:] for e in found if e.time and e.time.tzinfo}))
    return PageMeta(
        title=ld_text(node.get("headline")) or ld_text(node.get("name")),
        publisher=_publisher(node.get("publisher")),
        published=when.date() if when else None,
        url=url if url and url.startswith(("http://", "https://")) else None,
        language=language.split("-")[0].lower() if language else None,
        offsets=offsets,
    )
