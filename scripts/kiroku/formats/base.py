"""What every capture format (a *profile*) shares: the interface, the report, and the common steps.

A profile knows one shape of live blog: how its entries start (a time line, a bracketed time,
a heading with the time after it, ...), which lines are page furniture, and how it scores a text.
The steps every shape needs live here so that profiles stay small:

* ``Stamp``: what a time line says before any date is known (day of month, clock, part of day,
  qualifier, the time zone it names);
* ``LineProfile``: the generic parse of a page whose entries each start on one line (or two):
  title, lead, notes, page furniture, day separators, bodies (paragraphs and ▼ lists) and an entry
  named from its first sentence when it has no heading;
* ``assemble``: dates for the stamps, the page order (newest or oldest first) detected from the
  times, bounds for untimed entries from their timed neighbours, and ``Entry`` objects.

Each parse returns a ``ParseReport``: the ``ParsedBlog`` plus what the model cannot hold yet
(the format, the language, the lines skipped and why, the entries named from their text).
"""

from __future__ import annotations

import datetime as dt
import re
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from ..errors import KirokuError
from ..model import Block, Bounds, Entry, EntryTime, Paragraph, ParsedBlog
from ..nhk import _body as nhk_body
from ..timeparse import zone

Line = tuple[int, str]  # (1-based line number, text)

# Part of day: the precision of an entry whose time is 「10日夜」 or 「14日未明」. The ISO time is the
# date alone, as for day precision; the number is the minute of the day used only to compare
# entries when detecting the page's order and the day of an undated entry.
PART_OF_DAY: dict[str, int] = {
    "predawn": 3 * 60,  # 未明, 明け方
    "morning": 8 * 60,  # 早朝, 朝, 午前(中)
    "midday": 12 * 60,  # 昼, 日中
    "afternoon": 15 * 60,  # 午後
    "evening": 19 * 60,  # 夕方, 夜, 晩
    "night": 23 * 60 + 30,  # 深夜, 夜遅く, 夜中
}
# Precisions whose ISO time is a date alone: render and anchors treat them as they treat "day".
DATE_ONLY = frozenset({"day", *PART_OF_DAY})
ORDERS = ("newest-first", "oldest-first")
# Zone abbreviations that name a season (EST, not ET): checked against what the zone keeps on the date.
SEASONAL_LABELS = frozenset(
    "EST EDT CST CDT MST MDT PST PDT AKST AKDT GMT BST WET WEST CET CEST EET EEST AEST AEDT ACST ACDT NZST NZDT".split()
)
_DAY_MINUTES = 24 * 60


@dataclass(frozen=True)
class Skipped:
    """A non-blank line that is in no entry, lead, note or background, and why."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class ParseReport:
    """A parse and what the current model has no field for.

    ``blog``: the ParsedBlog (entries in page order, ``order`` detected from the times).
    ``format``: the profile's name. ``language``: "ja" or "en" (the page's ``lang``).
    ``skipped``: lines left out and why (navigation, publication stamps, credits, separators...).
    ``named_from_text``: positions of entries that had no heading on the page; their heading is
    their first sentence. ``fit``: the detection score, when the format was detected.
    """

    blog: ParsedBlog
    format: str
    language: str
    skipped: tuple[Skipped, ...] = ()
    named_from_text: frozenset[int] = frozenset()
    fit: Fit | None = None


@dataclass(frozen=True)
class Fit:
    """How well a text fits a profile: its score and what the profile counted."""

    profile: str
    score: float
    hits: int  # lines with the profile's characteristic shape
    misses: int  # lines that look like its time stamps but not in its shape
    found: str  # what was counted, for the user

    def describe(self) -> str:
        return f"{self.profile}: {self.score:.2f} ({self.found})"


@dataclass(frozen=True)
class Stamp:
    """What a time stamp on the page says, before its date is settled."""

    date: dt.date | None = None  # a full date (English dates, 11月17日 with the year guessed)
    day: int | None = None  # a day of the month only (9日)
    hour: int | None = None
    minute: int | None = None
    precision: str = "minute"  # minute, hour, day, or a PART_OF_DAY name
    qualifier: str = "exact"  # exact, about, after, before
    zone: dt.tzinfo | None = None  # the zone the stamp names (ET, 日本時間), else the page's
    label: str | None = None  # the zone as written (EST, BST), to check against the date

    @property
    def clock(self) -> int | None:
        """Minute of the day, for comparing stamps; None for day precision."""
        if self.hour is not None:
            return self.hour * 60 + (self.minute or 0)
        return PART_OF_DAY.get(self.precision)

    @property
    def has_date(self) -> bool:
        return self.date is not None or self.day is not None


class Profile(ABC):
    """One shape of live blog. ``score`` is cheap and counts lines; ``parse`` does the work."""

    name: str
    language: str  # "ja" or "en"
    description: str  # one line, for error messages and `kiroku inspect`

    @abstractmethod
    def examine(self, text: str) -> Fit:
        """The score (0..1) and what it is based on."""

    def score(self, text: str) -> float:
        return self.examine(text).score

    @abstractmethod
    def parse(
        self, text: str, *, seed: str, published: dt.date, timezone: str, strict_order: bool = True
    ) -> ParseReport:
        """Parse one capture; KirokuError when it does not have this shape."""


# --- small helpers shared by the profiles ------------------------------------------------------


def split_lines(text: str) -> list[str]:
    """Lines as an editor counts them: LF, CRLF or CR ends a line (as kiroku.nhk does)."""
    return re.split(r"\r\n|\r|\n", text.lstrip("\ufeff"))


def content_lines(text: str) -> list[Line]:
    """The non-blank lines, stripped, with their 1-based numbers."""
    return [(n, raw.strip()) for n, raw in enumerate(split_lines(text), 1) if raw.strip()]


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


def japanese_share(lines: Sequence[Line]) -> float:
    """Fraction of lines with kana or kanji in them."""
    if not lines:
        return 0.0
    return sum(1 for _, t in lines if _CJK.search(t)) / len(lines)


def language_factor(lines: Sequence[Line], language: str) -> float:
    """1 when the text is in the profile's language, falling to 0 when it is not."""
    share = japanese_share(lines)
    if language == "en":
        share = 1.0 - share
    return min(1.0, 2.0 * share)


def fit(name: str, lines: Sequence[Line], language: str, hits: int, misses: int, what: str) -> Fit:
    """The common score: language x confidence from the number of hits x share of hits among candidates."""
    if hits == 0:
        score = 0.0
    else:
        score = language_factor(lines, language) * (hits / (hits + 0.5)) * (hits / (hits + misses))
    found = f"{hits} {what}" + (f", {misses} near misses" if misses else "")
    return Fit(name, round(score, 3), hits, misses, found)


def body_blocks(lines: Sequence[Line]) -> tuple[Block, ...]:
    """Paragraphs, one per line, and ▼ lists from runs of ▼ lines: the NHK parser's own reading of a body."""
    return nhk_body(list(lines))


MAX_NAME_CHARS = 60  # a heading made from a Japanese first sentence
MAX_NAME_WORDS = 20  # ... from an English one
_JA_SENTENCE = re.compile(r"^(.+?[。！？!?])")
_EN_ABBREV = frozenset({"mr", "mrs", "ms", "dr", "st", "jr", "sr", "no", "vs", "gen", "gov", "sen", "rep", "prof"})
_EN_END = re.compile(r"[.!?](?:[\"'”’)])?(?=\s|$)")


def first_sentence(text: str, language: str) -> str:
    """The first sentence of a paragraph, as a heading: no full stop, cut to a heading's length."""
    text = text.strip()
    if language == "ja":
        m = _JA_SENTENCE.match(text)
        sentence = m.group(1) if m else text
        sentence = sentence.rstrip("。．.")
        return sentence if len(sentence) <= MAX_NAME_CHARS else sentence[: MAX_NAME_CHARS - 1] + "…"
    sentence = text
    for m in _EN_END.finditer(text):
        before = text[: m.start()].split()
        last = before[-1].lower().rstrip(".") if before else ""
        if m.group().startswith(".") and (last in _EN_ABBREV or len(last) == 1 or re.search(r"\.[a-z]$", last)):
            continue  # "Mr.", "U.S.", "a.m."
        sentence = text[: m.end()]
        break
    sentence = sentence.strip()
    if sentence.endswith("."):
        sentence = sentence[:-1]
    words = sentence.split()
    return sentence if len(words) <= MAX_NAME_WORDS else " ".join(words[:MAX_NAME_WORDS]) + "…"


_JA_SENTENCE_END = tuple("。．.！？!?、，,：:")
_EN_HEADING_BAD_END = tuple(".,;:…")
MAX_JA_HEADING = 60
MAX_EN_HEADING_WORDS = 18


def looks_like_heading(text: str, language: str) -> bool:
    """A phrase, not a sentence: short, no sentence-ending punctuation (English: ? and ! may end it)."""
    text = text.strip()
    if not text or text.startswith(("▼", "※", "＊")):
        return False
    if language == "ja":
        return len(text) <= MAX_JA_HEADING and not text.endswith(_JA_SENTENCE_END)
    if text.endswith(_EN_HEADING_BAD_END) or re.search(r"[.!?][\"'”’]$", text):
        return False
    first = text.lstrip("\"'“‘(")[:1]
    return bool(first) and not first.islower() and len(text.split()) <= MAX_EN_HEADING_WORDS


def nearest_date(published: dt.date, *, day: int, month: int | None = None) -> dt.date:
    """The date with this day (and month) nearest to the publication date.

    Live blogs run for days, not months: 「30日」 on a page published on 1 October is 30 September,
    「2日」 on it is 2 October. ValueError when no such date exists near it.
    """
    candidates: list[dt.date] = []
    if month is None:
        for shift in (-1, 0, 1):
            y, m = published.year, published.month + shift
            if m == 0:
                y, m = y - 1, 12
            elif m == 13:
                y, m = y + 1, 1
            try:
                candidates.append(dt.date(y, m, day))
            except ValueError:
                pass
    else:
        for y in (published.year - 1, published.year, published.year + 1):
            try:
                candidates.append(dt.date(y, month, day))
            except ValueError:
                pass
    if not candidates:
        where = f"{month}月" if month else f"{published:%Y-%m}"
        raise ValueError(f"{day}日 does not exist in {where}")
    return min(candidates, key=lambda d: (abs((d - published).days), d > published))


# --- assembling entries: dates, order, bounds ------------------------------------------------------


@dataclass
class Draft:
    """One entry as found on the page, before its time is settled."""

    heading: str | None  # None: named from its first sentence
    stamp: Stamp | None
    first_line: int
    heading_line: int
    body: list[Line] = field(default_factory=list)
    context: dt.date | None = None  # the date of the day separator above it
    header_end: int = 0  # last line of the stamp/heading lines
    stamp_text: str = ""  # the stamp as written: the heading of last resort, for an entry with no text


def _sign(a: Stamp, da: dt.date | None, b: Stamp, db: dt.date | None) -> int:
    """+1 when b is later than a, -1 when earlier, 0 when the stamps cannot tell."""
    ca, cb = a.clock, b.clock
    if da is not None and db is not None:
        if da != db:
            return 1 if db > da else -1
        if ca is None or cb is None or ca == cb:
            return 0
        return 1 if cb > ca else -1
    if ca is None or cb is None or ca == cb:
        return 0
    diff = (cb - ca) % _DAY_MINUTES  # clock times only: the nearer way round the clock
    return 1 if diff < _DAY_MINUTES / 2 else -1


def detect_order(stamps: Sequence[Stamp | None], dates: Sequence[dt.date | None]) -> tuple[str, int, int]:
    """Newest or oldest first, by counting neighbouring timed entries that go up or down in time.

    Returns (order, ups, downs); a tie (or a page with one timed entry) is newest first, as
    live blogs mostly are. A pinned or stray entry is outvoted by the rest.
    """
    timed = [(s, d) for s, d in zip(stamps, dates, strict=True) if s is not None]
    ups = downs = 0
    for (a, da), (b, db) in zip(timed, timed[1:], strict=False):
        step = _sign(a, da, b, db)
        ups += step > 0
        downs += step < 0
    return ("oldest-first" if ups > downs else "newest-first"), ups, downs


def _step_days(upper: int | None, lower: int | None, order: str) -> int:
    """Days from an entry to the undated one below it, from their clock times.

    On a newest-first page the entry below is earlier: when its clock is more than twelve
    hours later, it is on the day before (00:30, then 23:50). Mirrored for oldest first.
    """
    if upper is None or lower is None:
        return 0
    if order == "newest-first" and lower - upper > _DAY_MINUTES / 2:
        return -1
    if order == "oldest-first" and upper - lower > _DAY_MINUTES / 2:
        return 1
    return 0


def settle_dates(
    stamps: Sequence[Stamp | None], fixed: Sequence[dt.date | None], order: str, published: dt.date
) -> list[dt.date | None]:
    """Dates for stamps that give none: carried down from the dated entry above.

    Entries above the first date on the page: on a newest-first page the top one is on the
    publication date; on an oldest-first page they count back from the first date below them,
    or from the publication date at the bottom when the page names no date at all.
    """
    dates = list(fixed)
    idx = [i for i, s in enumerate(stamps) if s is not None]
    clock = {i: s.clock for i, s in enumerate(stamps) if s is not None}

    def below(upper: int, lower: int) -> dt.date:
        """The date of ``lower`` from the date of ``upper`` just above it."""
        start = dates[upper]
        assert start is not None
        return start + dt.timedelta(days=_step_days(clock[upper], clock[lower], order))

    def above(upper: int, lower: int) -> dt.date:
        """The date of ``upper`` from the date of ``lower`` just below it."""
        start = dates[lower]
        assert start is not None
        return start - dt.timedelta(days=_step_days(clock[upper], clock[lower], order))

    first_dated = next((k for k, i in enumerate(idx) if dates[i] is not None), None)
    if first_dated is not None:  # below the first dated entry: carry downwards
        for k in range(first_dated + 1, len(idx)):
            if dates[idx[k]] is None:
                dates[idx[k]] = below(idx[k - 1], idx[k])
    lead = idx[:first_dated] if first_dated is not None else idx
    if not lead:
        return dates
    if order == "newest-first":
        dates[lead[0]] = published
        for k in range(1, len(lead)):
            dates[lead[k]] = below(lead[k - 1], lead[k])
        return dates
    if first_dated is None:
        dates[lead[-1]] = published
        lower, upward = lead[-1], lead[-2::-1]
    else:
        lower, upward = idx[first_dated], lead[::-1]
    for i in upward:
        dates[i] = above(i, lower)
        lower = i
    return dates


def entry_time(stamp: Stamp, date: dt.date, page_zone: dt.tzinfo) -> EntryTime:
    """The EntryTime of a stamp on a date, in the zone it names or the page's."""
    if stamp.hour is None or stamp.precision in DATE_ONLY:
        return EntryTime(date.isoformat(), stamp.precision, stamp.qualifier)  # type: ignore[arg-type]
    tz = stamp.zone or page_zone
    base = dt.datetime(date.year, date.month, date.day, tzinfo=tz)
    moment = (base + dt.timedelta(hours=stamp.hour, minutes=stamp.minute or 0)).astimezone(tz)
    return EntryTime(moment.isoformat(), stamp.precision, stamp.qualifier)  # type: ignore[arg-type]


def resolve_stamp_dates(drafts: Sequence[Draft], *, seed: str, published: dt.date) -> list[dt.date | None]:
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
                raise KirokuError(
                    str(exc), path=seed, line=d.first_line, hint="check the publication date in the source's metadata"
                ) from None
        else:
            fixed.append(d.context)
    return fixed


def assemble(
    drafts: Sequence[Draft], *, seed: str, published: dt.date, page_zone: dt.tzinfo, language: str
) -> tuple[list[Entry], str, list[str], frozenset[int]]:
    """Entries from drafts: dates, detected order, bounds; also warnings and the named-from-text positions."""
    stamps = [d.stamp for d in drafts]
    fixed = resolve_stamp_dates(drafts, seed=seed, published=published)
    order, _, _ = detect_order(stamps, fixed)
    dates = settle_dates(stamps, fixed, order, published)
    warnings: list[str] = []
    times: list[EntryTime | None] = []
    for d, s, date in zip(drafts, stamps, dates, strict=True):
        if s is None or date is None:
            times.append(None)
            continue
        moment = entry_time(s, date, page_zone)
        times.append(moment)
        if s.label in SEASONAL_LABELS and "T" in moment.iso and s.zone is not None:
            actual = dt.datetime.fromisoformat(moment.iso).astimezone(s.zone).tzname()
            if actual and actual != s.label:
                warnings.append(
                    f"{seed}:{d.first_line}: the page says {s.label}, but on {date} that zone keeps {actual}; "
                    f"the time is taken as {moment.iso}"
                )
    # Out-of-order entries stay where they stand; say so.
    prev: tuple[Stamp, dt.date | None, EntryTime] | None = None
    for d, s, date, t in zip(drafts, stamps, dates, times, strict=True):
        if s is None or t is None:
            continue
        if prev is not None and _sign(prev[0], prev[1], s, date) == (1 if order == "newest-first" else -1):
            warnings.append(
                f"{seed}:{d.first_line}: {t.iso} is out of order on this {order} page "
                f"(the entry above is {prev[2].iso}); kept where it stands"
            )
        prev = (s, date, t)

    entries: list[Entry] = []
    named: set[int] = set()
    for i, d in enumerate(drafts):
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
            named.add(i)
            first = next((b for b in body if isinstance(b, Paragraph)), None)
            heading = first_sentence(first.text, language) if first else d.stamp_text
        last = d.body[-1][0] if d.body else max(d.header_end, d.heading_line, d.first_line)
        entries.append(
            Entry(
                heading=heading,
                time=time,
                bounds=bounds,
                body=body,
                seed=seed,
                lines=(d.first_line, last),
                position=i,
                day=day,
            )
        )
    return entries, order, warnings, frozenset(named)


def page_zone(timezone: str, seed: str) -> ZoneInfo:
    try:
        return zone(timezone)
    except ValueError as exc:
        raise KirokuError(str(exc), path=seed, hint="use an IANA name such as Asia/Tokyo") from None


# --- the generic parse of a page whose entries start on a line ---------------------------------


@dataclass(frozen=True)
class Start:
    """Where an entry starts: content-line indexes of its first and last header line."""

    first: int
    last: int
    heading: str | None
    heading_line: int
    stamp: Stamp
    text: tuple[Line, ...] = ()  # body text on the stamp line itself (「【12日】首相が会見しました。」)


@dataclass
class Furniture:
    """What a line around the entries is, when it is not text (the profile decides)."""

    title: str | None = None
    lead: list[Paragraph] = field(default_factory=list)
    notes: list[Paragraph] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    note_zone: str | None = None


class LineProfile(Profile):
    """A page whose entries each start with a stamp line (and perhaps a heading line next to it).

    Subclasses give ``starts`` (where entries begin) and ``evidence`` (hits and misses for the
    score); the language's furniture rules (``junk``, ``separator``, ``note``) come from a mixin.
    """

    shape: str  # an example of the entry start, for messages
    what: str = "entry starts"  # what ``evidence`` counts, for messages

    @abstractmethod
    def starts(self, content: list[Line], published: dt.date | None = None) -> list[Start]:
        """Entry starts in page order (published: for dates that need a year)."""

    @abstractmethod
    def evidence(self, content: list[Line]) -> tuple[int, int]:
        """(hits, misses) for the score."""

    @abstractmethod
    def junk(self, text: str, *, preamble: bool) -> str | None:
        """Why a line is page furniture (navigation, stamp, credit...), or None for text."""

    @abstractmethod
    def separator(self, text: str, published: dt.date) -> dt.date | None:
        """The date of a day-separator line (■■11月17日■■), else None."""

    def note(self, text: str) -> str | None:
        """For a note before the entries: the zone it says the times are in ("" for none); None: not a note."""
        return None

    def examine(self, text: str) -> Fit:
        content = content_lines(text)
        hits, misses = self.evidence(content)
        return fit(self.name, content, self.language, hits, misses, self.what)

    def parse(
        self, text: str, *, seed: str, published: dt.date, timezone: str, strict_order: bool = True
    ) -> ParseReport:
        """``strict_order`` is accepted for the common signature: out-of-order entries are warnings here."""
        tz = page_zone(timezone, seed)
        content = content_lines(text)
        if not content:
            raise KirokuError("the capture is empty", path=seed, hint="check that the right file was captured")
        starts = self.starts(content, published)
        if not starts:
            raise KirokuError(
                f"no entries found: no line has the {self.name} shape",
                path=seed,
                hint=f"an entry of this format starts like {self.shape!r}; try another --format",
            )
        furniture = Furniture()
        context: dt.date | None = None
        for no, line in content[: starts[0].first]:
            reason = self.junk(line, preamble=True)
            sep = self.separator(line, published)
            if sep is not None:
                context = sep
                furniture.skipped.append(Skipped(no, line, "day separator"))
            elif reason:
                furniture.skipped.append(Skipped(no, line, reason))
            elif furniture.title is None:
                furniture.title = line
            elif line == furniture.title:
                furniture.skipped.append(Skipped(no, line, "the title again"))
            elif (note_zone := self.note(line)) is not None:
                furniture.notes.append(Paragraph(line, no))
                if note_zone:
                    furniture.note_zone = note_zone
            else:
                furniture.lead.append(Paragraph(line, no))
        if furniture.note_zone and furniture.note_zone != timezone:
            note = furniture.notes[-1]
            raise KirokuError(
                f"the capture says its times are in {furniture.note_zone}, but the source's time zone is {timezone!r}",
                path=seed,
                line=note.line,
                hint=f"set timezone: {furniture.note_zone} in the source's metadata file",
            )
        drafts: list[Draft] = []
        for k, st in enumerate(starts):
            end = starts[k + 1].first if k + 1 < len(starts) else len(content)
            draft = Draft(
                heading=st.heading,
                stamp=st.stamp,
                first_line=content[st.first][0],
                heading_line=st.heading_line,
                context=context,
                header_end=content[st.last][0],
                stamp_text=content[st.first][1].strip("【】[]［］ \u3000"),
                body=list(st.text),
            )
            for no, line in content[st.last + 1 : end]:
                sep = self.separator(line, published)
                if sep is not None:
                    context = sep
                    furniture.skipped.append(Skipped(no, line, "day separator"))
                elif reason := self.junk(line, preamble=False):
                    furniture.skipped.append(Skipped(no, line, reason))
                else:
                    draft.body.append((no, line))
            drafts.append(draft)
        entries, order, warnings, named = assemble(
            drafts, seed=seed, published=published, page_zone=tz, language=self.language
        )
        title = furniture.title if furniture.title is not None else content[0][1]
        blog = ParsedBlog(
            title=title,
            lead=tuple(furniture.lead),
            notes=tuple(furniture.notes),
            entries=tuple(entries),
            background=(),
            seed=seed,
            timezone=furniture.note_zone,
            order=order,  # type: ignore[arg-type]
            warnings=tuple(warnings),
        )
        return ParseReport(
            blog=blog,
            format=self.name,
            language=self.language,
            skipped=tuple(sorted(furniture.skipped, key=lambda s: s.line)),
            named_from_text=named,
        )
