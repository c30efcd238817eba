"""The collection policy (kiroku.sphinxext.gcpolicy): cycles freed at each page boundary, a full collection
when the process grew by its budget, the collector put back after the build, and the same pages."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from kiroku.sphinxext import gcpolicy
from tests.conftest import sphinx_root


class Node:
    """A docutils-like node: it points to its parent, so a tree is a cycle."""

    def __init__(self, parent: Node | None = None) -> None:
        self.parent = parent
        self.children: list[Node] = []
        if parent is not None:
            parent.children.append(self)


def tree() -> weakref.ref[Node]:
    root = Node()
    for _ in range(50):
        Node(Node(root))
    return weakref.ref(root)


@pytest.fixture
def collector() -> Iterator[None]:
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_a_boundary_frees_the_cycles_of_the_pages_before_it(collector: None) -> None:
    policy = gcpolicy.Policy(size=lambda: 0)
    assert not gc.isenabled()  # no collection in the middle of a page
    dead = tree()
    assert dead() is not None  # a cycle: only the collector frees it, and it is off
    policy.boundary()
    assert dead() is None
    policy.close()
    assert gc.isenabled()


def test_a_full_collection_comes_when_the_process_grew_by_the_budget(collector: None) -> None:
    sizes = iter([0, 10, 20, 150, 150, 160, 300, 300])  # the resident size each time the policy looks
    policy = gcpolicy.Policy(budget=100, size=lambda: next(sizes))
    for _ in range(5):
        policy.boundary()
    # base 0 -> 10, 20: no; 150: full (base 150) -> 160: no -> 300: full (base 300)
    assert policy.full == 2
    policy.close()


def test_without_a_readable_size_a_full_collection_comes_every_so_many_boundaries(collector: None) -> None:
    policy = gcpolicy.Policy(size=lambda: None)
    for _ in range(2 * gcpolicy.EVERY + 1):
        policy.boundary()
    assert policy.full == 2
    policy.close()


def test_the_collector_stays_off_if_it_was_off(collector: None) -> None:
    gc.disable()
    gcpolicy.Policy(size=lambda: 0).close()
    assert not gc.isenabled()


def test_the_resident_size_is_read_on_linux() -> None:
    size = gcpolicy.resident()
    assert size is None or size > 1 << 20


def _pages(app: SphinxTestApp) -> dict[str, bytes]:
    out = Path(app.outdir)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.glob("*.html"))}


@sphinx_root("gcpolicy", confoverrides={"kiroku_gc_policy": True})  # as kiroku.shards gives every project
def test_a_build_with_the_policy_collects_at_pages_and_gives_the_same_pages(app: SphinxTestApp,
                                                                           make_app, tmp_path: Path) -> None:
    assert not gc.isenabled()  # off from the configuration's end (the app fixture made it) ...
    seen: list[bool] = []
    app.connect("html-page-context", lambda *a: seen.append(gc.isenabled()), priority=100)
    app.build()
    assert app.warning.getvalue() == ""
    assert seen and not any(seen)  # the collector was off while pages were written
    assert gc.isenabled()  # ... and put back after the build
    with_policy = _pages(app)
    plain = make_app("html", srcdir=Path(app.srcdir), builddir=tmp_path / "plain",
                     confoverrides={"kiroku_gc_policy": False})
    seen.clear()
    plain.connect("html-page-context", lambda *a: seen.append(gc.isenabled()), priority=100)
    plain.build()
    assert seen and all(seen)
    assert _pages(plain) == with_policy


@sphinx_root("gcpolicy")
def test_off_unless_asked_for(app: SphinxTestApp) -> None:
    """A project that loads the extension without turning it on (the one-project build) keeps Python's collector."""
    assert app.config.kiroku_gc_policy is False
    assert gc.isenabled()
    seen: list[bool] = []
    app.connect("html-page-context", lambda *a: seen.append(gc.isenabled()))
    app.build()
    assert seen and all(seen)
