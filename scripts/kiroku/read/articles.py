"""Pages without JSON-LD: entries as ``<article>`` blocks that carry a ``<time datetime>``, and the
page's own metadata from its ``<meta>`` tags (Open Graph, ``article:published_time``), ``<title>``,
canonical link and ``lang``."""

from __future__ import annotations

import lxml.html

from . import html
from .page import PageMeta, WebEntry
from .values import moment, text

MIN_ARTICLES = 2  # one <article> is the page itself, not a list of entries


def _top_articles(root: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return [a for a in root.iter("article") if not any(x.tag == "article" for x in a.iterancestors())]


def _time(article: lxml.html.HtmlElement) -> tuple[str, str] | None:
    """The first ``<time datetime>`` with a date and a time: (the attribute, the visible text)."""
    for el in article.iter("time"):
        value = el.get("datetime")
        if value and moment(value) is not None:
            return value, " ".join(el.text_content().split())
    return None


def entries(root: lxml.html.HtmlElement) -> tuple[WebEntry, ...] | None:
    """One entry per top-level ``<article>`` when most of them (and at least two) carry a time; else None."""
    articles = _top_articles(root)
    timed = [a for a in articles if _time(a) is not None]
    if len(timed) < MIN_ARTICLES or 2 * len(timed) < len(articles):
        return None
    found = []
    for article in articles:
        when = _time(article)
        blocks = html.blocks(article)
        heading = next((b for b in blocks if b.kind == "heading"), None)
        shown = when[1] if when else None
        body = tuple((b.line, ("▼" + b.text) if b.kind == "item" else b.text) for b in blocks
                     if b is not heading and b.text and b.text != shown)
        if heading is None and not body:
            continue
        moment_ = moment(when[0]) if when else None
        found.append(WebEntry(heading.text if heading else None, moment_,
                              bool(moment_ and moment_.second), body, article.sourceline or 1))
    return tuple(found)


def lead(root: lxml.html.HtmlElement, title: str | None) -> tuple[tuple[int, str], ...]:
    """The text blocks before the first article (not the title): the live blog's lead."""
    articles = _top_articles(root)
    first = articles[0].sourceline or 0 if articles else 0
    return tuple((b.line, b.text) for b in html.blocks(root)
                 if b.line < first and b.kind == "text" and b.text and b.text != title)


def _meta(doc: lxml.html.HtmlElement, *keys: str) -> str | None:
    for el in doc.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop")
        if key and key.lower() in keys and el.get("content"):
            return text(el.get("content"))
    return None


def page_meta(doc: lxml.html.HtmlElement) -> PageMeta:
    """What the page's head says: title, site name, publication date, canonical URL, language."""
    title_el = doc.find(".//title")
    h1 = doc.find(".//h1")
    title = (_meta(doc, "og:title", "twitter:title") or (text(title_el.text_content()) if title_el is not None
             else None) or (text(h1.text_content()) if h1 is not None else None))
    when = moment(_meta(doc, "article:published_time", "datepublished", "pubdate", "date"))
    url = None
    for link in doc.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            url = text(link.get("href"))
    url = url or _meta(doc, "og:url")
    lang = doc.get("lang") or doc.get("{http://www.w3.org/XML/1998/namespace}lang")
    return PageMeta(
        title=title,
        publisher=_meta(doc, "og:site_name", "application-name"),
        published=when.date() if when else None,
        url=url if url and url.startswith(("http://", "https://")) else None,
        language=lang.split("-")[0].strip().lower() if lang and lang.strip() else None,
    )
