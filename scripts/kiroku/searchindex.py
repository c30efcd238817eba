"""``kiroku index``: Pagefind's search bundles for the built site (docs/about/search.md).

Pagefind (npm, pinned in package-lock.json) reads ``_build/html`` and writes one bundle per shard into
``pagefind/<shard>/`` (``pagefind/all/`` for an unsharded site); Kiroku adds to each bundle the entries'
time order (``kiroku.searchorder``), their folded text for the search page's exactness check
(``kiroku-text/``) and a summary (``kiroku-shard.json``), and ``write_manifest`` lists the bundles in
``pagefind/shards.json``, which the search page reads first.
A bundle is written into a folder beside the site and swapped in, so a failed run leaves the
last good one. Pagefind reads only the entry pages (``site.ENTRY_PAGES_GLOB``, or a shard's own glob)
and re-indexes all of them on every run (NOTES §8): a stamp per bundle of those pages (path, size
and SHA-256 of each) and of the options skips the run when nothing it reads changed.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import KirokuError
from .fsutil import write_atomic
from .searchnorm import normalize
from .searchorder import FILE as TIME_ORDER
from .searchorder import encode as encode_time_order
from .searchorder import page_rows
from .site import ENTRY_PAGES_GLOB

PAGEFIND = Path("node_modules", ".bin", "pagefind")
BUNDLE = "pagefind"  # the folder of every search bundle inside the site, and of the manifest
DEFAULT_BUNDLE = "pagefind/all"  # the one bundle of an unsharded site
MANIFEST = "shards.json"  # pagefind/shards.json: the bundles, newest shard first
# pagefind/shard-filters.json: which shards hold each live blog and day, with counts. Apart from the manifest,
# which every search reads first: it grows with the archive, and only a search by live blog or day needs it.
SHARD_FILTERS = "shard-filters.json"
MANIFEST_VERSION = 2
SUMMARY = "kiroku-shard.json"  # in each bundle: what write_manifest says of it
TEXT_DIR = "kiroku-text"  # in each bundle: the entries' folded text in buckets, for the exactness check
TEXT_HEADER = "kiroku-text 1"
TEXT_BUCKET = 8  # entries per text bucket (about): a check fetches the buckets of its candidates only
TEXT_WHOLE = "all.gz"  # in kiroku-text/: every entry of the bundle, for a check of many candidates at once
FILES_VERSION = "kiroku-time 1, kiroku-text 1 + all, fold 2, kiroku-shard 1"  # in the stamp: a change re-indexes
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
    bundle: str = DEFAULT_BUNDLE  # the bundle's folder, relative to the site

    def describe(self) -> str:
        what = (f"built in {self.seconds:.1f} s" if not self.skipped
                else "up to date (no entry page changed since the last index)")
        return (f"kiroku: search index {what}: {self.pages} pages indexed, "
                f"{self.size:,} bytes in {self.files} files ({self.bundle}/)")


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


def expand_braces(glob: str) -> list[str]:
    """``archive/{a,b}/e-*.html`` → ``archive/a/e-*.html``, ``archive/b/e-*.html`` (nested lists too): the
    brace lists Pagefind's ``--glob`` accepts (tested with 500 items), which Python's glob does not."""
    start = glob.find("{")
    if start < 0:
        return [glob]
    depth = 0
    for end in range(start, len(glob)):
        depth += {"{": 1, "}": -1}.get(glob[end], 0)
        if depth == 0:
            break
    else:
        return [glob]  # unbalanced: literal
    inner, items, level, last = glob[start + 1:end], [], 0, 0
    for n, char in enumerate(inner):
        level += {"{": 1, "}": -1}.get(char, 0)
        if char == "," and level == 0:
            items.append(inner[last:n])
            last = n + 1
    items.append(inner[last:])
    return [out for item in items for out in expand_braces(glob[:start] + item + glob[end + 1:])]


def pages(site: Path, glob: str = ENTRY_PAGES_GLOB) -> list[Path]:
    """The pages Pagefind reads for ``glob`` (the bundles' folder left out), sorted."""
    found = {page for pattern in expand_braces(glob) for page in site.glob(pattern)}
    return sorted(p for p in found if p.is_file() and p.relative_to(site).parts[0] != BUNDLE)


def html_digest(site: Path, glob: str = ENTRY_PAGES_GLOB) -> str:
    """SHA-256 over the path, size and content of every page Pagefind reads (the bundle left out)."""
    digest = hashlib.sha256()
    for page in pages(site, glob):
        rel = page.relative_to(site)
        data = page.read_bytes()
        digest.update(f"{rel.as_posix()}\0{len(data)}\0".encode())
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def check_bundle(bundle: str) -> str:
    """``bundle`` as a clean relative path inside ``pagefind/`` (``pagefind/2023``), or a KirokuError."""
    path = PurePosixPath(bundle)
    if (path.is_absolute() or len(path.parts) != 2 or path.parts[0] != BUNDLE
            or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", path.parts[1])):
        raise KirokuError(f"search bundle {bundle!r} is not pagefind/<shard id> (letters, digits, '_', '.', '-')",
                          hint="name each shard's bundle pagefind/<id>, e.g. pagefind/2023")
    return path.as_posix()


def _key(bundle: str) -> str:
    return PurePosixPath(bundle).parts[1]


def stamp_path(site: Path, bundle: str = DEFAULT_BUNDLE) -> Path:
    """Beside the site, not in it: the stamp is not part of what is published. One per bundle."""
    return site.parent / f".{site.name}.pagefind-{_key(check_bundle(bundle))}.stamp"


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
               log: Log = print, bundle: str = DEFAULT_BUNDLE) -> IndexReport:
    """Index the pages ``glob`` selects into ``site/<bundle>/`` unless none of them changed since the last run.

    ``bundle``: ``pagefind/<shard id>`` (``pagefind/all`` for an unsharded site); ``glob`` may hold brace
    lists (``archive/{slug-a,slug-b}/e-*.html``). Call ``write_manifest`` after the shards' runs.
    """
    if not (site / "index.html").is_file() and not any(True for _ in pages(site, glob)):  # a shard's own pages
        raise KirokuError(f"no built site in {site}", hint="run sphinx-build first (`make html` runs both)")
    bundle = check_bundle(bundle)
    start = time.perf_counter()  # the whole run: the stamp's digest, Pagefind, Kiroku's files, the swap
    binary = pagefind_binary(root)
    out = site / bundle
    stamp = stamp_path(site, bundle)
    wanted = {"pagefind": _version(root), "command": command(Path("pagefind"), Path("SITE"), Path("OUT"), glob),
              "kiroku": FILES_VERSION, "html": html_digest(site, glob)}
    try:
        previous = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    complete = all((out / name).is_file() for name in ("pagefind.js", TIME_ORDER, SUMMARY))
    if not force and complete and {k: previous.get(k) for k in wanted} == wanted:
        files, size = _bundle_size(out)
        return IndexReport(True, int(previous.get("pages", 0)), files, size, 0.0, bundle)

    log(f"kiroku: indexing {site} ({bundle}/) with Pagefind {wanted['pagefind']}")
    tmp = site.parent / f".{site.name}.pagefind-{_key(bundle)}-new"
    shutil.rmtree(tmp, ignore_errors=True)
    result = subprocess.run(command(binary, site, tmp, glob), capture_output=True, text=True, check=False)
    if result.returncode != 0 or not (tmp / "pagefind.js").is_file():
        shutil.rmtree(tmp, ignore_errors=True)
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise KirokuError(f"Pagefind failed (exit {result.returncode}); the previous index is unchanged:\n{tail}",
                          hint="fix what Pagefind names above and run `make html` again")
    found = _INDEXED.search(result.stdout)
    count = int(found.group(1)) if found else 0
    try:
        write_kiroku_files(tmp)  # inside the new bundle, so they are swapped in with it
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    out.parent.mkdir(parents=True, exist_ok=True)
    _swap_in(tmp, out)
    write_atomic(stamp, (json.dumps({**wanted, "pages": count}, indent=1) + "\n").encode("utf-8"))
    files, size = _bundle_size(out)
    return IndexReport(False, count, files, size, time.perf_counter() - start, bundle)


# --- Kiroku's files in each bundle ------------------------------------------------------------------


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over the UTF-16 code units of ``text``: the text bucket of a page id (the same in
    kiroku-search.js, which computes it over the id's UTF-16 code units; page ids are ASCII)."""
    h = 0x811C9DC5
    data = text.encode("utf-16-le")
    for n in range(0, len(data), 2):
        h ^= data[n] | (data[n + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def fold(text: str) -> str:
    """The text an exactness check compares the query with: Pagefind's zero-width spaces between words
    dropped (its JS API drops them from ``content`` too), normalized (kiroku.searchnorm), the middle dot
    dropped, runs of white space as one space (the search page folds queries the same way)."""
    return re.sub(r"\s+", " ", normalize(text.replace("\u200b", "")).replace("・", "")).strip()


def text_buckets(count: int) -> int:
    return max(1, math.ceil(count / TEXT_BUCKET))


def encode_text(rows: Sequence[tuple[str, str]]) -> bytes:
    lines = [TEXT_HEADER, *(f"{page}\t{text}" for page, text in rows)]
    return gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), compresslevel=9, mtime=0)


def decode_text(data: bytes) -> dict[str, str]:
    lines = gzip.decompress(data).decode("utf-8").splitlines()
    if not lines or lines[0] != TEXT_HEADER:
        raise ValueError(f"not a {TEXT_DIR} file (first line {lines[:1]!r})")
    return dict(line.split("\t", 1) for line in lines[1:])


def write_kiroku_files(bundle: Path) -> dict[str, object]:
    """The time order, the text buckets and the summary of a bundle Pagefind just wrote; the summary."""
    rows = page_rows(bundle)  # every page: id, sort seconds, content, meta, filters
    (bundle / TIME_ORDER).write_bytes(encode_time_order(sorted((r.seconds, r.page) for r in rows
                                                               if r.seconds is not None)))
    buckets = text_buckets(len(rows))
    texts: list[list[tuple[str, str]]] = [[] for _ in range(buckets)]
    for r in rows:
        # What an entry is searched in: its indexed text (heading, time line, paragraphs, the normalized
        # forms) and the names it mentions (the `names` meta: not text, but findable).
        texts[fnv1a(r.page) % buckets].append((r.page, fold(f"{r.content} {r.meta.get('names', '')}")))
    (bundle / TEXT_DIR).mkdir()
    for n, bucket in enumerate(texts):
        (bundle / TEXT_DIR / f"{n}.gz").write_bytes(encode_text(sorted(bucket)))
    # The same rows in one file: a count that needs many buckets of the bundle fetches this instead.
    (bundle / TEXT_DIR / TEXT_WHOLE).write_bytes(encode_text(sorted(row for bucket in texts for row in bucket)))
    keys = sorted(k for k in (r.meta.get("sort", "") for r in rows) if k)
    summary: dict[str, object] = {
        "entries": len(rows),
        "text_buckets": buckets,
        "blogs": _counts(v for r in rows for v in r.filters.get("blog", [])),
        "days": _counts(v for r in rows for v in r.filters.get("day", [])),
        "newest": keys[-1] if keys else "",
        "oldest": keys[0] if keys else "",
    }
    (bundle / SUMMARY).write_text(json.dumps(summary, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                  encoding="utf-8")
    return summary


def _counts(values: object) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in values:  # type: ignore[attr-defined]
        out[v] = out.get(v, 0) + 1
    return dict(sorted(out.items()))


# --- the manifest ------------------------------------------------------------------------------------


def write_manifest(site: Path, shards: Mapping[str, Sequence[str]]) -> dict[str, object]:
    """Write ``site/pagefind/shards.json`` and ``shard-filters.json`` (atomically) for the bundles
    ``pagefind/<id>/`` of ``shards`` (shard id → its live blogs' slugs), each already indexed; returns the
    manifest as written.

    Each shard's figures come from its bundle's summary (``kiroku-shard.json``, written by
    ``index_site`` from what Pagefind indexed: the pages' ``blog`` and ``day`` filters and ``sort``
    meta), so the manifest says what the search page will find. Shards are listed newest first (by
    their newest sort key, then id). The live blogs and days of each shard go to ``shard-filters.json``
    (value → shard id → entries), which the search page fetches only for a search by live blog or day:
    the manifest, read by every search, stays a few figures per shard. Folders and files of
    ``pagefind/`` that belong to no listed shard (an earlier layout's bundle, a removed shard) are removed.
    """
    folder = site / BUNDLE
    listed = []
    filters: dict[str, dict[str, dict[str, int]]] = {"blog": {}, "day": {}}
    for shard, slugs in shards.items():
        bundle = check_bundle(f"{BUNDLE}/{shard}")
        try:
            summary = json.loads((site / bundle / SUMMARY).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise KirokuError(f"no search bundle for shard {shard!r} in {site / bundle}",
                              hint="index each shard with index_site(..., bundle='pagefind/<id>') first") from None
        for name in filters:
            for value, count in summary.pop(f"{name}s", {}).items():
                filters[name].setdefault(value, {})[shard] = count
        listed.append({"id": shard, "bundle": f"{bundle}/", "slugs": sorted(slugs), **summary})
    listed.sort(key=lambda s: (s["newest"], s["id"]), reverse=True)
    manifest = {"version": MANIFEST_VERSION, "filters": SHARD_FILTERS, "shards": listed}
    index = {"version": MANIFEST_VERSION,
             **{name: {value: dict(sorted(where.items())) for value, where in sorted(values.items())}
                for name, values in filters.items()}}
    for name, content in ((SHARD_FILTERS, index), (MANIFEST, manifest)):  # the manifest last: it names the other
        data = (json.dumps(content, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        path = folder / name
        if not path.is_file() or path.read_bytes() != data:
            write_atomic(path, data)
    keep = {MANIFEST, SHARD_FILTERS, *(str(s["id"]) for s in listed)}
    for stale in folder.iterdir():
        if stale.name not in keep:
            if stale.is_dir():
                shutil.rmtree(stale)
            else:
                stale.unlink()
    return manifest


def index_unsharded(root: Path, site: Path, *, force: bool = False, log: Log = print) -> IndexReport:
    """``kiroku index``: every entry page in one shard, ``all`` (``pagefind/all/``), and its manifest."""
    report = index_site(root, site, force=force, log=log, bundle=DEFAULT_BUNDLE)
    slugs = sorted({p.relative_to(site).parts[1] for p in pages(site, ENTRY_PAGES_GLOB)})
    write_manifest(site, {_key(DEFAULT_BUNDLE): slugs})
    return report
