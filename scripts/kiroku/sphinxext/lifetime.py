"""sphinx-build and its parallel workers die with the ``kiroku html`` that started them (issue 24).

``kiroku html`` (``kiroku.sitebuild``) runs sphinx-build while it holds the project lock. Killed with
``kill -9``, it used to leave sphinx-build building on without the lock, while another ``kiroku build``
took it and wrote the same output. So sitebuild starts sphinx-build

- with a parent-death signal: on Linux, ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` between fork and exec
  (``parent_death``), so the kernel kills it when ``kiroku html`` dies, however it dies;
- in a process group of its own, which ``kiroku html`` kills whole when it stops on an error or Ctrl-C;
- holding the project lock with it (the lock's file descriptor is inherited: a ``flock`` lock is held
  while any descriptor of it is open), so no other kiroku command starts while any of them lives,
  on a system without a parent-death signal too.

A forked process does not inherit the parent-death signal. With ``KIROKU_DIE_WITH_PARENT`` in its
environment (which sitebuild sets), this extension gives every process that sphinx-build forks
(the ``-j`` workers) the same signal against sphinx-build: a worker left alone would hold the lock
while it wrote pages, or for ever, blocked sending its results into a pipe nobody reads. Elsewhere
(sphinx-build run by hand, the tests' in-process builds) it does nothing.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable
from typing import Any

ENV = "KIROKU_DIE_WITH_PARENT"
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>

_Prctl = Callable[..., int]


def _load_prctl() -> _Prctl | None:
    """libc's prctl, looked up before any fork (nothing is loaded between fork and exec); None off Linux."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl: _Prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return prctl


def _arm(prctl: _Prctl | None, parent: int) -> None:
    """In a new child of ``parent``: die by SIGKILL when the parent dies, at once if it already has."""
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    # The parent may have died between fork and prctl: the signal would never come, and the child
    # now belongs to init (or a subreaper).
    if os.getppid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)


def parent_death() -> Callable[[], None]:
    """A ``preexec_fn`` that ties the child to this process (where the system cannot, it only checks the race)."""
    prctl, parent = _load_prctl(), os.getpid()
    return lambda: _arm(prctl, parent)


class _ForkHook:
    """Registered once per process: each forked child gets a parent-death signal against the process that forked it."""

    registered = False
    parent = 0  # the pid of the process about to fork

    @classmethod
    def register(cls) -> bool:
        prctl = _load_prctl()
        if prctl is None or cls.registered:
            return False

        def before() -> None:
            cls.parent = os.getpid()

        def after_in_child() -> None:
            _arm(prctl, cls.parent)

        os.register_at_fork(before=before, after_in_child=after_in_child)
        cls.registered = True
        return True


def tie_forked_children() -> bool:
    """From now on, every child this process forks dies with it (False where the system cannot, or if already done)."""
    return _ForkHook.register()


def setup(app: Any) -> dict[str, Any]:
    if os.environ.get(ENV):
        tie_forked_children()
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
