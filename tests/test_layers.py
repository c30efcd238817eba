"""make lint's structure contracts (import-linter, configured in pyproject.toml): the code as it is keeps them,
and the same check fails on a copy of the code with an import cycle or a layer broken."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": f"{tree / 'scripts'}{os.pathsep}{tree}"}
    return subprocess.run([str(LINT), "--config", str(tree / "pyproject.toml"), "--no-cache"], cwd=tree, env=env,
                          capture_output=True, text=True, timeout=120)


def _copy(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(ROOT / "scripts" / "kiroku", tree / "scripts" / "kiroku",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "tools", tree / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


def test_the_code_keeps_every_contract(tmp_path: Path) -> None:
    done = _lint(_copy(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(("module", "line", "contract"), [
    # a cycle inside the reading layer: values is imported by webpage, and now imports it back
    ("read/values.py", "from . import webpage  # noqa\n", "No import cycles in kiroku"),
    # a reader that knows another
    ("read/articles.py", "from . import jsonld  # noqa\n", "Each reader knows nothing of the others"),
    # reading reaching up into the build
    ("read/pages.py", "from .. import build  # noqa\n", "Layers"),
    # the product importing a benchmark
    ("model.py", "import tools.bench  # noqa\n", "The product does not import the tools"),
])
def test_a_broken_structure_fails_lint(tmp_path: Path, module: str, line: str, contract: str) -> None:
    tree = _copy(tmp_path)
    target = tree / "scripts" / "kiroku" / module
    target.write_text(target.read_text(encoding="utf-8") + line, encoding="utf-8")
    done = _lint(tree)
    assert done.returncode != 0
    broken = [row for row in done.stdout.splitlines() if row.endswith("BROKEN")]
    assert any(row.startswith(contract) for row in broken), done.stdout
