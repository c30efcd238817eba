"""What ``kiroku ingest`` checks before it reads a capture: the slug, the file, and every value given."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import ids, read, site
from ..errors import KirokuError
from ..sources import RESERVED
from ..urls import is_http_url
from .request import IngestRequest

NOTHING_WRITTEN = "nothing was written"


def validate(request: IngestRequest) -> None:
    """The command line's values, before the capture is read: each refusal names the file and what to do."""
    slug, file = request.slug, request.file
    if not ids.SLUG_RE.match(slug):
        raise KirokuError(
            f"source slug {slug!r} must be lower-case ASCII letters, digits and '-'; {NOTHING_WRITTEN}",
            path=file, hint="for example: --source nhk-20230913-summit",
        )
    if slug in RESERVED:
        raise KirokuError(f"--source {slug!r} names a file Kiroku keeps in sources/; {NOTHING_WRITTEN}", path=file,
                          hint="choose another slug, e.g. --source nhk-20230913-summit")
    if slug in site.RESERVED_SLUGS:
        raise KirokuError(f"--source {slug!r} is the name of a glossary's folder in the archive; {NOTHING_WRITTEN}",
                          path=file, hint="choose another slug, e.g. --source nhk-20230913-summit")
    if file.is_dir():
        raise KirokuError(f"this is a directory, not a capture; {NOTHING_WRITTEN}", path=file,
                          hint="give the capture's text file, e.g. a file inside this directory")
    if not file.is_file():
        raise KirokuError(f"no such file; {NOTHING_WRITTEN}", path=file, hint="check the capture's path")
    for flag, given in (("--title", request.title), ("--publisher", request.publisher)):
        if given is not None and len(given) > read.TITLE_CHARS:
            raise KirokuError(f"{flag} is {len(given):,} characters long; at most {read.TITLE_CHARS} (it is shown on "
                              f"every page of the live blog); {NOTHING_WRITTEN}", path=file, hint=f"shorten {flag}")
    if request.url is not None and not is_http_url(request.url):
        raise KirokuError(f"--url {request.url!r} is not an http(s) URL without spaces or brackets; {NOTHING_WRITTEN}",
                          path=file, hint="give the live blog's address, e.g. --url https://example.org/live")
    for flag, value in (("--published", request.published), ("--captured", request.captured)):
        if value is not None:
            check_date(flag, value, file)
    if request.timezone is not None:
        try:
            read.zone(request.timezone)
        except ValueError as exc:
            raise KirokuError(f"--timezone: {exc}; {NOTHING_WRITTEN}", path=file,
                              hint="use an IANA name such as Asia/Tokyo") from None
    if request.encoding is not None:
        try:
            read.check_encoding(request.encoding)
        except ValueError as exc:
            raise KirokuError(f"--encoding: {exc}; {NOTHING_WRITTEN}", path=file,
                              hint="name the capture's text encoding, e.g. --encoding cp932 or euc_jp") from None
    if request.fmt is not None:
        try:
            read.check_format(request.fmt)
        except KirokuError as exc:
            raise KirokuError(f"--format: {exc.message}; {NOTHING_WRITTEN}", path=file, hint=exc.hint) from None


def check_date(flag: str, value: str, file: Path) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise KirokuError(f"{flag} {value!r} is not a date like 2023-09-13; {NOTHING_WRITTEN}", path=file,
                          hint=f"write it as YYYY-MM-DD, e.g. {flag} 2023-09-13") from None


def read_capture(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as exc:
        raise KirokuError(f"cannot read: {exc.strerror}; {NOTHING_WRITTEN}", path=file) from None
