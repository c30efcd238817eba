"""``kiroku html -- SPHINX-BUILD…``: the whole of ``make html`` under one project lock.

Generation, the Sphinx build and the Pagefind index run one after the other while this process holds
the lock ``kiroku build`` takes, so a second ``make html`` (or ``kiroku build``, ``kiroku ingest``)
started during any of them stops with the same message instead of building on the same output.
The sphinx-build command line is the Makefile's (with ``BASEURL`` and ``SPHINXOPTS``), run as given.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

from .build import Log, Project, generate
from .errors import KirokuError
from .fsutil import project_lock
from .searchindex import index_site


def build_site(project: Project, sphinx: Sequence[str], site: Path, log: Log = print) -> None:
    """Generate docs/archive/, run ``sphinx`` (the sphinx-build command line), then index ``site``."""
    if not sphinx:
        raise KirokuError("no sphinx-build command given", hint="kiroku html -- sphinx-build -b html … (as make html)")
    with project_lock(project.root):
        generate(project, log)
        try:
            done = subprocess.run(list(sphinx), check=False)  # as given, in the current folder
        except OSError as exc:
            raise KirokuError(f"cannot run {sphinx[0]}: {exc.strerror}", hint="`make venv` installs Sphinx") from None
        if done.returncode != 0:
            raise KirokuError(f"sphinx-build failed (exit {done.returncode}); the search index was not updated",
                              hint="fix what Sphinx reports above, then run `make html` again")
        log(index_site(project.root, site, log=log).describe())
