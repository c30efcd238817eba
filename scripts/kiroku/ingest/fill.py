"""What a web capture tells ``kiroku ingest`` and ``kiroku inspect`` when the command line does not:
title, publisher, publication date, URL (a WARC record's ``WARC-Target-URI``), capture date
(its ``WARC-Date``) and, for times all at +09:00 on a Japanese page, the zone Asia/Tokyo."""

from __future__ import annotations

import dataclasses
from typing import Any

from ..read.detect import HTML
from ..read.page import Page
from ..read.stated import page_zone
from ..sources import Source
from ..urls import is_http_url
from .request import IngestRequest


def complete_request(request: IngestRequest, page: Page, existing: Source | None) -> IngestRequest:
    """The request with what the page (read by ingest) says filled in where neither the command line
    nor the source's existing metadata says it."""
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
    if missing("timezone") and (zone := page_zone(page)):
        changes["timezone"] = zone
    return dataclasses.replace(request, **changes) if changes else request
