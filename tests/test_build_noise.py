"""A second `make html` with nothing changed does not say "The configuration has changed" (issue 24).

Sphinx compares the configuration pickled with the environment with the new one and names every
value that differs. The book theme and Sphinx's HTML builder changed five values after that
comparison (kiroku.sphinxext.stableconfig), so every build named them, and a real change was lost
among them. These builds use the project's own conf.py (its theme, its extensions) over a one-page
site, so a theme upgrade that moves another value fails here.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

CHANGED = "The configuration has changed"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The project's conf.py, templates and static files over one page of our own text."""
    shutil.copy(ROOT / "conf.py", tmp_path / "conf.py")
    docs = tmp_path / "docs"
    for folder in ("_templates", "_static"):
        shutil.copytree(ROOT / "docs" / folder, docs / folder)
    (docs / "archive" / "_extra").mkdir(parents=True)
    (docs / "index.md").write_text("# 記録\n\n一行の文。\n", encoding="utf-8")
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")  # Mermaid, as make_project links it
    return tmp_path


def sphinx(root: Path, *options: str) -> str:
    """sphinx-build as `make html` runs it, but not quiet: the message is one of Sphinx's info lines."""
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(root), str(root / "docs"), str(root / "_build/html"),
         "--fail-on-warning", *options],
        capture_output=True, text=True, check=False, cwd=root,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


@pytest.mark.skipif(not (ROOT / "node_modules").exists(), reason="node_modules/ not installed (npm ci)")
@pytest.mark.parametrize("options", [(), ("-D", "html_theme=basic")], ids=["book-theme", "basic-theme"])
def test_second_build_does_not_say_the_configuration_changed(site: Path, options: tuple[str, ...]) -> None:
    assert "[new config]" in sphinx(site, *options)
    second = sphinx(site, *options)
    assert CHANGED not in second, second
    assert "0 added, 0 changed, 0 removed" in second


@pytest.mark.skipif(not (ROOT / "node_modules").exists(), reason="node_modules/ not installed (npm ci)")
def test_a_real_change_is_named_alone(site: Path) -> None:
    sphinx(site)
    changed = [line for line in sphinx(site, "-D", "html_title=別の題").splitlines() if CHANGED in line]
    # html_short_title defaults to html_title: the one change and what follows from it, nothing else.
    assert len(changed) == 1, changed
    assert changed[0].endswith("(2 options: 'html_short_title', 'html_title')"), changed
