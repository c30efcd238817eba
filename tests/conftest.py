"""Shared fixtures: the project root, a throwaway copy of the project, the golden-file flag."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = ROOT / "seeds" / "000_dfc3d0821524c7c1.txt"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current code")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def make_project(dest: Path, *, with_sources: bool = True) -> Path:
    """A copy of the project's inputs (not its generated pages) in ``dest``."""
    shutil.copy(ROOT / "conf.py", dest / "conf.py")
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=shutil.ignore_patterns("archive", ".archive*"))
    (dest / "sources").mkdir()
    (dest / "seeds").mkdir()
    if with_sources:
        for path in (ROOT / "sources").glob("*.yaml"):
            shutil.copy(path, dest / "sources" / path.name)
        for path in (ROOT / "seeds").iterdir():
            shutil.copy(path, dest / "seeds" / path.name)
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


@pytest.fixture
def empty_project(tmp_path: Path) -> Path:
    return make_project(tmp_path, with_sources=False)
