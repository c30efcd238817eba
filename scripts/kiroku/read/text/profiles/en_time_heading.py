"""English live blogs, time first: ``en-time-heading`` (and the reader it shares with ``en-time-text``).

English pages have a time line per entry, in three shapes:

* ``en-time-heading``: the time line, then the heading (``8:29 a.m. ET, April 25, 2026`` / heading / text);
* ``en-time-text``: the time line, then text with no heading (``5.51pm BST`` / text): the entry is
  named from its first sentence;
* ``en-heading-time``: the heading, then the time line (heading / ``22:15 – 7 Jul 2026`` / text).

The two time-first shapes share one reader, which takes a heading when the line after the time
looks like one, so a page that mixes them parses either way; the score tells them apart. The time
may start a line of text instead (``12.31 Uhr: Die Polizei …``, a German ticker): that text is the
entry's body, and its first sentence its name. Rule lines (``___``, ``* * *``) between entries are
separators; text after one that no time starts is an untimed entry (``EnglishPage.with_rules``).
Pages in other Latin-script languages are read by the same grammar.
"""

from __future__ import annotations

import datetime as dt

from ..furniture import junk_en as junk
from ..grammar_en import parse_date_line, parse_stamp, split_stamp
from ..headings import looks_like_heading
from ..lines import Line, content_lines
from ..report import Fit, fit
from ..stamp import Stamp
from .base import EnglishPage, Start

_ANCHOR = dt.date(2000, 1, 1)  # for shape checks that need no real year


def plain(line: str) -> bool:
    """Text, not a stamp, a date line or furniture."""
    return (
        parse_stamp(line, _ANCHOR) is None
        and parse_date_line(line, _ANCHOR) is None
        and junk(line, preamble=False) is None
    )


def time_lines(content: list[Line], published: dt.date | None = _ANCHOR) -> dict[int, tuple[Stamp, str]]:
    """The page's time lines by index: (stamp, "") for a time alone on its line, (stamp, text) for a
    time that starts a line of text (``12.31 Uhr: Die Polizei …``).

    A page writes its times one way: times starting text only count on a page that has more of them
    than of times alone (on other pages a schedule such as ``09:00 – Trains stop`` is body text).
    """
    alone: dict[int, tuple[Stamp, str]] = {}
    starting: dict[int, tuple[Stamp, str]] = {}
    for i, (_, line) in enumerate(content):
        stamp = parse_stamp(line, published)
        if stamp is not None:
            alone[i] = (stamp, "")
        elif (found := split_stamp(line, published)) is not None:
            starting[i] = found
    return starting if len(starting) > len(alone) else alone


def classify(content: list[Line]) -> list[str]:
    """For each time line: "TH" (heading after it), "TT" (text after it), "HT" (heading before it),
    "?" (the first one, when the text after it could be either), "" (both neighbours look like headings).
    A time that starts a line of text is "TT", or "TH" when that text is a heading."""
    kinds: list[str] = []
    first = True
    for i, (_, text) in sorted(time_lines(content).items()):
        if text:
            kinds.append("TH" if looks_like_heading(text, "en") else "TT")
            first = False
            continue
        nxt = content[i + 1][1] if i + 1 < len(content) else ""
        prev = next((t for _, t in reversed(content[:i]) if junk(t, preamble=True) is None), "")
        next_heading = bool(nxt) and plain(nxt) and looks_like_heading(nxt, "en")
        prev_heading = bool(prev) and plain(prev) and looks_like_heading(prev, "en")
        if first:
            kinds.append("TH" if next_heading else "?")
            first = False
        elif next_heading and prev_heading:
            kinds.append("")
        elif next_heading:
            kinds.append("TH")
        elif prev_heading:
            kinds.append("HT")
        else:
            kinds.append("TT")
    return kinds


class EnglishTimeFirst(EnglishPage):
    def __init__(self, *, heading: bool) -> None:
        self.kind = "TH" if heading else "TT"
        if heading:
            self.name = "en-time-heading"
            self.description = 'English: time line, then the heading ("8:29 a.m. ET, April 25, 2026")'
            self.shape = "8:29 a.m. ET, April 25, 2026 / heading"
            self.what = "time lines followed by a heading"
        else:
            self.name = "en-time-text"
            self.description = 'English: time line, then text with no heading ("5.51pm BST")'
            self.shape = "5.51pm BST / text"
            self.what = "time lines followed by text"

    def starts(self, content: list[Line], published: dt.date | None = None) -> list[Start]:
        out: list[Start] = []
        for i, (stamp, text) in sorted(time_lines(content, published).items()):
            no = content[i][0]
            if text:
                heading = text if looks_like_heading(text, "en") else None
                out.append(Start(i, i, heading, no, stamp, text=() if heading else ((no, text),)))
                continue
            if i + 1 < len(content):
                nno, nxt = content[i + 1]
                if plain(nxt) and looks_like_heading(nxt, "en"):
                    out.append(Start(i, i + 1, nxt, nno, stamp))
                    continue
            out.append(Start(i, i, None, no, stamp))
        return self.with_rules(content, out)

    def evidence(self, content: list[Line]) -> tuple[int, int]:
        kinds = [k for k in classify(content) if k != "?"]
        hits = sum(k == self.kind for k in kinds)
        return hits, len(kinds) - hits

    def examine(self, text: str) -> Fit:
        """Both time-first shapes count as evidence for the family; the sibling's count at half weight.

        One reader serves both, so a page that mixes them must still fit: with equal counts both
        score the same and the first in the registry (en-time-heading) is taken. A page of one
        shape only scores its sibling at half, below the threshold.
        """
        content = content_lines(text)
        kinds = [k for k in classify(content) if k != "?"]
        own = sum(k == self.kind for k in kinds)
        sibling = sum(k in ("TH", "TT") and k != self.kind for k in kinds)
        family = own + sibling
        base = fit(self.name, content, self.language, family, len(kinds) - family, self.what)
        score = round(base.score * (own + 0.5 * sibling) / family, 3) if family else 0.0
        other = "text" if self.kind == "TH" else "a heading"
        found = f"{own} {self.what}, {sibling} followed by {other}"
        if base.misses:
            found += f", {base.misses} near misses"
        return Fit(self.name, score, own, base.misses + sibling, found)
