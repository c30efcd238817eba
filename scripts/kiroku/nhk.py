"""Parser for NHK live blogs (「【詳しく】…」 pages): text in, ParsedBlog out, no I/O."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from .errors import KirokuError
from .model import Block, Bounds, Entry, EntryTime, ListBlock, Paragraph, ParsedBlog, Section
from .timeparse import TimePrefix, make_time, resolve_day, split_time_prefix, zone

Line = tuple[int, str]  # (1-based line number, text)

MAX_HEADING_CHARS = 60
# White space is Unicode white space (str.strip()): ideographic and no-break spaces included.
# A heading is a phrase, not a sentence: sentences end with these.
_SENTENCE_END = tuple("。．.！？!?、，,")
# A line ending in a colon introduces what follows. (Particles are no sign: headings such
# as 「会場・メニューは」 and 「…とは」 end with は; list introducers are caught by the ▼ below them.)
_INTRODUCER_END = ("：", ":")
_TOC_MARKERS = frozenset({"目次"})
_NOTE_MARK = ("※", "＊")
_JST_NOTE = re.compile(r"日本時間")
_BACKGROUND_HEADING = re.compile(r"とは[？?]?$")
_LIST_MARK = "▼"


MAX_DAYS_BEFORE_PUBLICATION = 14  # a newest-first page starts near its publication date


def parse_nhk(
    text: str, *, seed: str, published: dt.date, timezone: str, strict_order: bool = True
) -> ParsedBlog:
    """Parse one NHK live-blog capture.

    ``seed`` names the file in errors and provenance; ``published`` gives the month and
    year for day prefixes; ``timezone`` is the IANA zone of the times on the page.
    """
    try:
        tz = zone(timezone)
    except ValueError as exc:
        raise KirokuError(str(exc), path=seed, hint="use an IANA name such as Asia/Tokyo") from None
    lines = [(n, raw.rstrip()) for n, raw in enumerate(split_lines(text), 1)]
    content = [ln for ln in lines if ln[1]]
    if not content:
        raise KirokuError("the capture is empty", path=seed, hint="check that the right file was captured")
    title_no, title = content[0]
    blocks = _blocks([ln for ln in lines if ln[0] > title_no])

    notes: list[Paragraph] = []
    lead: list[Paragraph] = []
    note_tz: str | None = None
    start = _first_entry_block(blocks)
    for block in blocks[:start]:
        for no, line in block:
            stripped = line.strip()
            if stripped in _TOC_MARKERS:
                continue
            if stripped.startswith(_NOTE_MARK):
                notes.append(Paragraph(stripped, no))
                if _JST_NOTE.search(stripped):
                    note_tz = "Asia/Tokyo"
                    if timezone != note_tz:
                        raise KirokuError(
                            f"the capture says its times are Japan time, but the source's time zone is {timezone!r}",
                            path=seed,
                            line=no,
                            hint="set timezone: Asia/Tokyo in the source's metadata file",
                        )
            else:
                lead.append(Paragraph(stripped, no))

    raw_entries = _split_entries(blocks[start:])
    if not raw_entries:
        raise KirokuError(
            "no entries found: no line looks like an entry heading",
            path=seed,
            hint="an entry starts with a short heading line such as '13日 19:40 見出し', followed by its text",
        )
    background: list[Section] = []
    while raw_entries and raw_entries[-1][1] is None and _BACKGROUND_HEADING.search(raw_entries[-1][0][1]):
        (no, heading), _, body_lines = raw_entries.pop()
        background.insert(0, Section(heading, _body(body_lines), (no, _last_line(no, body_lines))))

    entries, warnings = _resolve_times(raw_entries, seed=seed, published=published, tz=tz, strict=strict_order)
    return ParsedBlog(
        title=title.strip(),
        lead=tuple(lead),
        notes=tuple(notes),
        entries=tuple(entries),
        background=tuple(background),
        seed=seed,
        timezone=note_tz,
        order="newest-first",
        warnings=tuple(warnings),
    )


def split_lines(text: str) -> list[str]:
    """Lines as an editor counts them: LF, CRLF or CR ends a line; nothing else does."""
    return re.split(r"\r\n|\r|\n", text.lstrip("\ufeff"))


def classify_heading(line: str, next_block: Sequence[str] | None) -> TimePrefix | bool:
    """Decide whether a one-line block is an entry heading.

    Returns the TimePrefix for a timed heading, True for an untimed heading candidate and
    False for body text. ``next_block`` is the following block's lines (None at the end).
    An untimed candidate is only a heading when body text follows it; the caller checks that.
    """
    text = line.strip()
    if not text or text.startswith((_LIST_MARK, *_NOTE_MARK)) or text in _TOC_MARKERS:
        return False
    if next_block is not None and next_block[0].lstrip().startswith(_LIST_MARK):
        return False  # 「…参加したのは」 introduces the ▼ list below it
    prefix = split_time_prefix(text)
    if prefix is not None:
        return False if prefix.rest.endswith(_SENTENCE_END) else prefix
    if len(text) > MAX_HEADING_CHARS or text.endswith(_SENTENCE_END) or text.endswith(_INTRODUCER_END):
        return False
    return True


def _blocks(lines: list[Line]) -> list[list[Line]]:
    """Runs of non-blank lines."""
    blocks: list[list[Line]] = []
    current: list[Line] = []
    for no, text in lines:
        if text.strip():
            current.append((no, text))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _is_heading(blocks: list[list[Line]], i: int) -> TimePrefix | None | bool:
    """TimePrefix (timed heading), None (untimed heading) or False (body)."""
    kind = _classify_block(blocks, i)
    if kind is True:
        # An untimed candidate needs body text after it, not another heading.
        if i + 1 >= len(blocks) or _classify_block(blocks, i + 1) is not False:
            return False
        return None
    return kind


def _classify_block(blocks: list[list[Line]], i: int) -> TimePrefix | bool:
    block = blocks[i]
    if len(block) != 1:
        return False
    nxt = [t for _, t in blocks[i + 1]] if i + 1 < len(blocks) else None
    return classify_heading(block[0][1], nxt)


def _first_entry_block(blocks: list[list[Line]]) -> int:
    """Index of the first block after the lead: after 目次, else the first heading."""
    for i, block in enumerate(blocks):
        if len(block) == 1 and block[0][1].strip() in _TOC_MARKERS:
            return i + 1
    for i in range(len(blocks)):
        if _is_heading(blocks, i) is not False:
            return i
    return len(blocks)


RawEntry = tuple[Line, TimePrefix | None, list[Line]]


def _split_entries(blocks: list[list[Line]]) -> list[RawEntry]:
    """Group blocks into (heading line, time prefix, body lines); text before the first heading is dropped into it."""
    entries: list[RawEntry] = []
    orphan: list[Line] = []
    for i, block in enumerate(blocks):
        kind = _is_heading(blocks, i)
        if kind is False:
            (entries[-1][2] if entries else orphan).extend(block)
            continue
        no, line = block[0]
        heading = kind.rest if kind is not None else line.strip()
        entries.append(((no, heading), kind, []))
    if orphan and entries:
        # Body text before any heading has nowhere to go but the lead; keep it with the first entry.
        first = entries[0]
        entries[0] = (first[0], first[1], orphan + first[2])
    return entries


def _body(lines: list[Line]) -> tuple[Block, ...]:
    """Paragraphs, one per line, and ▼ lists from runs of ▼ lines."""
    body: list[Block] = []
    items: list[str] = []
    items_line = 0
    for no, raw in lines:
        text = raw.strip()
        if text.startswith(_LIST_MARK):
            if not items:
                items_line = no
            items.extend(part.strip() for part in text.split(_LIST_MARK) if part.strip())
            continue
        if items:
            body.append(ListBlock(tuple(items), items_line))
            items = []
        body.append(Paragraph(text, no))
    if items:
        body.append(ListBlock(tuple(items), items_line))
    return tuple(body)


def _last_line(heading_no: int, body_lines: list[Line]) -> int:
    return body_lines[-1][0] if body_lines else heading_no


_ORDER_HINT = (
    "entries run newest first, so a day prefix may be missing; if the page really has an entry out of order, "
    "set 'strict_order: false' in the source's metadata file"
)


def _resolve_times(
    raw: list[RawEntry], *, seed: str, published: dt.date, tz: dt.tzinfo, strict: bool = True
) -> tuple[list[Entry], list[str]]:
    """Give each entry its time (newest first: a day prefix holds for the entries below it)."""
    warnings: list[str] = []
    times: list[EntryTime | None] = []
    current_day: dt.date | None = None
    previous: tuple[dt.date, int, int] | None = None  # last timed entry above, same-day check
    first_day: bool = True

    def backwards(message: str, no: int) -> None:
        if strict:
            raise KirokuError(message, path=seed, line=no, hint=_ORDER_HINT)
        warnings.append(f"{seed}:{no}: {message}")

    for (no, _), prefix, _ in raw:
        if prefix is None:
            times.append(None)
            continue
        if prefix.day is not None:
            try:
                day_date = resolve_day(prefix.day, published)
            except ValueError as exc:
                raise KirokuError(
                    str(exc), path=seed, line=no, hint="check the publication date in the source's metadata"
                ) from None
            if first_day and (published - day_date).days > MAX_DAYS_BEFORE_PUBLICATION:
                raise KirokuError(
                    f"the publication date {published} contradicts the day prefix {prefix.day}日, which would be "
                    f"{day_date}, {(published - day_date).days} days earlier",
                    path=seed,
                    line=no,
                    hint="check 'published:' in the source's metadata (the date of the newest entries)",
                )
            if current_day is not None and day_date > current_day:
                backwards(f"day {prefix.day}日 ({day_date}) is later than the day above it ({current_day})", no)
            first_day = False
            current_day = day_date
        day = current_day or published
        if prefix.hour is not None:
            key = (day, prefix.hour, prefix.minute or 0)
            if previous is not None and previous[0] == day and key[1:] > previous[1:]:
                backwards(
                    f"{prefix.hour:02d}:{prefix.minute or 0:02d} is later than the entry above it on the same day", no
                )
            previous = key
        times.append(make_time(day, prefix.hour, prefix.minute, prefix.precision, prefix.qualifier, tz))

    entries: list[Entry] = []
    for i, ((no, heading), _, body_lines) in enumerate(raw):
        time = times[i]
        bounds = None
        if time is None:
            later = next((t for t in reversed(times[:i]) if t is not None), None)
            earlier = next((t for t in times[i + 1 :] if t is not None), None)
            bounds = Bounds(after=earlier, before=later)
            anchor = earlier or later
            day = anchor.iso[:10] if anchor else published.isoformat()
        else:
            day = time.iso[:10]
        entries.append(
            Entry(
                heading=heading,
                time=time,
                bounds=bounds,
                body=_body(body_lines),
                seed=seed,
                lines=(no, _last_line(no, body_lines)),
                position=i,
                day=day,
            )
        )
    return entries, warnings
