"""Time prefix, then the heading, in blocks between blank lines: the NHK 【詳しく】 shape (``prefix-heading``).

``14日 08:10 鹿児島空港 全便欠航`` / ``06:30ごろ 熊本県内で停電4万戸`` / ``12日 気象庁 …``. A heading is a
one-line block. Its specifics: the lead ends at a 目次 marker (else at the first heading); ※ notes
before the entries (one that says 日本時間 sets the zone to Asia/Tokyo); an untimed heading is a
heading only when body text follows it; a line just above a ▼ list introduces the list and is body;
the closing 「…とは」 sections are the blog's background, not entries. A whole kanji hour in the prefix
(「13時」) keeps hour precision (``grammar_ja``'s ``whole_hour`` option).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Literal

from ....model import Paragraph, ParsedBlog, Section
from ..assemble import Draft, assemble, check_note_zone, page_zone
from ..furniture import junk_ja, note_ja
from ..grammar_ja import TOKYO, split_prefix
from ..lines import LIST_MARK, Line, blocks, body_blocks, content_lines, numbered_lines
from ..report import Fit, ParseReport, Skipped, fit
from ..stamp import Stamp
from .base import Profile, empty, no_entries

MAX_HEADING_CHARS = 60
# A heading is a phrase, not a sentence: sentences end with these.
_SENTENCE_END = tuple("。．.！？!?、，,")
# A line ending in a colon introduces what follows. (Particles are no sign: headings such
# as 「会場・メニューは」 and 「…とは」 end with は; list introducers are caught by the ▼ below them.)
_INTRODUCER_END = ("：", ":")
TOC_MARKERS = frozenset({"目次"})
_NOTE_MARK = ("※", "＊")
_BACKGROUND_HEADING = re.compile(r"とは[？?]?$")
SHAPE = "13日 19:40 見出し"

Timed = tuple[Stamp, str]  # the stamp and the heading after it
Kind = Timed | None | Literal[False]  # per block: a timed heading, None (untimed heading) or False (body)


def prefix(line: str, published: dt.date | None = None) -> Timed | None:
    """The heading prefix of a line, with a whole kanji hour at hour precision."""
    return split_prefix(line, published, whole_hour="hour")


def classify_heading(line: str, next_block: Sequence[str] | None, published: dt.date | None = None) -> Timed | bool:
    """(stamp, heading) for a timed heading, True for an untimed heading candidate, False for body text.

    ``next_block`` is the following block's lines (None at the end). An untimed candidate is only
    a heading when body text follows it; ``kinds`` checks that.
    """
    text = line.strip()
    if not text or text.startswith((LIST_MARK, *_NOTE_MARK)) or text in TOC_MARKERS:
        return False
    if next_block is not None and next_block[0].lstrip().startswith(LIST_MARK):
        return False  # 「…参加したのは」 introduces the ▼ list below it
    timed = prefix(text, published)
    if timed is not None:
        return False if timed[1].endswith(_SENTENCE_END) else timed
    return not (len(text) > MAX_HEADING_CHARS or text.endswith(_SENTENCE_END) or text.endswith(_INTRODUCER_END))


def _classify_block(found: list[list[Line]], i: int, published: dt.date | None) -> Timed | bool:
    if len(found[i]) != 1:
        return False
    nxt = [t for _, t in found[i + 1]] if i + 1 < len(found) else None
    return classify_heading(found[i][0][1], nxt, published)


def kinds(found: list[list[Line]], published: dt.date | None = None) -> list[Kind]:
    """For each block: (stamp, heading), None (an untimed heading with body text after it) or False (body)."""
    raw = [_classify_block(found, i, published) for i in range(len(found))]
    out: list[Kind] = []
    for i, kind in enumerate(raw):
        if kind is True:
            out.append(None if i + 1 < len(raw) and raw[i + 1] is False else False)
        elif kind is False:
            out.append(False)
        else:
            out.append(kind)
    return out


def first_entry_block(found: list[list[Line]], kind: list[Kind]) -> int:
    """Index of the first block after the lead: after 目次, else the first heading."""
    for i, block in enumerate(found):
        if len(block) == 1 and block[0][1] in TOC_MARKERS:
            return i + 1
    return next((i for i, k in enumerate(kind) if k is not False), len(found))


def drafts(found: list[list[Line]], kind: list[Kind]) -> list[Draft]:
    """One draft per heading block, with the body blocks below it; text before any heading goes to the first."""
    out: list[Draft] = []
    orphan: list[Line] = []
    for block, k in zip(found, kind, strict=True):
        if k is False:
            (out[-1].body if out else orphan).extend(block)
            continue
        no, line = block[0]
        stamp, heading = k if k is not None else (None, line)
        out.append(Draft(heading=heading, stamp=stamp, first_line=no, heading_line=no, header_end=no))
    if orphan and out:
        out[0].body[:0] = orphan
    return out


def background(found: list[Draft]) -> list[Section]:
    """The closing untimed 「…とは」 sections, taken off the end of the drafts."""
    sections: list[Section] = []
    while found and found[-1].stamp is None and _BACKGROUND_HEADING.search(found[-1].heading or ""):
        d = found.pop()
        last = d.body[-1][0] if d.body else d.first_line
        sections.insert(0, Section(d.heading or "", body_blocks(d.body), (d.first_line, last)))
    return sections


def preamble(found: list[list[Line]]) -> tuple[list[Paragraph], list[Paragraph], int | None]:
    """Lead paragraphs, ※ notes, and the line of the first note that says the times are Japan time."""
    lead: list[Paragraph] = []
    notes: list[Paragraph] = []
    jst_line: int | None = None
    for block in found:
        for no, line in block:
            if line in TOC_MARKERS:
                continue
            if line.startswith(_NOTE_MARK):
                notes.append(Paragraph(line, no))
                if jst_line is None and note_ja(line) == TOKYO:
                    jst_line = no
            else:
                lead.append(Paragraph(line, no))
    return lead, notes, jst_line


def skipped_lines(text: str, blog: ParsedBlog) -> tuple[Skipped, ...]:
    """Non-blank lines after the title in no lead, note, entry or background."""
    used: set[int] = {p.line for p in (*blog.lead, *blog.notes)}
    for lines in [e.lines for e in blog.entries] + [s.lines for s in blog.background]:
        used.update(range(lines[0], lines[1] + 1))
    return tuple(
        Skipped(no, line, "table-of-contents marker" if line in TOC_MARKERS else "not part of any entry")
        for no, line in content_lines(text)[1:]
        if no not in used
    )


class PrefixHeading(Profile):
    name = "prefix-heading"
    language = "ja"
    description = "time prefix then heading, blocks between blank lines (「14日 08:10 見出し」; NHK 【詳しく】)"
    shape = SHAPE

    def examine(self, text: str) -> Fit:
        """Hits: one-line blocks that are timed headings. Misses: lines with a time prefix inside longer blocks."""
        found = blocks(numbered_lines(text))
        hits = misses = 0
        for i, block in enumerate(found):
            if len(block) == 1:
                kind = _classify_block(found, i, None)
                hits += kind is not True and kind is not False
                continue
            for _, line in block:
                timed = prefix(line)
                misses += timed is not None and not timed[1].endswith(("。", "、"))
        return fit(self.name, content_lines(text), self.language, hits, misses, "timed heading blocks")

    def parse(
        self, text: str, *, seed: str, published: dt.date, timezone: str, strict_order: bool = False
    ) -> ParseReport:
        tz = page_zone(timezone, seed)
        lines = numbered_lines(text)
        content = [ln for ln in lines if ln[1].strip()]
        if not content:
            raise empty(seed)
        title_no, title = content[0]
        # a page's own publication stamp (「2026年7月14日 18時05分」) standing alone is furniture, not an entry
        found = [b for b in blocks([ln for ln in lines if ln[0] > title_no])
                 if not (len(b) == 1 and junk_ja(b[0][1], preamble=True) == "publication stamp")]
        kind = kinds(found, published)
        start = first_entry_block(found, kind)
        lead, notes, jst_line = preamble(found[:start])
        if jst_line is not None:
            check_note_zone(TOKYO, timezone, seed=seed, line=jst_line)
        entries = drafts(found[start:], kind[start:])
        if not entries:
            raise no_entries(self, self.shape, seed)
        sections = background(entries)
        done = assemble(entries, seed=seed, published=published, page_zone=tz, language=self.language,
                        strict_order=strict_order)
        blog = ParsedBlog(
            title=title.strip(), lead=tuple(lead), notes=tuple(notes), entries=done.entries,
            background=tuple(sections), seed=seed, timezone=TOKYO if jst_line is not None else None,
            order=done.order, warnings=done.warnings,  # type: ignore[arg-type]
        )
        return ParseReport(blog, self.name, self.language, skipped_lines(text, blog), done.named_from_text)
