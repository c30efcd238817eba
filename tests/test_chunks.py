"""The -j chunking Kiroku installs: constant in number for large builds, Sphinx's own for small ones."""

from __future__ import annotations

import sphinx.builders
from sphinx.util.parallel import make_chunks as sphinx_make_chunks

from kiroku.sphinxext import chunks


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


def test_setup_replaces_the_name_sphinx_builders_calls(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sphinx.builders, "make_chunks", sphinx_make_chunks)

    class App:
        pass

    chunks.setup(App())  # type: ignore[arg-type]
    assert sphinx.builders.make_chunks is chunks.make_chunks
    # The builder still imports the name it calls from sphinx.builders.
    import inspect

    source = inspect.getsource(sphinx.builders.Builder._read_parallel)
    assert "make_chunks(" in source
