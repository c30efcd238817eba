"""The page-shape corpus (tests/pages/): every fixture, our own text in a shape real outlets publish, is read
through the one chooser exactly as its expectation says: entries, times, headings, title, language, reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools import evalpages

PAIRS = evalpages.fixtures()


def test_the_corpus_covers_every_family() -> None:
    families = {str(evalpages.expectation(e).get("family")) for _, e in PAIRS}
    assert len(PAIRS) >= 20
    assert len(families) >= 18


@pytest.mark.parametrize(("capture", "expect"), PAIRS, ids=[c.name for c, _ in PAIRS])
def test_page_is_read_as_expected(capture: Path, expect: Path) -> None:
    result, _ = evalpages.score(capture, evalpages.expectation(expect))
    assert result.error is None, result.error
    assert result.problems == []
    assert result.exact
