"""The language of a Latin-script page, for the report: English unless the text plainly reads as another.

The English profiles read every page that is not Japanese (their grammar knows ``12.31 Uhr`` as well
as ``9:45 p.m.``), so their score is the same for a German or an Italian page; only the language the
report names differs. It is counted from the commonest short words of each language. A web page
names its language itself (``lang``), and the web reader takes that instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .lines import Line

# Short words common in running text of each language and rare in the others' (no "de", "la", "a").
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of is was with that for have has said will from this are".split()),
    "de": frozenset("der die das und ist nicht mit den dem auf für eine sich wird wurde sind auch nach".split()),
    "fr": frozenset("le les et est une dans pour qui du au sur pas avec sont été ce".split()),
    "it": frozenset("il di che è per della con non sono gli nel dei anche alla".split()),
    "es": frozenset("el los las del y por para fue se al su más".split()),
    "nl": frozenset("het een en van op te niet voor zijn er ook wordt".split()),
    "pt": frozenset("o do da em um não os dos das foi ao".split()),
}
MIN_WORDS = 5  # another language needs at least this many of its words ...
MARGIN = 2.0  # ... and this many times as many as English has
_WORD = re.compile(r"[^\W\d_]+")


def latin_language(lines: Sequence[Line]) -> str:
    """"en", or the language whose common words the text has plainly more of ("de", "fr", "it", "es", "nl", "pt")."""
    counts = dict.fromkeys(FUNCTION_WORDS, 0)
    for _, text in lines:
        for word in _WORD.findall(text.lower()):
            for language, words in FUNCTION_WORDS.items():
                counts[language] += word in words
    best = max(counts, key=lambda k: counts[k])
    if best != "en" and counts[best] >= MIN_WORDS and counts[best] >= MARGIN * counts["en"]:
        return best
    return "en"
