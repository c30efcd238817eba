"""Structured data on the pages: schema.org BlogPosting and LiveBlogPosting, and what kiroku-cite needs.

URLs that start with ``/`` are relative to the site root and made absolute at build time.
"""

from __future__ import annotations

from .. import site, timewords
from ..history import Track
from ..mentions import Matcher
from ..model import body_text
from .view import BlogView, entry_mentions

SCHEMA_TYPES = {"person": "Person", "place": "Place", "organization": "Organization"}


def _rooted(url: str) -> str:
    return "/" + url


def cite_data(view: BlogView, track: Track) -> dict[str, object]:
    """What kiroku-cite needs to write the citations of one entry (URLs added at build time)."""
    entry = track.latest.entry
    captured = {s.seed: s.captured for s in view.source.snapshots}
    accessed = next((captured.get(v.seed) for v in reversed(track.versions) if captured.get(v.seed)), None)
    return {
        "anchor": track.anchor,
        "publisher": view.source.publisher,
        "blog_title": view.title,
        "heading": entry.heading,
        "date": entry.time.iso[:10] if entry.time else entry.day,
        "when_ja": timewords.plain_when_ja(entry, view.source.timezone),
        "when_en": timewords.plain_when_en(entry, view.source.timezone),
        "original_url": view.source.url,
        "path": site.entry_url(view.slug, track.anchor),
        "accessed": accessed,
    }


def _mentions(track: Track, matcher: Matcher) -> list[dict[str, object]]:
    terms = matcher.register.by_id()
    out: list[dict[str, object]] = []
    for i in entry_mentions(track.latest.entry, matcher):
        term = terms[i]
        item: dict[str, object] = {"@type": SCHEMA_TYPES[term.kind], "name": term.name,
                                   "alternateName": term.romanized, "url": _rooted(site.glossary_url(term.kind, i))}
        if term.wikidata:
            item["sameAs"] = f"https://www.wikidata.org/wiki/{term.wikidata}"
        out.append(item)
    return out


def blog_posting(view: BlogView, track: Track, matcher: Matcher | None) -> dict[str, object]:
    """schema.org BlogPosting of one entry."""
    entry = track.latest.entry
    data: dict[str, object] = {
        "@type": "BlogPosting",
        "headline": entry.heading,
        "url": _rooted(site.entry_url(view.slug, track.anchor)),
        "inLanguage": view.source.language,
        "articleBody": body_text(entry),
        "publisher": {"@type": "Organization", "name": view.source.publisher},
        "isPartOf": {"@type": "LiveBlogPosting", "headline": view.title,
                     "url": _rooted(site.blog_url(view.slug))},
    }
    if entry.time is not None:
        data["datePublished"] = entry.time.iso
    if track.status != "present":
        data["creativeWorkStatus"] = track.status
    if view.source.url:
        data["isBasedOn"] = view.source.url
    if matcher is not None:
        data["mentions"] = _mentions(track, matcher)
    return data


def live_blog_posting(view: BlogView) -> dict[str, object]:
    """schema.org LiveBlogPosting with one BlogPosting per entry (newest first, as on the page)."""
    updates = []
    for track in view.tracks:
        entry = track.latest.entry
        item: dict[str, object] = {"@type": "BlogPosting", "headline": entry.heading,
                                   "url": _rooted(site.entry_url(view.slug, track.anchor))}
        if entry.time is not None:
            item["datePublished"] = entry.time.iso
        if track.status != "present":
            item["creativeWorkStatus"] = track.status
        updates.append(item)
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": view.title,
        "url": _rooted(site.blog_url(view.slug)),
        "inLanguage": view.source.language,
        "datePublished": view.source.published.isoformat(),
        "publisher": {"@type": "Organization", "name": view.source.publisher},
        "liveBlogUpdate": updates,
    }
    if view.source.url:
        data["isBasedOn"] = view.source.url
    return data
