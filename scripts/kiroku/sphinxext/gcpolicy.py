"""When a sphinx-build collects its cyclic garbage: once per page, not whenever Python's counters say.

Every doctree is a cycle (each docutils node points to its parent), so each page Sphinx reads or writes
leaves its tree for Python's cyclic collector. Left to its allocation counters, the collector runs in
the middle of pages, again and again, and its older generations walk the whole environment and the
page being built: one 1,000-entry shard (1,059 pages) made 5,402 young, 491 middle and 16 full
collections and spent about a fifth of its 24-25 s in them.

With this extension the automatic collector is off for the build and the garbage is collected where a
page ends: at each page boundary (``source-read``, ``doctree-resolved``, ``html-page-context``), one
collection of the youngest generation, which holds what the pages since the last boundary allocated and
frees the trees no longer in use; and a full collection whenever the process has grown by ``BUDGET``
since the last one, so the garbage that outlives a boundary (a tree still in use when it was passed)
stays bounded whatever the build's size. The shard above: 19.5-21.5 s instead of 24-25 s, its peak
351 MiB instead of 264 (``make bench`` prints the sharded build against the one-project build).

It is on where a process's heap is bounded: each shard of a sharded build (``kiroku.shards`` passes ``-D
kiroku_gc_policy=1`` to every shard, ``=0`` to the hub). Where the heap grows with the archive, the budget
lets garbage pile up beside it: the hub built alone at 100,000 entries took 59-63 s at 808 MiB with the
policy and 64-66 s at 408 MiB without, so the hub keeps Python's own collector. It is off by default, so
the one-project build (``kiroku html -- sphinx-build …``) keeps it too: there the environment grows with
the archive (2.1 GiB at 10,000 entries), every full collection walks all of it, and with the policy on
that build took 305 s, against 262–297 s without it the same day (10,000 entries, one run with it):
no gain seen. In a ``-j`` build the forked readers and writers would inherit the setting and tick at the
same events. The collector is put back as it was at ``build-finished``.
"""

from __future__ import annotations

import gc
import os
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

CONFIG = "kiroku_gc_policy"
BUDGET = 256 << 20  # bytes the process may grow by between full collections
EVERY = 2_000  # boundaries between full collections where the resident size cannot be read
BOUNDARIES = ("source-read", "doctree-resolved", "html-page-context")


def resident() -> int | None:
    """This process's resident size in bytes (Linux), or None."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


class Policy:
    """The collections of one build: ``boundary()`` at each page's end; ``close()`` puts the collector back."""

    def __init__(self, budget: int = BUDGET, size: Any = resident) -> None:
        self.budget, self.size = budget, size
        self.was_enabled = gc.isenabled()
        self.full = 0  # full collections made
        self.ticks = 0
        gc.disable()
        self.base = self.size()

    def boundary(self, *_: Any) -> None:
        gc.collect(0)
        self.ticks += 1
        now = self.size()
        grown = (now - self.base > self.budget) if now is not None and self.base is not None \
            else self.ticks % EVERY == 0
        if grown:
            gc.collect()
            self.full += 1
            self.base = self.size()

    def close(self, *_: Any) -> None:
        if self.was_enabled:
            gc.enable()


def on_config_inited(app: Sphinx, config: Config) -> None:
    if not getattr(config, CONFIG, False):
        return
    policy = Policy()
    for event in BOUNDARIES:
        app.connect(event, policy.boundary, priority=900)  # after every other handler of the page
    app.connect("build-finished", policy.close, priority=900)


def setup(app: Sphinx) -> dict[str, Any]:
    # "": it changes how fast pages are made, never what they hold, so a change does not rebuild them.
    app.add_config_value(CONFIG, False, "", types=frozenset({bool}))
    app.connect("config-inited", on_config_inited)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
