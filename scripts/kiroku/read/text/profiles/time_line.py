"""A time alone on its line, the heading on the next: ``21:22(バンコク19:22)`` / ``外相会談が終わる``.

Japan time first, local time in parentheses; day separator lines (``■■11月17日■■``) give the
date of the entries below them; no blank lines. When the line after the time is a sentence,
the entry has no heading and is named from its first sentence.
"""

from __future__ import annotations

import datetime as dt
import re

from ..furniture import junk_ja
from ..grammar_ja import fold, read_stamp, separator
from ..headings import looks_like_heading
from ..lines import Line
from ..stamp import Stamp
from .base import JapanesePage, Start

_LINE = re.compile(r"^(?P<stamp>[^()（）]+?)[ \u3000]*(?:[(（](?P<local>[^()（）]*\d[^()（）]*)[)）])?$")


def time_line(line: str, published: dt.date | None = None) -> Stamp | None:
    """The stamp of a line that is only a time (and a local time in parentheses), else None.

    A date alone is a day separator, and a stamp with a year is a publication stamp: neither starts an entry.
    """
    m = _LINE.match(line)
    if not m or "年" in fold(m.group("stamp")):
        return None
    stamp = read_stamp(m.group("stamp"), published)
    if stamp is None or stamp.precision == "day":
        return None
    return stamp


class TimeLine(JapanesePage):
    name = "time-line"
    description = "time alone on a line, heading on the next (「21:22(バンコク19:22)」)"
    shape = "21:22(バンコク19:22)"
    what = "time lines"

    def starts(self, content: list[Line], published: dt.date | None = None) -> list[Start]:
        out: list[Start] = []
        pub = published or dt.date(2000, 1, 1)  # only the shape matters here
        for i, (no, line) in enumerate(content):
            stamp = time_line(line, published)
            if stamp is None:
                continue
            if i + 1 < len(content):
                nno, nxt = content[i + 1]
                usable = time_line(nxt) is None and separator(nxt, pub) is None and junk_ja(nxt, preamble=False) is None
                if usable and looks_like_heading(nxt, "ja"):
                    out.append(Start(i, i + 1, nxt, nno, stamp))
                    continue
            out.append(Start(i, i, None, no, stamp))
        return out

    def evidence(self, content: list[Line]) -> tuple[int, int]:
        """Hits: time lines with text after them. Misses: time lines at the end or before another time."""
        hits = misses = 0
        for i, (_, line) in enumerate(content):
            if time_line(line) is None:
                continue
            followed = i + 1 < len(content) and time_line(content[i + 1][1]) is None
            hits += followed
            misses += not followed
        return hits, misses
