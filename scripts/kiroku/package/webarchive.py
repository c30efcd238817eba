"""The WACZ of the built site (Webrecorder's ``wacz`` format 1.1.1): one WARC, its CDXJ index, the page list.

Every file of the site (as in the bag: no hidden files) is a WARC ``response`` record under the base URL
(``--base-url``; ``make package BASEURL=…``), dated at the package's time, with a record id made from
its URL and that time, so two packages of one commit are identical. The index is written by ``wacz``'s own
indexer (``WACZIndexer``, the one ``wacz create`` uses); ``pages/pages.jsonl`` lists every entry page with
its heading as title, ``ts`` the record's date (where a replay finds it) and ``entryTime`` the entry's own
time from ``data/entries.json``. The ZIP is written here rather than by ``wacz create``, which stamps
the clock into the ZIP and ``datapackage.json`` and names pages with random ids.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import uuid
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import IO
from urllib.parse import quote, urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .. import __version__
from ..errors import KirokuError
from ..urls import is_http_url
from .facts import ENTRIES_JSON, Facts, iter_entries, walk
from .report import Report

DEFAULT_BASE_URL = "http://localhost/"
WARC_NAME = "data.warc.gz"
PROGRESS_EVERY = 1000
_BLOCK = 1 << 16
# Content types by extension: a fixed table, not the machine's /etc/mime.types, so every machine writes the same WARC.
TYPES = {
    ".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json", ".map": "application/json", ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp", ".ico": "image/vnd.microsoft.icon",
    ".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf", ".otf": "font/otf",
    ".eot": "application/vnd.ms-fontobject", ".wasm": "application/wasm", ".gz": "application/gzip",
    ".pdf": "application/pdf",
}
STORED = {"archive/", "indexes/index.cdx.gz"}  # WARCs and the compressed index are stored, not deflated


def base_url(text: str | None) -> str:
    """The site's address in the WACZ: an http(s) URL ending in ``/`` (default ``http://localhost/``)."""
    url = (text or DEFAULT_BASE_URL).strip()
    if not is_http_url(url) or not urlsplit(url).netloc:
        raise KirokuError(f"--base-url {url!r} is not an http(s) URL like https://example.org/kiroku/",
                          hint="make package BASEURL=https://example.org/kiroku/")
    return url if url.endswith("/") else url + "/"


def content_type(rel: str) -> str:
    return TYPES.get(PurePosixPath(rel).suffix.lower(), "application/octet-stream")


def url_of(base: str, rel: str) -> str:
    return base + quote(rel, safe="/-._~")


def _record_id(facts: Facts, url: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'kiroku:{facts.epoch}:{url}')}>"


def warc_date(facts: Facts) -> str:
    return facts.moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class _GzipMember:
    """One gzip member per record (as ``WARCWriter(gzip=True)`` writes them), at zlib's default level rather than
    warcio's level 9, which took most of the packaging time for a few per cent of size."""

    LEVEL = 6

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.compressor = zlib.compressobj(self.LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)

    def write(self, data: bytes) -> None:
        self.out.write(self.compressor.compress(data))

    def flush(self) -> None:  # warcio flushes once, at the end of each record
        self.out.write(self.compressor.flush())
        self.compressor = zlib.compressobj(self.LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)


def write_warc(site_dir: Path, out: Path, base: str, facts: Facts, log: Callable[[str], None]) -> int:
    """The site as one gzipped WARC at ``out``: a warcinfo record, then a response record per file (sorted)."""
    date = warc_date(facts)
    count = 0
    with open(out, "wb") as fh:
        member = _GzipMember(fh)
        writer = WARCWriter(member, gzip=False)  # each record compressed on its own by _GzipMember
        info = (f"software: Kiroku {__version__}\r\nformat: WARC File Format 1.0\r\n"
                f"isPartOf: {facts.title}\r\ndescription: the built site of a Kiroku archive at {base}\r\n")
        payload = info.encode("utf-8")
        writer.write_record(writer.create_warc_record(
            "", "warcinfo", payload=io.BytesIO(payload), length=len(payload),
            warc_headers_dict={"WARC-Date": date, "WARC-Filename": WARC_NAME,
                               "WARC-Record-ID": _record_id(facts, f"warcinfo:{WARC_NAME}")}))
        for rel in walk(site_dir):
            path = site_dir / rel
            url = url_of(base, rel)
            size = path.stat().st_size
            http = StatusAndHeaders("200 OK", [("Content-Type", content_type(rel)), ("Content-Length", str(size))],
                                    protocol="HTTP/1.1")
            with open(path, "rb") as body:
                writer.write_record(writer.create_warc_record(
                    url, "response", payload=body, length=size, http_headers=http,
                    warc_headers_dict={"WARC-Date": date, "WARC-Record-ID": _record_id(facts, url)}))
            count += 1
            if count % PROGRESS_EVERY == 0:
                log(f"kiroku: package: {count} files written into the WARC")
    return count


class _Hashing(io.RawIOBase):
    """Counts and hashes what is written through it to ``out`` (a ZIP member being written)."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out, self.size, self.sha = out, 0, hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.out.write(data)
        self.sha.update(data)
        self.size += len(data)
        return len(data)

    @property
    def digest(self) -> str:
        return "sha256:" + self.sha.hexdigest()


class _Zip:
    """A WACZ being written: members in a fixed order with fixed times, each hashed as it is written."""

    def __init__(self, path: Path, facts: Facts) -> None:
        self.zip = zipfile.ZipFile(path, "w", allowZip64=True)
        self.date_time = facts.moment.timetuple()[:6]
        self.resources: list[dict[str, object]] = []

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, self.date_time)
        info.compress_type = (zipfile.ZIP_STORED if any(name.startswith(s) for s in STORED)
                              else zipfile.ZIP_DEFLATED)
        info.create_system = 3
        info.external_attr = 0o100644 << 16
        return info

    def member(self, name: str, write: Callable[[IO[bytes]], None], *, listed: bool = True) -> None:
        with self.zip.open(self._info(name), "w", force_zip64=True) as raw:
            out = _Hashing(raw)
            write(out)  # type: ignore[arg-type]
        if listed:
            self.resources.append({"name": PurePosixPath(name).name.lower(), "path": name, "hash": out.digest,
                                   "bytes": out.size})

    def data(self, name: str, data: bytes, *, listed: bool = True) -> None:
        def write(out: IO[bytes]) -> None:
            out.write(data)

        self.member(name, write, listed=listed)

    def file(self, name: str, path: Path) -> None:
        def copy(out: IO[bytes]) -> None:
            with open(path, "rb") as fh:
                while block := fh.read(_BLOCK):
                    out.write(block)
        self.member(name, copy)

    def close(self) -> None:
        self.zip.close()


def _index(warc: Path, z: _Zip) -> None:
    """``indexes/index.cdx.gz`` and ``indexes/index.idx`` by wacz's own indexer (sorted, in blocks of 1,024)."""
    with warnings.catch_warnings():  # py3amf, under wacz's indexer, imports the deprecated pkg_resources
        warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
        from wacz.main import DEFAULT_NUM_LINES
        from wacz.waczindexer import WACZIndexer

    idx = io.BytesIO()
    text = io.TextIOWrapper(idx, "utf-8", write_through=True, newline="\n")

    def cdx(out: IO[bytes]) -> None:
        indexer = WACZIndexer(text, [str(warc)], sort=True, post_append=True, compress=out, lines=DEFAULT_NUM_LINES,
                              digest_records=True, fields="referrer,req.http:cookie", data_out_name="index.cdx.gz",
                              hash_type="sha256", main_url="", detect_pages=False, passed_pages_dict={},
                              extract_text=False, split_seeds=False)
        indexer.process_all()

    z.member("indexes/index.cdx.gz", cdx)
    text.flush()
    z.data("indexes/index.idx", idx.getvalue())


def _pages(site_dir: Path, base: str, facts: Facts) -> Iterator[bytes]:
    yield _json_line({"format": "json-pages-1.0", "id": "pages", "title": f"{facts.title}: entry pages"})
    date = warc_date(facts)
    for entry in iter_entries(site_dir / ENTRIES_JSON):
        yield _json_line({"id": entry.id, "url": url_of(base, entry.page), "title": entry.heading, "ts": date,
                          "entryTime": entry.datetime, "day": entry.day, "liveBlog": entry.source})


def _json_line(obj: object) -> bytes:
    return (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")


def make(site_dir: Path, out: Path, base: str, facts: Facts, log: Callable[[str], None]) -> int:
    """Write the WACZ of ``site_dir`` to ``out`` (a new file); returns the number of site files in it."""
    from wacz.util import WACZ_VERSION, get_py_wacz_version

    warc = out.with_name(WARC_NAME)
    count = write_warc(site_dir, warc, base, facts, log)
    z = _Zip(out, facts)
    try:
        z.file(f"archive/{WARC_NAME}", warc)
        _index(warc, z)

        def pages(out: IO[bytes]) -> None:
            for line in _pages(site_dir, base, facts):
                out.write(line)

        z.member("pages/pages.jsonl", pages)
        package = {
            "profile": "data-package",
            "resources": z.resources,
            "title": facts.title,
            "description": f"The built site of a Kiroku archive: {facts.blogs} live blog(s), {facts.entries} entries",
            "mainPageURL": url_of(base, "index.html"),
            "mainPageDate": warc_date(facts),
            "created": warc_date(facts),
            "wacz_version": WACZ_VERSION,
            "software": f"Kiroku {__version__} (py-wacz {get_py_wacz_version()} indexer)",
        }
        data = json.dumps(package, indent=2, ensure_ascii=False).encode("utf-8")
        z.data("datapackage.json", data, listed=False)
        digest = {"path": "datapackage.json", "hash": "sha256:" + hashlib.sha256(data).hexdigest()}
        z.data("datapackage-digest.json", json.dumps(digest, indent=2).encode("utf-8"), listed=False)
    finally:
        z.close()
        warc.unlink(missing_ok=True)
    return count


_PACKAGE_FILES = ("datapackage.json", "datapackage-digest.json")


def _hash_member(zf: zipfile.ZipFile, member: str) -> tuple[str, int]:
    sha, size = hashlib.sha256(), 0
    with zf.open(member) as fh:
        while block := fh.read(_BLOCK):
            sha.update(block)
            size += len(block)
    return "sha256:" + sha.hexdigest(), size


def _check_records(zf: zipfile.ZipFile, member: str) -> tuple[int, str | None]:
    """Every WARC record's block and payload digests; (records read, the first problem or None)."""
    records = 0
    try:
        with zf.open(member) as fh:
            for record in ArchiveIterator(fh, check_digests="raise"):
                uri = record.rec_headers.get_header("WARC-Target-URI") or record.rec_type
                try:
                    while record.raw_stream.read(_BLOCK):
                        pass
                except ArchiveLoadFailed as exc:
                    return records, f"record {uri}: {exc}"
                records += 1
    except (ArchiveLoadFailed, zipfile.BadZipFile, OSError, EOFError, gzip.BadGzipFile) as exc:
        return records, f"after {records} records: {exc}"
    return records, None


def verify(path: Path, report: Report, *, shown: str | None = None) -> None:
    """The WACZ's members against ``datapackage.json`` (and it against ``datapackage-digest.json``), the ZIP's
    CRC-32 of each member, and the digests of every WARC record; each differing member named."""
    name = shown or str(path)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        report.problem("damaged", name, f"not a readable ZIP file: {exc}")
        return
    with zf:
        names = {n for n in zf.namelist() if not n.endswith("/")}
        try:
            raw = zf.read("datapackage.json")
            package = json.loads(raw)
            resources = [r for r in package["resources"] if isinstance(r, dict)]
        except KeyError:
            report.problem("missing", f"{name}:datapackage.json", "a WACZ lists its files and their hashes in it")
            return
        except (zipfile.BadZipFile, ValueError, TypeError) as exc:
            report.problem("changed", f"{name}:datapackage.json", f"cannot be read: {exc}")
            return
        if "datapackage-digest.json" in names:
            try:
                recorded = json.loads(zf.read("datapackage-digest.json")).get("hash")
            except (zipfile.BadZipFile, ValueError, AttributeError) as exc:
                recorded = f"unreadable ({exc})"
            actual = "sha256:" + hashlib.sha256(raw).hexdigest()
            if recorded != actual:
                report.problem("changed", f"{name}:datapackage.json",
                               f"its hash is {actual}, datapackage-digest.json records {recorded}")
        listed, records = set(), 0
        for res in resources:
            member = str(res.get("path"))
            listed.add(member)
            where = f"{name}:{member}"
            if member not in names:
                report.problem("missing", where, "listed in datapackage.json but not in the WACZ")
                continue
            try:
                digest, size = _hash_member(zf, member)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:  # a changed byte fails the ZIP's CRC-32
                report.problem("changed", where, f"cannot be read back: {exc}")
                continue
            if digest != res.get("hash") or size != res.get("bytes"):
                report.problem("changed", where, f"its hash is {digest} ({size} bytes), datapackage.json records "
                               f"{res.get('hash')} ({res.get('bytes')} bytes)")
                continue
            if member.startswith("archive/"):
                count, problem = _check_records(zf, member)
                records += count
                if problem:
                    report.problem("changed", where, problem)
        for member in sorted(names - listed - set(_PACKAGE_FILES)):
            report.problem("extra", f"{name}:{member}", "in the WACZ but not listed in datapackage.json")
    report.checked(f"WACZ {name}: {len(resources)} files against datapackage.json's SHA-256, datapackage.json "
                   f"against datapackage-digest.json, the block and payload digests of {records} WARC records")
