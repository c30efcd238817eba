"""What a parse reports: ``ParseReport`` (the ParsedBlog and what the model has no field for),
``Fit`` (how well a text fits a profile), ``Skipped`` lines, and ``describe`` (``kiroku inspect FILE``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ...model import ParsedBlog
from ...timewords import inspect_when
from .lines import Line


@dataclass(frozen=True)
class Skipped:
    """A non-blank line that is in no entry, lead, note or background, and why."""

    line: int
    text: str
    reason: str


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
class ParseReport:
    """A parse and what the current model has no field for.

    ``blog``: the ParsedBlog (entries in page order, ``order`` detected from the times).
    ``format``: the profile's name. ``language``: "ja", "en", or another Latin-script language the
    text reads as ("de"); a web page's own ``lang`` when it has one.
    ``skipped``: lines left out and why (navigation, publication stamps, credits, separators...).
    ``named_from_text``: positions of entries that had no heading on the page; their heading is
    their first sentence. ``fit``: the detection score, when the format was detected. ``reasons``: for
    a web page, the reader used and why each other one was not (``kiroku inspect`` says them).
    """

    blog: ParsedBlog
    format: str
    language: str
    skipped: tuple[Skipped, ...] = ()
    named_from_text: frozenset[int] = frozenset()
    fit: Fit | None = None
    reasons: tuple[str, ...] = ()  # which reader was used, and why each other one was not


# --- scores ------------------------------------------------------------------------------------------

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


def japanese_share(lines: Sequence[Line]) -> float:
    """Fraction of lines with kana or kanji in them."""
    if not lines:
        return 0.0
    return sum(1 for _, t in lines if _CJK.search(t)) / len(lines)


def language_factor(lines: Sequence[Line], language: str) -> float:
    """1 when the text is in the profile's language, falling to 0 when it is not.

    "en" stands for the Latin-script family: any text that is not Japanese (a German or Italian page
    is read by the English profiles; ``languages.latin_language`` names its language in the report).
    """
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


# --- kiroku inspect FILE -------------------------------------------------------------------------------


def describe(report: ParseReport) -> str:
    """The format, its score, the entries with times, the skipped lines and warnings; ends with a newline."""
    blog = report.blog
    score = f", score {report.fit.score:.2f}: {report.fit.found}" if report.fit else ""
    out = [
        f"format: {report.format} (lang={report.language}{score})",
        f"title: {blog.title}",
        f"order: {blog.order}, {len(blog.entries)} entries",
    ]
    if report.reasons:
        out[1:1] = ["readers:", *(f"  {r}" for r in report.reasons)]
    for entry in blog.entries:
        named = "  [named from its first sentence]" if entry.position in report.named_from_text else ""
        out.append(f"  L{entry.lines[0]:<5} {inspect_when(entry):44} {entry.heading}{named}")
    for section in blog.background:
        out.append(f"  L{section.lines[0]:<5} {'(background)':44} {section.heading}")
    if report.skipped:
        out.append("skipped:")
        out.extend(f"  L{s.line:<5} {s.reason:28} {s.text}" for s in report.skipped)
    out.extend(f"warning: {w}" for w in blog.warnings)
    return "\n".join(out) + "\n"
