"""The reader's side of ``make bench``: what a first search costs in a real browser.

The built site is served from 127.0.0.1 (ES modules and fetch need HTTP); Debian's chromium opens
``search.html?q=…`` with an empty cache, every request is recorded, and the clock stops when the
result list holds 10 results (or the page says it found fewer). Bytes are the bodies of every
search file the page fetched (Pagefind's JS, WebAssembly, metadata, index chunks, filters and
fragments), uncompressed, as the server sent them.
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
RESULT = "#kiroku-results > li"  # one item per result on Kiroku's search page
STATUS = "#kiroku-search[data-ready='yes']"  # set when the first page of results is shown
SEARCH_FILES = ("pagefind/", "_static/kiroku-search")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """The site on an ephemeral 127.0.0.1 port, for the length of the block."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def first_search(site: Path, query: str, *, want: int = 10, timeout_s: float = 60) -> dict[str, float]:
    """Bytes, requests and seconds of one first search (empty cache) for ``query``."""
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        context = browser.new_context()
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                      else route.abort())
        fetched: dict[str, int] = {}

        def record(response: object) -> None:
            url = response.url  # type: ignore[attr-defined]
            path = url[len(base) + 1 :].split("?", 1)[0]
            if path.startswith(SEARCH_FILES):
                try:
                    fetched[path] = len(response.body())  # type: ignore[attr-defined]
                except Exception:  # noqa: BLE001 (a redirect or aborted request has no body)
                    fetched.setdefault(path, 0)

        page = context.new_page()
        page.on("response", record)
        start = time.perf_counter()
        page.goto(f"{base}/search.html?q={quote(query)}", wait_until="commit")
        page.wait_for_function(
            "([sel, status, want]) => document.querySelectorAll(sel).length >= want"
            " || document.querySelector(status) !== null",
            arg=[RESULT, STATUS, want], timeout=timeout_s * 1000, polling=20,
        )
        seconds = time.perf_counter() - start
        shown = page.locator(RESULT).count()
        page.wait_for_load_state("networkidle")
        browser.close()
    return {
        "query": query,  # type: ignore[dict-item]
        "seconds": round(seconds, 3),
        "results_shown": shown,
        "bytes": sum(fetched.values()),
        "kib": round(sum(fetched.values()) / 1024, 1),
        "requests": len(fetched),
    }
