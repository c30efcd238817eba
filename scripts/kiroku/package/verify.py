"""``kiroku verify``: a project (seeds against their recorded SHA-256, locked anchors in the built site) or a
package (the bag against its manifests, the WACZ against its datapackage). Read only; every differing file named."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .. import site
from ..build import Project
from ..errors import KirokuError
from ..lock import load_lock
from ..sources import load_sources
from . import bag, webarchive
from .facts import site_of, walk
from .report import Report

_ID = re.compile(r'\bid="([^"]+)"')
_BLOCK = 1 << 20
_TERM_KINDS: dict[str, site.Kind] = {"person-": "person", "place-": "place", "org-": "organization"}


def sha256_of(path: Path) -> str:
    """A file's SHA-256, read in blocks (a seed may be a large WARC)."""
    sha = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(_BLOCK):
            sha.update(block)
    return sha.hexdigest()


def _ids(page: Path) -> set[str]:
    return set(_ID.findall(page.read_text(encoding="utf-8", errors="replace")))


def verify_seeds(project: Project, report: Report) -> None:
    """Every seed the metadata lists against its SHA-256; a file in seeds/ that no metadata lists is extra."""
    recorded: set[str] = set()
    count = 0
    for source in load_sources(project.sources):
        for snap in source.snapshots:
            recorded.add(snap.seed)
            count += 1
            path, shown = project.seeds / snap.seed, f"seeds/{snap.seed}"
            if path.is_symlink():
                report.problem("changed", shown, f"a symbolic link; {source.path.name} records a file")
            elif not path.is_file():
                report.problem("missing", shown, f"listed in sources/{source.path.name} but not in seeds/")
            elif (actual := sha256_of(path)) != snap.sha256:
                report.problem("changed", shown, f"its sha256 is {actual}, sources/{source.path.name} records "
                               f"{snap.sha256}; seeds are never edited: restore it from git")
    for rel in walk(project.seeds):
        if rel not in recorded:
            report.problem("extra", f"seeds/{rel}", "in seeds/ but listed in no metadata file of sources/")
    report.checked(f"{count} seed(s) in seeds/ against the SHA-256 recorded in sources/*.yaml")


def verify_anchors(project: Project, report: Report) -> None:
    """Every anchor of sources/anchors.lock (entries, their paragraphs, register terms) is an id in the built site."""
    site_dir = site_of(project)
    shown_site = "_build/html"
    if not (site_dir / "index.html").is_file():
        report.problem("missing", shown_site, "no built site to check the anchors in: run make html")
        return
    lock = load_lock(project.lock)
    count = 0
    for slug, entries in sorted(lock.entries.items()):
        for anchor, locked in sorted(entries.items()):
            rel = site.url(site.entry_docname(slug, anchor))
            page = site_dir / rel
            wanted = (anchor, *locked.paragraphs)
            count += len(wanted)
            if not page.is_file():
                report.problem("missing", f"{shown_site}/{rel}", f"the page of anchor {anchor} (sources/anchors.lock)")
                continue
            text = page.read_text(encoding="utf-8", errors="replace")
            lacking = [a for a in wanted if f'id="{a}"' not in text]
            if lacking:
                report.problem("changed", f"{shown_site}/{rel}",
                               f"holds no id {', '.join(lacking)} (recorded in sources/anchors.lock)")
    glossaries: dict[str, set[str]] = {}
    for glossary in site.GLOSSARIES:
        page = site_dir / site.url(site.glossary_docname(glossary))
        glossaries[glossary] = _ids(page) if page.is_file() else set()
    for term in sorted(lock.terms):
        count += 1
        kind: site.Kind | None = next((k for prefix, k in _TERM_KINDS.items() if term.startswith(prefix)), None)
        pages = [kind] if kind else list(site.GLOSSARIES)
        if not any(term in glossaries[k] for k in pages):
            where = f"{shown_site}/{site.url(site.glossary_docname(kind))}" if kind else shown_site
            report.problem("changed", where, f"holds no id {term} (a term recorded in sources/anchors.lock)")
    report.checked(f"{count} anchor(s) of sources/anchors.lock (entries, paragraphs, terms) as ids in {shown_site}")


def verify_project(project: Project, report: Report) -> None:
    verify_seeds(project, report)
    verify_anchors(project, report)


def is_project(path: Path) -> bool:
    return (path / "conf.py").is_file() and (path / "sources").is_dir()


def verify_package(path: Path, report: Report) -> None:
    """A bag folder, a WACZ file, or a folder holding them (``_build/package``: ``bag/`` and ``*.wacz``)."""
    if path.is_file():
        webarchive.verify(path, report)
        return
    if (path / "bagit.txt").is_file():
        bag.verify(path, report)
        return
    bags = sorted(p for p in path.iterdir() if (p / "bagit.txt").is_file()) if path.is_dir() else []
    waczs = sorted(p for p in path.glob("*.wacz") if p.is_file()) if path.is_dir() else []
    if not bags and not waczs:
        raise KirokuError("not a Kiroku project, a BagIt bag, a WACZ or a folder holding a bag or a WACZ", path=path,
                          hint="give the project folder (or nothing, inside it), _build/package, its bag/ "
                          "or its archive.wacz")
    for b in bags:
        bag.verify(b, report)
    for w in waczs:
        webarchive.verify(w, report)
