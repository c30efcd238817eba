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


# A word the synthetic archives use in many entries (tools.synth), and one no entry holds.
FREQUENT = "共同声明"
ABSENT = "チョウザメ"
MAX_FIRST_SEARCH_BYTES = 300_000
MAX_FIRST_SEARCH_S = 1.0
MAX_BYTES_GROWTH = 1.5


RUNS = 5  # first searches per query, each in a fresh browser; the median time is reported


def _median_run(site: Path, query: str) -> dict[str, float]:
    runs = sorted((first_search(site, query) for _ in range(RUNS)), key=lambda r: r["seconds"])
    return runs[len(runs) // 2]  # bytes and files are the same in every run; time is the noisy part


def search_figures(site: Path) -> dict[str, float]:
    """A first search for a frequent word (10 results wanted) and for an absent one (none to find)."""
    hit = _median_run(site, FREQUENT)
    miss = _median_run(site, ABSENT)
    return {
        "search_kib": hit["kib"], "search_bytes": hit["bytes"], "search_s": hit["seconds"],
        "search_shown": hit["results_shown"], "search_requests": hit["requests"],
        "absent_kib": miss["kib"], "absent_s": miss["seconds"], "absent_shown": miss["results_shown"],
    }


SEARCH_COLUMNS = [
    ("entries", "entries"), ("index_s", "index s"), ("index_share", "index %"), ("search_index_kib", "bundle KiB"),
    ("search_kib", f"{FREQUENT} KiB"), ("search_requests", "files"), ("search_s", "median s"),
    ("search_shown", "shown"),
    ("absent_kib", f"{ABSENT} KiB"), ("absent_s", "median s"), ("absent_shown", "shown"),
]


def search_goals(results: dict[int, dict[str, float]]) -> list[tuple[str, bool, str]]:
    sizes = sorted(results)
    small, large = results[sizes[0]], results[sizes[-1]]
    growth = large["search_bytes"] / small["search_bytes"]
    return [
        (f"a first search at {sizes[-1]} transfers ≤ 300 KB (Pagefind files and fragments, uncompressed)",
         large["search_bytes"] <= MAX_FIRST_SEARCH_BYTES, f"{large['search_bytes']:,} bytes"),
        (f"it shows 10 results in ≤ 1 s at {sizes[-1]}",
         large["search_s"] <= MAX_FIRST_SEARCH_S and large["search_shown"] >= 10,
         f"{large['search_s']} s, {large['search_shown']} shown"),
        (f"first-search bytes grow ≤ 1.5× from {sizes[0]} to {sizes[-1]}", growth <= MAX_BYTES_GROWTH,
         f"{growth:.2f}×"),
        ("indexing ≤ 10% of the full build", all(r["index_share"] <= 0.10 for r in results.values()),
         ", ".join(f"{n}: {r['index_share']:.1%}" for n, r in results.items())),
        (f"a search for an absent word ({ABSENT}) shows nothing", all(r["absent_shown"] == 0 for r in results.values()),
         ", ".join(f"{n}: {r['absent_shown']}" for n, r in results.items())),
    ]
