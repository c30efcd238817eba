"""The profile interface, and the generic reading of a page whose entries each start on a line.

A profile knows one shape of live blog: how its entries start, which lines are page furniture,
and how it scores a text. It finds the title, lead, notes and drafts (``assemble.Draft``); the
engine's ``assemble`` gives every profile the same dates, order, bounds and warnings.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from ....errors import KirokuError
from ....model import Paragraph, ParsedBlog
from .. import furniture, grammar_en, grammar_ja
from ..assemble import Draft, assemble, check_note_zone, page_zone
from ..headings import looks_like_heading
from ..languages import latin_language
from ..lines import Line, content_lines
from ..report import Fit, ParseReport, Skipped, fit
from ..stamp import Stamp


class Profile(ABC):
    """One shape of live blog. ``examine`` is cheap and counts lines; ``parse`` does the work."""

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
        self, text: str, *, seed: str, published: dt.date, timezone: str, strict_order: bool = False
    ) -> ParseReport:
        """Parse one capture; KirokuError when it does not have this shape."""


def no_entries(profile: Profile, shape: str, seed: str) -> KirokuError:
    return KirokuError(
        f"no entries found: no line has the {profile.name} shape",
        path=seed,
        hint=f"an entry of this format starts like {shape!r}; try another --format",
    )


def empty(seed: str) -> KirokuError:
    return KirokuError("the capture is empty", path=seed, hint="check that the right file was captured")


@dataclass(frozen=True)
class Start:
    """Where an entry starts: content-line indexes of its first and last header line."""

    first: int
    last: int
    heading: str | None
    heading_line: int
    stamp: Stamp | None  # None: an untimed entry (text after a rule line, ``___``)
    text: tuple[Line, ...] = ()  # body text on the stamp line itself (「【12日】首相が会見しました。」)


@dataclass
class Furniture:
    """What the lines around the entries are, when they are not entry text."""

    title: str | None = None
    lead: list[Paragraph] = field(default_factory=list)
    notes: list[Paragraph] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    note_zone: str | None = None
    context: dt.date | None = None  # the date of the last day separator read


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

    def report_language(self, content: list[Line]) -> str:
        """The language the report names (the profile's, unless the page reads as another)."""
        return self.language

    def examine(self, text: str) -> Fit:
        content = content_lines(text)
        hits, misses = self.evidence(content)
        return fit(self.name, content, self.language, hits, misses, self.what)

    def preamble(self, lines: list[Line], published: dt.date) -> Furniture:
        """Title, lead, notes and furniture before the first entry."""
        found = Furniture()
        for no, line in lines:
            reason = self.junk(line, preamble=True)
            sep = self.separator(line, published)
            if sep is not None:
                found.context = sep
                found.skipped.append(Skipped(no, line, "day separator"))
            elif reason:
                found.skipped.append(Skipped(no, line, reason))
            elif found.title is None:
                found.title = line
            elif line == found.title:
                found.skipped.append(Skipped(no, line, "the title again"))
            elif (note_zone := self.note(line)) is not None:
                found.notes.append(Paragraph(line, no))
                if note_zone:
                    found.note_zone = note_zone
            else:
                found.lead.append(Paragraph(line, no))
        return found

    def drafts(self, content: list[Line], starts: list[Start], found: Furniture, published: dt.date) -> list[Draft]:
        """One draft per start: its header, and the lines up to the next start that are not furniture."""
        out: list[Draft] = []
        for k, st in enumerate(starts):
            end = starts[k + 1].first if k + 1 < len(starts) else len(content)
            draft = Draft(heading=st.heading, stamp=st.stamp, first_line=content[st.first][0],
                          heading_line=st.heading_line, context=found.context, header_end=content[st.last][0],
                          stamp_text=content[st.first][1].strip("【】[]［］ \u3000"), body=list(st.text))
            for no, line in content[st.last + 1 : end]:
                sep = self.separator(line, published)
                if sep is not None:
                    found.context = sep
                    found.skipped.append(Skipped(no, line, "day separator"))
                elif reason := self.junk(line, preamble=False):
                    found.skipped.append(Skipped(no, line, reason))
                else:
                    draft.body.append((no, line))
            out.append(draft)
        return out

    def parse(
        self, text: str, *, seed: str, published: dt.date, timezone: str, strict_order: bool = False
    ) -> ParseReport:
        tz = page_zone(timezone, seed)
        content = content_lines(text)
        if not content:
            raise empty(seed)
        starts = self.starts(content, published)
        if not starts:
            raise no_entries(self, self.shape, seed)
        found = self.preamble(content[: starts[0].first], published)
        if found.note_zone:
            check_note_zone(found.note_zone, timezone, seed=seed, line=found.notes[-1].line)
        drafts = self.drafts(content, starts, found, published)
        done = assemble(drafts, seed=seed, published=published, page_zone=tz, language=self.language,
                        strict_order=strict_order)
        blog = ParsedBlog(
            title=found.title if found.title is not None else content[0][1],
            lead=tuple(found.lead),
            notes=tuple(found.notes),
            entries=done.entries,
            background=(),
            seed=seed,
            timezone=found.note_zone,
            order=done.order,  # type: ignore[arg-type]
            warnings=done.warnings,
        )
        skipped = tuple(sorted(found.skipped, key=lambda s: s.line))
        return ParseReport(blog, self.name, self.report_language(content), skipped, done.named_from_text)


class JapanesePage(LineProfile):
    """Furniture rules of Japanese pages, for the Japanese line profiles."""

    language = "ja"

    def junk(self, text: str, *, preamble: bool) -> str | None:
        return furniture.junk_ja(text, preamble=preamble)

    def separator(self, text: str, published: dt.date) -> dt.date | None:
        return grammar_ja.separator(text, published)

    def note(self, text: str) -> str | None:
        return furniture.note_ja(text)


_ANCHOR = dt.date(2000, 1, 1)  # for shape checks that need no real year


class EnglishPage(LineProfile):
    """Furniture rules of English pages, for the English line profiles (and other Latin-script pages:
    ``language`` is the grammar, the report names the language ``languages.latin_language`` reads)."""

    language = "en"

    def junk(self, text: str, *, preamble: bool) -> str | None:
        return furniture.junk_en(text, preamble=preamble)

    def separator(self, text: str, published: dt.date) -> dt.date | None:
        return grammar_en.parse_date_line(text, published)

    def report_language(self, content: list[Line]) -> str:
        return latin_language(content)

    def is_text(self, line: str) -> bool:
        """Neither furniture nor a day separator."""
        return self.junk(line, preamble=False) is None and self.separator(line, _ANCHOR) is None

    def with_rules(self, content: list[Line], starts: list[Start]) -> list[Start]:
        """The starts, and an untimed entry for text after a rule line (``___``) between timed entries.

        A rule closes the entry above it; when no time starts the text below it (furniture and day
        separators aside), that text is an entry of its own, with its heading when it has one, else
        named from its first sentence.
        """
        if not starts:
            return starts
        taken = {k for st in starts for k in range(st.first, st.last + 1)}
        out = list(starts)
        for i in range(starts[0].first, starts[-1].first):
            if not furniture.is_rule(content[i][1]):
                continue
            j = next((k for k in range(i + 1, len(content)) if self.is_text(content[k][1])), len(content))
            if j >= starts[-1].first or j in taken:
                continue
            no, line = content[j]
            if looks_like_heading(line, self.language) and j + 1 not in taken and j + 1 < len(content):
                out.append(Start(j, j, line, no, None))
            else:
                out.append(Start(j, j, None, no, None, text=((no, line),)))
            taken.add(j)
        return sorted(out, key=lambda st: st.first)
