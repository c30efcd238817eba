"""kiroku.sphinxext.safety on a tiny root: raw HTML, raw output and file inclusion stay off (the second wall)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp

from tests.conftest import sphinx_root


@sphinx_root("safety")
def test_raw_html_raw_output_and_includes_never_reach_the_page(app: SphinxTestApp) -> None:
    app.build()
    warnings = app.warning.getvalue()
    assert "raw" in warnings  # docutils reports the disabled directive ...
    assert "include" in warnings
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    body = BeautifulSoup(html, "html.parser").find("div", class_="body")
    assert body.find(["script", "img", "iframe", "object"]) is None  # ... and nothing of it reaches the page
    assert "<script>alert(1)</script>" in body.get_text()  # MyST HTML is text
    assert "SECRET-FROM-INCLUDE" not in html


@pytest.mark.parametrize("extension", ["dollarmath", "html_image", "substitution", "linkify"])
def test_a_myst_extension_that_adds_markup_is_refused(make_app, rootdir, tmp_path, extension: str) -> None:  # type: ignore[no-untyped-def]
    import shutil

    shutil.copytree(rootdir / "test-safety", tmp_path / "src")
    with pytest.raises(ConfigError, match=f"must not enable {extension}"):
        make_app("html", srcdir=tmp_path / "src", confoverrides={"myst_enable_extensions": [extension]})


@sphinx_root("safety", confoverrides={"myst_disable_syntax": ["emphasis"]})
def test_disabled_syntax_of_conf_py_is_kept_and_html_added(app: SphinxTestApp) -> None:
    assert set(app.config.myst_disable_syntax) == {"emphasis", "html_block", "html_inline"}


def test_the_archive_loads_the_wall_and_no_markup_extension() -> None:
    from kiroku.sphinxext.safety import FORBIDDEN_MYST_EXTENSIONS
    from tests.conftest import ROOT

    namespace: dict[str, object] = {"__file__": str(ROOT / "conf.py")}
    exec(compile((ROOT / "conf.py").read_text(encoding="utf-8"), "conf.py", "exec"), namespace)
    assert "kiroku.sphinxext.safety" in namespace["extensions"]  # type: ignore[operator]
    assert not set(namespace["myst_enable_extensions"]) & FORBIDDEN_MYST_EXTENSIONS  # type: ignore[arg-type]
