"""``python -m tools.benchpackage N…``: the time and peak memory of ``kiroku package`` on a synthetic archive of N
entries, as a share of that archive's full build (issue 28's goals: ≤ 15% of the build, ≤ 500 MB at 10,000 entries).

Each archive is made as ``tools.bench`` makes it (``synth.write_archive``, our own text), built once (generation,
sphinx-build with the book theme, the Pagefind index), then packaged and verified by the ``kiroku`` command, each in a
process of its own measured with ``/usr/bin/time``. Timings on a shared machine are noisy: compare the shares.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from kiroku.build import Project, generate
from kiroku.register import load_register
from kiroku.searchindex import index_site
from tools.bench import new_project
from tools.synth import ENTRIES_PER_BLOG, write_archive

REPO = Path(__file__).resolve().parents[1]
EPOCH = "1700000000"
GOAL_SHARE = 0.15
GOAL_PEAK_MIB = 500


def _timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Seconds, peak resident MiB (the largest process) and the output of one command."""
    start = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return seconds, int(result.stderr.strip().splitlines()[-1]) / 1024, result.stdout


def measure(n: int, workdir: Path) -> dict[str, float]:
    root = new_project(workdir / f"package{n}")
    entries = max(1, n // ENTRIES_PER_BLOG) * ENTRIES_PER_BLOG
    write_archive(root, load_register(root / "sources" / "register.yaml"), entries)
    print(f"[{n}] building", flush=True)
    start = time.perf_counter()
    generate(Project(root), log=lambda line: None)
    sphinx, _, _ = _timed([sys.executable, "-m", "sphinx", "-b", "html", "-c", str(root), str(root / "docs"),
                           str(root / "_build" / "html"), "--jobs", "auto", "-q"],
                          env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
    index_site(REPO, root / "_build" / "html", log=lambda line: None)
    build = time.perf_counter() - start
    kiroku = str(Path(sys.executable).parent / "kiroku")
    print(f"[{n}] packaging", flush=True)
    package, peak, _ = _timed([kiroku, "--root", str(root), "package", "--epoch", EPOCH])
    print(f"[{n}] verifying", flush=True)
    verify, verify_peak, _ = _timed([kiroku, "verify", str(root / "_build" / "package")])
    out = root / "_build" / "package"
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return {"entries": entries, "build_s": round(build, 2),
            "package_s": round(package, 2), "package_share": round(package / build, 3),
            "package_peak_mib": round(peak, 1), "verify_s": round(verify, 2), "verify_peak_mib": round(verify_peak, 1),
            "package_mib": round(size / 2**20, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000])
    parser.add_argument("--workdir", default=str(REPO / "_build" / "bench"))
    args = parser.parse_args(argv)
    rows = [measure(n, Path(args.workdir)) for n in args.sizes]
    print(f"{'entries':>8} {'build s':>8} {'package s':>10} {'share':>6} {'peak MiB':>9} {'verify s':>9} "
          f"{'verify MiB':>11} {'package MiB':>12}")
    for r in rows:
        print(f"{r['entries']:>8} {r['build_s']:>8.2f} {r['package_s']:>10.2f} {r['package_share']:>6.1%} "
              f"{r['package_peak_mib']:>9.1f} {r['verify_s']:>9.2f} {r['verify_peak_mib']:>11.1f} "
              f"{r['package_mib']:>12.1f}")
    print("goals:")
    for r in rows:
        share_ok = r["package_share"] <= GOAL_SHARE
        peak_ok = r["package_peak_mib"] <= GOAL_PEAK_MIB
        print(f"  {'PASS' if share_ok else 'FAIL'}  packaging {r['entries']} entries ≤ {GOAL_SHARE:.0%} of the full "
              f"build: {r['package_share']:.1%}")
        print(f"  {'PASS' if peak_ok else 'FAIL'}  packaging {r['entries']} entries peaks ≤ {GOAL_PEAK_MIB} MiB: "
              f"{r['package_peak_mib']:.1f} MiB")
    out = Path(args.workdir) / "package.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
