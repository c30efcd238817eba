"""How much of one capture Kiroku reads: the limits that keep a hostile or broken file (a decompression
bomb, an endless archive, a page nested past lxml's depth) from taking the machine's memory or time.

Every byte is counted as it is read, after every decompression, and reading stops at the first byte
over a limit, with an error that names the file, says which limit and how to raise it when it can be
raised. Only the page limit can: ``--max-page-mb N`` (``kiroku inspect``, ``kiroku ingest``) and
``max_page_mb: N`` in a source's metadata (``kiroku build``). The other limits are far above any
live blog's archive; a file that passes them is broken or hostile.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

MB = 2**20  # a megabyte, as --max-page-mb counts it
CHUNK = MB  # the most read from a stream at once
PAGE_MB = 50
MAX_DEPTH = 255  # ancestors an element may have: lxml's own limit (without huge_tree), never passed silently
# Elements of one page: lxml's tree takes about 1 KB an element, so this keeps a page's tree near 500 MB
# (a live blog's page holds some thousands; the longest, with hundreds of posts, some tens of thousands).
MAX_ELEMENTS = 500_000
# A title is shown on every page of its live blog, a heading on its entry's page, the day's and the blog's:
# longer ones are cut (with a warning) when read from a capture, refused when written in metadata.
TITLE_CHARS = 300
HEADING_CHARS = 300
# A live page and the older pages read with it as one capture (``kiroku capture --pages`` fetches at most this
# many); their bytes count together against the page limit.
MAX_PAGES = 100
PAGE_OPTION = "--max-page-mb"


@dataclass(frozen=True)
class Limits:
    """What one read of one capture may take."""

    page_bytes: int = PAGE_MB * MB  # one page (a text or HTML capture, the page a WARC or WACZ holds), decompressed
    records: int = 100_000  # records read from a WARC (from all the WARCs of a WACZ together)
    archive_bytes: int = 4096 * MB  # bytes read from an archive: its records decompressed; a WACZ's files unzipped
    members: int = 10_000  # files in a WACZ
    header_bytes: int = MB  # one record's WARC and HTTP headers
    depth: int = MAX_DEPTH  # a page's element nesting
    elements: int = MAX_ELEMENTS  # a page's elements (start tags)
    pages: int = MAX_PAGES  # pages read as one capture from an archive: a live page and its older pages

    @classmethod
    def of(cls, max_page_mb: int | None) -> Limits:
        """The default limits with the page limit in MB (None: the default, 50 MB)."""
        return cls() if max_page_mb is None else replace(cls(), page_bytes=max_page_mb * MB)

    @property
    def page_mb(self) -> int:
        return -(-self.page_bytes // MB)

    @property
    def archive_total(self) -> int:
        """The bytes read from one archive: never less than one page may be."""
        return max(self.archive_bytes, self.page_bytes)


DEFAULT = Limits()


def megabytes(size: int) -> str:
    """A size in MB for a message: ``50`` (a whole number of MB), ``190.7``."""
    return f"{size // MB}" if size % MB == 0 else f"{size / MB:.1f}"


def page_hint(size: int | None = None) -> str:
    """How to read a page larger than the limit, when it really is one page."""
    needed = f"{-(-size // MB)}" if size else "N"
    return (f"if it really is one page this large, raise the limit: {PAGE_OPTION} {needed} (kiroku inspect, "
            f"kiroku ingest), max_page_mb: {needed} in sources/SLUG.yaml (kiroku build)")


BOMB_HINT = "a file that expands this much is most likely a decompression bomb, or damaged; "


class Exceeded(Exception):
    """A budget ran out. Raised deep inside a read; whoever knows what was being read says it to the user."""

    def __init__(self, budget: Budget) -> None:
        super().__init__(budget.name)
        self.budget = budget


@dataclass
class Budget:
    """Bytes (or records) counted as they are read: ``Exceeded`` at the first one over ``limit``."""

    name: str
    limit: int
    used: int = 0

    def spend(self, amount: int) -> None:
        self.used += amount
        if self.used > self.limit:
            raise Exceeded(self)

    @property
    def left(self) -> int:
        return max(self.limit - self.used, 0)
