"""A killed `kiroku html` takes sphinx-build, and the workers it forked, with it (issue 24).

`kiroku html` holds the project lock while sphinx-build runs. Killed with `kill -9`, it used to leave
sphinx-build building on, unlocked, while another `kiroku build` took the lock. Here a stand-in for
sphinx-build (a Python process that loads kiroku.sphinxext.lifetime as Sphinx loads it from conf.py,
forks a worker as `-j` does, then sleeps) runs under a real `kiroku html` in a throwaway project.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ROOT, make_project

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a parent-death signal is Linux's")

# argv: scripts folder, pid file. Writes "sphinx-pid worker-pid process-group holds-lock" once both run.
FAKE_SPHINX = """
import os, sys, time
sys.path.insert(0, sys.argv[1])
from kiroku.sphinxext import lifetime
lifetime.setup(None)  # as Sphinx does with conf.py's extensions
lock = os.path.realpath(".kiroku.lock")
held = any(os.path.realpath(f"/proc/self/fd/{fd}") == lock for fd in os.listdir("/proc/self/fd"))
worker = os.fork()
if worker == 0:
    time.sleep(60)
    os._exit(0)
tmp = sys.argv[2] + ".tmp"
with open(tmp, "w") as fh:
    fh.write(f"{os.getpid()} {worker} {os.getpgid(0)} {held}")
os.rename(tmp, sys.argv[2])
time.sleep(60)
"""


def alive(pid: int) -> bool:
    """Running (a zombie is dead: it runs nothing and holds no file, whoever reaps it)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rpartition(")")[2].split()[0] not in ("Z", "X")


def wait_for(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return bool(condition())  # type: ignore[operator]


def kiroku(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiroku", "--root", str(root), *args],
                          capture_output=True, text=True, check=False, cwd=root, timeout=60)


class Running:
    """`kiroku html -- <fake sphinx-build>` in ``root``, once the fake and its worker are both up."""

    def __init__(self, root: Path) -> None:
        pidfile = root / "sphinx.pids"
        self.log = root / "kiroku.log"  # a file, not a pipe: a leftover child would keep a pipe open
        with open(self.log, "w") as log:
            self.kiroku = subprocess.Popen(
                [sys.executable, "-m", "kiroku", "--root", str(root), "html", "--site", str(root / "_build" / "html"),
                 "--", sys.executable, "-c", FAKE_SPHINX, str(ROOT / "scripts"), str(pidfile)],
                cwd=root, stdout=subprocess.DEVNULL, stderr=log,
            )
        started = wait_for(lambda: pidfile.exists() or self.kiroku.poll() is not None, 20)
        assert started, "kiroku html neither started sphinx-build nor stopped"
        assert pidfile.exists(), f"sphinx-build never started: {self.log.read_text()}"
        sphinx, worker, group, held = pidfile.read_text().split()
        self.sphinx, self.worker, self.group, self.held = int(sphinx), int(worker), int(group), held == "True"

    def stop(self) -> None:
        for pid in (self.kiroku.pid, self.sphinx, self.worker):
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        self.kiroku.wait()


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    root = make_project(tmp_path, with_sources=False)  # nothing to generate: the test is the subprocess
    run = Running(root)
    try:
        yield run
    finally:
        run.stop()


def test_kill_9_of_kiroku_html_kills_sphinx_build_and_frees_the_lock(running: Running, tmp_path: Path) -> None:
    refused = kiroku(tmp_path, "build")
    assert refused.returncode == 1
    assert "another kiroku command is running" in refused.stderr

    os.kill(running.kiroku.pid, signal.SIGKILL)
    assert running.kiroku.wait(timeout=5) == -signal.SIGKILL

    assert wait_for(lambda: not alive(running.sphinx), 5), "sphinx-build outlived kiroku html"
    assert wait_for(lambda: not alive(running.worker), 5), "sphinx-build's worker outlived it"
    after = kiroku(tmp_path, "build")
    assert after.returncode == 0, after.stderr


def test_sphinx_build_holds_the_lock_in_a_process_group_of_its_own(running: Running) -> None:
    # Where no parent-death signal exists, an orphan keeps the lock: no second build starts beside it.
    assert running.held, "sphinx-build holds the project lock with kiroku"
    assert running.group == running.sphinx != os.getpgid(running.kiroku.pid)


def test_ctrl_c_of_kiroku_html_takes_the_build_down_before_the_lock_goes(running: Running, tmp_path: Path) -> None:
    # A terminal's Ctrl-C reaches kiroku's process group only: sphinx-build is in its own.
    os.kill(running.kiroku.pid, signal.SIGINT)
    assert running.kiroku.wait(timeout=5) == 130
    assert "interrupted" in running.log.read_text()
    assert not alive(running.sphinx), "sphinx-build was waited for before kiroku let the lock go"
    assert wait_for(lambda: not alive(running.worker), 5), "the whole group was killed"
    after = kiroku(tmp_path, "build")
    assert after.returncode == 0, after.stderr
