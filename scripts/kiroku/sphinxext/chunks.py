"""Linear parallel builds: a fixed number of chunks per process instead of Sphinx's √N chunks.

With ``-j``, Sphinx splits N documents into about √(N/5) chunks; every chunk forks the main
process and, when reading, sends the whole environment back pickled. Both costs grow with the
archive, so the chunk count growing too made large archives superlinear (10,000 entries: 12×
the time of 1,000). Four chunks per process keep the number of forks and pickles constant.
A build of a few pages (adding one live blog) uses one chunk.

The seam: ``kiroku_parallel_chunks`` (a conf.py value, on by default; ``-D kiroku_parallel_chunks=0``
turns it off). When on, ``make_chunks`` replaces the name ``sphinx.builders`` calls for the length
of one ``Sphinx.build()`` only: installed when the build starts reading (``env-before-read-docs``,
emitted inside ``build()`` before any chunking), the previous one put back at ``build-finished``
(which ``build()`` emits on success and on failure alike), so nothing is left behind in the
process. ``python -m tools.bench --chunks N`` measures a build with the seam on against one with it off.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import sphinx.builders
from sphinx.application import Sphinx

CHUNKS_PER_PROCESS = 4
SMALL = 200  # documents: a few pages (an incremental build) go in one chunk
CONFIG = "kiroku_parallel_chunks"


def make_chunks(arguments: Sequence[str], nproc: int, maxbatch: int = 10) -> list[Any]:
    if len(arguments) < SMALL:
        # Each read chunk pickles the whole environment back to the main process: adding one live
        # blog to 10,000 entries spent most of its time on four of those. One chunk, one pickle.
        return [list(arguments)] if arguments else []
    count = max(1, nproc) * CHUNKS_PER_PROCESS
    size = -(-len(arguments) // count)
    return [arguments[i : i + size] for i in range(0, len(arguments), size)]


# The function each installing application replaced, so build-finished restores exactly that one.
_replaced: dict[int, Callable[..., Any]] = {}


def install(app: Sphinx, env: Any = None, docnames: Any = None) -> None:
    """env-before-read-docs: use make_chunks for this build when the config says so."""
    if not getattr(app.config, CONFIG) or id(app) in _replaced:
        return
    # sphinx.builders imported make_chunks by name and calls it from there (checked by a test).
    _replaced[id(app)] = sphinx.builders.make_chunks  # type: ignore[attr-defined]
    sphinx.builders.make_chunks = make_chunks  # type: ignore[attr-defined]


def restore(app: Sphinx, exception: BaseException | None = None) -> None:
    """build-finished: put back what install replaced."""
    previous = _replaced.pop(id(app), None)
    if previous is not None:
        sphinx.builders.make_chunks = previous  # type: ignore[attr-defined]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value(CONFIG, True, "", types=frozenset({bool}))
    app.connect("env-before-read-docs", install)
    app.connect("build-finished", restore)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
