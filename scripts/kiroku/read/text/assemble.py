"""Assembly, one policy for every profile: drafts (entries as found on the page) become ``Entry`` objects.

* dates: a day number is the nearest such date to the publication date (``dates.nearest_date``);
  stamps without one take the date above them, stepping over midnight;
* the publication date must fit the page: some dated entry lies within 14 days of it;
* times that name another zone than the page's are compared on the page's clock (``10:40 a.m. PT``
  on a New York page comes after ``12:20 p.m. ET``, ``stamp.page_clock``);
* the page order (newest or oldest first) is detected from the times; an entry out of order stays
  where it stands with a warning naming file:line, or is an error when the source asks for
  ``strict_order: true``;
* an untimed entry is bounded by its timed neighbours and filed under their day;
* an entry with no heading is named from its first sentence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from ...errors import KirokuError
from ...model import Bounds, Entry, EntryTime, Paragraph
from .dates import detect_order, nearest_date, settle_dates, sign
from .headings import first_sentence
from .lines import Line, body_blocks
from .stamp import Stamp, entry_time, page_clock, stamp_zone, stated_offset, zone

MAX_DAYS_FROM_PUBLICATION = 14  # some dated entry lies this near the publication date
PUBLISHED_HINT = "check 'published:' in the source's metadata"
ORDER_HINT = (
    "a day or date may be missing from the stamp; if the page really has an entry out of order, "
    "remove 'strict_order: true' from the source's metadata and it becomes a warning"
)


@dataclass
class Draft:
    """One entry as found on the page, before its time is settled."""

    heading: str | None  # None: named from its first sentence
    stamp: Stamp | None  # None: an untimed entry
    first_line: int
    heading_line: int
    body: list[Line] = field(default_factory=list)
    context: dt.date | None = None  # the date of the day separator above it
    header_end: int = 0  # last line of the stamp/heading lines
    stamp_text: str = ""  # the stamp as written: the heading of last resort, for an entry with no text


@dataclass(frozen=True)
class Assembly:
    entries: tuple[Entry, ...]
    order: str
    warnings: tuple[str, ...]
    named_from_text: frozenset[int]


def page_zone(timezone: str, seed: str) -> dt.tzinfo:
    """The source's zone; KirokuError naming the file when it is unknown."""
    try:
        return zone(timezone)
    except ValueError as exc:
        raise KirokuError(str(exc), path=seed, hint="use an IANA name such as Asia/Tokyo") from None


def check_note_zone(note_zone: str | None, timezone: str, *, seed: str, line: int) -> None:
    """A note that says the page's times are in a zone (「※…日本時間です。」) must agree with the source."""
    if note_zone and note_zone != timezone:
        said = "Japan time (Asia/Tokyo)" if note_zone == "Asia/Tokyo" else note_zone
        raise KirokuError(
            f"the capture says its times are {said}, but the source's time zone is {timezone!r}",
            path=seed,
            line=line,
            hint=f"set timezone: {note_zone} in the source's metadata file",
        )


def stamp_dates(drafts: Sequence[Draft], *, seed: str, published: dt.date) -> list[dt.date | None]:
    """The date each stamp itself (or the separator above it) gives, else None."""
    fixed: list[dt.date | None] = []
    for d in drafts:
        s = d.stamp
        if s is None:
            fixed.append(None)
        elif s.date is not None:
            fixed.append(s.date)
        elif s.day is not None:
            try:
                fixed.append(nearest_date(published, day=s.day))
            except ValueError as exc:
                raise KirokuError(str(exc), path=seed, line=d.first_line, hint=PUBLISHED_HINT) from None
        else:
            fixed.append(d.context)
    return fixed


def check_publication(drafts: Sequence[Draft], fixed: Sequence[dt.date | None], *, seed: str,
                      published: dt.date) -> None:
    """KirokuError when the page names dates and none of them lies within 14 days of the publication date."""
    dated = [(d, day) for d, day in zip(drafts, fixed, strict=True) if day is not None]
    if not dated or any(abs((day - published).days) <= MAX_DAYS_FROM_PUBLICATION for _, day in dated):
        return
    draft, day = dated[0]
    raise KirokuError(
        f"the publication date {published} contradicts the dates on the page: none lies within "
        f"{MAX_DAYS_FROM_PUBLICATION} days of it (the first is {day}, {abs((day - published).days)} days away)",
        path=seed,
        line=draft.first_line,
        hint=PUBLISHED_HINT + " (the date of the newest entries)",
    )


def page_clocks(stamps: Sequence[Stamp | None], fixed: Sequence[dt.date | None], page_zone: dt.tzinfo,
                published: dt.date) -> tuple[list[Stamp | None], list[dt.date | None], list[int]]:
    """Stamps and their dates as the page's clock reads them (``stamp.page_clock``), and the days each moved."""
    stamps_out: list[Stamp | None] = []
    dates_out: list[dt.date | None] = []
    moved: list[int] = []
    for s, day in zip(stamps, fixed, strict=True):
        read, days = (s, 0) if s is None else page_clock(s, page_zone, day or published)
        stamps_out.append(read)
        dates_out.append(day + dt.timedelta(days=days) if day is not None else None)
        moved.append(days)
    return stamps_out, dates_out, moved


def own_dates(settled: Sequence[dt.date | None], moved: Sequence[int]) -> list[dt.date | None]:
    """Dates settled on the page's clock, back on each stamp's own (``page_clocks`` moved them by days)."""
    return [None if day is None else day - dt.timedelta(days=days) for day, days in zip(settled, moved, strict=True)]


def entry_times(drafts: Sequence[Draft], dates: Sequence[dt.date | None], page_zone: dt.tzinfo,
                seed: str) -> tuple[list[EntryTime | None], list[str]]:
    """Each stamp's EntryTime, and a warning for a zone label the zone does not keep on that date (EST in July,
    BST in January)."""
    times: list[EntryTime | None] = []
    warnings: list[str] = []
    for d, date in zip(drafts, dates, strict=True):
        s = d.stamp
        if s is None or date is None:
            times.append(None)
            continue
        moment = entry_time(s, date, page_zone)
        times.append(moment)
        tz = stamp_zone(s, date, page_zone)
        if s.label is not None and "T" in moment.iso and stated_offset(tz, s.label, date.year) is not None:
            actual = dt.datetime.fromisoformat(moment.iso).astimezone(tz).tzname()
            if actual and actual != s.label:
                warnings.append(
                    f"{seed}:{d.first_line}: the page says {s.label}, but on {date} that zone keeps {actual}; "
                    f"the time is taken as {moment.iso}"
                )
    return times, warnings


def order_warnings(drafts: Sequence[Draft], stamps: Sequence[Stamp | None], dates: Sequence[dt.date | None],
                   times: Sequence[EntryTime | None], order: str, *, seed: str, strict: bool) -> list[str]:
    """An entry out of the page's order stays where it stands with a warning; an error when ``strict``.

    ``stamps`` and ``dates`` are as the page's clock reads them (``page_clocks``).
    """
    warnings: list[str] = []
    wrong_way = 1 if order == "newest-first" else -1
    prev: tuple[Stamp, dt.date | None, EntryTime] | None = None
    for d, stamp, date, t in zip(drafts, stamps, dates, times, strict=True):
        if stamp is None or t is None:
            continue
        if prev is not None and sign(prev[0], prev[1], stamp, date) == wrong_way:
            message = f"{t.iso} is out of order on this {order} page (the entry above is {prev[2].iso})"
            if strict:
                raise KirokuError(message, path=seed, line=d.first_line, hint=ORDER_HINT)
            warnings.append(f"{seed}:{d.first_line}: {message}; kept where it stands")
        prev = (stamp, date, t)
    return warnings


def _entry(i: int, d: Draft, times: Sequence[EntryTime | None], order: str, *, seed: str, published: dt.date,
           language: str) -> Entry:
    time = times[i]
    bounds = None
    if time is None:
        above = next((t for t in reversed(times[:i]) if t is not None), None)
        below = next((t for t in times[i + 1 :] if t is not None), None)
        earlier, later = (below, above) if order == "newest-first" else (above, below)
        bounds = Bounds(after=earlier, before=later)
        anchor = earlier or later
        day = anchor.iso[:10] if anchor else published.isoformat()
    else:
        day = time.iso[:10]
    body = body_blocks(d.body)
    heading = d.heading
    if heading is None:
        first = next((b for b in body if isinstance(b, Paragraph)), None)
        heading = first_sentence(first.text, language) if first else d.stamp_text
    last = d.body[-1][0] if d.body else max(d.header_end, d.heading_line, d.first_line)
    return Entry(heading=heading, time=time, bounds=bounds, body=body, seed=seed, lines=(d.first_line, last),
                 position=i, day=day)


def assemble(drafts: Sequence[Draft], *, seed: str, published: dt.date, page_zone: dt.tzinfo, language: str,
             strict_order: bool = False) -> Assembly:
    """Entries from drafts: dates, detected order, bounds; also warnings and the named-from-text positions."""
    fixed = stamp_dates(drafts, seed=seed, published=published)
    check_publication(drafts, fixed, seed=seed, published=published)
    stamps, fixed_here, moved = page_clocks([d.stamp for d in drafts], fixed, page_zone, published)
    order, _, _ = detect_order(stamps, fixed_here)
    settled = settle_dates(stamps, fixed_here, order, published)
    dates = own_dates(settled, moved)
    times, warnings = entry_times(drafts, dates, page_zone, seed)
    warnings += order_warnings(drafts, stamps, settled, times, order, seed=seed, strict=strict_order)
    entries = tuple(
        _entry(i, d, times, order, seed=seed, published=published, language=language) for i, d in enumerate(drafts)
    )
    named = frozenset(i for i, d in enumerate(drafts) if d.heading is None)
    return Assembly(entries, order, tuple(warnings), named)
