"""``kiroku inspect FILE``: a capture not yet ingested, read without metadata.

What metadata would say is taken from the options, else from stated defaults, and the output says
which defaults it used: the publication date is the first full date the capture gives, else its
first month and day (11月17日) in the year nearest the file's modification date, else that date
(UTC); the time zone is the one the capture's note names (日本時間: Asia/Tokyo), else UTC.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import read
from ..errors import KirokuError
from ..read.stated import page_zone, stated_date, stated_month_day, stated_timezone
from ..read.text.dates import nearest_date

DEFAULT_ZONE = "UTC"


def inspect_file(file: Path, *, published: str | None, timezone: str | None, fmt: str | None,
                 encoding: str | None, url: str | None = None, max_page_mb: int | None = None) -> str:
    """The detected format, the entries with their times, skipped lines, warnings; then the defaults used.

    ``max_page_mb``: the page limit (``--max-page-mb``; None: the default)."""
    capture = read.read_file(file, encoding, url, limits=read.Limits.of(max_page_mb))
    text = capture.text
    read.check_not_empty(capture)
    # what an HTML page, WARC or WACZ says of itself
    page_published = capture.page.meta.published if capture.page is not None else None
    said_zone = page_zone(capture.page) if capture.page is not None else None
    defaults = []
    if published is not None:
        try:
            date = dt.date.fromisoformat(published)
        except ValueError:
            raise KirokuError(f"--published {published!r} is not a date like 2023-09-13", path=file,
                              hint="write it as YYYY-MM-DD") from None
    elif page_published is not None:
        date = page_published  # the page's own metadata: not a default
    else:
        date, said = _published(file, text)
        defaults.append(f"publication date {date}: {said} (pass --published DATE for the real one)")
    if timezone is None and said_zone is not None:
        timezone = said_zone  # every time on the (Japanese) page is at +09:00
    elif timezone is None:
        timezone = stated_timezone(text) or DEFAULT_ZONE
        said = "the capture's note says Japan time" if timezone != DEFAULT_ZONE else "the capture names no zone"
        defaults.append(f"time zone {timezone}: {said} (pass --timezone TZ for another)")
    else:
        try:
            read.zone(timezone)
        except ValueError as exc:
            raise KirokuError(f"--timezone: {exc}", path=file, hint="use an IANA name such as Asia/Tokyo") from None
    try:
        report = read.parse(capture, seed=str(file), published=date, timezone=timezone, fmt=fmt)
    except KirokuError as exc:
        if not defaults:
            raise
        used = "with no metadata, inspect used " + "; ".join(defaults)
        raise KirokuError(exc.message, path=exc.path, line=exc.line,
                          hint=f"{exc.hint}\n  {used}" if exc.hint else used) from None
    out = read.describe(report)
    if defaults:
        out += "defaults used (a bare file has no metadata):\n" + "".join(f"  {d}\n" for d in defaults)
    return out


def _published(file: Path, text: str) -> tuple[dt.date, str]:
    found = stated_date(text)
    if found is not None:
        return found[0], f"the first full date in the capture, line {found[1]}"
    mtime = dt.datetime.fromtimestamp(file.stat().st_mtime, dt.UTC).date()
    month_day = stated_month_day(text)
    if month_day is not None:
        month, day, line = month_day
        try:
            return (nearest_date(mtime, day=day, month=month),
                    f"the first month and day in the capture, line {line}, in the year nearest the file's date")
        except ValueError:
            pass
    return mtime, "the capture gives no full date: the file's modification date, UTC"
