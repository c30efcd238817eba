"""The BagIt bag (RFC 8493, with the Library of Congress's ``bagit``): payload, manifests, bag-info.txt.

Payload: ``data/seeds/`` (the captures, byte for byte), ``data/sources/`` (metadata, register, anchor lock)
and ``data/site/`` (the built site without Sphinx's ``.doctrees``). Manifests in SHA-256 and SHA-512, their
lines sorted by path (bagit walks the payload sorted; its tag manifests are rewritten sorted here, since
it lists tag files in the folder's own order).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import bagit

from ..build import Project
from .facts import Facts, site_of, walk
from .report import Report

ALGORITHMS = ("sha256", "sha512")
PAYLOAD = ("seeds", "sources", "site")  # folders under data/, in this order
PROGRESS_EVERY = 1000  # files: one progress line each time this many more are done


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """bagit logs each problem as a warning on its way to raising it: Kiroku says them once, in its own words."""
    logger = logging.getLogger("bagit")
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.CRITICAL + 1)
    logger.propagate = False
    try:
        yield
    finally:
        logger.setLevel(level)
        logger.propagate = propagate


def payload_sources(project: Project) -> dict[str, Path]:
    return {"seeds": project.seeds, "sources": project.sources, "site": site_of(project)}


def copy_payload(project: Project, bag_dir: Path, log: Callable[[str], None]) -> int:
    """Copy seeds, sources and the site into ``bag_dir`` (bagit moves them under data/); returns the files copied.

    Copies, never hard links: a page rebuilt in place later must not change the bag.
    """
    done = 0
    for name, folder in payload_sources(project).items():
        for rel in walk(folder):
            dst = bag_dir / name / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(folder / rel, dst)
            os.chmod(dst, 0o644)
            done += 1
            if done % PROGRESS_EVERY == 0:
                log(f"kiroku: package: {done} files copied into the bag")
    return done


def _sort_tag_manifests(bag_dir: Path) -> None:
    for alg in ALGORITHMS:
        path = bag_dir / f"tagmanifest-{alg}.txt"
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text("".join(f"{line}\n" for line in sorted(lines, key=lambda line: line.split(" ", 1)[-1])),
                        encoding="utf-8")


def make(project: Project, bag_dir: Path, facts: Facts, log: Callable[[str], None]) -> int:
    """Write the bag into the new folder ``bag_dir``; returns the number of payload files."""
    bag_dir.mkdir(parents=True)
    count = copy_payload(project, bag_dir, log)
    log(f"kiroku: package: hashing {count} files (SHA-256, SHA-512)")
    with quiet():
        bagit.make_bag(str(bag_dir), bag_info=facts.bag_info(), processes=min(4, os.cpu_count() or 1),
                       checksums=list(ALGORITHMS))
    _sort_tag_manifests(bag_dir)
    return count


def verify(bag_dir: Path, report: Report, *, shown: str | None = None) -> None:
    """bagit's validation of ``bag_dir``, each problem a line naming the file (changed, missing, extra)."""
    name = shown or str(bag_dir)
    processes = min(4, os.cpu_count() or 1)
    with quiet():
        try:
            bag = bagit.Bag(str(bag_dir))
        except bagit.BagError as exc:
            report.problem("damaged", name, f"not a readable bag: {_message(exc)}")
            return
        files = len(bag.payload_entries())
        try:
            bag.validate(processes=processes)
            report.checked(f"bag {name}: {files} payload files and the tag files against their "
                           f"{', '.join(sorted(bag.algorithms))} manifests (bagit {bagit.VERSION})")
            return
        except bagit.BagValidationError as exc:
            details = list(exc.details)
            if not details:  # the Payload-Oxum (file count, bytes) failed first: find which files
                for step in (bag._validate_completeness, lambda: bag._validate_entries(processes)):
                    try:
                        step()
                    except bagit.BagValidationError as more:
                        details += list(more.details)
            if not details:
                report.problem("damaged", name, _message(exc))
        except bagit.BagError as exc:
            report.problem("damaged", name, _message(exc))
            return
    report.checked(f"bag {name}: {files} payload files and the tag files against their manifests")
    for d in sorted(details, key=lambda d: (str(d.path), str(getattr(d, "algorithm", "")))):  # bagit's order varies
        where = f"{name}/{d.path}"
        if isinstance(d, bagit.ChecksumMismatch):
            report.problem("changed", where, f"its {d.algorithm} is {d.found}, the manifest records {d.expected}")
        elif isinstance(d, bagit.FileMissing):
            report.problem("missing", where, "listed in the manifests but not in the bag")
        elif isinstance(d, bagit.UnexpectedFile):
            report.problem("extra", where, "in the bag but in no manifest")
        else:
            report.problem("damaged", where, str(d))


def _message(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc)
    return str(text).strip() or type(exc).__name__
