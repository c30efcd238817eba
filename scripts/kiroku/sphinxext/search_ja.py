"""Japanese search that finds what is on the page: one splitting rule for the index and the search box (NOTES §1)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
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


SCORER = Path(__file__).with_name("scorer.js")


def on_config_inited(app: Sphinx, config: Config) -> None:
    """Rank pages whose title holds the whole query first (unless conf.py names another scorer)."""
    if not config.html_search_scorer:
        config.html_search_scorer = str(SCORER)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_search_language(SearchJapaneseBigram)
    app.connect("config-inited", on_config_inited)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
