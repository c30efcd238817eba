"""``make eval``: how well Kiroku reads the page-shape corpus (``tests/pages/``).

Each fixture is a page of our own text in a shape real outlets publish, with ``NAME.expect.yaml``
(see ``tests/pages/README.md``). Each is read through ``kiroku.read`` (the one chooser) with the
expectation's publication date and time zone, as ``kiroku ingest`` would, and compared: entries
found / expected, times right, headings right, title right, language right. Prints a table and
writes nothing; exits 1 when a fixture is not read exactly (``--no-fail`` to only print).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kiroku import read
from kiroku.errors import KirokuError

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "pages"
SUFFIXES = (".html", ".htm", ".jsonld", ".json", ".txt", ".warc", ".warc.gz", ".wacz")


@dataclass
class Score:
    name: str
    family: str
    expected: int
    found: int = 0
    times: int = 0
    headings: int = 0
    title: bool = False
    language: bool = False
    reader: str = ""
    format_ok: bool = True
    warnings_ok: bool = True
    error: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        return (self.error is None and self.found == self.expected == self.times == self.headings and self.title
                and self.language and self.format_ok and self.warnings_ok)


def fixtures(corpus: Path = CORPUS) -> list[tuple[Path, Path]]:
    """(capture, expectation) pairs, by name."""
    pairs = []
    for expect in sorted(corpus.glob("*.expect.yaml")):
        stem = expect.name.removesuffix(".expect.yaml")
        found = [corpus / f"{stem}{s}" for s in SUFFIXES if (corpus / f"{stem}{s}").is_file()]
        if len(found) != 1:
            raise SystemExit(f"{expect}: expected exactly one capture named {stem}.* beside it, found {len(found)}")
        pairs.append((found[0], expect))
    return pairs


def expectation(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SystemExit(f"{path}: not valid YAML ({exc})") from None
    if not isinstance(data, dict) or "entries" not in data:
        raise SystemExit(f"{path}: not an expectation (a mapping with entries:)")
    return data


def _when(entry: Any) -> tuple[str | None, str | None]:
    if entry.time is None:
        return None, None
    return entry.time.iso, entry.time.precision


def _same_time(got: str | None, want: Any) -> bool:
    if want is None or got is None:
        return got is None and want is None
    want = str(want)
    try:
        return dt.datetime.fromisoformat(got) == dt.datetime.fromisoformat(want) and got[19:] == \
            dt.datetime.fromisoformat(want).isoformat()[19:]
    except ValueError:
        return got == want


def score(capture: Path, expect: dict[str, Any]) -> tuple[Score, read.ParseReport | None]:
    wanted = expect["entries"] or []
    result = Score(capture.name, str(expect.get("family", "")), len(wanted))
    try:
        loaded = read.read_file(capture)
        report = read.parse(loaded, seed=capture.name, published=dt.date.fromisoformat(str(expect["published"])),
                            timezone=str(expect["timezone"]))
    except KirokuError as exc:
        result.error = exc.message
        return result, None
    entries = report.blog.entries
    result.found = len(entries)
    result.reader = report.format
    for i, want in enumerate(wanted):
        if i >= len(entries):
            result.problems.append(f"missing entry {i + 1}: {want.get('heading')!r}")
            continue
        got = entries[i]
        iso, precision = _when(got)
        want_precision = want.get("precision", "minute" if want.get("time") else None)
        if _same_time(iso, want.get("time")) and (want.get("time") is None or precision == want_precision):
            result.times += 1
        else:
            result.problems.append(f"entry {i + 1} time {iso} ({precision}), expected {want.get('time')} "
                                   f"({want_precision})")
        if got.heading == want.get("heading"):
            result.headings += 1
        else:
            result.problems.append(f"entry {i + 1} heading {got.heading!r}, expected {want.get('heading')!r}")
    for extra in entries[len(wanted):]:
        result.problems.append(f"extra entry: {extra.heading!r}")
    result.title = report.blog.title == expect.get("title")
    if not result.title:
        result.problems.append(f"title {report.blog.title!r}, expected {expect.get('title')!r}")
    result.language = report.language == expect.get("language")
    if not result.language:
        result.problems.append(f"language {report.language!r}, expected {expect.get('language')!r}")
    if expect.get("format"):
        shown = "main-text" if report.format not in read.WEB_FORMATS else report.format
        result.format_ok = shown == expect["format"]
        if not result.format_ok:
            result.problems.append(f"read as {report.format}, expected {expect['format']}")
    said = "\n".join(report.blog.warnings)
    for needle in expect.get("warnings_contain") or ():
        if str(needle) not in said:
            result.warnings_ok = False
            result.problems.append(f"no warning says {needle!r} (warnings: {list(report.blog.warnings)})")
    return result, report


def table(scores: list[Score]) -> str:
    head = f"{'fixture':34} {'family':24} {'reader':16} {'entries':>8} {'times':>6} {'heads':>6} title lang  exact"
    lines = [head]
    for s in scores:
        if s.error:
            lines.append(f"{s.name:34} {s.family:24} {'(refused)':16} {'0/' + str(s.expected):>8} {'-':>6} "
                         f"{'-':>6} {'-':5} {'-':5} no: {s.error[:60]}")
            continue
        lines.append(f"{s.name:34} {s.family:24} {s.reader:16} {f'{s.found}/{s.expected}':>8} {s.times:>6} "
                     f"{s.headings:>6} {'yes' if s.title else 'no':5} {'yes' if s.language else 'no':5} "
                     f"{'yes' if s.exact else 'no'}")
    exact = sum(s.exact for s in scores)
    lines.append(f"read exactly: {exact}/{len(scores)} fixtures")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.evalpages", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("-v", "--verbose", action="store_true", help="say what is wrong with each fixture")
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even when a fixture is not read exactly")
    args = parser.parse_args(argv)
    scores = []
    for capture, expect in fixtures(args.corpus):
        try:
            wanted = expectation(expect)
        except SystemExit as exc:
            scores.append(Score(capture.name, "?", 0, error=str(exc)))
            continue
        result, _ = score(capture, wanted)
        scores.append(result)
    print(table(scores))
    if args.verbose:
        for s in scores:
            for problem in s.problems:
                print(f"  {s.name}: {problem}")
    return 0 if args.no_fail or all(s.exact for s in scores) else 1


if __name__ == "__main__":
    sys.exit(main())
