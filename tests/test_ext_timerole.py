"""kiroku.sphinxext.timerole on a tiny root: ``{kiroku-time}`ISO|label``` becomes <time datetime>."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from tests.conftest import sphinx_root


@sphinx_root("timerole")
def test_time_role_renders_a_time_element(app: SphinxTestApp) -> None:
    app.build()
    soup = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    times = [(t["datetime"], t.get_text()) for t in soup.find_all("time")]
    assert times == [("2030-04-01T09:30+09:00", "九時半"), ("2030-04-02", "四月二日")]
    # A value that is not 'ISO|label' is an error naming the role, and no <time> is made of it.
    warnings = app.warning.getvalue()
    assert warnings.count("kiroku-time needs 'ISO 8601 date or datetime|label'") == 2, warnings
    assert "bad.md" in warnings
    bad = BeautifulSoup((app.outdir / "bad.html").read_text(encoding="utf-8"), "html.parser")
    assert bad.find("time") is None


@sphinx_root("timerole", buildername="text")
def test_other_builders_show_the_label_as_text(app: SphinxTestApp) -> None:
    app.build()
    text = (app.outdir / "index.txt").read_text(encoding="utf-8")
    assert "九時半 に始まる" in text and "四月二日" in text
    assert "2030-04-01T09:30" not in text
