"""The one normalization rule for search: NFKC, then lower case, in Python (the index side) and JS (the query side).

Pagefind segments words with ICU on both sides, so the index and the search box already split
Japanese the same way (NOTES §8); what they must also agree on is the form of a character.
Full-width letters and digits (ＩＣＢＭ, ２人) and half-width kana (ｶﾅ) become their ordinary
forms. The search page applies ``JS_NORMALIZE`` to every query; the build adds the normalized form
of an entry's text, hidden from readers, where it differs from the text on the page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable


def normalize(text: str) -> str:
    """NFKC, then lower case: the form a query and the indexed text are compared in."""
    return unicodedata.normalize("NFKC", text).lower()


_WORD = re.compile(r"\w+")  # letters, digits and marks: what Pagefind indexes (it drops punctuation)


def changed_forms(texts: Iterable[str]) -> list[str]:
    """The normalized form of each word that NFKC changes (in order, without repeats): what the index must add.

    Words, not whole paragraphs: Japanese text is full of full-width punctuation and spaces that NFKC
    changes but search ignores; adding whole paragraphs again doubled every fragment a search fetches.
    """
    out: dict[str, None] = {}
    for text in texts:
        for match in _WORD.finditer(text):
            word = match.group()
            if unicodedata.normalize("NFKC", word) != word:
                out.setdefault(normalize(word), None)
    return list(out)


# The same rule in the browser (String.prototype.normalize and toLowerCase follow the same Unicode
# tables); the build writes it to _static/kiroku-searchnorm.js, and tests run both on the same strings.
JS_NORMALIZE = """\
/* Kiroku: the search normalization rule, the same as kiroku.searchnorm.normalize (Python). */
var kirokuNormalize = function (text) {
  return String(text).normalize("NFKC").toLowerCase();
};
if (typeof window !== "undefined") { window.kirokuNormalize = kirokuNormalize; }
if (typeof module !== "undefined" && module.exports) { module.exports = kirokuNormalize; }
"""
