"""axe-core over every page of the hostile archive (tests/test_a11y.py says how); a file of its own, so
the test runner's other worker checks it beside the seed's archive."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browserkit import chromium
from tests.test_a11y import _axe_problems

# The fixture: the hostile archive, built once for this module.
from tests.test_hostile_browser import hostile_site  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as b:
        yield b


def test_hostile_archive_has_no_axe_violations(browser: object, hostile_site: tuple[Path, list[str]]) -> None:  # noqa: F811
    _axe_problems(browser, hostile_site[0])
