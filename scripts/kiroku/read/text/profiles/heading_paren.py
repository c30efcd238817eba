"""Heading first, its time after it in parentheses: ``首脳会談始まる(9日14時過ぎ 日本時間)``.

The NHK timeline shape: kanji hours and 半, the zone in the parentheses, no blank lines, the
title repeated under itself and reporter credits such as ``(ハノイ支局・山本健)。`` between entries.
"""

from __future__ import annotations

import datetime as dt
import re

from ..grammar_ja import read_stamp
from ..headings import looks_like_heading
from ..lines import Line
from ..stamp import Stamp
from .base import JapanesePage, Start

_PAREN = re.compile(r"^(?P<head>.*?\S)[ \u3000]*[(（](?P<stamp>[^()（）]+)[)）]$")
_ZONE_WORD = re.compile(r"日本時間|現地時間|JST")


def heading_stamp(line: str, published: dt.date | None = None) -> tuple[str, Stamp, bool] | None:
    """(heading, stamp, heading-like) for a line ending in a parenthesised time, else None.

    The parentheses must hold a clock time, a part of day or a zone word: 「(1月10日まで)」 and
    「(9日)」 in a title are not entry times.
    """
    m = _PAREN.match(line)
    if not m:
        return None
    stamp = read_stamp(m.group("stamp"), published)
    if stamp is None or (stamp.precision == "day" and not _ZONE_WORD.search(m.group("stamp"))):
        return None
    head = m.group("head").strip()
    return head, stamp, looks_like_heading(head, "ja")


class HeadingParen(JapanesePage):
    name = "heading-paren"
    description = "heading with its time after it in parentheses (「首脳会談始まる(9日14時過ぎ 日本時間)」)"
    shape = "首脳会談始まる(9日14時過ぎ 日本時間)"
    what = "headings with a time in parentheses"

    def starts(self, content: list[Line], published: dt.date | None = None) -> list[Start]:
        out: list[Start] = []
        for i, (no, line) in enumerate(content):
            found = heading_stamp(line, published)
            if found and found[2]:
                out.append(Start(i, i, found[0], no, found[1]))
        return out

    def evidence(self, content: list[Line]) -> tuple[int, int]:
        hits = misses = 0
        for _, line in content:
            found = heading_stamp(line)
            if found:
                hits += found[2]
                misses += not found[2]
        return hits, misses
