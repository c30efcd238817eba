"""What the browser tests share: Debian's chromium, a site served on 127.0.0.1, and browser contexts
from which nothing reaches another host (each attempt is recorded, then refused)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest
from tools.benchsearch import FLAGS, serve  # the bench's server and flags: what it measures is what is tested

CHROMIUM = os.environ.get("KIROKU_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

__all__ = ["CHROMIUM", "FLAGS", "Watch", "chromium", "local_context", "serve", "watched_page"]


@contextmanager
def chromium() -> Iterator[object]:
    """Debian's chromium, headless; a clear failure (not a skip) when it is missing."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no chromium at {CHROMIUM}: install Debian's chromium (apt-get install chromium) "
                    "or set KIROKU_CHROMIUM")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


class Watch:
    """What the tabs of a context did: requests for another host (refused), page errors, messages of
    Content-Security-Policy violations, and every response."""

    def __init__(self) -> None:
        self.remote: list[str] = []
        self.errors: list[str] = []
        self.violations: list[str] = []
        self.responses: list[object] = []

    def assert_clean(self) -> None:
        assert self.remote == [], f"the page tried to load from another host: {self.remote}"
        assert self.errors == [], self.errors
        assert self.violations == [], self.violations


def local_context(browser: object, watch: Watch, *, block: tuple[str, ...] = (), **options: object) -> object:
    """A browser context that loads only from 127.0.0.1 (and data:/blob:); URLs holding any of
    ``block`` are refused too (a test that takes a script away)."""
    context = browser.new_context(**options)  # type: ignore[attr-defined]

    def only_local(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if any(b in url for b in block):
            route.abort()  # type: ignore[attr-defined]
        elif urlparse(url).hostname in ("127.0.0.1", None) or url.startswith(("data:", "blob:")):
            route.continue_()  # type: ignore[attr-defined]
        else:
            watch.remote.append(url)
            route.abort()  # type: ignore[attr-defined]

    context.route("**/*", only_local)  # type: ignore[attr-defined]
    return context


def watched_page(context: object, watch: Watch, *, timeout_ms: int = 60000) -> object:
    """A new tab whose errors, policy violations and responses go to ``watch``."""
    page = context.new_page()  # type: ignore[attr-defined]
    page.set_default_timeout(timeout_ms)
    page.on("pageerror", lambda exc: watch.errors.append(str(exc)))
    page.on("console", lambda msg: watch.violations.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    page.on("response", lambda response: watch.responses.append(response))
    return page
