"""Pure renderers: parsed live blogs in, MyST page text and JSON data out. No I/O.

=============  ===================================================================
``view``       BlogView (one live blog ready to render), the texts that mention terms
``myst``       escaped blocks, linked mentions, time roles, toctrees, JSON blocks, front matter
``entry``      an entry's page and its revisions
``blog``       a live blog's page, its day pages, the archive index, the people diagram
``search``     what an entry page tells the search index (kiroku-search: meta, filters, sort key)
``jsonld``     schema.org data and what kiroku-cite needs
``data``       data/entries.json
``glossary``   the people, places and organizations pages, their pages of mentions, their JSON
``parts``      one live blog's share of the archive (pages, citations, records, lock facts); entries.json in pieces
=============  ===================================================================

Ids come from ``kiroku.ids``, paths and links from ``kiroku.site``, time wording from ``kiroku.timewords``.
"""

from __future__ import annotations

from .blog import Listing, render_archive_index, render_blog, render_day
from .data import render_entries_json
from .entry import render_entry
from .glossary import (
    Citation,
    collect_mentions,
    index_mentions,
    mention_pages,
    render_glossary,
    render_glossary_json,
)
from .parts import BlogParts, EntriesJson, blog_parts, entries_json
from .view import BlogView, blog_texts, entry_mentions

__all__ = [
    "BlogParts",
    "BlogView",
    "Citation",
    "EntriesJson",
    "Listing",
    "blog_parts",
    "collect_mentions",
    "entries_json",
    "mention_pages",
    "blog_texts",
    "entry_mentions",
    "index_mentions",
    "render_archive_index",
    "render_blog",
    "render_day",
    "render_entries_json",
    "render_entry",
    "render_glossary",
    "render_glossary_json",
]
