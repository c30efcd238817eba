"""What a reader's first view of each kind of page costs (issue 27): bytes and requests in Chromium.

Each page opens in a fresh browser context (an empty cache) on the built site served from 127.0.0.1;
every response is counted, its body's bytes uncompressed as the server sent them. Two figures per
page: at the load event, and once the network has been idle for 500 ms after it (late fonts, deferred
and lazily started assets), which is what the budgets are checked against.

Kinds of page: an entry (the median-sized entry page of the first live blog), a day page, the live
blog's page (with its Mermaid diagram, and again with Mermaid's files refused, to show what the
diagram costs), the front page, the people glossary, and the search page (empty, and with a query).

    python -m tools.benchpages _build/html                 # one built site
    python -m tools.benchpages --sizes 1000 3000 10000     # the archives `make bench` left in _build/bench/
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from urllib.parse import quote

from tools.benchsearch import CHROMIUM, FLAGS, serve

REPO = Path(__file__).resolve().parents[1]
KIB = 1024
# Issue 27's budgets for a first view (after the network is idle), in bytes and requests.
# The live blog's page is held to its budget without Mermaid's files: a page with a diagram may load
# Mermaid (about 850 KB), which the table shows apart ("blog" against "blog (no Mermaid)").
BUDGETS: dict[str, tuple[int | None, int | None]] = {
    "entry": (150_000, 8),
    "blog (no Mermaid)": (250_000, None),
    "front": (250_000, None),
}
QUERY = "首脳会談"  # a word both the seed and the synthetic archives (tools.synth) hold
DAY = re.compile(r"\d{4}-\d{2}-\d{2}\.html$")


def pages(site: Path, query: str = QUERY) -> dict[str, str]:
    """Each kind of page -> its path in ``site`` (kinds the site lacks are left out)."""
    found: dict[str, str] = {}
    blogs = sorted(p.parent for p in (site / "archive").glob("*/index.html"))
    if blogs:
        blog = blogs[0]
        entries = sorted(blog.glob("e-*.html"), key=lambda p: (p.stat().st_size, p.name))
        if entries:
            found["entry"] = entries[len(entries) // 2].relative_to(site).as_posix()
        days = sorted(p for p in blog.glob("*.html") if DAY.search(p.name))
        if days:
            found["day"] = days[0].relative_to(site).as_posix()
        found["blog"] = (blog / "index.html").relative_to(site).as_posix()
        found["blog (no Mermaid)"] = found["blog"]
    if (site / "index.html").exists():
        found["front"] = "index.html"
    if (site / "archive" / "people.html").exists():
        found["glossary"] = "archive/people.html"
    if (site / "search.html").exists():
        found["search"] = "search.html"
        found["search ?q"] = f"search.html?q={quote(query)}"
    return found


def measure(site: Path, query: str = QUERY) -> list[dict[str, object]]:
    """One row per kind of page: bytes and requests at the load event and once the network is idle."""
    from playwright.sync_api import sync_playwright

    rows: list[dict[str, object]] = []
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            for kind, path in pages(site, query).items():
                rows.append({"kind": kind, "page": path, **measure_page(browser, base, path, kind)})
        finally:
            browser.close()
    return rows


def measure_page(browser: object, base: str, path: str, kind: str) -> dict[str, object]:
    """One page in a fresh context of ``browser`` (the site served at ``base``)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    no_mermaid = kind == "blog (no Mermaid)"

    def route(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if not url.startswith(base) or (no_mermaid and "/_static/mermaid/" in url):
            route.abort()  # type: ignore[attr-defined]
        else:
            route.continue_()  # type: ignore[attr-defined]

    context.route("**/*", route)  # type: ignore[attr-defined]
    fetched: list[tuple[str, int]] = []

    def record(response: object) -> None:
        try:
            size = len(response.body())  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 (a redirect or an aborted request has no body)
            size = 0
        fetched.append((response.url[len(base) + 1 :].split("?", 1)[0], size))  # type: ignore[attr-defined]

    page = context.new_page()  # type: ignore[attr-defined]
    page.on("response", record)
    page.goto(f"{base}/{path}", wait_until="load", timeout=120_000)
    at_load = list(fetched)
    if kind == "search ?q":
        page.wait_for_selector("#kiroku-search[data-ready='yes']", timeout=120_000)
    page.wait_for_load_state("networkidle", timeout=120_000)
    page.wait_for_timeout(300)  # a script started by the idle page (a lazily loaded asset) is counted
    page.wait_for_load_state("networkidle", timeout=120_000)
    done = list(fetched)
    context.close()  # type: ignore[attr-defined]
    by_type: dict[str, int] = {}
    for url, size in done:
        ext = url.rsplit(".", 1)[-1] if "." in url.rsplit("/", 1)[-1] else "html"
        kind_of = {"js": "js", "mjs": "js", "css": "css", "woff2": "font", "woff": "font", "html": "html"}.get(
            ext, "other")
        by_type[kind_of] = by_type.get(kind_of, 0) + size
    return {
        "load_bytes": sum(s for _, s in at_load), "load_requests": len(at_load),
        "bytes": sum(s for _, s in done), "requests": len(done),
        **{f"{t}_bytes": by_type.get(t, 0) for t in ("html", "css", "js", "font", "other")},
        "files": [u for u, _ in done],
    }


def goals(rows: list[dict[str, object]]) -> list[tuple[str, bool, str]]:
    checked: list[tuple[str, bool, str]] = []
    for row in rows:
        budget = BUDGETS.get(str(row["kind"]))
        if not budget:
            continue
        max_bytes, max_requests = budget
        ok = (max_bytes is None or int(row["bytes"]) <= max_bytes) and (  # type: ignore[call-overload]
            max_requests is None or int(row["requests"]) <= max_requests)  # type: ignore[call-overload]
        what = f"{row['kind']} page ≤ {max_bytes:,} bytes" + (f" and ≤ {max_requests} requests" if max_requests else "")
        checked.append((what, ok, f"{row['bytes']:,} bytes, {row['requests']} requests"))
    return checked


def table(rows: list[dict[str, object]]) -> str:
    head = (f"{'page':<18} {'load KiB':>8} {'req':>4} {'idle KiB':>8} {'req':>4} {'html':>6} {'css':>6} {'js':>6}"
            f" {'font':>6} {'other':>6}  path")
    lines = [head]
    for r in rows:
        k = {t: int(r[f"{t}_bytes"]) / KIB for t in ("html", "css", "js", "font", "other")}  # type: ignore[call-overload]
        lines.append(f"{r['kind']:<18} {int(r['load_bytes']) / KIB:>8.1f} {r['load_requests']:>4} "  # type: ignore[call-overload]
                     f"{int(r['bytes']) / KIB:>8.1f} {r['requests']:>4} {k['html']:>6.1f} {k['css']:>6.1f} "  # type: ignore[call-overload]
                     f"{k['js']:>6.1f} {k['font']:>6.1f} {k['other']:>6.1f}  {r['page']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.benchpages", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sites", nargs="*", type=Path, help="built sites (folders holding index.html)")
    parser.add_argument("--sizes", nargs="*", type=int, default=[],
                        help="archive sizes `make bench` built: _build/bench/n<N>/_build/html")
    parser.add_argument("--bench-dir", type=Path, default=REPO / "_build" / "bench")
    parser.add_argument("--query", default=QUERY, help=f"the search page's query (default {QUERY})")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--verbose", action="store_true", help="list the files each page fetched")
    args = parser.parse_args(argv)
    sites = [*args.sites, *(args.bench_dir / f"n{n}" / "_build" / "html" for n in args.sizes)]
    if not sites:
        sites = [REPO / "_build" / "html"]
    missing = [s for s in sites if not (s / "index.html").exists()]
    if missing:
        print(f"benchpages: no built site in {', '.join(map(str, missing))} (make html, or make bench first)",
              file=sys.stderr)
        return 2
    results: dict[str, list[dict[str, object]]] = {}
    failed = False
    for site in sites:
        entries = len(list((site / "archive").glob("*/e-*.html")))
        print(f"\npages of {site} ({entries} entry pages; Chromium, empty cache, uncompressed bytes):", flush=True)
        rows = measure(site, args.query)
        results[str(site)] = rows
        print(table(rows), flush=True)
        if args.verbose:
            for r in rows:
                print(f"  {r['kind']}: {' '.join(r['files'])}")  # type: ignore[arg-type]
        print("goals:")
        for name, ok, value in goals(rows):
            failed |= not ok
            print(f"  {'PASS' if ok else 'FAIL'}  {name}: {value}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
