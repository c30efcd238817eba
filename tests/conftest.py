"""Shared fixtures: the project root, a throwaway copy of the project, the golden-file flag, a browser, and
Sphinx's own test fixtures over the tiny roots in tests/roots/ (one extension each, our own text)."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = ROOT / "seeds" / "000_dfc3d0821524c7c1.txt"
ROOTS = Path(__file__).resolve().parent / "roots"

pytest_plugins = ("sphinx.testing.fixtures",)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds ``testroot="x"``: tests/roots/test-x/."""
    return ROOTS


@pytest.fixture
def sphinx_test_tempdir(tmp_path: Path) -> Path:
    """Each test builds its own copy of a root: no _build shared between tests or xdist workers."""
    return tmp_path


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's chromium, headless, one per test module (``tests.browserkit.chromium``)."""
    from tests.browserkit import chromium

    with chromium() as b:
        yield b


def sphinx_root(name: str, buildername: str = "html", **kwargs: Any) -> pytest.MarkDecorator:
    """``@sphinx_root("nav")``: the ``app`` fixture gets a fresh copy of tests/roots/test-nav/."""
    return pytest.mark.sphinx(buildername, testroot=name, srcdir=name, **kwargs)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current code")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def make_project(dest: Path, *, with_sources: bool = True) -> Path:
    """A copy of the project's inputs (not its generated pages) in ``dest``."""
    shutil.copy(ROOT / "conf.py", dest / "conf.py")
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=shutil.ignore_patterns("archive", ".archive*"))
    if (ROOT / "node_modules").exists():  # Mermaid, installed by make from package-lock.json
        (dest / "node_modules").symlink_to(ROOT / "node_modules")
    (dest / "sources").mkdir()
    (dest / "seeds").mkdir()
    if with_sources:
        for path in (ROOT / "sources").iterdir():
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


def sphinx(root: Path, *options: str, epoch: str | None = None) -> subprocess.CompletedProcess[str]:
    """sphinx-build as `make html` runs it; ``options`` as `make html SPHINXOPTS=…` adds them (``-D name=value``).

    ``epoch``: SOURCE_DATE_EPOCH for this build (as the Makefile exports it), else the test's environment.
    """
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch} if epoch else None
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(root), str(root / "docs"), str(root / "_build/html"),
         "--fail-on-warning", "--keep-going", "--jobs", "auto", "-q", *options],
        capture_output=True, text=True, check=False, env=env,
    )


def build(root: Path, *, epoch: str | None = None, index: bool = True) -> Path:
    """kiroku build + sphinx-build + kiroku index, as `make html`; asserts a clean build and returns the HTML folder."""
    from kiroku.cli.main import main

    assert main(["--root", str(root), "build"]) == 0
    result = sphinx(root, epoch=epoch)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    assert "ERROR" not in result.stderr, result.stderr
    if index:
        assert main(["--root", str(root), "index"]) == 0
    return root / "_build" / "html"


SEED_EPOCH = "1694563200"  # SOURCE_DATE_EPOCH of the shared seed build: test_reproducible builds it again elsewhere


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Path]) -> Path:
    """``make(folder)`` once per test run, shared by the xdist workers (under a lock); callers only read it.

    Without xdist the folder is a fresh temporary one. With it, the first worker to ask builds in the
    run's own base folder (new for every run) while the other waits, then both read the result.
    """
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return make(tmp_path_factory.mktemp(name))
    base = tmp_path_factory.getbasetemp().parent  # the run's folder, above each worker's own
    with open(base / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = base / f"{name}.built"
        if done.exists():
            return Path(done.read_text(encoding="utf-8"))
        folder = base / name
        if folder.exists():  # a worker failed half-way: start again
            shutil.rmtree(folder)
        folder.mkdir()
        result = make(folder)
        done.write_text(str(result), encoding="utf-8")
        return result


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's own archive, built once per test run; tests only read it."""
    return built_once(tmp_path_factory, "seed", lambda folder: build(make_project(folder), epoch=SEED_EPOCH))


NASTY = sorted((FIXTURES / "nasty").glob("*.txt"))


@pytest.fixture(scope="session")
def nasty_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every capture of fixtures/nasty/ ingested as its own live blog (test-nasty-<name>), built once; read only."""
    from kiroku.cli.main import main

    def make(folder: Path) -> Path:
        root = make_project(folder, with_sources=False)
        for capture in NASTY:
            assert main(["--root", str(root), "ingest", str(capture), "--source", f"test-nasty-{capture.stem}",
                         "--published", "2025-09-01", "--publisher", "<b>試験</b> & co", "--timezone", "Asia/Tokyo",
                         "--captured", "2025-09-01"]) == 0
        return build(root)

    return built_once(tmp_path_factory, "nasty", make)
