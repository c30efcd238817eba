"""``kiroku index``: Pagefind's search bundle for the built site (docs/about/search.md).

Pagefind (npm, pinned in package-lock.json) reads ``_build/html`` and writes ``pagefind/`` into it;
Kiroku adds the entries' time order to the bundle (``kiroku.searchorder``).
The bundle is written into a folder beside the site and swapped in, so a failed run leaves the
last good one. Pagefind reads only the entry pages (``site.ENTRY_PAGES_GLOB``) and re-indexes all of
them on every run (NOTES §8): a stamp of those pages (path, size and SHA-256 of each) and of the
options skips the run when nothing it reads changed.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import KirokuError
from .fsutil import write_atomic
from .searchorder import FILE as TIME_ORDER
from .searchorder import write_time_order
from .site import ENTRY_PAGES_GLOB

PAGEFIND = Path("node_modules", ".bin", "pagefind")
BUNDLE = "pagefind"  # the bundle's folder inside the site
LANGUAGE = "ja"  # one index for every page, whatever its <html lang>: one search box searches everything
# Sphinx's ¶ links sit in every heading; data-pagefind-ignore cannot be put on them without a translator.
EXCLUDE = "a.headerlink"
_INSTALL = "run `npm ci --omit=dev --ignore-scripts` in the project root (`make node` does it)"
_INDEXED = re.compile(r"Indexed (\d+) pages?")

Log = Callable[[str], None]


@dataclass(frozen=True)
class IndexReport:
    skipped: bool  # nothing changed since the last index
    pages: int  # pages in the index
    files: int  # files in the bundle
    size: int  # bytes in the bundle
    seconds: float

    def describe(self) -> str:
        what = (f"built in {self.seconds:.1f} s" if not self.skipped
                else "up to date (no entry page changed since the last index)")
        return (f"kiroku: search index {what}: {self.pages} pages indexed, "
                f"{self.size:,} bytes in {self.files} files ({BUNDLE}/)")


def pagefind_binary(root: Path) -> Path:
    binary = root / PAGEFIND
    if not binary.exists():
        raise KirokuError(f"Pagefind is not installed: {binary} is missing", hint=_INSTALL)
    return binary


def command(binary: Path, site: Path, output: Path, glob: str = ENTRY_PAGES_GLOB) -> list[str]:
    """The Pagefind run: the site, where the bundle goes, and the options that fix what is indexed.

    ``glob``: the pages Pagefind reads. Only entry pages have a search body, so by default it reads
    only those: at 10,000 entries the other pages (glossaries, live blog and day pages) are 39 MB
    of HTML that it would parse for nothing.
    """
    return [str(binary), "--site", str(site), "--output-path", str(output), "--force-language", LANGUAGE,
            "--exclude-selectors", EXCLUDE, "--glob", glob]


def _version(root: Path) -> str:
    try:
        return str(json.loads((root / "node_modules/pagefind/package.json").read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return "unknown"


def html_digest(site: Path, glob: str = ENTRY_PAGES_GLOB) -> str:
    """SHA-256 over the path, size and content of every page Pagefind reads (the bundle left out)."""
    digest = hashlib.sha256()
    for page in sorted(site.glob(glob)):
        rel = page.relative_to(site)
        if rel.parts[0] == BUNDLE:
            continue
        data = page.read_bytes()
        digest.update(f"{rel.as_posix()}\0{len(data)}\0".encode())
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def stamp_path(site: Path) -> Path:
    """Beside the site, not in it: the stamp is not part of what is published."""
    return site.parent / f".{site.name}.pagefind-stamp"


def _bundle_size(bundle: Path) -> tuple[int, int]:
    files = [p for p in bundle.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def _swap_in(new: Path, bundle: Path) -> None:
    old = new.with_name(new.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if bundle.exists():
        bundle.rename(old)
    new.rename(bundle)
    shutil.rmtree(old, ignore_errors=True)


def index_site(root: Path, site: Path, *, force: bool = False, glob: str = ENTRY_PAGES_GLOB,
               log: Log = print) -> IndexReport:
    """Index ``site`` into ``site/pagefind/`` unless no page it reads changed since the last run."""
    if not (site / "index.html").is_file():
        raise KirokuError(f"no built site in {site}", hint="run sphinx-build first (`make html` runs both)")
    start = time.perf_counter()  # the whole run: the stamp's digest, Pagefind, the time order, the swap
    binary = pagefind_binary(root)
    bundle = site / BUNDLE
    stamp = stamp_path(site)
    wanted = {"pagefind": _version(root), "command": command(Path("pagefind"), Path("SITE"), Path("OUT"), glob),
              "html": html_digest(site, glob)}
    try:
        previous = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    complete = (bundle / "pagefind.js").is_file() and (bundle / TIME_ORDER).is_file()
    if not force and complete and {k: previous.get(k) for k in wanted} == wanted:
        files, size = _bundle_size(bundle)
        return IndexReport(True, int(previous.get("pages", 0)), files, size, 0.0)

    log(f"kiroku: indexing {site} with Pagefind {wanted['pagefind']}")
    tmp = site.parent / f".{site.name}.pagefind-new"
    shutil.rmtree(tmp, ignore_errors=True)
    result = subprocess.run(command(binary, site, tmp, glob), capture_output=True, text=True, check=False)
    if result.returncode != 0 or not (tmp / "pagefind.js").is_file():
        shutil.rmtree(tmp, ignore_errors=True)
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise KirokuError(f"Pagefind failed (exit {result.returncode}); the previous index is unchanged:\n{tail}",
                          hint="fix what Pagefind names above and run `make html` again")
    found = _INDEXED.search(result.stdout)
    pages = int(found.group(1)) if found else 0
    try:
        write_time_order(tmp)  # inside the new bundle, so it is swapped in with it
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _swap_in(tmp, bundle)
    write_atomic(stamp, (json.dumps({**wanted, "pages": pages}, indent=1) + "\n").encode("utf-8"))
    files, size = _bundle_size(bundle)
    return IndexReport(False, pages, files, size, time.perf_counter() - start)
