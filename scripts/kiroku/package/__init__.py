"""``kiroku package`` and ``kiroku verify``: the archive in forms that libraries and web archives take in.

``make_package`` writes ``_build/package/bag/`` (a BagIt bag: seeds, sources and the built site, SHA-256 and
SHA-512 manifests) and ``_build/package/archive.wacz`` (the built site as WARC records under a base URL, with
its page list), assembled in ``_build/.package.tmp`` and swapped in whole: a run killed at any point leaves
the previous package or none, never half of one. ``verify_project`` and ``verify_package`` check without
writing. See ``docs/about/package.md``.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..build import Project
from ..errors import KirokuError
from ..fsutil import recover_tree, staging, swap_in
from . import bag, webarchive
from .facts import Facts, gather, site_of
from .report import Problem, Report
from .verify import is_project, verify_package, verify_project

__all__ = ["PackageResult", "Problem", "Report", "is_project", "make_package", "package_dir", "verify_package",
           "verify_project"]

WACZ_NAME = "archive.wacz"
BAG_NAME = "bag"


def package_dir(project: Project) -> Path:
    return project.root / "_build" / "package"


@dataclass(frozen=True)
class PackageResult:
    target: Path
    facts: Facts
    bag_files: int
    wacz_files: int
    base_url: str
    seconds: float

    def describe(self) -> str:
        def size(p: Path) -> float:
            total = p.stat().st_size if p.is_file() else sum(f.stat().st_size for f in p.rglob("*") if f.is_file())
            return total / 1e6

        bag_dir, wacz = self.target / BAG_NAME, self.target / WACZ_NAME
        return (f"kiroku: package: {bag_dir} ({self.bag_files} payload files, {size(bag_dir):.1f} MB) and {wacz} "
                f"({self.wacz_files} pages and assets under {self.base_url}, {size(wacz):.1f} MB): "
                f"{self.facts.blogs} live blog(s), {self.facts.entries} entries, commit {self.facts.commit}, "
                f"in {self.seconds:.1f} s")


def make_package(project: Project, *, base_url: str | None = None, epoch: int | None = None,
                 log: Callable[[str], None] = print) -> PackageResult:
    """Check the project as ``kiroku verify`` does, then write the bag and the WACZ and swap them in."""
    start = time.perf_counter()
    base = webarchive.base_url(base_url)
    site_dir = site_of(project)
    if not (site_dir / "index.html").is_file():
        raise KirokuError("no built site to package", path=site_dir, hint="build it first: make html")
    report = Report()
    verify_project(project, report)
    if not report.ok:
        shown = "; ".join(str(p) for p in report.problems[:5])
        more = f" (and {len(report.problems) - 5} more)" if len(report.problems) > 5 else ""
        raise KirokuError(f"the project does not verify, so it is not packaged: {shown}{more}",
                          hint="run 'kiroku verify' for the list; restore changed seeds from git, rebuild with "
                          "make html")
    facts = gather(project, epoch)
    target = package_dir(project)
    recover_tree(target)  # what a killed run left: .package.tmp, .package.old
    tmp = staging(target)
    tmp.mkdir(parents=True)
    try:
        bag_files = bag.make(project, tmp / BAG_NAME, facts, log)
        log(f"kiroku: package: writing the WACZ of {site_dir} under {base}")
        wacz_files = webarchive.make(site_dir, tmp / WACZ_NAME, base, facts, log)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    swap_in(tmp, target)
    return PackageResult(target, facts, bag_files, wacz_files, base, time.perf_counter() - start)
