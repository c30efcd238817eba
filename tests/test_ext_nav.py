"""kiroku.sphinxext.nav on a tiny root: a sidebar scoped to the reader's live blog, prev/next inside it."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from kiroku.sphinxext import nav
from tests.conftest import ROOT, sphinx_root

WALK = "archive/walk"


def sidebar(app: SphinxTestApp, docname: str) -> BeautifulSoup:
    soup = BeautifulSoup((app.outdir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
    found = soup.find("nav", class_="bd-docs-nav")
    assert found is not None, docname
    return found


def titles(tag: BeautifulSoup) -> list[str]:
    return [a.get_text() for a in tag.find_all("a")]


def prev_next(app: SphinxTestApp, docname: str) -> tuple[str | None, str | None]:
    soup = BeautifulSoup((app.outdir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
    prev, nxt = soup.find("a", class_="test-prev"), soup.find("a", class_="test-next")
    return (prev.get_text() if prev else None), (nxt.get_text() if nxt else None)


BASIC = sphinx_root("nav", confoverrides={"html_theme": "basic"})


@BASIC
def test_basic_theme_gets_its_own_sidebars_and_options(app: SphinxTestApp) -> None:
    # conf.py names the book theme's sidebars and options; -D html_theme=basic must not inherit them.
    assert app.config.html_sidebars == nav.BASIC_SIDEBARS
    assert app.config.html_theme_options == {}
    app.build()
    assert app.warning.getvalue() == ""
    assert BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser").find(
        "div", class_="sphinxsidebar").find("input", attrs={"name": "q"}) is not None  # the basic search box


@BASIC
def test_sidebar_shows_the_sections_and_only_the_readers_live_blog(app: SphinxTestApp) -> None:
    app.build()
    entry = sidebar(app, f"{WALK}/e-walk-1")
    assert titles(entry) == ["記録の一覧", "散歩の記録", "散歩一日目", "川沿いを歩く", "橋を渡る", "散歩二日目",
                             "この試験について"]
    assert "水泳の記録" not in titles(entry) and "坂を上る" not in titles(entry)  # another blog, another day
    current = entry.find("a", class_="current")
    assert current.get_text() == "川沿いを歩く"
    assert [li.find("a").get_text() for li in entry.find_all("li", class_="current")] == [
        "記録の一覧", "散歩の記録", "散歩一日目", "川沿いを歩く"]
    # The archive's own page does not list every live blog in the sidebar (that list grows without bound).
    assert titles(sidebar(app, "archive/index")) == ["記録の一覧", "この試験について"]
    assert titles(sidebar(app, "index")) == ["記録の一覧", "この試験について"]
    swim = sidebar(app, "archive/swim/e-swim-1")
    assert titles(swim) == ["記録の一覧", "水泳の記録", "水泳一日目", "百メートル泳ぐ", "この試験について"]
    # Links are relative to the page.
    assert entry.find("a", string="散歩の記録")["href"] == "index.html"
    assert entry.find("a", string="この試験について")["href"] == "../../about.html"


@BASIC
def test_prev_and_next_stay_inside_a_live_blog(app: SphinxTestApp) -> None:
    app.build()
    order = [f"{WALK}/index", f"{WALK}/2030-01-01", f"{WALK}/e-walk-1", f"{WALK}/e-walk-2", f"{WALK}/2030-01-02",
             f"{WALK}/e-walk-3"]
    got = [prev_next(app, d) for d in order]
    assert got == [(None, "散歩一日目"), ("散歩の記録", "川沿いを歩く"), ("散歩一日目", "橋を渡る"),
                   ("川沿いを歩く", "散歩二日目"), ("橋を渡る", "坂を上る"), ("散歩二日目", None)]
    assert prev_next(app, "archive/swim/index") == (None, "水泳一日目")
    # Outside the live blogs: the front page and its own sections.
    assert prev_next(app, "index") == (None, "記録の一覧")
    assert prev_next(app, "about") == ("記録の一覧", None)


@BASIC
def test_parent_map_lives_in_the_domain_and_an_incremental_build_equals_a_fresh_one(
    app: SphinxTestApp, make_app
) -> None:  # type: ignore[no-untyped-def]
    app.build()
    parents = app.env.domaindata["kiroku"]["parents"]
    assert parents[f"{WALK}/e-walk-3"] == f"{WALK}/2030-01-02"
    assert parents[f"{WALK}/index"] == "archive/index"
    assert not hasattr(app, "_kiroku_parents")
    # A fourth walk entry, read incrementally.
    day = app.srcdir / WALK / "2030-01-02.md"
    day.write_text(day.read_text(encoding="utf-8").replace("e-walk-3", "e-walk-3\ne-walk-4"), encoding="utf-8")
    (app.srcdir / WALK / "e-walk-4.md").write_text("# 公園で休む\n", encoding="utf-8")
    again = make_app("html", srcdir=app.srcdir, confoverrides={"html_theme": "basic"})
    again.build()
    assert "2 added" not in again.status.getvalue()  # sanity: it is an update, not a fresh build
    incremental = dict(again.env.domaindata["kiroku"]["parents"])
    assert incremental[f"{WALK}/e-walk-4"] == f"{WALK}/2030-01-02"
    assert prev_next(again, f"{WALK}/e-walk-3") == ("散歩二日目", "公園で休む")
    fresh = make_app("html", srcdir=app.srcdir, freshenv=True, confoverrides={"html_theme": "basic"})
    fresh.build(force_all=True)
    assert incremental == fresh.env.domaindata["kiroku"]["parents"]
    # A page removed from the sources leaves the map with it.
    (app.srcdir / WALK / "e-walk-4.md").unlink()
    day.write_text(day.read_text(encoding="utf-8").replace("e-walk-3\ne-walk-4", "e-walk-3"), encoding="utf-8")
    third = make_app("html", srcdir=app.srcdir, confoverrides={"html_theme": "basic"})
    third.build()
    assert f"{WALK}/e-walk-4" not in third.env.domaindata["kiroku"]["parents"]


@sphinx_root("nav", confoverrides={"html_theme": "basic",
                                   "templates_path": ["_templates", str(ROOT / "docs" / "_templates")]})
def test_the_projects_templates_render_with_the_basic_theme(app: SphinxTestApp) -> None:
    """The benchmark's baseline (-D html_theme=basic) uses the project's layout.html and search.html too."""
    app.build()
    assert app.warning.getvalue() == ""
    html = (app.outdir / "archive" / "walk" / "e-walk-1.html").read_text(encoding="utf-8")
    assert '<meta name="viewport"' in html and "bd-docs-nav" in html
    assert "kiroku-mode.js" not in html  # the book theme's asset block is left to the book theme
    assert (app.outdir / "search.html").is_file()
