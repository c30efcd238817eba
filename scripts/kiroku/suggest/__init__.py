"""Names the register lacks: candidates for a curator to review (``kiroku suggest``).

``find`` finds them (a katakana + title rule, and SudachiPy when installed), ``report`` prints
them, ``draft`` writes a draft register entry for one a curator accepts.
"""

from __future__ import annotations

from .draft import draft_person, katakana_to_hiragana
from .find import Candidate, Occurrence, find_candidates
from .report import format_lines, format_report, summary_line
from .tagger import sudachi_available

__all__ = [
    "Candidate",
    "Occurrence",
    "draft_person",
    "find_candidates",
    "format_lines",
    "format_report",
    "katakana_to_hiragana",
    "sudachi_available",
    "summary_line",
]
