"""Line reading: lines as an editor counts them, content lines, blank-line blocks, and an entry's body.

Every profile reads a body the same way: one paragraph per line, and a ▼ list from a run of ▼
lines (「▼甲さん、▼乙さん」 on one line is two items).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...model import Block, ListBlock, Paragraph

Line = tuple[int, str]  # (1-based line number, text)
LIST_MARK = "▼"


def split_lines(text: str) -> list[str]:
    """Lines as an editor counts them: LF, CRLF or CR ends a line; nothing else does. A BOM is dropped."""
    return re.split(r"\r\n|\r|\n", text.lstrip("\ufeff"))


def numbered_lines(text: str) -> list[Line]:
    """Every line with its 1-based number, trailing white space removed."""
    return [(n, raw.rstrip()) for n, raw in enumerate(split_lines(text), 1)]


def content_lines(text: str) -> list[Line]:
    """The non-blank lines, stripped, with their 1-based numbers."""
    return [(n, raw.strip()) for n, raw in enumerate(split_lines(text), 1) if raw.strip()]


def blocks(lines: Sequence[Line]) -> list[list[Line]]:
    """Runs of non-blank lines (stripped), split at blank lines."""
    found: list[list[Line]] = []
    current: list[Line] = []
    for no, text in lines:
        if text.strip():
            current.append((no, text.strip()))
        elif current:
            found.append(current)
            current = []
    if current:
        found.append(current)
    return found


def body_blocks(lines: Sequence[Line]) -> tuple[Block, ...]:
    """Paragraphs, one per line, and ▼ lists from runs of ▼ lines."""
    body: list[Block] = []
    items: list[str] = []
    items_line = 0
    for no, raw in lines:
        text = raw.strip()
        if text.startswith(LIST_MARK):
            if not items:
                items_line = no
            items.extend(part.strip() for part in text.split(LIST_MARK) if part.strip())
            continue
        if items:
            body.append(ListBlock(tuple(items), items_line))
            items = []
        body.append(Paragraph(text, no))
    if items:
        body.append(ListBlock(tuple(items), items_line))
    return tuple(body)
