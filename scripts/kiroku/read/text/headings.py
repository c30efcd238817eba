"""Headings: whether a line reads as a heading (a phrase, not a sentence), and a heading made from a
paragraph's first sentence for an entry the page gave none.
"""

from __future__ import annotations

import re

MAX_NAME_CHARS = 60  # a heading made from a Japanese first sentence
MAX_NAME_WORDS = 20  # ... from an English one
_JA_SENTENCE = re.compile(r"^(.+?[。！？!?])")
_EN_ABBREV = frozenset({"mr", "mrs", "ms", "dr", "st", "jr", "sr", "no", "vs", "gen", "gov", "sen", "rep", "prof"})
_EN_END = re.compile(r"[.!?](?:[\"'”’)])?(?=\s|$)")


def first_sentence(text: str, language: str) -> str:
    """The first sentence of a paragraph, as a heading: no full stop, cut to a heading's length."""
    text = text.strip()
    if language == "ja":
        m = _JA_SENTENCE.match(text)
        sentence = m.group(1) if m else text
        sentence = sentence.rstrip("。．.")
        return sentence if len(sentence) <= MAX_NAME_CHARS else sentence[: MAX_NAME_CHARS - 1] + "…"
    sentence = text
    for m in _EN_END.finditer(text):
        before = text[: m.start()].split()
        last = before[-1].lower().rstrip(".") if before else ""
        if m.group().startswith(".") and (last in _EN_ABBREV or len(last) == 1 or re.search(r"\.[a-z]$", last)):
            continue  # "Mr.", "U.S.", "a.m."
        sentence = text[: m.end()]
        break
    sentence = sentence.strip()
    if sentence.endswith("."):
        sentence = sentence[:-1]
    words = sentence.split()
    return sentence if len(words) <= MAX_NAME_WORDS else " ".join(words[:MAX_NAME_WORDS]) + "…"


_JA_SENTENCE_END = tuple("。．.！？!?、，,：:")
_EN_HEADING_BAD_END = tuple(".,;:…")
MAX_JA_HEADING = 60
MAX_EN_HEADING_WORDS = 18
_EN_SIGN_OFF = re.compile(r"^(?:[—–]|-\s)")  # "— Grant Albescu, Washington": a reporter's sign-off


def looks_like_heading(text: str, language: str) -> bool:
    """A phrase, not a sentence: short, no sentence-ending punctuation (English: ? and ! may end it)."""
    text = text.strip()
    if not text or text.startswith(("▼", "※", "＊")):
        return False
    if language == "ja":
        return len(text) <= MAX_JA_HEADING and not text.endswith(_JA_SENTENCE_END)
    if text.endswith(_EN_HEADING_BAD_END) or re.search(r"[.!?][\"'”’]$", text):
        return False
    if _EN_SIGN_OFF.match(text):
        return False
    first = text.lstrip("\"'“‘(")[:1]
    return bool(first) and not first.islower() and len(text.split()) <= MAX_EN_HEADING_WORDS
