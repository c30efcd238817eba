"""``make bench`` (issue 26): the sharded build against today's one-project build, side by side in one run.

For each size N (entries), a synthetic archive (tools.synth, blogs of 40 entries one day apart from
2024-01-01, so 10,000 entries are one year and 30,000 three) is built:

- with ``kiroku html`` as ``make html`` runs it: shards on a local Dask cluster, the hub, Pagefind per
  shard — the full build, a no-op build, then one live blog added;
- at the sizes given with ``--single``, on a copy of the same archive, with the one-project build
  (``kiroku html -- sphinx-build … --jobs auto``, today's path), full build only.

Peak memory is that of the largest process: each shard's sphinx-build (measured by its worker with
``wait4``), the one-project sphinx-build (``/usr/bin/time``), and this client. A first search is
measured in Chromium on the sharded site (tools.benchsearch). Prints a table and the goals; writes JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from kiroku.build import Project
from kiroku.register import load_register
from kiroku.shards import Options, build_sharded
from tools.bench import new_project, print_goals
from tools.synth import ENTRIES_PER_BLOG, write_archive

REPO = Path(__file__).resolve().parents[1]
EPOCH = "1700000000"
_PEAK = re.compile(r"^PEAK (\d+)$", re.MULTILINE)


def _reset_peak() -> None:
    """Start this process's peak resident memory (VmHWM) again from now (Linux: clear_refs 5), so the client's
    figure is the build's, not the synthetic archive's making or an earlier size's."""
    Path("/proc/self/clear_refs").write_text("5")


def _client_peak_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


CLIENT_PEAK = [0]  # KiB: the largest of this process's peaks over the sharded builds of one size


def _sharded(root: Path, options: Options, what: str = "build") -> tuple[float, int, int]:
    """Seconds, the largest sphinx-build's peak (KiB) and how many Sphinx projects were built.

    What the build says goes, each line with its second, to ``<archive>.<what>.log`` beside the archive:
    where the time went."""
    _reset_peak()
    with open(root.parent / f"{root.name}.{what}.log", "w", encoding="utf-8") as said:
        start = time.perf_counter()

        def log(line: str) -> None:
            said.write(f"{time.perf_counter() - start:8.2f} {line}\n")

        report = build_sharded(Project(root), root / "_build" / "html", options, log=log)
        seconds = time.perf_counter() - start
    CLIENT_PEAK[0] = max(CLIENT_PEAK[0], _client_peak_kib())
    return seconds, max((b.peak_kib for b in report.built), default=0), len(report.built)


def _single(root: Path) -> tuple[float, int]:
    """Today's one-project ``make html`` on ``root``: seconds and the sphinx-build's peak (KiB)."""
    sphinx = ["/usr/bin/time", "-f", "PEAK %M", sys.executable, "-m", "sphinx", "-b", "html", "-c", str(root),
              str(root / "docs"), str(root / "_build" / "single"), "--fail-on-warning", "--keep-going",
              "--jobs", "auto", "-q"]
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "kiroku", "--root", str(root), "html", "--site",
                           str(root / "_build" / "single"), "--", *sphinx],
                          capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"benchshards: the one-project build failed in {root}:\n{done.stderr[-2000:]}")
    peaks = [int(p) for p in _PEAK.findall(done.stderr)]
    return seconds, max(peaks, default=0)


def _package(root: Path) -> tuple[float, int]:
    """``make package`` on the built archive: seconds and its peak memory (KiB)."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "PEAK %M", sys.executable, "-m", "kiroku", "--root", str(root),
                           "package", "--epoch", EPOCH], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"benchshards: kiroku package failed in {root}:\n{done.stderr[-2000:]}")
    return seconds, max((int(p) for p in _PEAK.findall(done.stderr)), default=0)


def _first_search(site: Path) -> dict[str, float]:
    from tools.benchsearch import search_figures

    return search_figures(site)


def measure(n: int, workdir: Path, *, single: bool, options: Options, search: bool = True,
            log=print) -> dict[str, float]:  # type: ignore[no-untyped-def]
    root = new_project(workdir / f"shards{n}")
    register = load_register(root / "sources" / "register.yaml")
    blogs = max(2, n // ENTRIES_PER_BLOG)
    write_archive(root, register, (blogs - 1) * ENTRIES_PER_BLOG)  # the last blog is added below
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    out: dict[str, float] = {"entries": (blogs - 1) * ENTRIES_PER_BLOG}
    if single:
        copy = workdir / f"single{n}"
        if copy.exists():
            shutil.rmtree(copy)
        shutil.copytree(root, copy, symlinks=True)
        log(f"[{n}] one-project build (today's make html)")
        out["single_s"], peak = _single(copy)
        out["single_peak_mib"] = round(peak / 1024, 1)
        shutil.rmtree(copy)
    log(f"[{n}] sharded build ({options.workers or os.cpu_count()} local workers)")
    CLIENT_PEAK[0] = 0
    full, peak, projects = _sharded(root, options, "full")
    out.update(full_s=round(full, 2), peak_mib=round(peak / 1024, 1), projects=projects)
    log(f"[{n}] kiroku package (BagIt and WACZ of the built archive)")
    out["package_s"], package_peak = _package(root)
    out.update(package_share=round(out["package_s"] / full, 3), package_peak_mib=round(package_peak / 1024, 1))
    log(f"[{n}] no-op build")
    noop, _, built = _sharded(root, options, "noop")
    out.update(noop_s=round(noop, 2), noop_share=round(noop / full, 3), noop_projects=built)
    if search:
        log(f"[{n}] first searches in chromium")
        out.update(_first_search(root / "_build" / "html"))
    log(f"[{n}] adding one live blog")
    write_archive(root, register, ENTRIES_PER_BLOG, start=blogs - 1)
    add, add_peak, built = _sharded(root, options, "add")
    out.update(add_s=round(add, 2), add_share=round(add / full, 3), add_projects=built,
               peak_mib=round(max(peak, add_peak) / 1024, 1))
    if "single_s" in out:
        out["full_over_single"] = round(full / out["single_s"], 3)
    out["client_peak_mib"] = round(CLIENT_PEAK[0] / 1024, 1)  # kiroku html in this process: generation, Dask, assembly
    out["first_search_kib"] = out.get("search_kib", 0.0)
    return out


COLUMNS = [("entries", "entries"), ("single_s", "1 project s"), ("single_peak_mib", "1 project MiB"),
           ("full_s", "sharded s"), ("full_over_single", "ratio"), ("peak_mib", "shard MiB"),
           ("client_peak_mib", "client MiB"), ("projects", "projects"), ("noop_s", "no-op s"),
           ("noop_share", "no-op %"), ("add_s", "add blog s"), ("add_share", "add %"), ("add_projects", "rebuilt"),
           ("package_s", "package s"), ("package_share", "package %"), ("package_peak_mib", "package MiB"),
           ("search_kib", "search KiB"), ("search_s", "search s")]


def table(results: dict[int, dict[str, float]]) -> str:
    head = " | ".join(title for _, title in COLUMNS)
    rows = [" | ".join(str(results[n].get(key, "")) for key, _ in COLUMNS) for n in sorted(results)]
    return "\n".join([head, *rows])


def goals(results: dict[int, dict[str, float]]) -> list[tuple[str, bool, str]]:
    checked: list[tuple[str, bool, str]] = []
    sizes = sorted(results)
    for n in sizes:
        r = results[n]
        if "full_over_single" in r:
            checked.append((f"{n}: full build <= 0.7x the one-project build", r["full_over_single"] <= 0.7,
                            f"{r['full_over_single']}x ({r['full_s']} s vs {r['single_s']} s)"))
        checked.append((f"{n}: largest process <= 1 GiB", max(r["peak_mib"], r["client_peak_mib"]) <= 1024,
                        f"{max(r['peak_mib'], r['client_peak_mib'])} MiB"))
        checked.append((f"{n}: adding one live blog <= 5% of the full build", r["add_share"] <= 0.05,
                        f"{r['add_share']:.1%} ({r['add_s']} s)"))
        checked.append((f"{n}: no-op <= 3% of the full build", r["noop_share"] <= 0.03,
                        f"{r['noop_share']:.1%} ({r['noop_s']} s)"))
        if "package_s" in r:
            checked.append((f"{n}: packaging <= 15% of the full build", r["package_share"] <= 0.15,
                            f"{r['package_share']:.1%} ({r['package_s']} s)"))
            checked.append((f"{n}: packaging peak memory <= 500 MB", r["package_peak_mib"] * 1.048576 <= 500,
                            f"{r['package_peak_mib']} MiB"))
        if "search_kib" in r:
            checked.append((f"{n}: first search <= 300 KB and <= 1 s",
                            r["search_bytes"] <= 300_000 and r["search_s"] <= 1.0,
                            f"{r['search_bytes'] / 1000:.0f} KB, {r['search_s']} s"))
    if len(sizes) > 1 and all("search_bytes" in results[n] for n in sizes):
        a, b = results[sizes[0]], results[sizes[-1]]
        growth = b["search_bytes"] / a["search_bytes"]
        checked.append((f"first search grows <= 1.2x from {sizes[0]} to {sizes[-1]}", growth <= 1.2, f"{growth:.2f}x"))
        mem = max(b["peak_mib"], b["client_peak_mib"]) / max(a["peak_mib"], a["client_peak_mib"])
        checked.append((f"peak memory the same (±10%) from {sizes[0]} to {sizes[-1]}", 0.9 <= mem <= 1.1,
                        f"{mem:.2f}x"))
    return checked


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.benchshards", description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[10000, 30000], help="entries per archive")
    parser.add_argument("--single", type=int, nargs="*", default=[10000],
                        help="sizes also built as one project, side by side (default: 10000)")
    parser.add_argument("--workers", type=int, default=None, help="local Dask workers (default: the cores)")
    parser.add_argument("--shard-size", type=int, default=None, help="entries per shard (default: kiroku's)")
    parser.add_argument("--workdir", default=str(REPO / "_build" / "bench"), help="where the archives are built")
    parser.add_argument("--json", default=None, help="results file (default: WORKDIR/shards.json)")
    parser.add_argument("--no-search", action="store_true", help="skip the first searches in Chromium")
    args = parser.parse_args(argv)
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    options = Options(workers=args.workers, **({"size": args.shard_size} if args.shard_size else {}))
    results: dict[int, dict[str, float]] = {}
    for n in args.sizes:
        results[n] = measure(n, workdir, single=n in args.single, options=options, search=not args.no_search,
                             log=lambda line: print(line, flush=True))
        print(table(results), flush=True)
    print(table(results))
    checked = goals(results)
    print_goals(checked)
    out = Path(args.json) if args.json else workdir / "shards.json"
    out.write_text(json.dumps({"results": {str(k): v for k, v in results.items()},
                               "goals": [{"goal": g, "pass": ok, "value": v} for g, ok, v in checked]},
                              ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"written {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
