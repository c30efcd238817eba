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
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
RESULT = "#kiroku-results > li"  # one item per result on Kiroku's search page
STATUS = "#kiroku-search[data-ready='yes']"  # set when the first page of results is shown
SEARCH_FILES = ("pagefind/", "_static/kiroku-search")
REPO = Path(__file__).resolve().parents[1]


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


_INIT = "performance.setResourceTimingBufferSize(100000);"  # every fetch of a search, not the first 250
# Polled from Python (page.evaluate): the page's Content-Security-Policy refuses wait_for_function's eval().
_SHOWN = """([sel, status, want]) => (document.querySelectorAll(sel).length >= want
  || document.querySelector(status) !== null) ? performance.now() : null"""
_FETCHED = """() => performance.getEntriesByType('resource').map(e => [e.name, e.responseEnd, e.decodedBodySize])"""


def _poll(page: object, expression: str, arg: object, timeout_s: float) -> object:
    deadline = time.perf_counter() + timeout_s
    while True:
        value = page.evaluate(expression, arg)  # type: ignore[attr-defined]
        if value is not None and value is not False:
            return value
        if time.perf_counter() > deadline:
            raise TimeoutError(f"the search page did not settle in {timeout_s} s")
        time.sleep(0.01)


def first_search(site: Path, query: str, *, want: int = 10, timeout_s: float = 60) -> dict[str, float]:
    """Bytes, requests and seconds of one first search (empty cache) for ``query``.

    ``bytes``: the search files (Pagefind's JS, WebAssembly, metadata, index chunks, filters, fragments,
    the manifest and Kiroku's files) fetched until the first results were shown; ``background_bytes``:
    those fetched after, while the page goes on checking candidates for its exact count.
    """
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        context = browser.new_context()
        context.add_init_script(_INIT)
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                      else route.abort())
        page = context.new_page()
        start = time.perf_counter()
        page.goto(f"{base}/search.html?q={quote(query)}", wait_until="commit")
        shown_at = float(_poll(page, _SHOWN, [RESULT, STATUS, want], timeout_s))  # type: ignore[arg-type]
        seconds = time.perf_counter() - start
        shown = page.locator(RESULT).count()
        _poll(page, "(s) => document.querySelector(s) !== null", STATUS, timeout_s)
        page.wait_for_load_state("networkidle")
        entries = page.evaluate(_FETCHED)
        browser.close()
    first = background = 0
    files = 0
    for url, end, size in entries:
        path = url[len(base) + 1:].split("?", 1)[0]
        if not path.startswith(SEARCH_FILES):
            continue
        if end <= shown_at:
            first += int(size)
            files += 1
        else:
            background += int(size)
    return {
        "query": query,  # type: ignore[dict-item]
        "seconds": round(seconds, 3),
        "results_shown": shown,
        "bytes": first,
        "kib": round(first / 1024, 1),
        "requests": files,
        "background_bytes": background,
    }


# A word the synthetic archives use in many entries (tools.synth), and one no entry holds.
FREQUENT = "共同声明"
ABSENT = "チョウザメ"
MAX_FIRST_SEARCH_BYTES = 300_000
MAX_FIRST_SEARCH_S = 1.0
MAX_BYTES_GROWTH = 1.2  # issue 26: from 10,000 to 30,000 entries
MAX_EXACT_COUNT_S = 1.5  # issue 27: a query of about 300 candidates at 10,000 entries


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
        "search_background_kib": round(hit["background_bytes"] / 1024, 1),
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
        (f"first-search bytes grow ≤ {MAX_BYTES_GROWTH}× from {sizes[0]} to {sizes[-1]}", growth <= MAX_BYTES_GROWTH,
         f"{growth:.2f}×"),
        ("indexing ≤ 10% of the full build", all(r["index_share"] <= 0.10 for r in results.values()),
         ", ".join(f"{n}: {r['index_share']:.1%}" for n, r in results.items())),
        (f"a search for an absent word ({ABSENT}) shows nothing", all(r["absent_shown"] == 0 for r in results.values()),
         ", ".join(f"{n}: {r['absent_shown']}" for n, r in results.items())),
    ]


# --- sharded bundles (issue 26) and exact counts (issue 27) ------------------------------------------


def build_synthetic(n: int, workdir: Path, log: Callable[[str], None] = print) -> Path:
    """A synthetic archive of ``n`` entries (tools.synth, blogs of 40), built once with the book theme into
    ``workdir/search<n>/_build/html`` (not indexed); reused when its site is already there."""
    import os
    import subprocess
    import sys

    from kiroku.build import Project, generate
    from kiroku.register import load_register
    from tools.bench import new_project
    from tools.synth import ENTRIES_PER_BLOG, write_archive

    root = workdir / f"search{n}"
    site = root / "_build" / "html"
    if (site / "search.html").is_file() and (root / ".built").is_file():
        # The search page's script as it is now (the site may be older than a change to it).
        shutil.copy(REPO / "docs" / "_static" / "kiroku-search.js", site / "_static" / "kiroku-search.js")
        return site
    root = new_project(root)
    register = load_register(root / "sources" / "register.yaml")
    write_archive(root, register, max(1, n // ENTRIES_PER_BLOG) * ENTRIES_PER_BLOG)
    log(f"[{n}] generating")
    generate(Project(root), log=lambda line: None)
    log(f"[{n}] sphinx-build (book theme)")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-c", str(root), str(root / "docs"),
                             str(site), "--jobs", "auto", "-q"], capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        raise SystemExit(f"sphinx-build failed for {root}:\n{result.stderr[-2000:]}")
    (root / ".built").write_text("ok\n", encoding="utf-8")
    return site


def proxy_site(base: Path, n: int, workdir: Path, log: Callable[[str], None] = print) -> Path:
    """A search-side stand-in for an archive of ``n`` entries, made from ``base`` (a built site of m entries,
    n a multiple of m) without building it: ``base`` hard-linked, plus n/m - 1 copies of its entry pages
    (the only pages Pagefind reads) under new slugs, ``archive/c<k>-<slug>/``, with every date moved 4k years
    later (sort key, day, the blog's title, the time line; leap days stay valid), so that each copy is later
    than the one before and its live blogs and days are its own. Not a Sphinx build of n entries: the
    bundles, manifest and searches are those of n entries; the pages other than entry pages are base's."""
    import os
    import re

    copies = n // sum(1 for _ in base.glob("archive/*/e-*.html"))
    root = workdir / f"search{n}-proxy"
    site = root / "_build" / "html"
    if (root / ".built").is_file():
        shutil.copy(REPO / "docs" / "_static" / "kiroku-search.js", site / "_static" / "kiroku-search.js")
        return site
    shutil.rmtree(root, ignore_errors=True)
    log(f"[{n}] proxy: {base} hard-linked, its entry pages copied {copies - 1} times")
    shutil.copytree(base, site, copy_function=os.link, ignore=shutil.ignore_patterns("pagefind"))
    (site / "_static" / "kiroku-search.js").unlink()
    shutil.copy(REPO / "docs" / "_static" / "kiroku-search.js", site / "_static" / "kiroku-search.js")
    dates = re.compile(r"\b(20\d\d)(-\d\d-\d\d|年)")
    for k in range(1, copies):
        for page in sorted(base.glob("archive/*/e-*.html")):
            out = site / "archive" / f"c{k}-{page.parent.name}" / page.name  # shards group consecutive slugs
            out.parent.mkdir(exist_ok=True)
            text = dates.sub(lambda m, k=k: f"{int(m.group(1)) + 4 * k}{m.group(2)}",  # type: ignore[misc]
                             page.read_text(encoding="utf-8"))
            out.write_text(text, encoding="utf-8")
    (root / ".built").write_text("proxy\n", encoding="utf-8")
    return site


def index_shards(site: Path, per_shard: int = 2000, log: Callable[[str], None] = print) -> dict[str, list[str]]:
    """Index ``site`` as shards of about ``per_shard`` entries (consecutive live blogs, i.e. periods), one
    bundle each (``pagefind/s<k>``), and write the manifest; the shards (id → slugs)."""
    from kiroku.searchindex import index_site, write_manifest

    root = Path(__file__).resolve().parents[1]
    blogs = sorted(p.name for p in (site / "archive").iterdir() if p.is_dir() and any(p.glob("e-*.html")))
    shards: dict[str, list[str]] = {}
    count = 0
    for slug in blogs:
        n = sum(1 for _ in (site / "archive" / slug).glob("e-*.html"))
        if not shards or count + n > per_shard:
            shards[f"s{len(shards)}"] = []
            count = 0
        shards[f"s{len(shards) - 1}"].append(slug)
        count += n
    for shard, slugs in shards.items():
        report = index_site(root, site, glob=f"archive/{{{','.join(slugs)}}}/e-*.html", bundle=f"pagefind/{shard}",
                            log=lambda line: None)
        log(f"  {shard}: {report.pages} entries, {report.seconds:.1f} s")
    write_manifest(site, shards)
    return shards


def exact_count(site: Path, query: str, *, timeout_s: float = 60) -> dict[str, object]:
    """Seconds until the search page says an exact count for ``query`` (empty cache), what it said, and the
    candidates it checked (Pagefind's results for the query, ``data-candidates`` on the status)."""
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        page = browser.new_page()
        start = time.perf_counter()
        page.goto(f"{base}/search.html?q={quote(query)}", wait_until="commit")
        _poll(page, "() => document.querySelector('#kiroku-search-status')?.dataset.complete === 'yes'", None,
              timeout_s)
        seconds = time.perf_counter() - start
        said, candidates = page.eval_on_selector("#kiroku-search-status",
                                                 "e => [e.textContent, e.dataset.candidates]")
        browser.close()
    return {"query": query, "exact_s": round(seconds, 3), "said": said, "candidates": int(candidates or 0)}


def vocabulary() -> list[str]:
    """The words tools.synth writes entries from: the register's people, places and organizations (as
    synth names them), its things and verbs."""
    from kiroku.register import load_register
    from tools.synth import _THINGS, _VERBS, _words

    register = load_register(Path(__file__).resolve().parents[1] / "sources" / "register.yaml")
    people, places, orgs = _words(register)
    return sorted({*people, *places, *orgs, *_THINGS, *_VERBS})


def segments(words: list[str]) -> dict[str, list[str]]:
    """Each word as the browser's word segmenter (Intl.Segmenter, ja, like Pagefind's ICU) splits it."""
    import json
    import subprocess

    script = ("const s = new Intl.Segmenter('ja', {granularity: 'word'});"
              "const words = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "console.log(JSON.stringify(words.map(w => [...s.segment(w)].filter(x => x.isWordLike)"
              ".map(x => x.segment))));")
    out = subprocess.run(["node", "-e", script], input=json.dumps(words), capture_output=True, text=True, check=True)
    return dict(zip(words, json.loads(out.stdout), strict=True))


def candidates_of(site: Path, words: list[str]) -> dict[str, int]:
    """For each word, the entries that hold every one of its segments: about Pagefind's candidates for it (it
    finds the pages holding all the query's words), counted on the text buckets."""
    from kiroku.searchindex import TEXT_DIR, decode_text, fold

    parts = {w: [fold(p) for p in ps] for w, ps in segments(words).items() if ps}
    counts = dict.fromkeys(parts, 0)
    for whole in sorted((site / "pagefind").glob(f"*/{TEXT_DIR}/all.gz")):
        for text in decode_text(whole.read_bytes()).values():
            for w, ps in parts.items():
                if all(p in text for p in ps):
                    counts[w] += 1
    return counts


def count_query(site: Path, target: int = 300, shortlist: int = 3) -> tuple[str, int]:
    """The synthetic vocabulary's word whose query has the number of candidates nearest ``target``, chosen by
    counting (not fixed: the archive decides): the ``shortlist`` words whose segments are all held by the
    number of entries nearest ``target`` (counted on the bundles' text), then the one of them whose search
    on the page has the number of candidates (Pagefind's results) nearest ``target``. (word, candidates)"""
    counts = candidates_of(site, vocabulary())
    near = sorted(counts, key=lambda w: (abs(counts[w] - target), w))[:shortlist]
    tried = {w: int(exact_count(site, w)["candidates"]) for w in near}  # type: ignore[call-overload]
    word = min(near, key=lambda w: (abs(tried[w] - target), w))
    return word, tried[word]


def _median(values: list[dict[str, object]], key: str) -> dict[str, object]:
    return sorted(values, key=lambda r: float(r[key]))[len(values) // 2]  # type: ignore[arg-type]


def shard_main(argv: list[str] | None = None) -> int:
    """``python -m tools.benchsearch [N ...] [--per-shard K] [--count-query Q]``: archives of N entries (10,000),
    each built once, indexed as shards of about K (2,000) entries; prints, per size, the first search (bytes until
    its first results are shown, the bytes fetched after for the count, time), the growth of those bytes from
    the smallest size to the largest, and the time to an exact count of a query of about 300 candidates."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m tools.benchsearch")
    parser.add_argument("entries", nargs="*", type=int, default=[10000])
    parser.add_argument("--per-shard", type=int, default=2000)
    parser.add_argument("--count-query", action="append", default=None,
                        help="a query whose exact count is timed (default: the synthetic vocabulary's word held by "
                             "about 300 entries of the first archive, found by counting)")
    parser.add_argument("--proxy", action="store_true",
                        help="sizes after the first are made from the first's site by copying its entry pages "
                             "(proxy_site: the search side of a larger archive, without its Sphinx build)")
    parser.add_argument("--workdir", default=str(Path(__file__).resolve().parents[1] / "_build" / "bench"))
    args = parser.parse_args(argv)
    goals: list[tuple[str, bool, str]] = []
    firsts: dict[int, dict[str, float]] = {}
    for n in args.entries:
        if args.proxy and n != args.entries[0]:
            site = proxy_site(build_synthetic(args.entries[0], Path(args.workdir)), n, Path(args.workdir))
        else:
            site = build_synthetic(n, Path(args.workdir))
        shards = index_shards(site, args.per_shard)
        manifest = (site / "pagefind" / "shards.json").stat().st_size
        print(f"[{n}] {n:,} entries in {len(shards)} shards of about {args.per_shard:,}; "
              f"pagefind/shards.json {manifest:,} bytes")
        hit = _median_run(site, FREQUENT)
        firsts[n] = hit
        print(f"[{n}] first search {FREQUENT}: {hit['bytes']:,} bytes in {hit['requests']} files until "
              f"{hit['results_shown']} results were shown, in {hit['seconds']} s (median of {RUNS}); "
              f"then {hit['background_bytes']:,} bytes in the background for the exact count")
        goals.append((f"a first search at {n:,} entries: ≤ 300 KB and ≤ {MAX_FIRST_SEARCH_S} s",
                      hit["bytes"] <= MAX_FIRST_SEARCH_BYTES and hit["seconds"] <= MAX_FIRST_SEARCH_S,
                      f"{hit['bytes']:,} bytes, {hit['seconds']} s"))
        if n == args.entries[0]:
            queries = args.count_query
            if not queries:
                word, candidates = count_query(site)
                print(f"[{n}] the vocabulary's query nearest 300 candidates: {word} ({candidates} candidates)")
                queries = [word]
            for query in queries:
                runs = [exact_count(site, query) for _ in range(3)]
                got = _median(runs, "exact_s")
                print(f"[{n}] exact count of {query}: {got['said']} from {got['candidates']} candidates in "
                      f"{got['exact_s']} s (median of 3)")
                goals.append((f"an exact count for {query} ({got['candidates']} candidates) at {n:,} entries in "
                               f"≤ {MAX_EXACT_COUNT_S} s", float(got["exact_s"]) <= MAX_EXACT_COUNT_S,  # type: ignore[arg-type]
                               f"{got['exact_s']} s"))
    if len(firsts) > 1:
        small, large = min(firsts), max(firsts)
        growth = firsts[large]["bytes"] / firsts[small]["bytes"]
        goals.append((f"first-search bytes grow ≤ {MAX_BYTES_GROWTH}× from {small:,} to {large:,} entries",
                      growth <= MAX_BYTES_GROWTH, f"{growth:.2f}×"))
    for goal, ok, value in goals:
        print(f"{'PASS' if ok else 'FAIL'}  {goal}: {value}")
    return 0 if all(ok for _, ok, _ in goals) else 1


if __name__ == "__main__":
    import sys

    sys.exit(shard_main())
