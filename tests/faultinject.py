"""Test-only fault injection: a kiroku process that dies like ``kill -9`` at a chosen point of its write path.

Production code knows nothing of this. ``command(point, *argv)`` is the command line of a Python
process that arms one point, then runs ``kiroku *argv``; arming wraps kiroku's own write functions
in that process only:

``file-half-written``
    ``write_atomic`` (the lock, metadata) has written the first half of its temporary file.
``cache-half-written``
    ``write_atomic`` has written half of a file in ``_build/`` (the track cache, the generation stamp).
``tree-half-written``
    ``write_tree`` has put half of the new archive's files beside the old archive.
``tree-before-swap``
    the new tree is complete; the call that swaps it in is entered.
``tree-after-swap``
    the swap has returned (the new archive is in place); the old tree is not removed yet.

For ``write_files`` (``kiroku ingest``: the seed, metadata and lock changed together), ``COMMIT_POINTS``:

``commit-staging``
    the first file has been half-written into the staging folder; no journal yet.
``commit-journal``
    every file is staged; the journal has been half-written (into its own temporary file).
``commit-move-1``, ``commit-move-2``, ``commit-move-3``
    the journal is complete; the 1st, 2nd or 3rd staged file is about to be moved into place.
``commit-moved``
    every file has been moved into place; the journal is about to be removed.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
POINTS = ("file-half-written", "tree-half-written", "tree-before-swap", "tree-after-swap")
CACHE_POINTS = ("cache-half-written",)  # derived data: a kill there must cost nothing but time
COMMIT_POINTS = ("commit-staging", "commit-journal", "commit-move-1", "commit-move-2", "commit-move-3", "commit-moved")

BOOTSTRAP = (
    "import sys; sys.path.insert(0, sys.argv[1]); from tests import faultinject; faultinject.arm(sys.argv[2]); "
    "from kiroku.cli import main; sys.exit(main(sys.argv[3:]))"
)


def command(point: str, *argv: str) -> list[str]:
    """``python -c BOOTSTRAP ROOT POINT argv…``: kiroku with ``point`` armed."""
    if point not in POINTS + COMMIT_POINTS + CACHE_POINTS:
        known = ", ".join(POINTS + COMMIT_POINTS + CACHE_POINTS)
        raise ValueError(f"unknown fault point {point!r}; known: {known}")
    return [sys.executable, "-c", BOOTSTRAP, str(ROOT), point, *argv]


def die() -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os.kill(os.getpid(), signal.SIGKILL)


class _HalfThenDie:
    """A binary file that writes half of the first write, makes it reach the disk, then dies."""

    def __init__(self, fh: Any) -> None:
        self._fh = fh

    def write(self, data: bytes) -> int:
        self._fh.write(data[: len(data) // 2])
        self._fh.flush()
        os.fsync(self._fh.fileno())
        die()
        raise AssertionError("unreachable")

    def __enter__(self) -> _HalfThenDie:
        return self

    def __exit__(self, *exc: object) -> None:
        self._fh.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fh, name)


def _rebind(name: str, wrapper: Callable[..., Any], real: Callable[..., Any]) -> None:
    """Replace ``real`` under ``name`` in every loaded kiroku module (``from .fsutil import x`` copies the name)."""
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("kiroku") and getattr(module, name, None) is real:
            setattr(module, name, wrapper)


def arm(point: str) -> None:
    import kiroku.build  # noqa: F401  (loads every module that holds the write functions)
    import kiroku.cli  # noqa: F401
    from kiroku import fsutil

    if point in COMMIT_POINTS:
        _arm_commit(point)
        return
    if point in ("file-half-written", "cache-half-written"):
        real_open = open
        derived = point == "cache-half-written"

        def fault_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            fh = real_open(file, mode, *args, **kwargs)
            chosen = ("_build" in Path(file).parts) == derived
            return _HalfThenDie(fh) if "w" in mode and "b" in mode and chosen else fh

        fsutil.open = fault_open  # type: ignore[attr-defined]  # module global: only fsutil's writes see it
        return

    real_tree = fsutil.write_tree

    @functools.wraps(real_tree)
    def write_tree(target: Path, files: Any, **options: Any) -> Any:
        files = files if isinstance(files, Mapping) else dict(files)  # pairs as they come: counted here
        tmp, old = fsutil._siblings(target)
        real_write_bytes, real_link, real_rename, real_exchange = Path.write_bytes, os.link, os.rename, fsutil._exchange
        done = 0
        moved_aside = False

        def placing(dst: Any) -> None:
            nonlocal done
            if point == "tree-half-written" and Path(dst).is_relative_to(tmp):
                if done == len(files) // 2:
                    die()
                done += 1

        def write_bytes(self: Path, data: bytes) -> int:
            placing(self)
            return real_write_bytes(self, data)

        def link(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
            placing(dst)
            real_link(src, dst, *args, **kwargs)

        def exchange(a: Path, b: Path) -> bool:
            if point == "tree-before-swap":
                die()
            swapped = real_exchange(a, b)
            if swapped and point == "tree-after-swap":
                die()
            return swapped

        def rename(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
            nonlocal moved_aside
            swap_step = (Path(src), Path(dst)) in ((target, old), (tmp, target))
            if swap_step and point == "tree-before-swap":
                die()
            real_rename(src, dst, *args, **kwargs)
            moved_aside = moved_aside or (Path(src), Path(dst)) == (target, old)
            if moved_aside and (Path(src), Path(dst)) == (tmp, target) and point == "tree-after-swap":
                die()

        Path.write_bytes = write_bytes  # type: ignore[method-assign]
        os.link, os.rename, fsutil._exchange = link, rename, exchange  # type: ignore[assignment]
        try:
            return real_tree(target, files, **options)
        finally:
            Path.write_bytes = real_write_bytes  # type: ignore[method-assign]
            os.link, os.rename, fsutil._exchange = real_link, real_rename, real_exchange

    _rebind("write_tree", write_tree, real_tree)



def _arm_commit(point: str) -> None:
    """Kill ``fsutil.write_files`` at ``point`` (see the module's docstring)."""
    from kiroku import fsutil

    def in_staging(path: Any) -> bool:
        return Path(path).parent.name == fsutil.STAGING

    if point in ("commit-staging", "commit-journal"):
        real_open = open

        def fault_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            fh = real_open(file, mode, *args, **kwargs)
            journal = Path(file).name.startswith(".journal")
            hit = in_staging(file) and "w" in mode and journal == (point == "commit-journal")
            return _HalfThenDie(fh) if hit else fh

        fsutil.open = fault_open  # type: ignore[attr-defined]  # module global: only fsutil's writes see it
        return
    real_replace, real_unlink = os.replace, os.unlink
    moves = 0

    def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        nonlocal moves
        if in_staging(src) and not Path(src).name.startswith("."):  # a staged file, not the journal's temporary
            moves += 1
            if point == f"commit-move-{moves}":
                die()
        real_replace(src, dst, *args, **kwargs)

    def unlink(path: Any, *args: Any, **kwargs: Any) -> None:
        if point == "commit-moved" and in_staging(path) and Path(path).name == "journal.json":
            die()
        real_unlink(path, *args, **kwargs)

    os.replace, os.unlink = replace, unlink  # type: ignore[assignment]
