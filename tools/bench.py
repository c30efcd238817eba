"""``make bench``: synthetic archives of N entries, built with the book theme and the basic theme side by side,
then 1,000 entries with ``-j 3`` with the chunking seam (``kiroku_parallel_chunks``) on and off.

Prints a table per N and the goals of issue 7, and writes the figures as JSON. Timings on a shared
machine are noisy: compare the ratios, which are measured in one run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from kiroku.build import Log, Project, generate
from kiroku.register import load_register
from kiroku.searchindex import index_site
from tools.benchsearch import SEARCH_COLUMNS, search_figures, search_goals
from tools.synth import ENTRIES_PER_BLOG, write_archive

REPO = Path(__file__).resolve().parents[1]


def new_project(folder: Path) -> Path:
    """An empty Kiroku project in ``folder`` (emptied first): this repository's conf.py, docs and register."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "sources").mkdir(parents=True)
    (folder / "seeds").mkdir()
    shutil.copy(REPO / "conf.py", folder / "conf.py")
    shutil.copytree(REPO / "docs", folder / "docs", ignore=shutil.ignore_patterns("archive", ".archive*"))
    shutil.copy(REPO / "sources" / "register.yaml", folder / "sources" / "register.yaml")
    (folder / "node_modules").symlink_to(REPO / "node_modules")
    return folder


def _sphinx(root: Path, out: str, theme: str, *, jobs: str = "auto", chunks: bool = True) -> tuple[float, int]:
    """Seconds and peak resident memory (KiB, the largest process of the build) of one sphinx-build.

    The theme and the chunking seam are chosen with sphinx-build's own ``-D`` overrides.
    """
    cmd = ["/usr/bin/time", "-f", "%M", sys.executable, "-m", "sphinx", "-b", "html", "-c", str(root),
           str(root / "docs"), str(root / out), "--jobs", jobs, "-q", "-D", f"html_theme={theme}",
           "-D", f"kiroku_parallel_chunks={int(chunks)}"]
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    start = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"sphinx-build failed for {root} ({theme}, chunks {chunks}):\n{result.stderr[-2000:]}")
    return seconds, int(result.stderr.strip().splitlines()[-1])


def _generate(root: Path) -> float:
    start = time.perf_counter()
    generate(Project(root), log=lambda line: None)
    return time.perf_counter() - start


def _entry_page_bytes(site: Path) -> float:
    pages = [p for p in (site / "archive").glob("*/e-*.html")]
    return sum(p.stat().st_size for p in pages) / max(len(pages), 1)


def measure(n: int, workdir: Path, log: Log = print) -> dict[str, float]:
    root = new_project(workdir / f"n{n}")
    register = load_register(root / "sources" / "register.yaml")
    blogs = max(1, n // ENTRIES_PER_BLOG)
    write_archive(root, register, (blogs - 1) * ENTRIES_PER_BLOG)  # the last blog is added below
    log(f"[{n}] generating {blogs - 1} live blogs")
    gen = _generate(root)
    log(f"[{n}] sphinx-build, book theme")
    book, peak = _sphinx(root, "_build/html", "sphinx_book_theme")
    log(f"[{n}] Pagefind index")
    index = index_site(REPO, root / "_build/html", log=lambda line: None)
    log(f"[{n}] sphinx-build, basic theme")
    basic, peak_basic = _sphinx(root, "_build/basic", "basic")
    log(f"[{n}] no-op rebuild")
    noop_gen = _generate(root)
    noop_sphinx, _ = _sphinx(root, "_build/html", "sphinx_book_theme")
    start = time.perf_counter()
    noop_index = index_site(REPO, root / "_build/html", log=lambda line: None)
    noop_sphinx += time.perf_counter() - start  # the no-op `make html`: Sphinx, then an index run that skips
    if not noop_index.skipped:
        log(f"[{n}] warning: the no-op build changed the HTML, so Pagefind re-indexed")
    site = root / "_build" / "html"
    log(f"[{n}] first searches in chromium")
    searches = search_figures(site)
    log(f"[{n}] adding one live blog")
    write_archive(root, register, ENTRIES_PER_BLOG, start=blogs - 1)
    add_gen = _generate(root)
    add_sphinx, peak_add = _sphinx(root, "_build/html", "sphinx_book_theme")
    add_sphinx += index_site(REPO, site, log=lambda line: None).seconds  # `make html` re-indexes
    full = gen + book + index.seconds
    return {
        **searches,
        "index_share": round(index.seconds / full, 3),
        "entries": (blogs - 1) * ENTRIES_PER_BLOG,
        "generate_s": round(gen, 2),
        "sphinx_book_s": round(book, 2),
        "sphinx_basic_s": round(basic, 2),
        "book_over_basic": round(book / basic, 2),
        "full_s": round(full, 2),
        "generate_share": round(gen / full, 3),
        "noop_s": round(noop_gen + noop_sphinx, 2),
        "noop_share": round((noop_gen + noop_sphinx) / full, 3),
        "add_blog_s": round(add_gen + add_sphinx, 2),
        "add_blog_share": round((add_gen + add_sphinx) / full, 3),
        "peak_mib": round(max(peak, peak_basic, peak_add) / 1024, 1),
        "entry_page_kib": round(_entry_page_bytes(site) / 1024, 1),
        "index_s": round(index.seconds, 2),
        "search_index_kib": round(index.size / 1024, 1),
        "html_pages": sum(1 for _ in site.rglob("*.html")),
    }


def chunks_figure(n: int, workdir: Path, *, jobs: int = 3, log: Log = print) -> dict[str, float]:
    """One archive of ``n`` entries built from scratch with ``-j jobs``: the chunking seam on, then off."""
    root = new_project(workdir / f"chunks{n}")
    register = load_register(root / "sources" / "register.yaml")
    write_archive(root, register, max(1, n // ENTRIES_PER_BLOG) * ENTRIES_PER_BLOG)
    _generate(root)
    figures: dict[str, float] = {"entries": n, "jobs": jobs}
    for label, on in (("on", True), ("off", False)):
        shutil.rmtree(root / "_build", ignore_errors=True)
        log(f"[chunks {n}] sphinx-build -j {jobs}, kiroku_parallel_chunks={int(on)}")
        seconds, peak = _sphinx(root, "_build/html", "sphinx_book_theme", jobs=str(jobs), chunks=on)
        figures[f"{label}_s"] = round(seconds, 2)
        figures[f"{label}_peak_mib"] = round(peak / 1024, 1)
    figures["off_over_on"] = round(figures["off_s"] / figures["on_s"], 2)
    return figures


def chunks_table(fig: dict[str, float]) -> str:
    return (f"chunking seam, {fig['entries']} entries, -j {fig['jobs']}:\n"
            f"  kiroku_parallel_chunks=1 (fixed chunks)   {fig['on_s']:>8.2f} s  {fig['on_peak_mib']:>7.1f} MiB\n"
            f"  kiroku_parallel_chunks=0 (Sphinx's √N)    {fig['off_s']:>8.2f} s  {fig['off_peak_mib']:>7.1f} MiB\n"
            f"  off/on: {fig['off_over_on']:.2f}×")


def goals(results: dict[int, dict[str, float]]) -> list[tuple[str, bool, str]]:
    sizes = sorted(results)
    small, large = results[sizes[0]], results[sizes[-1]]
    raw = large["full_s"] / small["full_s"]
    scale = raw / (large["entries"] / small["entries"]) * 10 if len(sizes) > 1 else 0
    growth = large["entry_page_kib"] / small["entry_page_kib"] - 1
    # The no-op and add-one goals are stated for the largest archive (10,000 entries); smaller ones are shown.
    return [
        (f"build time grows linearly: time({sizes[-1]})/time({sizes[0]}) ≤ 11 (entries built: "
         f"{large['entries']}/{small['entries']}; per 10x entries: {scale:.1f})", raw <= 11 and scale <= 11,
         f"{raw:.1f}"),
        ("book theme ≤ 2× basic theme", all(r["book_over_basic"] <= 2 for r in results.values()),
         ", ".join(f"{r['book_over_basic']}" for r in results.values())),
        ("HTML per entry page within 10% across N", abs(growth) <= 0.10, f"{growth:+.1%}"),
        (f"no-op rebuild at {sizes[-1]} < 10% of the full build", large["noop_share"] < 0.10,
         ", ".join(f"{n}: {r['noop_share']:.1%}" for n, r in results.items())),
        (f"adding one live blog at {sizes[-1]} < 15% of the full build", large["add_blog_share"] < 0.15,
         ", ".join(f"{n}: {r['add_blog_share']:.1%}" for n, r in results.items())),
        ("Kiroku's generation < 10% of the total", all(r["generate_share"] < 0.10 for r in results.values()),
         ", ".join(f"{r['generate_share']:.1%}" for r in results.values())),
        ("peak memory < 4 GiB", all(r["peak_mib"] < 4096 for r in results.values()),
         f"{max(r['peak_mib'] for r in results.values())} MiB"),
    ]


COLUMNS = [
    ("entries", "entries"), ("generate_s", "gen s"), ("sphinx_book_s", "book s"), ("sphinx_basic_s", "basic s"),
    ("book_over_basic", "book/basic"), ("noop_s", "no-op s"), ("noop_share", "no-op %"), ("add_blog_s", "add s"),
    ("add_blog_share", "add %"), ("peak_mib", "peak MiB"), ("entry_page_kib", "KiB/page"),
    ("index_s", "index s"), ("search_index_kib", "index KiB"),
]


def table(results: dict[int, dict[str, float]], columns: list[tuple[str, str]] = COLUMNS) -> str:
    rows = [[label for _, label in columns]]
    for n in sorted(results):
        r = results[n]
        rows.append([f"{r[k]:.1%}" if k.endswith("share") else str(r[k]) for k, _ in columns])
    widths = [max(len(row[i]) for row in rows) for i in range(len(columns))]
    return "\n".join("  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in rows)


def print_goals(checked: list[tuple[str, bool, str]]) -> None:
    """The goals as ``make bench`` prints them: one PASS or FAIL line each."""
    print("goals:")
    for name, ok, value in checked:
        print(f"  {'PASS' if ok else 'FAIL'}  {name}: {value}", flush=True)


def _search_again(workdir: Path, out: Path, log: Log) -> int:
    saved = json.loads(out.read_text(encoding="utf-8"))
    results = {int(k): v for k, v in saved["results"].items()}
    for n in sorted(results):
        log(f"[{n}] first searches in chromium, again")
        results[n].update(search_figures(workdir / f"n{n}" / "_build" / "html"))
    print(table(results, SEARCH_COLUMNS))
    print_goals(goals(results) + search_goals(results))
    saved["results"] = {str(k): v for k, v in results.items()}
    saved["goals"] = [{"goal": g, "pass": ok, "value": v} for g, ok, v in goals(results) + search_goals(results)]
    out.write_text(json.dumps(saved, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"written {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 3000, 10000], help="entries per archive")
    parser.add_argument("--workdir", default=str(REPO / "_build" / "bench"), help="where the archives are built")
    parser.add_argument("--json", default=None, help="results file (default: WORKDIR/results.json)")
    parser.add_argument("--report", metavar="RESULTS", help="print the table and goals of an earlier results file")
    parser.add_argument("--search-again", action="store_true",
                        help="only re-measure the first searches on the archives already built in WORKDIR "
                             "(for a quieter moment than the build's) and update its results file")
    parser.add_argument("--chunks", metavar="N", type=int, default=None,
                        help="only compare -j 3 builds of N entries with the chunking seam on and off")
    args = parser.parse_args(argv)
    if args.report:
        saved = json.loads(Path(args.report).read_text(encoding="utf-8"))["results"]
        results_saved = {int(k): v for k, v in saved.items()}
        print(table(results_saved))
        print(table(results_saved, SEARCH_COLUMNS))
        print_goals(goals(results_saved) + search_goals(results_saved))
        return 0
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    progress = lambda line: print(line, file=sys.stderr, flush=True)  # noqa: E731
    if args.search_again:
        return _search_again(workdir, Path(args.json) if args.json else workdir / "results.json", progress)
    if args.chunks is not None:
        print(chunks_table(chunks_figure(args.chunks, workdir, log=progress)))
        return 0
    results: dict[int, dict[str, float]] = {}
    for n in sorted(args.sizes):
        results[n] = measure(n, workdir, log=progress)
        print(table(results), flush=True)
        print(flush=True)
    print(table(results, SEARCH_COLUMNS))
    print_goals(goals(results) + search_goals(results))
    chunking = chunks_figure(1000, workdir, log=progress)
    print(chunks_table(chunking))
    out = Path(args.json) if args.json else workdir / "results.json"
    out.write_text(json.dumps({"results": {str(k): v for k, v in results.items()}, "chunks": chunking,
                               "goals": [{"goal": g, "pass": ok, "value": v}
                                         for g, ok, v in goals(results) + search_goals(results)]},
                              ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"written {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
