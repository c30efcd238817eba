"""``make bench``, issue 14: one live blog of many entries captured many times (``tools.synth.live_blog``).

Three figures, measured side by side in one run (the machine is shared and noisy: the goals are ratios or
generous bounds):

* ingest: a project holding snapshots 1..S-1, built once (so its track cache exists, the normal state),
  then ``kiroku ingest`` of snapshot S in a subprocess, as a user runs it; wall time, the project put back
  between repeats;
* no-op ``make html``: that project with all S snapshots and one holding only the latest snapshot, each
  built once with ``kiroku html -- sphinx-build …`` (the Makefile's command line), then rebuilt with nothing
  changed, the two projects alternating; medians and their ratio, and the files the no-op wrote;
* matching: ``Tracker`` over S parsed snapshots (parsed once, outside the clock) of ``--small`` and
  ``--entries`` entries, alternating; medians and their ratio.

And two of issue 25 (``--windows-only`` runs these alone):

* a whole-page correction: a project holding one snapshot of N entries (``--correction-sizes``, 1,000 and
  2,000), built once, then ``kiroku ingest`` of the next, which corrects every entry's heading and text;
  wall time (median) and what the ingest matched; matching that snapshot in-process, too;
* a sliding window: the live blog of ``--entries`` entries captured ``--snapshots`` times through a window of
  its newest ``--window`` entries (a live page with a link to older posts: the parses say
  ``Window(reaches_start=False)``; every 8th capture deletes one entry inside its window). Matched in-process:
  every entry seen keeps one anchor, none changes hands, and only the deleted entries are removed; then
  ``kiroku ingest`` of the last snapshot into a project holding the others, built once.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kiroku.build import Log, Project, blog_of, generate
from kiroku.history import Track, Tracker
from kiroku.model import ParsedBlog
from kiroku.read.text import parse_capture
from kiroku.register import Register, load_register
from tools.bench import REPO, new_project, print_goals, table
from tools.synth import LIVE_SLUG, LiveBlog, entry_number, live_blog, windowed, windowed_parses, write_live_blog

Figures = dict[str, Any]  # a row of the table: numbers, and the runs behind each median
MAX_INGEST_S = 2.0
MAX_NOOP_RATIO = 1.2
MAX_MATCH_GROWTH = 3.5
MAX_CORRECTION_INGEST_S = 2.0  # a snapshot correcting every entry of the smaller blog (1,000)
MAX_CORRECTION_GROWTH = 2.4  # ... and of twice as many entries, against it
MAX_WINDOW_INGEST_S = 2.0
_MATCHED = re.compile(r"matched to earlier snapshots: (\d+) new, (\d+) revised, (\d+) removed, (\d+) outside")
# ``kiroku`` with every parse read as a live page that does not reach the blog's start (tools.synth.windowed_main)
_WINDOWED = "import sys; from tools.synth import windowed_main; sys.exit(windowed_main(sys.argv[1:]))"
# The Makefile's `kiroku html` flags (SHARD_BY, SHARD_SIZE; no scheduler, BASEURL or SPHINXOPTS), run in the
# project's folder; tests/test_benchsnap.py holds the two to the same flags.
HTML_FLAGS = ["--shard-by", "year", "--shard-size", "1000"]
_WRITTEN = re.compile(r"\((\d+) written, (\d+) unchanged, (\d+) removed\)")


def _kiroku(root: Path, *args: str, windowed: bool = False) -> tuple[float, str]:
    """Seconds and output of one ``python -m kiroku --root ROOT …`` run in the project's folder.

    ``windowed``: every capture parsed as a live page that does not reach the blog's start (``_WINDOWED``).
    """
    cmd = [sys.executable, *(("-c", _WINDOWED) if windowed else ("-m", "kiroku")), "--root", str(root), *args]
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    if windowed:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=root, capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"benchsnap: {' '.join(args[:1])} failed in {root}:\n{done.stdout[-2000:]}"
                         f"{done.stderr[-2000:]}")
    return seconds, done.stdout + done.stderr


def make_html(root: Path) -> tuple[float, str]:
    """``make html`` in the project ``root``: ``kiroku html --site _build/html --shard-by … --``."""
    return _kiroku(root, "html", "--site", str(root / "_build" / "html"), *HTML_FLAGS, "--")


def written(output: str) -> int:
    """The pages the generation step wrote, from its summary line (-1 if the line is missing)."""
    found = _WRITTEN.search(output)
    return int(found.group(1)) if found else -1


def _median(values: Sequence[float]) -> float:
    return round(statistics.median(values), 3)


def _parsed(blog: LiveBlog) -> list[ParsedBlog]:
    return [blog_of(parse_capture(text, seed=f"{k:03d}.txt", published=blog.published, timezone="Asia/Tokyo",
                                  fmt="prefix-heading")) for k, text in enumerate(blog.snapshots)]


def match_seconds(snapshots: Sequence[ParsedBlog]) -> float:
    start = time.perf_counter()
    tracker = Tracker(LIVE_SLUG)
    for parsed in snapshots:
        tracker.add(parsed)
    tracker.tracks()
    return time.perf_counter() - start


def measure_matching(blogs: dict[int, LiveBlog], repeats: int, log: Log) -> dict[int, Figures]:
    """Medians of ``repeats`` matchings of each blog's snapshots, the sizes alternating."""
    parsed = {}
    for n, blog in blogs.items():
        log(f"benchsnap: parsing {len(blog.snapshots)} snapshots of {n} entries (outside the clock)")
        parsed[n] = _parsed(blog)
    times: dict[int, list[float]] = {n: [] for n in blogs}
    for r in range(repeats):
        for n in blogs:
            log(f"benchsnap: matching {n} entries × {len(blogs[n].snapshots)} snapshots, run {r + 1}/{repeats}")
            times[n].append(match_seconds(parsed[n]))
    return {n: {"entries": n, "snapshots": len(blogs[n].snapshots), "match_s": _median(times[n]),
                "match_runs": [round(t, 3) for t in times[n]]}
            for n in blogs}


def matched(output: str) -> dict[str, int]:
    """What ``kiroku ingest`` said it matched: new, revised, removed, outside (empty if it said nothing)."""
    found = _MATCHED.search(output)
    return dict(zip(("new", "revised", "removed", "outside"), map(int, found.groups()), strict=True)) if found else {}


def measure_ingest(root: Path, blog: LiveBlog, repeats: int, log: Log, *, windowed: bool = False) -> Figures:
    """``kiroku ingest`` of the last snapshot into ``root`` (which holds the others, built); the last run is kept."""
    last = len(blog.snapshots) - 1
    capture = root.parent / f"{root.name}-next.txt"
    capture.write_text(blog.snapshots[last], encoding="utf-8")
    project = Project(root)
    kept = [project.sources / f"{LIVE_SLUG}.yaml", project.lock, project.cache / f"{LIVE_SLUG}.pickle"]
    before = {p: p.read_bytes() for p in kept if p.exists()}
    seeds = set(project.seeds.iterdir())
    runs = []
    for r in range(repeats):
        if r:  # put the project back as it was before the ingest
            for p in kept:
                if p in before:
                    p.write_bytes(before[p])
                else:
                    p.unlink(missing_ok=True)
            for p in set(project.seeds.iterdir()) - seeds:
                p.unlink()
        shown = len(blog.shown[last]) if blog.shown else blog.counts[last]
        log(f"benchsnap: kiroku ingest of snapshot {last + 1} ({shown} entries), run {r + 1}/{repeats}")
        seconds, output = _kiroku(root, "ingest", str(capture), "--source", LIVE_SLUG, "--captured",
                                  blog.captured(last), windowed=windowed)
        runs.append(seconds)
    return {"ingest_s": _median(runs), "ingest_max_s": round(max(runs), 3),
            "ingest_runs": [round(t, 3) for t in runs], "ingest_matched": matched(output)}


def measure_noop(roots: dict[str, Path], repeats: int, log: Log) -> Figures:
    """No-op ``make html`` of each project (built before), alternating; medians and pages written."""
    times: dict[str, list[float]] = {k: [] for k in roots}
    wrote: dict[str, int] = {k: 0 for k in roots}
    for r in range(repeats):
        for label, root in roots.items():
            log(f"benchsnap: no-op make html, {label} snapshot(s), run {r + 1}/{repeats}")
            seconds, output = make_html(root)
            times[label].append(seconds)
            wrote[label] = max(wrote[label], written(output))
            if "search index up to date" not in output:
                log(f"benchsnap: warning: the no-op build of {root} re-indexed the site")
    out: Figures = {}
    for label in roots:
        out[f"noop_{label}_s"] = _median(times[label])
        out[f"noop_{label}_runs"] = [round(t, 3) for t in times[label]]
        out[f"noop_{label}_written"] = wrote[label]
    return out


def prepare(workdir: Path, blog: LiveBlog, log: Log) -> tuple[Path, Path]:
    """Two projects: ``all`` with snapshots 1..S-1 (the ingest adds S), ``latest`` with snapshot S alone."""
    roots = {}
    for label, count, only in (("all", len(blog.snapshots) - 1, False), ("latest", len(blog.snapshots), True)):
        root = new_project(workdir / label)
        write_live_blog(root, blog, count=count, only_latest=only)
        roots[label] = root
        log(f"benchsnap: wrote {root}: snapshot {count} alone" if only else
            f"benchsnap: wrote {root}: snapshots 1..{count}")
    return roots["all"], roots["latest"]


def goals(results: dict[int, Figures]) -> list[tuple[str, bool, str]]:
    sizes = sorted(results)
    small, large = results[sizes[0]], results[sizes[-1]]
    out = []
    if "ingest_s" in large:
        out.append((f"ingesting snapshot {large['snapshots']} of {large['entries']} entries ≤ {MAX_INGEST_S:g} s "
                    "(median; slowest run in brackets)", large["ingest_s"] <= MAX_INGEST_S,
                    f"{large['ingest_s']} s ({large['ingest_max_s']} s)"))
    if "noop_ratio" in large:
        out.append((f"no-op make html with {large['snapshots']} snapshots ≤ {MAX_NOOP_RATIO:g}× with one snapshot",
                    large["noop_ratio"] <= MAX_NOOP_RATIO,
                    f"{large['noop_all_s']} s / {large['noop_latest_s']} s = {large['noop_ratio']:.2f}×"))
        out.append(("a no-op make html writes no page into docs/archive",
                    large["noop_all_written"] == 0 and large["noop_latest_written"] == 0,
                    f"{large['noop_all_written']} and {large['noop_latest_written']} written"))
    if len(sizes) > 1:
        growth = large["match_s"] / small["match_s"]
        linear = large["entries"] / small["entries"]
        out.append((f"matching grows ≤ {MAX_MATCH_GROWTH:g}× from {sizes[0]} to {sizes[-1]} entries "
                    f"(linear: {linear:g}×; {large['snapshots']} snapshots each)", growth <= MAX_MATCH_GROWTH,
                    f"{small['match_s']} s → {large['match_s']} s = {growth:.2f}×"))
    return out


# --- issue 25: a snapshot correcting every entry; a live page watched through a sliding window ---------------


def measure_correction(workdir: Path, register: Register, sizes: Sequence[int], repeats: int,
                       log: Log) -> dict[int, Figures]:
    """For each size N: ``kiroku ingest`` of a snapshot that corrects every heading and text of a live blog of N
    entries (its one earlier snapshot built first), and the same matching in-process (``match_s``)."""
    out: dict[int, Figures] = {}
    for n in sizes:
        blog = live_blog(register, n, 2, correct_headings=True)
        root = new_project(workdir / f"correction-{n}")
        write_live_blog(root, blog, count=1)
        log(f"benchsnap: correction, {n} entries: building snapshot 1 once (kiroku build: the track cache)")
        generate(Project(root), log=lambda line: None)
        figures: Figures = {"entries": n, "corrected": blog.counts[0], "added": blog.counts[1] - blog.counts[0]}
        figures.update(measure_ingest(root, blog, repeats, log))
        first, second = _parsed(blog)
        times = []
        for _ in range(repeats):
            tracker = Tracker(LIVE_SLUG)
            tracker.add(first)
            start = time.perf_counter()
            tracker.add(second)
            times.append(time.perf_counter() - start)
        figures["match_s"] = _median(times)
        figures["match_runs"] = [round(t, 3) for t in times]
        out[n] = figures
    return out


def window_truth(blog: LiveBlog, tracks: Sequence[Track]) -> Figures:
    """What the tracks of a windowed live blog say, against what the generator knows of each entry."""
    seen = {n for shown in blog.shown for n in shown}
    deleted = {n for gone in blog.deleted for n in gone} & seen
    anchors: dict[int, set[str]] = {}
    hands = 0
    for track in tracks:
        numbers = {entry_number(v.entry.heading) for v in track.versions}
        hands += len(numbers) > 1
        for n in numbers:
            anchors.setdefault(n, set()).add(track.anchor)
    removed = [entry_number(t.latest.entry.heading) for t in tracks if t.status == "removed"]
    return {"seen": len(seen), "tracks": len(tracks), "one_anchor": sum(len(a) == 1 for a in anchors.values()),
            "changing_hands": hands, "deleted": len(deleted), "removed": len(removed),
            "false_removals": sum(n not in deleted for n in removed),
            "missed_removals": len(deleted - set(removed)),
            "outside": sum(t.status == "outside-window" for t in tracks)}


def measure_window(workdir: Path, register: Register, entries: int, snapshots: int, window: int, repeats: int,
                   log: Log) -> Figures:
    """The live blog captured through a sliding window: the truth of its tracks, and the last snapshot's ingest."""
    log(f"benchsnap: window, {entries} entries × {snapshots} snapshots of the newest {window}")
    blog = live_blog(register, entries, snapshots, window=window)
    parsed = [windowed(p) for p in _parsed(blog)]
    start = time.perf_counter()
    tracker = Tracker(LIVE_SLUG)
    for p in parsed:
        tracker.add(p)
    figures: Figures = {"entries": entries, "snapshots": snapshots, "window": window,
                        "match_s": round(time.perf_counter() - start, 3)}
    figures.update(window_truth(blog, tracker.tracks()))
    root = new_project(workdir / "window")
    write_live_blog(root, blog, count=snapshots - 1)
    log(f"benchsnap: window: building {snapshots - 1} snapshots once (kiroku build: the track cache)")
    with windowed_parses():
        generate(Project(root), log=lambda line: None)
    figures.update(measure_ingest(root, blog, repeats, log, windowed=True))
    return figures


def issue25_goals(correction: dict[int, Figures], window: Figures | None) -> list[tuple[str, bool, str]]:
    out = []
    if correction:
        sizes = sorted(correction)
        small, large = correction[sizes[0]], correction[sizes[-1]]
        out.append((f"ingesting a snapshot that corrects every heading and text of {sizes[0]} entries "
                    f"≤ {MAX_CORRECTION_INGEST_S:g} s (median; slowest run in brackets)",
                    small["ingest_s"] <= MAX_CORRECTION_INGEST_S, f"{small['ingest_s']} s ({small['ingest_max_s']} s)"))
        if len(sizes) > 1:
            growth = large["ingest_s"] / small["ingest_s"]
            linear = large["entries"] / small["entries"]
            out.append((f"... of {sizes[-1]} entries ≤ {MAX_CORRECTION_GROWTH:g}× of {sizes[0]} (linear: {linear:g}×)",
                        growth <= MAX_CORRECTION_GROWTH,
                        f"{small['ingest_s']} s → {large['ingest_s']} s = {growth:.2f}×"))
        wrong = {n: f["ingest_matched"] for n, f in correction.items()
                 if f.get("ingest_matched") != {"new": f["added"], "revised": f["corrected"], "removed": 0,
                                                "outside": 0}}
        out.append(("every corrected entry keeps its anchor (the ingest: the added entries new, every other revised)",
                    not wrong, "yes" if not wrong else f"no: {wrong}"))
    if window is not None:
        w = window
        out.append((f"watched {w['snapshots']} times through the newest {w['window']} of {w['entries']} entries: "
                    "every entry seen keeps one anchor", w["one_anchor"] == w["seen"] == w["tracks"],
                    f"{w['one_anchor']} of {w['seen']} entries seen, {w['tracks']} anchors"))
        out.append(("... no false removals (removed: only entries deleted inside the window)",
                    w["false_removals"] == 0,
                    f"{w['false_removals']} false, {w['removed']} removed of {w['deleted']} deleted, "
                    f"{w['outside']} outside the window"))
        out.append(("... no anchor changes hands", w["changing_hands"] == 0, f"{w['changing_hands']}"))
        out.append((f"... ingesting snapshot {w['snapshots']} ≤ {MAX_WINDOW_INGEST_S:g} s "
                    "(median; slowest in brackets)", w["ingest_s"] <= MAX_WINDOW_INGEST_S,
                    f"{w['ingest_s']} s ({w['ingest_max_s']} s), it said {w.get('ingest_matched')}"))
    return out


CORRECTION_COLUMNS = [("entries", "entries"), ("ingest_s", "ingest s"), ("ingest_max_s", "slowest s"),
                      ("match_s", "match s"), ("added", "added"), ("corrected", "corrected")]


def report_issue25(correction: dict[int, Figures], window: Figures | None) -> None:
    if correction:
        print("a snapshot correcting every entry's heading and text (kiroku ingest; match s: in-process):")
        print(table(correction, CORRECTION_COLUMNS))
    if window is not None:
        print(f"a live page watched {window['snapshots']} times through a window of its newest {window['window']} "
              f"entries ({window['entries']} in all): matching {window['match_s']} s in-process, "
              f"ingest of the last {window['ingest_s']} s")


COLUMNS = [("entries", "entries"), ("snapshots", "snapshots"), ("match_s", "match s"), ("ingest_s", "ingest s"),
           ("noop_all_s", "no-op all s"), ("noop_latest_s", "no-op latest s"), ("noop_ratio", "all/latest")]


def _filled(results: dict[int, Figures]) -> dict[int, Figures]:
    return {n: {k: r.get(k, "-") for k, _ in COLUMNS} for n, r in results.items()}


def report(results: dict[int, Figures]) -> None:
    print(table(_filled(results), COLUMNS))
    print_goals(goals(results))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.benchsnap", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=3000, help="entries in the latest snapshot (default 3000)")
    parser.add_argument("--snapshots", type=int, default=48, help="snapshots of the live blog (default 48)")
    parser.add_argument("--small", type=int, default=1000,
                        help="entries of the smaller blog matching is compared with (default 1000)")
    parser.add_argument("--match-snapshots", type=int, default=None,
                        help="snapshots for the matching figure (default: --snapshots; the same for both sizes)")
    parser.add_argument("--repeats", type=int, default=5, help="no-op builds of each project (default 5)")
    parser.add_argument("--ingest-repeats", type=int, default=3, help="ingests of the last snapshot (default 3)")
    parser.add_argument("--match-repeats", type=int, default=3, help="matchings of each size (default 3)")
    parser.add_argument("--workdir", default=str(REPO / "_build" / "bench" / "snapshots"),
                        help="where the projects are built (default _build/bench/snapshots)")
    parser.add_argument("--json", default=None, help="results file (default: WORKDIR/results.json)")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--generate-only", action="store_true",
                      help="only write the two projects' seeds and metadata into WORKDIR (no build, no timing)")
    what.add_argument("--matching-only", action="store_true", help="only the matching figure (no project, no build)")
    what.add_argument("--windows-only", action="store_true",
                      help="only issue 25's figures: the whole-page correction and the sliding window")
    parser.add_argument("--correction-sizes", type=int, nargs="+", default=[1000, 2000],
                        help="entries of the live blogs a snapshot corrects entirely (default 1000 2000)")
    parser.add_argument("--window", type=int, default=30,
                        help="entries each capture of the sliding-window live blog shows (default 30)")
    args = parser.parse_args(argv)
    if args.entries < 2 or args.small < 1 or args.snapshots < 2:
        parser.error("--entries ≥ 2, --small ≥ 1 and --snapshots ≥ 2 are needed")
    progress: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True)  # noqa: E731
    workdir = Path(args.workdir).resolve()  # the kiroku runs below start in the project folders
    workdir.mkdir(parents=True, exist_ok=True)
    register = load_register(REPO / "sources" / "register.yaml")
    if args.windows_only:
        return _issue25(args, workdir, register, progress)
    progress(f"benchsnap: generating {args.snapshots} snapshots of {args.entries} entries")
    blog = live_blog(register, args.entries, args.snapshots)
    if args.generate_only:
        all_root, latest_root = prepare(workdir, blog, progress)
        print(f"written {all_root} (snapshots 1..{args.snapshots - 1}; ingest {args.snapshots} with "
              f"kiroku ingest) and {latest_root} (snapshot {args.snapshots} alone)")
        return 0
    results: dict[int, Figures] = {args.entries: {"entries": args.entries, "snapshots": args.snapshots}}
    if not args.matching_only:
        all_root, latest_root = prepare(workdir, blog, progress)
        progress(f"benchsnap: building {args.snapshots - 1} snapshots once (kiroku build: the track cache)")
        generate(Project(all_root), log=lambda line: None)
        results[args.entries].update(measure_ingest(all_root, blog, args.ingest_repeats, progress))
        for label, root in (("all", all_root), ("latest", latest_root)):
            progress(f"benchsnap: first make html of the project with {label} snapshot(s), {root}")
            make_html(root)
        noop = measure_noop({"all": all_root, "latest": latest_root}, args.repeats, progress)
        noop["noop_ratio"] = round(noop["noop_all_s"] / noop["noop_latest_s"], 2)
        results[args.entries].update(noop)
    match_n = args.match_snapshots or args.snapshots
    blogs = {n: blog if match_n == args.snapshots and n == args.entries else live_blog(register, n, match_n)
             for n in sorted({args.small, args.entries})}
    for n, figures in measure_matching(blogs, args.match_repeats, progress).items():
        results.setdefault(n, {}).update(figures)
    correction: dict[int, Figures] = {}
    window: Figures | None = None
    if not args.matching_only:
        correction = measure_correction(workdir, register, args.correction_sizes, args.ingest_repeats, progress)
        window = measure_window(workdir, register, args.entries, args.snapshots, args.window, args.ingest_repeats,
                                progress)
    report(results)
    report_issue25(correction, window)
    if correction or window:
        print_goals(issue25_goals(correction, window))
    _write(args, workdir, results, correction, window)
    return 0


def _issue25(args: argparse.Namespace, workdir: Path, register: Register, progress: Log) -> int:
    correction = measure_correction(workdir, register, args.correction_sizes, args.ingest_repeats, progress)
    window = measure_window(workdir, register, args.entries, args.snapshots, args.window, args.ingest_repeats,
                            progress)
    report_issue25(correction, window)
    print_goals(issue25_goals(correction, window))
    _write(args, workdir, {}, correction, window)
    return 0


def _write(args: argparse.Namespace, workdir: Path, results: dict[int, Figures], correction: dict[int, Figures],
           window: Figures | None) -> None:
    checked = (goals(results) if results else []) + issue25_goals(correction, window)
    data: dict[str, Any] = {"results": {str(k): v for k, v in sorted(results.items())},
                            "goals": [{"goal": g, "pass": ok, "value": v} for g, ok, v in checked]}
    if correction:
        data["correction"] = {str(k): v for k, v in sorted(correction.items())}
    if window is not None:
        data["window"] = window
    out = Path(args.json) if args.json else workdir / "results.json"
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"written {out}")


if __name__ == "__main__":
    sys.exit(main())
