"""Time prefix, then the heading, in blocks between blank lines: the NHK 【詳しく】 shape.

``14日 08:10 鹿児島空港 全便欠航`` / ``06:30ごろ 熊本県内で停電4万戸`` / ``12日 気象庁 …``, untimed
headings between them, ▼ lists, a note on the time zone, 目次, and a closing 「…とは」 explainer.
This profile is kiroku.nhk.parse_nhk, unchanged: what it returns for a capture is exactly what
parse_nhk returns (newest first, as that parser requires), with the lines it left out reported.
"""

from __future__ import annotations

import datetime as dt

from ..nhk import _blocks as nhk_blocks
from ..nhk import classify_heading, parse_nhk
from ..timeparse import split_time_prefix
from .base import Fit, Line, ParseReport, Profile, Skipped, content_lines, fit, split_lines


def _blocks(text: str) -> list[list[Line]]:
    """Runs of non-blank lines, stripped: the NHK parser's own grouping."""
    return [[(no, t.strip()) for no, t in block] for block in nhk_blocks(list(enumerate(split_lines(text), 1)))]


class PrefixHeading(Profile):
    name = "prefix-heading"
    language = "ja"
    description = "time prefix then heading, blocks between blank lines (「14日 08:10 見出し」; NHK 【詳しく】)"

    def examine(self, text: str) -> Fit:
        """Hits: one-line blocks that are timed headings. Misses: lines with a time prefix inside longer blocks."""
        blocks = _blocks(text)
        hits = misses = 0
        for i, block in enumerate(blocks):
            nxt = [t for _, t in blocks[i + 1]] if i + 1 < len(blocks) else None
            if len(block) == 1:
                kind = classify_heading(block[0][1], nxt)
                hits += kind is not True and kind is not False
                continue
            for _, line in block:
                prefix = split_time_prefix(line)
                misses += prefix is not None and not prefix.rest.endswith(("。", "、"))
        return fit(self.name, content_lines(text), self.language, hits, misses, "timed heading blocks")

    def parse(
        self, text: str, *, seed: str, published: dt.date, timezone: str, strict_order: bool = True
    ) -> ParseReport:
        blog = parse_nhk(text, seed=seed, published=published, timezone=timezone, strict_order=strict_order)
        used: set[int] = {p.line for p in (*blog.lead, *blog.notes)}
        for entry in blog.entries:
            used.update(range(entry.lines[0], entry.lines[1] + 1))
        for section in blog.background:
            used.update(range(section.lines[0], section.lines[1] + 1))
        skipped: list[Skipped] = []
        title_seen = False
        for no, line in content_lines(text):
            if not title_seen:
                title_seen = True  # the first line is the title
                continue
            if no in used:
                continue
            reason = "table-of-contents marker" if line == "目次" else "not part of any entry"
            skipped.append(Skipped(no, line, reason))
        return ParseReport(blog=blog, format=self.name, language=self.language, skipped=tuple(skipped))
