"""What ``kiroku suggest`` prints: a summary line for ``make html`` and the table of candidates."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from .find import Candidate, Occurrence
from .tagger import sudachi_available


def summary_line(candidates: Sequence[Candidate]) -> str:
    """One line for ``make html``."""
    if not candidates:
        return "suggest: no unregistered candidate names"
    n = len(candidates)
    shown = ", ".join(f"{c.text} ×{c.count}" for c in candidates[:3])
    more = ", …" if n > 3 else ""
    return f"suggest: {n} unregistered candidate name{'s' if n != 1 else ''} ({shown}{more}); run kiroku suggest"


def format_lines(lines: Sequence[Occurrence]) -> str:
    """``a.txt:3,17 b.txt:5``: lines grouped by seed."""
    by_seed: dict[str, list[int]] = {}
    for seed, no in lines:
        by_seed.setdefault(seed, []).append(no)
    return " ".join(f"{seed}:{','.join(map(str, nos))}" for seed, nos in by_seed.items())


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def format_report(candidates: Sequence[Candidate], *, sudachi: bool | None = None) -> str:
    """Human-readable table: count, kind, rule, text, title, lines.

    ``sudachi`` says whether the SudachiPy rule ran; by default, whether it is available
    (which is what ``find_candidates`` does unless told ``use_sudachi=False``).
    """
    if sudachi is None:
        sudachi = sudachi_available()
    if sudachi:
        rules = "rules: katakana+title, SudachiPy (core dictionary, split mode C)"
    elif sudachi_available():
        rules = "rules: katakana+title only (SudachiPy turned off)"
    else:
        rules = "rules: katakana+title only (SudachiPy not installed: pip install sudachipy sudachidict_core)"
    n = len(candidates)
    head = f"kiroku suggest: {n} unregistered candidate name{'s' if n != 1 else ''}; {rules}"
    if not candidates:
        return head + "\n"
    header = ("count", "kind", "rule", "text", "title", "lines")
    rows = [(str(c.count), c.kind, c.rule, c.text, c.title or "-", format_lines(c.lines)) for c in candidates]
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    out = [head, ""]
    for row in [header, *rows]:
        cells = [row[0].rjust(widths[0]), *(_pad(row[i], widths[i]) for i in range(1, len(widths))), row[-1]]
        out.append("  ".join(cells))
    return "\n".join(out) + "\n"


# --- drafting a register entry --------------------------------------------------------------
