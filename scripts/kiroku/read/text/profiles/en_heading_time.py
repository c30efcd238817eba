"""English, heading first (``en-heading-time``): the heading, then the time line (``22:15 – 7 Jul 2026``), then text."""

from __future__ import annotations

import datetime as dt

from ..grammar_en import parse_stamp
from ..headings import looks_like_heading
from ..lines import Line
from .base import EnglishPage, Start
from .en_time_heading import classify, plain


class EnglishHeadingFirst(EnglishPage):
    name = "en-heading-time"
    description = 'English: heading, then the time line ("22:15 – 7 Jul 2026")'
    shape = "heading / 22:15 – 7 Jul 2026"
    what = "headings followed by a time line"

    def starts(self, content: list[Line], published: dt.date | None = None) -> list[Start]:
        out: list[Start] = []
        floor = 0  # lines above this belong to the entry before
        for i, (no, line) in enumerate(content):
            stamp = parse_stamp(line, published)
            if stamp is None:
                continue
            j = i - 1
            if j >= floor and plain(content[j][1]) and looks_like_heading(content[j][1], "en"):
                out.append(Start(j, i, content[j][1], content[j][0], stamp))
            else:
                out.append(Start(i, i, None, no, stamp))
            floor = i + 1
        return self.with_rules(content, out)

    def evidence(self, content: list[Line]) -> tuple[int, int]:
        kinds = [k for k in classify(content) if k != "?"]
        hits = sum(k == "HT" for k in kinds)
        return hits, len(kinds) - hits
