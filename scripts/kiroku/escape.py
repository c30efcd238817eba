"""Seed text into MyST that renders as literal text, never as markup (NOTES §3)."""

from __future__ import annotations

import re
import string

_PUNCT = frozenset(string.punctuation)
# C0/C1 controls (but tab) have no visible form and upset docutils; line breaks are ours to place.
_CONTROLS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def escape_inline(text: str) -> str:
    """Backslash-escape every ASCII punctuation character; CommonMark allows it for all of them.

    Japanese text needs no escaping. Line breaks and control characters become spaces so
    the result is always one line.
    """
    text = _CONTROLS.sub(" ", text)
    return "".join("\\" + ch if ch in _PUNCT else ch for ch in text)


def escape_block(text: str) -> str:
    """A paragraph: as escape_inline, and no leading indentation (which would make code)."""
    return escape_inline(text).lstrip(" \t")


def index_entry(text: str) -> str:
    """Text for a ``{index}`` fence: one line, and no index syntax (``;`` splits, ``!`` marks main)."""
    return _CONTROLS.sub(" ", text).replace(";", " ").replace("!", " ").strip()


def mermaid_label(text: str) -> str:
    """A Mermaid label inside double quotes: ASCII punctuation and invisible format characters
    become entity codes (``#60;``), so a label can neither end its quotes nor become Mermaid
    syntax or HTML; letters, digits, spaces and printable non-ASCII text (かな, ・) stay."""
    text = _CONTROLS.sub(" ", text)
    return "".join(ch if ch.isalnum() or ch == " " or (ord(ch) > 127 and ch.isprintable()) else f"#{ord(ch)};"
                   for ch in text)
