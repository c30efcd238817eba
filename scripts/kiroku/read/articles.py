"""The posts a page's markup shows: ``<article>`` blocks that carry a ``<time datetime>``, or, on pages
that mark their posts with ``<div>``/``<li>`` (most do), the repeated blocks under one parent that each
hold a timed ``<time>`` and text of their own; and the page's own metadata from its ``<meta>`` tags
(Open Graph, ``article:published_time``), ``<title>``, canonical link and ``lang``."""

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


def _timed(el: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return [t for t in el.iter("time") if t.get("datetime") and moment(t.get("datetime")) is not None]


def _common_parent(elements: list[lxml.html.HtmlElement]) -> lxml.html.HtmlElement | None:
    chains = [[e, *e.iterancestors()] for e in elements]
    shared = set(map(id, chains[0]))
    for chain in chains[1:]:
        shared &= set(map(id, chain))
    return next((a for a in chains[0] if id(a) in shared), None)


def posts(root: lxml.html.HtmlElement, least: int = MIN_ARTICLES) -> list[lxml.html.HtmlElement] | None:
    """The page's post elements: timed top-level ``<article>`` blocks when most (and two or more) carry a
    time; else the children of the timed elements' common parent that hold one time and text besides it.
    ``least``: how many ``<article>`` blocks make a list of posts (1 on an older page of a live blog whose
    first page has posts: its last page may hold one)."""
    articles = _top_articles(root)
    timed = [a for a in articles if _time(a) is not None]
    if len(timed) >= least and 2 * len(timed) >= len(articles):
        return articles
    times = _timed(root)
    if len(times) < MIN_ARTICLES:
        return None
    parent = _common_parent(times)
    if parent is None:
        return None
    blocks = [child for child in parent if isinstance(child.tag, str) and _timed(child)]
    if len(blocks) < MIN_ARTICLES or any(len(_timed(b)) != 1 for b in blocks):
        return None
    def flat(el: lxml.html.HtmlElement) -> str:
        return " ".join(el.text_content().split())

    own_text = [b for b in blocks if flat(b) != flat(_timed(b)[0])]
    return blocks if len(own_text) == len(blocks) else None  # a time alone in its block: the text reader's


def entries(root: lxml.html.HtmlElement, least: int = MIN_ARTICLES) -> tuple[WebEntry, ...] | None:
    """One entry per post (see ``posts``); None when the markup shows no posts."""
    articles = posts(root, least)
    if articles is None:
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
                              bool(moment_ and moment_.second), body, article.sourceline or 1, shown=shown,
                              ident=ident(article)))
    return tuple(found)


def ident(post: lxml.html.HtmlElement) -> str | None:
    """The post's own id: its element's ``id`` (as ``#id``), else its permalink (an ``<a rel="bookmark">``, or
    the link around or in its ``<time>``), as the page writes it; None when it has neither."""
    own = (post.get("id") or "").strip()
    if own:
        return "#" + own
    for a in post.iter("a"):
        href = (a.get("href") or "").strip()
        if not href:
            continue
        if ("bookmark" in (a.get("rel") or "").lower().split() or any(True for _ in a.iter("time"))
                or any(p.tag == "time" for p in a.iterancestors())):
            return href
    return None


def lead(root: lxml.html.HtmlElement, title: str | None) -> tuple[tuple[int, str], ...]:
    """The text blocks before the first post (not the title): the live blog's lead."""
    articles = posts(root) or _top_articles(root)
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
