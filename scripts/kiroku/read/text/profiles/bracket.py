"""A bracketed day and time at the start of the line: ``【9日 18:40】高速道路で立ち往生``.

With or without the space, 24-hour, kanji or 12-hour times, a part of day instead of a clock
(``【10日夜】``), oldest first or newest first and not always in order. Publication stamps, the
title again and navigation such as ``これまで▶1月8日の動きをみる`` are not entries.
The same reader serves the bracket-alone profile (the stamp alone on its line, no heading).
"""

from __future__ import annotations

import datetime as dt
import re

from ..grammar_ja import fold, read_stamp
from ..headings import looks_like_heading
from ..lines import Line
from ..stamp import Stamp
from .base import JapanesePage, Start

_BRACKET = re.compile(r"^[【\[［](?P<stamp>[^【】\[\]［］]+)[】\]］][ \u3000]*(?P<rest>.*)$")


def bracket_stamp(line: str, published: dt.date | None = None) -> tuple[Stamp, str] | None:
    """(stamp, text after the bracket) for a line starting with a bracketed time, else None.

    A bracket with a year in it is a publication stamp, 「【速報】」 or 「【時系列でわかる①】」 are labels.
    """
    m = _BRACKET.match(line)
    if not m or "年" in fold(m.group("stamp")):
        return None
    stamp = read_stamp(m.group("stamp"), published)
    if stamp is None:
        return None
    return stamp, m.group("rest").strip()


class Bracket(JapanesePage):
    """Entries start with 【day time】; ``alone`` says which shape the score looks for."""

    def __init__(self, *, alone: bool) -> None:
        self.alone = alone
        if alone:
            self.name = "bracket-alone"
            self.description = "bracketed time alone on its line, no heading (「【12日 午後7時30分頃】」)"
            self.shape = "【12日 午後7時30分頃】"
            self.what = "bracketed times alone on a line"
        else:
            self.name = "bracket-heading"
            self.description = "bracketed day and time before the heading (「【9日 18:40】見出し」)"
            self.shape = "【9日 18:40】見出し"
            self.what = "bracketed times before a heading"

    def starts(self, content: list[Line], published: dt.date | None = None) -> list[Start]:
        out: list[Start] = []
        for i, (no, line) in enumerate(content):
            found = bracket_stamp(line, published)
            if found is None:
                continue
            stamp, rest = found
            if not rest:
                out.append(Start(i, i, None, no, stamp))
            elif looks_like_heading(rest, "ja"):
                out.append(Start(i, i, rest, no, stamp))
            else:  # 「【12日】首相が会見しました。」: the text is the body, named from its first sentence
                out.append(Start(i, i, None, no, stamp, text=((no, rest),)))
        return out

    def evidence(self, content: list[Line]) -> tuple[int, int]:
        with_heading = alone = 0
        for _, line in content:
            found = bracket_stamp(line)
            if found is None:
                continue
            if found[1] and looks_like_heading(found[1], "ja"):
                with_heading += 1
            else:
                alone += 1
        return (alone, with_heading) if self.alone else (with_heading, alone)
