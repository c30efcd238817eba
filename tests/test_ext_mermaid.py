"""kiroku.sphinxext.mermaid_local on tiny roots and a stand-in npm package: local files only, clear errors."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.errors import ConfigError, ExtensionError

from tests.conftest import ROOTS


def fake_mermaid(base: Path, *, d3: str | None = "hoisted") -> Path:
    """node_modules/ with a stand-in mermaid (our own text): the entry module, two chunks, a licence, d3."""
    dist = base / "node_modules" / "mermaid" / "dist"
    (dist / "chunks" / "mermaid.esm.min").mkdir(parents=True)
    (dist / "mermaid.esm.min.mjs").write_text("export default {initialize() {}, run() {}};\n", encoding="utf-8")
    for name in ("a.mjs", "b.mjs"):
        (dist / "chunks" / "mermaid.esm.min" / name).write_text(f"// chunk {name}\n", encoding="utf-8")
    (dist / "chunks" / "mermaid.esm.min" / "a.mjs.map").write_text("{}", encoding="utf-8")
    (dist.parent / "LICENSE").write_text("stand-in licence\n", encoding="utf-8")
    if d3 == "hoisted":
        target = base / "node_modules" / "d3" / "dist"
    elif d3 == "nested":
        target = dist.parent / "node_modules" / "d3" / "dist"
    else:
        return dist
    target.mkdir(parents=True)
    (target / "d3.min.js").write_text("// d3 stand-in\n", encoding="utf-8")
    return dist


def copy_root(tmp_path: Path, name: str) -> Path:
    src = tmp_path / name
    shutil.copytree(ROOTS / f"test-{name}", src)
    return src


@pytest.mark.parametrize("d3", ["hoisted", "nested"])
def test_mermaid_module_chunks_and_d3_are_copied_into_static(make_app, tmp_path: Path, d3: str) -> None:  # type: ignore[no-untyped-def]
    src = copy_root(tmp_path, "mermaid")
    dist = fake_mermaid(src, d3=d3)
    app = make_app("html", srcdir=src)
    app.build()
    assert app.warning.getvalue() == ""
    static = app.outdir / "_static" / "mermaid"
    assert sorted(p.relative_to(static).as_posix() for p in static.rglob("*") if p.is_file()) == [
        "LICENSE", "chunks/mermaid.esm.min/a.mjs", "chunks/mermaid.esm.min/b.mjs", "d3.min.js", "mermaid.esm.min.mjs"]
    assert (static / "mermaid.esm.min.mjs").read_bytes() == (dist / "mermaid.esm.min.mjs").read_bytes()
    soup = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert '--- b["図書室"]' in soup.find("pre", class_="mermaid").get_text()
    head = str(soup.head)
    assert 'import mermaid from "./_static/mermaid/mermaid.esm.min.mjs"' in head
    assert "cdn.jsdelivr" not in head and "unpkg" not in head and "https://" not in head


def test_a_rebuild_copies_only_what_changed_and_drops_stale_chunks(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = copy_root(tmp_path, "mermaid")
    dist = fake_mermaid(src)
    make_app("html", srcdir=src).build()
    static = src / "_build" / "html" / "_static" / "mermaid"
    kept = (static / "chunks" / "mermaid.esm.min" / "a.mjs").stat().st_mtime_ns
    (dist / "chunks" / "mermaid.esm.min" / "b.mjs").unlink()  # a newer mermaid with other chunks
    (dist / "chunks" / "mermaid.esm.min" / "c.mjs").write_text("// chunk c\n", encoding="utf-8")
    app = make_app("html", srcdir=src)
    app.build()
    assert sorted(p.name for p in (static / "chunks" / "mermaid.esm.min").iterdir()) == ["a.mjs", "c.mjs"]
    assert (static / "chunks" / "mermaid.esm.min" / "a.mjs").stat().st_mtime_ns == kept
    assert "(1 file(s) updated)" in app.status.getvalue()


@pytest.mark.parametrize(
    ("remove", "message"),
    [
        ("node_modules", "node_modules/mermaid/dist is missing"),
        ("node_modules/mermaid/dist/chunks", "chunks/mermaid.esm.min is missing"),
        ("node_modules/d3", "mermaid's dependency d3/dist/d3.min.js is missing"),
    ],
)
def test_build_without_mermaid_assets_fails_with_a_clear_message(make_app, tmp_path: Path, remove: str,  # type: ignore[no-untyped-def]
                                                                  message: str) -> None:
    src = copy_root(tmp_path, "mermaid")
    fake_mermaid(src)
    shutil.rmtree(src / remove)
    with pytest.raises(ExtensionError) as err:
        make_app("html", srcdir=src)
    assert message in str(err.value)
    assert "npm ci" in str(err.value)


def test_mermaid_file_argument_is_refused(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The mermaid directive can read files; Kiroku never needs that, so it is off (a third wall)."""
    src = copy_root(tmp_path, "mermaid-file")
    fake_mermaid(src)
    app = make_app("html", srcdir=src)
    app.build()
    assert "a file argument is not allowed" in app.warning.getvalue()
    assert "SECRET-CONTENT" not in (app.outdir / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"mermaid_include_elk": True}, "mermaid_include_elk needs mermaid_elk_use_local"),
        ({"mermaid_elk_use_local": "https://cdn.example.org/elk.mjs"}, "loads from another host"),
        ({"mermaid_zenuml_use_local": "//cdn.example.org/z.mjs"}, "loads from another host"),
        ({"mermaid_icon_packs": {"logos": "http://cdn.example.org/icons.json"}}, "loads from another host"),
    ],
)
def test_settings_that_would_load_from_another_host_are_refused(make_app, tmp_path: Path, overrides: dict,  # type: ignore[no-untyped-def,type-arg]
                                                                message: str) -> None:
    src = copy_root(tmp_path, "mermaid")
    fake_mermaid(src)
    conf = src / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + "".join(f"{k} = {v!r}\n" for k, v in overrides.items()),
                    encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        make_app("html", srcdir=src)


def test_local_paths_are_forced_whatever_conf_py_says(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = copy_root(tmp_path, "mermaid")
    fake_mermaid(src)
    conf = src / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + 'mermaid_use_local = "https://cdn.example.org/m.mjs"\n',
                    encoding="utf-8")
    app = make_app("html", srcdir=src)
    assert app.config.mermaid_use_local == "mermaid/mermaid.esm.min.mjs"
    assert app.config.d3_use_local == "mermaid/d3.min.js"
    assert os.fspath(app.config.kiroku_mermaid_dist) == "node_modules/mermaid/dist"


def test_mermaid_scripts_only_on_pages_with_a_diagram(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = copy_root(tmp_path, "mermaid")
    fake_mermaid(src)
    app = make_app("html", srcdir=src)
    app.build()
    assert app.warning.getvalue() == ""

    def loads_mermaid(page: str) -> bool:
        head = str(BeautifulSoup((app.outdir / page).read_text(encoding="utf-8"), "html.parser").find_all("script"))
        return "mermaid.esm.min.mjs" in head or "_static/mermaid/" in head

    assert loads_mermaid("index.html")  # it has a diagram
    # A page without one, and the pages without a doctree (sphinxcontrib-mermaid adds its scripts there too).
    for page in ("plain.html", "search.html", "genindex.html"):
        assert not loads_mermaid(page), page
