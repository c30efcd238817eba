"""What ``kiroku ingest`` (and ``kiroku capture`` / ``kiroku watch``) asks of an ingest."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class IngestRequest:
    """What ``kiroku ingest`` was asked: a capture, its source's slug, and the metadata given on the command line.

    Metadata not given is taken from the source's existing file, else from the capture itself.
    """

    file: Path
    slug: str
    published: str | None = None
    timezone: str | None = None
    url: str | None = None
    publisher: str | None = None
    title: str | None = None
    language: str | None = None
    captured: str | None = None
    encoding: str | None = None
    fmt: str | None = None
    max_page_mb: int | None = None  # --max-page-mb: the page limit, recorded in the source's metadata
