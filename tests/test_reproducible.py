"""Two builds of the same inputs give the same bytes: the generated MyST always, the HTML apart from .doctrees."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import build, make_project

# Sphinx's pickled doctrees and environment hold absolute paths and object ids; they are a cache,
# not output. Everything else in _build/html must be identical.
SPHINX_VARIES = (".doctrees",)


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.relative_to(folder).parts[0] in SPHINX_VARIES
    }


@pytest.mark.slow
def test_two_builds_in_two_places_are_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1694563200")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a, b = make_project(tmp_path / "a"), make_project(tmp_path / "b")
    site_a, site_b = build(a), build(b)
    myst_a, myst_b = files(a / "docs" / "archive"), files(b / "docs" / "archive")
    assert len(myst_a) > 40
    assert myst_a == myst_b
    html_a, html_b = files(site_a), files(site_b)
    assert len(html_a) > 100
    assert html_a.keys() == html_b.keys()
    differing = [name for name in html_a if html_a[name] != html_b[name]]
    assert differing == []
