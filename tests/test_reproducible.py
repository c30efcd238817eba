"""Two builds of the same inputs give the same bytes: the generated MyST always, the HTML apart from .doctrees."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEED_EPOCH, build, make_project

# Sphinx's pickled doctrees and environment hold absolute paths and object ids; they are a cache,
# not output. Everything else in _build/html must be identical.
SPHINX_VARIES = (".doctrees",)


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] not in SPHINX_VARIES
    }


@pytest.mark.slow
def test_two_builds_in_two_places_are_identical(seed_site: Path, tmp_path: Path) -> None:
    # The first build is the session's seed site (built with SEED_EPOCH); the second, the same inputs elsewhere.
    site_a = seed_site
    a = site_a.parent.parent
    (tmp_path / "b").mkdir()
    b = make_project(tmp_path / "b")
    assert a != b
    site_b = build(b, epoch=SEED_EPOCH)
    myst_a, myst_b = files(a / "docs" / "archive"), files(b / "docs" / "archive")
    assert len(myst_a) > 40
    assert myst_a == myst_b
    html_a, html_b = files(site_a), files(site_b)
    assert len(html_a) > 100
    assert html_a.keys() == html_b.keys()
    differing = [name for name in html_a if html_a[name] != html_b[name]]
    assert differing == []
    # Pagefind's bundle (built by `kiroku index`, as `make html` does) is part of the site, byte for byte.
    bundle = [name for name in html_a if name.startswith("pagefind/")]
    assert len(bundle) > 20 and any(name.startswith("pagefind/all/fragment/") for name in bundle)
