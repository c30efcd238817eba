"""schema.org ``LiveBlogPosting`` in a page's microdata: elements marked ``itemprop="liveBlogUpdate"``
(usually ``<article itemscope itemtype="https://schema.org/BlogPosting">``) as entries, read with lxml.

An update's ``headline``, its ``datePublished`` (a ``<time datetime>``, ``<meta content>`` or the
element's text) and its ``articleBody`` (its blocks of text; the whole update less its headline and time
when it names no body) are read within the update's own item scope, never from a nested item.
"""

from __future__ import annotations

import lxml.html

from . import html
from .page import WebEntry
from .values import moment, text

UPDATE = "liveblogupdate"


def _props(el: lxml.html.HtmlElement) -> set[str]:
    return {p.lower() for p in (el.get("itemprop") or "").split()}


def _scoped(item: lxml.html.HtmlElement, name: str) -> lxml.html.HtmlElement | None:
    """The first element of the item with this property, not inside a nested item."""
    for el in item.iterdescendants():
        if not isinstance(el.tag, str) or name not in _props(el):
            continue
        if any(a.get("itemscope") is not None for a in el.iterancestors() if a is not item and _within(a, item)):
            continue
        return el
    return None


def _first(item: lxml.html.HtmlElement, *names: str) -> lxml.html.HtmlElement | None:
    for name in names:
        found = _scoped(item, name)
        if found is not None:
            return found
    return None


def _within(el: lxml.html.HtmlElement, item: lxml.html.HtmlElement) -> bool:
    return any(a is item for a in el.iterancestors())


def _value(el: lxml.html.HtmlElement) -> str | None:
    """A property's value as microdata defines it: ``content``, ``datetime``, ``href``, else the text."""
    for attr in ("content", "datetime"):
        if el.get(attr):
            return text(el.get(attr))
    return text(el.text_content())


def updates(root: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The page's update elements, in page order (an update inside another update is part of it)."""
    found = [el for el in root.iter() if isinstance(el.tag, str) and UPDATE in _props(el)]
    return [el for el in found if not any(UPDATE in _props(a) for a in el.iterancestors())]


def entries(root: lxml.html.HtmlElement) -> tuple[WebEntry, ...] | None:
    """One entry per update; None when the page marks no updates."""
    items = updates(root)
    if not items:
        return None
    found = []
    for item in items:
        head_el = _first(item, "headline", "name")
        heading = _value(head_el) if head_el is not None else None
        time_el = _first(item, "datepublished", "datecreated")
        when = moment(_value(time_el)) if time_el is not None else None
        body_el = _first(item, "articlebody", "text")
        shown = {heading, text(time_el.text_content()) if time_el is not None else None}
        blocks = html.blocks(body_el if body_el is not None else item)
        body = tuple((b.line, ("▼" + b.text) if b.kind == "item" else b.text) for b in blocks
                     if b.text and b.text not in shown)
        if heading is None and not body:
            continue
        own = (item.get("id") or "").strip()
        ident = (item.get("itemid") or "").strip() or ("#" + own if own else None)
        found.append(WebEntry(heading, when, bool(when and when.second), body, item.sourceline or 1, ident=ident))
    return tuple(found)
