"""The -j chunking seam: a fixed number of chunks for large builds, installed for one build only."""

from __future__ import annotations

import inspect

import pytest
import sphinx.builders
from sphinx.testing.util import SphinxTestApp
from sphinx.util.parallel import make_chunks as sphinx_make_chunks

from kiroku.sphinxext import chunks
from tests.conftest import sphinx_root


def test_large_builds_get_a_fixed_number_of_chunks() -> None:
    for n in (1_000, 10_000, 100_000):
        docs = [f"d{i}" for i in range(n)]
        parts = chunks.make_chunks(docs, 2)
        assert len(parts) == 2 * chunks.CHUNKS_PER_PROCESS
        assert [d for part in parts for d in part] == docs  # every document once, in order
    # Sphinx's own grows with √N: the cause of superlinear builds.
    assert len(sphinx_make_chunks([f"d{i}" for i in range(10_000)], 2)) > 40


def test_a_few_pages_go_in_one_chunk() -> None:
    docs = [f"d{i}" for i in range(50)]
    assert chunks.make_chunks(docs, 2) == [docs]
    assert chunks.make_chunks([], 2) == []


def test_sphinx_builders_still_calls_the_name_the_seam_replaces() -> None:
    # The builder looks make_chunks up in sphinx.builders when it chunks: the one name to swap.
    for method in (sphinx.builders.Builder._read_parallel, sphinx.builders.Builder._write_parallel):
        assert "make_chunks(" in inspect.getsource(method)
    assert sphinx.builders.make_chunks is sphinx_make_chunks  # and nothing left it replaced


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts calls to kiroku's make_chunks (the function the seam installs)."""
    calls: list[int] = []
    real = chunks.make_chunks

    def counted(arguments, nproc, maxbatch=10):  # type: ignore[no-untyped-def]
        calls.append(len(arguments))
        return real(arguments, nproc, maxbatch)

    monkeypatch.setattr(chunks, "make_chunks", counted)
    return calls


@sphinx_root("chunks", parallel=2)
def test_a_parallel_build_uses_the_seam_and_leaves_nothing_behind(app: SphinxTestApp, spy: list[int]) -> None:
    seen: list[object] = []
    app.connect("env-before-read-docs", lambda app_, env, docnames: seen.append(sphinx.builders.make_chunks),
                priority=900)
    assert sphinx.builders.make_chunks is sphinx_make_chunks  # not installed by loading the extension
    app.build()
    assert app.warning.getvalue() == ""
    assert seen == [chunks.make_chunks]  # in place while the build ran ...
    assert spy == [9, 8]  # ... and chunked the 9 pages read and the 8 written in parallel (Sphinx writes one first)
    assert sphinx.builders.make_chunks is sphinx_make_chunks  # ... and put back when it finished
    assert (app.outdir / "p8.html").is_file()


@sphinx_root("chunks", parallel=2, confoverrides={"kiroku_parallel_chunks": False})
def test_the_seam_off_leaves_sphinx_chunking_alone(app: SphinxTestApp, spy: list[int]) -> None:
    seen: list[object] = []
    app.connect("env-before-read-docs", lambda app_, env, docnames: seen.append(sphinx.builders.make_chunks),
                priority=900)
    app.build()
    assert seen == [sphinx_make_chunks]
    assert spy == []
    assert (app.outdir / "p8.html").is_file()


@sphinx_root("chunks", parallel=2)
def test_a_failed_build_puts_sphinx_chunking_back_too(app: SphinxTestApp) -> None:
    def fail(app_, env):  # type: ignore[no-untyped-def]
        assert sphinx.builders.make_chunks is chunks.make_chunks
        raise RuntimeError("a build that fails half-way")

    app.connect("env-updated", fail)
    with pytest.raises(Exception, match="a build that fails half-way"):
        app.build()
    assert sphinx.builders.make_chunks is sphinx_make_chunks


def test_the_archive_turns_the_seam_on() -> None:
    from tests.conftest import ROOT

    namespace: dict[str, object] = {"__file__": str(ROOT / "conf.py")}
    exec(compile((ROOT / "conf.py").read_text(encoding="utf-8"), "conf.py", "exec"), namespace)
    assert "kiroku.sphinxext.chunks" in namespace["extensions"]  # type: ignore[operator]
    assert namespace["kiroku_parallel_chunks"] is True
