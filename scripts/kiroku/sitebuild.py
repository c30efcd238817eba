"""``kiroku html -- SPHINX-BUILD…``: the whole of ``make html`` under one project lock.

Generation, the Sphinx build and the Pagefind index run one after the other while this process holds
the lock ``kiroku build`` takes, so a second ``make html`` (or ``kiroku build``, ``kiroku ingest``)
started during any of them stops with the same message instead of building on the same output.
The sphinx-build command line is the Makefile's (with ``BASEURL`` and ``SPHINXOPTS``), run as given.

sphinx-build never outlives this process (``kiroku.sphinxext.lifetime``): it holds the lock with it
(the lock's descriptor is passed on), runs in a process group of its own that is killed whole if this
process stops on an error or Ctrl-C, and, on Linux, gets a parent-death signal, it and its ``-j``
workers, so a ``kill -9`` of ``kiroku html`` takes the whole build with it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from collections.abc import Sequence
from pathlib import Path

from .build import Log, Project, generate
from .errors import KirokuError
from .fsutil import project_lock
from .searchindex import index_unsharded
from .sphinxext import lifetime


def build_site(project: Project, sphinx: Sequence[str], site: Path, log: Log = print) -> None:
    """Generate docs/archive/, run ``sphinx`` (the sphinx-build command line), then index ``site``."""
    if not sphinx:
        raise KirokuError("no sphinx-build command given", hint="kiroku html -- sphinx-build -b html … (as make html)")
    with project_lock(project.root) as lock:
        generate(project, log)
        returncode = run_sphinx(sphinx, lock)
        if returncode != 0:
            raise KirokuError(f"sphinx-build failed (exit {returncode}); the search index was not updated",
                              hint="fix what Sphinx reports above, then run `make html` again")
        log(index_unsharded(project.root, site, log=log).describe())


def run_sphinx(command: Sequence[str], lock: int) -> int:
    """Run ``command`` (in the current folder) tied to this process, holding ``lock`` too; its exit status.

    Called from the thread that holds the lock (a parent-death signal is tied to the thread that forks).
    """
    try:
        child = subprocess.Popen(
            list(command),
            pass_fds=(lock,),  # the lock is held while the child or any process it forks lives
            process_group=0,  # a group of its own: killed whole if this process stops early
            preexec_fn=lifetime.parent_death(),  # only prctl and getppid run between fork and exec
            env={**os.environ, lifetime.ENV: "1"},  # and its workers die with it
        )
    except OSError as exc:
        raise KirokuError(f"cannot run {command[0]}: {exc.strerror}", hint="`make venv` installs Sphinx") from None
    try:
        return child.wait()
    except BaseException:  # Ctrl-C, or any error while waiting: take the whole build down before the lock goes
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        raise
