"""kiroku.sphinxext.csp on a tiny root: a Content-Security-Policy listing exactly the page's inline scripts."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from kiroku.sphinxext import csp
from tests.conftest import sphinx_root


@sphinx_root("csp")
def test_every_page_carries_a_policy_with_the_inline_script_hashes(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    for name in ("index.html", "genindex.html", "search.html"):
        soup = BeautifulSoup((app.outdir / name).read_text(encoding="utf-8"), "html.parser")
        (meta,) = soup.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
        # The scripts Sphinx adds for the page (add_js_file) are in the head; the policy hashes exactly those.
        inline = [s.string for s in soup.head.find_all("script") if not s.get("src") and s.string]
        assert "window.kirokuTest = 1;" in inline
        assert meta["content"] == csp.policy(inline), name
        script_src = next(d for d in meta["content"].split(";") if d.strip().startswith("script-src"))
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
        assert "object-src 'none'" in meta["content"] and "base-uri 'self'" in meta["content"]
    assert (app.outdir / "_static" / "plain.js").is_file()
    # The theme's Jinja macro files are not left in _static/ as assets.
    assert not (app.outdir / "_static" / "webpack-macros.html").exists()


def test_policy_hashes_each_distinct_script_once() -> None:
    one = csp.policy(["a()"])
    assert one.count("'sha256-") == 1
    assert csp.policy(["a()", "a()"]) == one
    assert csp.policy(["b()", "a()"]) == csp.policy(["a()", "b()"])
    assert csp.policy([]).count("'sha256-") == 0
    assert "script-src 'self' 'wasm-unsafe-eval';" in csp.policy([])
