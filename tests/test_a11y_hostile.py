"""axe-core over every page of the hostile archive (tests/test_a11y.py says how); a file of its own, so
the test runner's other worker checks it beside the seed's archive."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_a11y import _axe_problems

# The fixture: the hostile archive, built once for this module.
from tests.test_hostile_browser import hostile_site  # noqa: F401

pytestmark = pytest.mark.browser


def test_hostile_archive_has_no_axe_violations(browser: object, hostile_site: tuple[Path, list[str]]) -> None:  # noqa: F811
    _axe_problems(browser, hostile_site[0])
