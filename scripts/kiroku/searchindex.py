"""``kiroku index``: Pagefind's search bundle for the built site (docs/about/search.md).

Pagefind (npm, pinned in package-lock.json) reads ``_build/html`` and writes ``pagefind/`` into it;
Kiroku adds the entries' time order to the bundle (``kiroku.searchorder``).
The bundle is written into a folder beside the site and swapped in, so a failed run leaves the
last good one. Pagefind re-indexes every page on every run (NOTES §8): a stamp of the HTML pages
(path, size and SHA-256 of each) and of the options skips the run when nothing it reads changed.
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
        what = "up to date (no HTML changed since the last index)" if self.skipped else f"built in {self.seconds:.1f} s"
        return (f"kiroku: search index {what}: {self.pages} pages indexed, "
                f"{self.size:,} bytes in {self.files} files ({BUNDLE}/)")


def pagefind_binary(root: Path) -> Path:
    binary = root / PAGEFIND
    if not binary.exists():
        raise KirokuError(f"Pagefind is not installed: {binary} is missing", hint=_INSTALL)
    return binary


def command(binary: Path, site: Path, output: Path) -> list[str]:
    """The Pagefind run: the site, where the bundle goes, and the options that fix what is indexed."""
    return [str(binary), "--site", str(site), "--output-path", str(output), "--force-language", LANGUAGE,
            "--exclude-selectors", EXCLUDE]


def _version(root: Path) -> str:
    try:
        return str(json.loads((root / "node_modules/pagefind/package.json").read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return "unknown"


def html_digest(site: Path) -> str:
    """SHA-256 over every HTML page's path, size and content (the bundle's own folder left out)."""
    digest = hashlib.sha256()
    for page in sorted(site.rglob("*.html")):
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


def index_site(root: Path, site: Path, *, force: bool = False, log: Log = print) -> IndexReport:
    """Index ``site`` into ``site/pagefind/`` unless no HTML changed since the last run."""
    if not (site / "index.html").is_file():
        raise KirokuError(f"no built site in {site}", hint="run sphinx-build first (`make html` runs both)")
    binary = pagefind_binary(root)
    bundle = site / BUNDLE
    stamp = stamp_path(site)
    wanted = {"pagefind": _version(root), "command": command(Path("pagefind"), Path("SITE"), Path("OUT")),
              "html": html_digest(site)}
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
    start = time.perf_counter()
    result = subprocess.run(command(binary, site, tmp), capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
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
    return IndexReport(False, pages, files, size, seconds)
