"""``python -m tools.benchgc ARCHIVE``: the collection policy (kiroku.sphinxext.gcpolicy) on and off, on shards
built as ``make html`` builds them, two at a time on the machine's two cores.

ARCHIVE is a project already built sharded (``make bench`` leaves ``_build/bench/shards10000``). Its first
shards' sources are built from scratch into a temporary folder, as many at a time as ``--parallel`` (default
2, the local cluster's workers), with ``-D kiroku_gc_policy=0`` and ``=1`` in turn for ``--rounds`` rounds, so
both settings see the same machine. Prints each build's seconds and peak memory, and the ratio of the means.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from kiroku.shards.plan import HUB

_FIGURES = re.compile(r"^FIGURES ([0-9.]+) (\d+)$", re.MULTILINE)


def _start(root: Path, shard: str, out: Path, policy: int) -> subprocess.Popen[str]:
    src = root / "_build" / "shards" / shard / "src"
    command = ["/usr/bin/time", "-f", "FIGURES %e %M", sys.executable, "-m", "sphinx", "-b", "html", "-c", str(root),
               str(src), str(out / "html"), "-d", str(out / "doctrees"), "--fail-on-warning", "--keep-going", "-q",
               "--jobs", "1", "-D", "kiroku_shard=1", "-D", "kiroku_light_bundle=0", "-D", f"kiroku_gc_policy={policy}"]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.benchgc", description=__doc__)
    parser.add_argument("archive", type=Path, help="a project built sharded, e.g. _build/bench/shards10000")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of (off, on) (default: 2)")
    parser.add_argument("--parallel", type=int, default=2, help="shards built at a time (default: 2)")
    args = parser.parse_args(argv)
    state = args.archive / "_build" / "shards"
    shards = sorted(p.name for p in state.iterdir() if p.name != HUB and (p / "src").is_dir())[: args.parallel] \
        if state.is_dir() else []
    if len(shards) < args.parallel:
        raise SystemExit(f"benchgc: {state} holds fewer than {args.parallel} built shards; run `make bench` first")
    seconds: dict[int, list[float]] = {0: [], 1: []}
    peaks: dict[int, list[int]] = {0: [], 1: []}
    for _ in range(args.rounds):
        for policy in (0, 1):
            with tempfile.TemporaryDirectory(prefix="kiroku-benchgc-") as tmp:
                running = [(s, _start(args.archive, s, Path(tmp, s), policy)) for s in shards]
                for shard, child in running:
                    _, said = child.communicate()
                    found = _FIGURES.search(said)
                    if child.returncode != 0 or not found:
                        raise SystemExit(f"benchgc: shard {shard} failed:\n{said[-2000:]}")
                    seconds[policy].append(float(found.group(1)))
                    peaks[policy].append(int(found.group(2)))
                    print(f"kiroku_gc_policy={policy} shard {shard}: {found.group(1)} s, "
                          f"{int(found.group(2)) / 1024:.0f} MiB", flush=True)
    off, on = statistics.mean(seconds[0]), statistics.mean(seconds[1])
    print(f"policy off: {off:.1f} s, {max(peaks[0]) / 1024:.0f} MiB; on: {on:.1f} s, {max(peaks[1]) / 1024:.0f} MiB; "
          f"on/off {on / off:.2f}x ({len(seconds[0])} builds each, {args.parallel} at a time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
