"""Japanese search that finds what is on the page: one splitting rule for the index and the search box (NOTES §1)."""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.search import SearchLanguage

from kiroku.searchsplit import JS_SPLITTER, split


class SearchJapaneseBigram(SearchLanguage):
    """Replaces Sphinx's TinySegmenter splitter for ``language = "ja"``."""

    lang = "ja"
    language_name = "Japanese"
    js_splitter_code = JS_SPLITTER

    def split(self, input: str) -> list[str]:
        return split(input)

    def word_filter(self, word: str) -> bool:
        return bool(word) and not word.isdigit()


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_search_language(SearchJapaneseBigram)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
