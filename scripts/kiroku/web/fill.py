"""What a web capture tells ``kiroku ingest`` and ``kiroku inspect`` when the command line does not:
title, publisher, publication date, URL (a WARC record's ``WARC-Target-URI``), capture date
(its ``WARC-Date``) and, for times all at +09:00 on a Japanese page, the zone Asia/Tokyo."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

from ..sources import Source, is_http_url
from . import PageText
from .detect import HTML
from .page import Page

if TYPE_CHECKING:
    from ..ingest import IngestRequest

JAPAN = "Asia/Tokyo"


def zone_guess(page: Page) -> str | None:
    """Asia/Tokyo when every structured time is at +09:00 and the page is in Japanese; else None (ask)."""
    if page.meta.offsets == ("+09:00",) and page.meta.language in (None, "ja"):
        return JAPAN
    return None


def page_defaults(text: str) -> tuple[dt.date | None, str | None]:
    """For ``kiroku inspect FILE``: the page's publication date and time zone, when a web page says them."""
    page: Page | None = getattr(text, "page", None)
    if page is None:
        return None, None
    return page.meta.published, zone_guess(page)


def complete_request(request: IngestRequest, found: PageText, existing: Source | None) -> IngestRequest:
    """The request with what the page (read by ingest) says filled in where neither the command line
    nor the source's existing metadata says it."""
    page = found.page
    meta = page.meta

    def missing(name: str) -> bool:
        return getattr(request, name) is None and not (existing is not None and getattr(existing, name, None))

    changes: dict[str, Any] = {}
    if missing("published") and meta.published:
        changes["published"] = meta.published.isoformat()
    if missing("publisher") and meta.publisher:
        changes["publisher"] = meta.publisher
    if missing("title") and meta.title:
        changes["title"] = meta.title
    if meta.url and is_http_url(meta.url) and request.url is None and (page.kind != HTML or missing("url")):
        changes["url"] = meta.url  # an archive's record is the page read: its URL is the source's
    if request.captured is None and meta.captured:
        changes["captured"] = meta.captured
    if missing("timezone") and (zone := zone_guess(page)):
        changes["timezone"] = zone
    return dataclasses.replace(request, **changes) if changes else request
