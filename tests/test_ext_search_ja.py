"""kiroku.sphinxext.search_ja on a tiny root: the index and the search box split Japanese the same way."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from kiroku.searchsplit import JS_SPLITTER, split
from kiroku.sphinxext import search_ja

from .conftest import sphinx_root


def index(app: SphinxTestApp) -> dict:  # type: ignore[type-arg]
    text = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


@sphinx_root("search-ja")
def test_index_terms_are_kirokus_split(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    data = index(app)
    body = "新しい図書室は駅前広場の北側にあります。"  # index.md, and its title below
    terms = data["terms"].keys() | data["titleterms"].keys()  # Sphinx lists a title's words only as title terms
    assert terms == {t for t in split(body + "ﾄｼｮｼﾂ、ＡＢＣ文庫、2030年。" + "図書室の開館時間") if not t.isdigit()}
    assert "2030" not in terms and "ﾄｼ" not in terms and "トシ" in terms  # no bare numbers; width-folded kana
    for term in split("図書室の開館時間"):
        assert term in data["titleterms"], term
    # The search box runs the same splitter, and the title-first scorer, from _static/.
    language_data = (app.outdir / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert JS_SPLITTER.strip() in language_data
    assert search_ja.SCORER.read_text(encoding="utf-8").strip() in language_data


def test_a_scorer_named_in_conf_py_is_kept(make_app, rootdir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shutil.copytree(rootdir / "test-search-ja", tmp_path / "src")
    (tmp_path / "src" / "own_scorer.js").write_text("var Scorer = {};\n", encoding="utf-8")
    app = make_app("html", srcdir=tmp_path / "src", confoverrides={"html_search_scorer": "own_scorer.js"})
    assert app.config.html_search_scorer == "own_scorer.js"
    plain = make_app("html", srcdir=tmp_path / "src")
    assert plain.config.html_search_scorer == str(search_ja.SCORER)
