"""WARC and WACZ captures, read with warcio: the HTML response of one URL, with its HTTP charset,
its ``WARC-Target-URI`` and its ``WARC-Date``.

An archive is read as a stream, never whole: every record is walked once, with every byte counted
after decompression (``limits``), each record checked to be complete (as long as its Content-Length,
followed by the blank line that ends it, its gzip member whole) and to match its ``WARC-Block-Digest``
and ``WARC-Payload-Digest``; a WACZ's files must match the hashes its ``datapackage.json`` gives them.
Then the chosen page's record is read again, and only its payload is kept: chunked transfer encoding
and gzip or deflate content encoding are undone here, piece by piece, up to the page limit. warcio's
warnings (which it writes to stderr) become the error's message. When no URL is asked for and a
WACZ's page list names exactly one page, that page is the one.

``open_archive`` gives the archive's pages (``Archive``), read one at a time; ``webpage`` reads a live
page and its older pages from it as one capture, their bytes counted together against the page limit.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.digestverifyingreader import _compare_digest_rfc_3548
from warcio.exceptions import ArchiveLoadFailed
from warcio.utils import BUFF_SIZE, Digester

from ..errors import KirokuError
from .decode import header_charset
from .detect import WACZ
from .limits import BOMB_HINT, CHUNK, DEFAULT, Budget, Exceeded, Limits, megabytes, page_hint
from .older import address_key

HTML_TYPES = ("text/html", "application/xhtml+xml")
_LINE = 65536  # the longest line looked at between records and in a chunk header
_BLANK_LINES = 1024  # blank lines allowed between two records
_OTHER_SCHEMES = ("dns:", "whois:", "ntp:")  # crawlers' records that are no page
AGAIN = "capture or download it again: the file is incomplete (a download or copy cut short) or damaged"
SMALLER = ("make an archive of the live blog's page alone (kiroku capture URL, or ArchiveWeb.page with only that "
           "page)")


@dataclass(frozen=True)
class Record:
    """One HTML page in an archive: its URL, capture time, HTTP charset (if any) and payload bytes."""

    uri: str
    date: str  # WARC-Date, ISO 8601 in UTC
    charset: str | None
    payload: bytes


@dataclass(frozen=True)
class _Place:
    """Where a record is: its byte offset (in the WARC, or in a WACZ's file ``member``), its id and URI."""

    member: str | None
    offset: int
    record_id: str | None = None
    uri: str | None = None

    def __str__(self) -> str:
        named = " ".join(x for x in (self.record_id, f"({self.uri})" if self.uri else None) if x)
        where = f"byte offset {self.offset}" + (f" of {self.member}" if self.member else "")
        return f"WARC record {named} at {where}" if named else f"the WARC record at {where}"


@dataclass(frozen=True)
class _Found:
    """An HTML page the first walk found: where to read it again."""

    uri: str
    date: str
    charset: str | None
    place: _Place


class PagesTooLarge(KirokuError):
    """The pages read as one capture are together larger than the page limit."""


class _Broken(Exception):
    """What is wrong with a record (the message without the file's name), and what to do."""

    def __init__(self, message: str, hint: str = AGAIN, *, placed: bool = True) -> None:
        super().__init__(message)
        self.message, self.hint, self.placed = message, hint, placed  # placed: the message names the record


@dataclass
class _Scan:
    """One read of one archive: the file, its limits, and the budgets spent so far."""

    path: Path | str
    kind: str
    limits: Limits
    records: Budget = field(init=False)
    walked: Budget = field(init=False)  # record bytes, decompressed
    unzipped: Budget = field(init=False)  # a WACZ's files, unzipped

    def __post_init__(self) -> None:
        self.records = Budget("records", self.limits.records)
        self.walked = Budget("archive", self.limits.archive_total)
        self.unzipped = Budget("archive", self.limits.archive_total)

    @property
    def name(self) -> str:
        return self.kind.upper()

    def error(self, message: str, hint: str | None = AGAIN) -> KirokuError:
        return KirokuError(message, path=self.path, hint=hint)

    def exceeded(self, exc: Exceeded, place: _Place | None) -> KirokuError:
        budget, at = exc.budget, f" (at {place})" if place else ""
        if budget.name == "pages":
            return PagesTooLarge(f"the pages of this capture (a live page and its older pages) are together larger "
                                 f"than the page limit of {megabytes(budget.limit)} MB once decompressed (reading "
                                 f"stopped{at})", path=self.path, hint=page_hint())
        if budget.name == "page":
            return self.error(f"the page in {place} is larger than the page limit of {megabytes(budget.limit)} MB once "
                              f"decompressed (reading stopped there)", BOMB_HINT + page_hint())
        if budget.name == "records":
            return self.error(f"the {self.name} holds more than {budget.limit:,} records{at}: more than Kiroku reads "
                              "of one archive", SMALLER)
        if budget.name == "headers":
            return self.error(f"{place} has more than {megabytes(budget.limit)} MB of WARC and HTTP headers: the file "
                              "is damaged or hostile")
        return self.error(f"the {self.name} expands to more than {megabytes(budget.limit)} MB{at}: more than Kiroku "
                          "reads of one archive", BOMB_HINT + "otherwise " + SMALLER)


class _Meter:
    """A stream whose reads are counted against budgets (``Exceeded`` at the first byte over one), and
    never larger than ``CHUNK`` at once (a read of a 2 GB chunk is a read of 1 MB, then another)."""

    def __init__(self, stream: Any, *budgets: Budget) -> None:
        self.stream = stream
        self.budgets = budgets
        self.digest: Any = None  # a hashlib object that sees every byte read

    def _size(self, size: int | None) -> int:
        cap = min([CHUNK, *(b.left + 1 for b in self.budgets)])
        return cap if size is None or size < 0 else min(size, cap)

    def _spent(self, data: bytes) -> bytes:
        for budget in self.budgets:
            budget.spend(len(data))
        if self.digest is not None:
            self.digest.update(data)
        return data

    def read(self, size: int | None = -1) -> bytes:
        return self._spent(self.stream.read(self._size(size)))

    def readline(self, size: int | None = -1) -> bytes:
        return self._spent(self.stream.readline(self._size(size)))

    def tell(self) -> int:
        return int(self.stream.tell())

    def seek(self, offset: int, whence: int = 0) -> int:
        return int(self.stream.seek(offset, whence))

    def close(self) -> None:
        self.stream.close()


class _Reader(DecompressingBufferedReader):
    """warcio's reader of a (gzipped) WARC, with damaged gzip data an error, not a line on stderr (warcio
    reads a file whose first bytes do not inflate as an uncompressed WARC: one that is not gzip at all)."""

    gzipped = False

    def _decompress(self, data: bytes) -> bytes:
        if self.decompressor is not None and data:
            try:
                out = bytes(self.decompressor.decompress(data))
            except zlib.error as exc:
                if self.gzipped or self.num_block_read or data.startswith(b"\x1f\x8b"):
                    raise _Broken(f"its gzip data is damaged ({exc})", placed=False) from None
                return bytes(super()._decompress(data))
            self.gzipped = True
            return out
        return bytes(super()._decompress(data))


class _Records(ArchiveIterator):
    """warcio's record iterator, made strict and bounded: headers and bodies are read through meters,
    a record must be complete and match its digests, and what warcio would warn about is an error."""

    offset: int  # warcio's: where the next record starts
    known_format: str | None
    member_info: tuple[int, int] | None
    next_line: bytes | None

    def __init__(self, stream: Any, scan: _Scan, member: str | None) -> None:
        self.scan, self.member = scan, member
        self.place = _Place(member, 0)
        self.cut_short = False
        super().__init__(stream, check_digests=True)
        self.reader = _Reader(self.fh, block_size=BUFF_SIZE)

    def _next_record(self, next_line: bytes | None) -> Any:
        self.place = _Place(self.member, self.offset)
        headers = Budget("headers", self.scan.limits.header_bytes)
        meter = _Meter(self.reader, headers, self.scan.walked)
        try:
            record = self.loader.parse_record_stream(meter, next_line, self.known_format, self.no_record_parse,
                                                     self.ensure_http_headers, self.check_digests)
        except EOFError:
            if next_line or headers.used:  # warcio's end of the file, in the middle of a record's headers
                raise _Broken(f"{self.place}: its headers are cut off (the file ends in them)") from None
            raise
        except (AttributeError, TypeError, IndexError, KeyError, ValueError):  # warcio on broken headers
            raise _Broken(f"{self.place}: its headers are cut off or damaged (warcio cannot parse them)") from None
        meter.budgets = (self.scan.walked,)
        record.kiroku_meter = meter
        self.member_info = None
        self.known_format = record.format
        headers = record.rec_headers
        self.place = replace(self.place, record_id=headers.get_header("WARC-Record-ID"),
                             uri=headers.get_header("WARC-Target-URI"))
        self.scan.records.spend(1)
        declared = headers.get_header("Content-Length")
        if declared is None:
            raise _Broken(f"{self.place} has no Content-Length: the file is cut off or damaged")
        if not declared.strip().isdigit():
            raise _Broken(f"{self.place} has a Content-Length that is not a number of bytes ({declared[:40]!r})")
        return record

    def read_to_end(self, record: Any = None) -> None:
        """The rest of the record, counted; then the checks: complete, the blank line after it, its digests."""
        if not self.record or self.member_info:
            return
        current_offset = self.offset
        raw = self.record.raw_stream
        while raw.read(CHUNK):
            pass
        left = getattr(raw, "limit", 0)
        if left:
            length = int(self.record.length or 0)
            raise _Broken(f"{self.place} is cut off: its Content-Length says {length:,} bytes, the file holds "
                          f"{length - left:,} of them")
        self.next_line, empty_size = self._consume_blanklines()  # a wrong Content-Length is said as such
        self._check_digests(self.record)
        self.offset = self.fh.tell() - self.reader.rem_length()
        if self.next_line:
            self.offset -= len(self.next_line)
        length = self.offset - current_offset
        if not self.reader.decompressor:
            length -= empty_size
        self.member_info = (current_offset, length)

    def _check_digests(self, rec: Any) -> None:
        for problem in rec.digest_checker.problems:
            if problem.startswith("unknown hash"):
                continue  # a digest Kiroku cannot compute is not evidence of damage
            payload = problem.startswith("payload")
            if payload and rec.rec_type != "resource" and rec.http_headers is None:
                continue  # warcio read no HTTP headers (not an http(s) address): its "payload" is the whole block
            if payload and _chunked(rec) and getattr(rec, "kiroku_dechunked_digest", None) is not False:
                continue  # tools disagree whether a chunked payload is digested with its chunks (warcio #74)
            header = "WARC-Payload-Digest" if payload else "WARC-Block-Digest"
            raise _Broken(f"{self.place} does not match its {header} ({rec.rec_headers.get_header(header)}): its "
                          "bytes were changed or damaged after it was written", "capture it again; never edit a WARC")

    def _consume_blanklines(self) -> tuple[bytes | None, int]:
        """The blank lines that end a record: anything else right after it means its Content-Length is wrong."""
        empty_size = 0
        for count in range(_BLANK_LINES + 1):
            line = bytes(self.reader.readline(_LINE))
            self.scan.walked.spend(len(line))
            if not line:
                return None, empty_size
            if line.strip():
                if count == 0 and not line.startswith(b"WARC/"):
                    length = int(self.record.length or 0)
                    raise _Broken(f"{self.place} is followed by data where a blank line should end it: its "
                                  f"Content-Length ({length:,}) is shorter than the record, or the file is damaged")
                return line, empty_size
            empty_size += len(line)
        raise _Broken(f"{self.place} is followed by more than {_BLANK_LINES} blank lines: the file is damaged")

    def close(self) -> None:
        reader = self.reader
        if reader is not None and reader.decompressor is not None and not reader.decompressor.eof:
            self.cut_short = True  # the last gzip member ends before its end
        super().close()


def _chunked(rec: Any) -> bool:
    headers = rec.http_headers
    return bool(headers) and "chunked" in (headers.get_header("Transfer-Encoding") or "").lower()


def _walk(stream: Any, scan: _Scan, member: str | None, visit: Callable[[Any, _Place], bool]) -> None:
    """Every record of one WARC through ``visit`` (which returns True to stop), each one checked; a broken
    or too large archive is a KirokuError naming the file and the record."""
    said = io.StringIO()
    records = _Records(stream, scan, member)
    try:
        with contextlib.redirect_stderr(said):
            for rec in records:
                stop = visit(rec, records.place)
                records.read_to_end()
                _warned(said, records.place)
                if stop:
                    return
            _warned(said, records.place)
        if records.cut_short:
            raise _Broken(f"the {scan.name}'s gzip data ends early, after {records.place}: the file is cut off")
    except Exceeded as exc:
        raise scan.exceeded(exc, records.place) from None
    except _Broken as exc:
        raise scan.error(exc.message if exc.placed else f"{records.place}: {exc.message}", exc.hint) from None
    except ArchiveLoadFailed as exc:
        raise scan.error(*_load_failed(str(exc.msg), scan, records.place)) from None
    except (OSError, EOFError, ValueError, zlib.error, zipfile.BadZipFile, NotImplementedError) as exc:
        raise scan.error(f"the {scan.name} file is damaged at {records.place}: {exc}") from None


def _warned(said: io.StringIO, place: _Place) -> None:
    """What warcio wrote to stderr while the record was read, as an error (a URI's spaces are only tidied)."""
    lines = [line for line in said.getvalue().splitlines()
             if line.strip() and not line.startswith("Replacing spaces in invalid WARC-Target-URI")]
    said.seek(0)
    said.truncate()
    if lines:
        raise _Broken(f"{place} cannot be read cleanly (warcio: {' '.join(' '.join(lines).split())[:300]})")


def _load_failed(message: str, scan: _Scan, place: _Place) -> tuple[str, str]:
    """warcio's refusal of a file as a message and what to do."""
    text = " ".join(message.split())
    if "non-chunked gzip" in text:
        return (f"the {scan.name} is gzipped as one whole, not record by record, so its records cannot be told apart",
                "gunzip it and ingest the .warc, or recompress it record by record: warcio recompress FILE NEW.warc.gz")
    if "first line" in text:
        line = text.split("first line:", 1)[1].strip().strip("[]'\"")[:60]
        where = f"byte offset {place.offset}" + (f" of {place.member}" if place.member else "")
        return (f"the WARC record at {where} does not start with a WARC/1.x line (it starts {line!r}): the file is "
                "damaged, or the Content-Length of the record before it is wrong", AGAIN)
    return f"not a readable {scan.name} file ({text[:200]})", AGAIN


def _html_type(rec: Any) -> str | None:
    """The Content-Type of an HTML page record (a 2xx response or a resource); None for any other record."""
    if rec.rec_type == "response":
        if rec.http_headers is None or not rec.http_headers.get_statuscode().startswith("2"):
            return None
        content_type = rec.http_headers.get_header("Content-Type") or ""
    elif rec.rec_type == "resource":
        content_type = rec.rec_headers.get_header("Content-Type") or ""
    else:
        return None
    return content_type if content_type.split(";")[0].strip().lower() in HTML_TYPES else None


def _collect(found: list[_Found], elsewhere: list[str], scan: _Scan,
             wanted: Callable[[str], bool]) -> Callable[[Any, _Place], bool]:
    """The first walk's visit: notes every HTML page; one that may be the page read (``wanted``) must be within the
    page limit already as it is stored (a page that is not read is only walked over)."""
    def visit(rec: Any, place: _Place) -> bool:
        uri = rec.rec_headers.get_header("WARC-Target-URI") or ""
        if rec.rec_type == "response" and rec.http_headers is None and uri and not uri.lower().startswith(
                ("http:", "https:", *_OTHER_SCHEMES)):
            elsewhere.append(uri)  # warcio reads HTTP headers only of http(s) responses
        content_type = _html_type(rec)
        if content_type is not None:
            found.append(_Found(uri, rec.rec_headers.get_header("WARC-Date") or "", header_charset(content_type),
                                place))
            if wanted(uri):
                rec.kiroku_meter.budgets = (*rec.kiroku_meter.budgets, Budget("page", scan.limits.page_bytes))
        return False
    return visit


# --- the page's payload: transfer and content encodings undone piece by piece, counted -------------


def _pieces(stream: Any) -> Iterator[bytes]:
    while data := stream.read(CHUNK):
        yield data


def _dechunked(stream: Any, digest: Any) -> Iterator[bytes]:
    """HTTP chunked transfer encoding undone as a stream (data that is not chunked after all is kept, as warcio
    does); ``digest`` sees the payload without its chunks."""
    first = True
    while True:
        line = stream.readline(64)
        if not line:
            return
        try:
            size = int(line[:-2].split(b";")[0], 16) if line.endswith(b"\r\n") else -1
        except ValueError:
            size = -1
        if not 0 <= size <= 2**31:
            if first:  # not chunked after all
                digest.update(line)
                yield line
                for data in _pieces(stream):
                    digest.update(data)
                    yield data
                return
            raise _Broken(f"its HTTP chunked transfer encoding is broken (a chunk header reads {line[:20]!r})",
                          "capture the page again")
        first = False
        if size == 0:
            return
        while size:
            data = stream.read(min(size, CHUNK))
            if not data:
                raise _Broken("its HTTP response ends in the middle of a chunk: the page is incomplete")
            size -= len(data)
            digest.update(data)
            yield data
        stream.read(2)


def _decoded(pieces: Iterator[bytes], encoding: str) -> Iterator[bytes]:
    """Content encoding undone with bounded output (``CHUNK`` at a time): gzip, deflate; others as they are."""
    if encoding in ("br", "zstd", "compress"):
        raise _Broken(f"its page is compressed as {encoding} (Content-Encoding: {encoding}), which Kiroku cannot read",
                      "capture the page with a client that asks for gzip (kiroku capture URL)")
    if encoding not in ("gzip", "x-gzip", "deflate"):
        yield from pieces
        return
    wbits = 16 + zlib.MAX_WBITS if encoding != "deflate" else zlib.MAX_WBITS
    inflate: Any = zlib.decompressobj(wbits)
    started = False
    for piece in pieces:
        data = piece
        while data and not inflate.eof:
            try:
                out = inflate.decompress(data, CHUNK)
            except zlib.error as exc:
                if started:
                    raise _Broken(f"its {encoding}-compressed page is damaged ({exc})", "capture the page again") \
                        from None
                if encoding == "deflate" and wbits > 0:  # raw deflate, as some servers send it (and warcio reads)
                    wbits, inflate = -zlib.MAX_WBITS, zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                yield piece  # not compressed after all, as warcio reads it
                yield from pieces
                return
            started = True
            data = inflate.unconsumed_tail
            if out:
                yield out
    if started and not inflate.eof:
        raise _Broken(f"its {encoding}-compressed page ends early: the page is incomplete")


def _payload(rec: Any, scan: _Scan, together: Budget | None = None) -> bytes:
    """The page bytes of a response or resource record, decoded, at most the page limit (raw and decoded);
    ``together``: the budget the pages of one capture share (decoded)."""
    limit = scan.limits.page_bytes
    rec.kiroku_meter.budgets = (*rec.kiroku_meter.budgets, Budget("page", limit))
    headers = rec.http_headers
    encoding = (headers.get_header("Content-Encoding") or "").strip().lower() if headers else ""
    wanted = rec.rec_headers.get_header("WARC-Payload-Digest") if _chunked(rec) else None
    digest = _Digest(wanted)
    pieces = _dechunked(rec.raw_stream, digest) if _chunked(rec) else _pieces(rec.raw_stream)
    page = Budget("page", limit)
    out = bytearray()
    for part in _decoded(pieces, encoding):
        page.spend(len(part))
        if together is not None:
            together.spend(len(part))
        out += part
    if wanted:
        rec.kiroku_dechunked_digest = digest.matches()
    return bytes(out)


class _Digest:
    """The payload digest of a chunked response computed without its chunks (the WARC standard's reading)."""

    def __init__(self, wanted: str | None) -> None:
        self.wanted = wanted
        algorithm = wanted.partition(":")[0].lower() if wanted and ":" in wanted else None
        self.digester = Digester(algorithm) if algorithm in hashlib.algorithms_guaranteed else None

    def update(self, data: bytes) -> None:
        if self.digester is not None:
            self.digester.update(data)

    def matches(self) -> bool | None:
        try:
            return bool(_compare_digest_rfc_3548(self.digester, self.wanted)) if self.digester else None
        except ValueError:
            return None


# --- WACZ: a zip of WARCs, its page list and its hashes --------------------------------------------


def _zip_error(scan: _Scan, name: str, exc: BaseException) -> KirokuError:
    return scan.error(f"the WACZ's file {name} cannot be read ({exc}): the WACZ is damaged")


@contextlib.contextmanager
def _member(zf: zipfile.ZipFile, name: str, scan: _Scan) -> Iterator[_Meter]:
    try:
        with zf.open(name) as member:
            yield _Meter(member, scan.unzipped)
    except Exceeded as exc:
        raise scan.exceeded(exc, None) from None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
        raise _zip_error(scan, name, exc) from None


def _small(zf: zipfile.ZipFile, name: str, scan: _Scan) -> bytes:
    """A WACZ's JSON file, whole: at most the page limit."""
    out = bytearray()
    with _member(zf, name, scan) as stream:
        while data := stream.read(CHUNK):
            out += data
            if len(out) > scan.limits.page_bytes:
                raise scan.error(f"the WACZ's {name} is larger than {megabytes(scan.limits.page_bytes)} MB once "
                                 "unzipped: the WACZ is damaged or hostile", BOMB_HINT + page_hint())
    return bytes(out)


def _hash_of(zf: zipfile.ZipFile, name: str, algorithm: str, scan: _Scan) -> str:
    with _member(zf, name, scan) as stream:
        stream.digest = hashlib.new(algorithm)
        while stream.read(CHUNK):
            pass
        return str(stream.digest.hexdigest())


def _expected(value: object) -> tuple[str, str] | None:
    """A datapackage hash (``sha256:HEX``, or bare SHA-256 hex) as (algorithm, hex); None when not checkable."""
    if not isinstance(value, str):
        return None
    algorithm, _, digest = value.rpartition(":")
    algorithm = algorithm.lower() or ("sha256" if len(digest) == 64 else "")
    if algorithm not in hashlib.algorithms_guaranteed or not digest:
        return None
    return algorithm, digest.lower()


def _mismatch(scan: _Scan, name: str, expected: tuple[str, str]) -> KirokuError:
    return scan.error(f"the WACZ's file {name} does not match the hash datapackage.json gives it "
                      f"({expected[0]}:{expected[1]}): the WACZ is damaged, or was changed after it was made")


def _package(zf: zipfile.ZipFile, names: set[str], scan: _Scan) -> dict[str, tuple[str, str]]:
    """The hashes ``datapackage.json`` gives the WACZ's files (the package checked against its own digest, and
    every file it lists there). Files other than WARCs are checked here; a WARC as it is walked."""
    if "datapackage.json" not in names:
        return {}
    package = _small(zf, "datapackage.json", scan)
    if "datapackage-digest.json" in names:
        sealed = _json(_small(zf, "datapackage-digest.json", scan), "datapackage-digest.json", scan)
        expected = _expected(sealed.get("hash")) if isinstance(sealed, dict) else None
        if expected and hashlib.new(expected[0], package).hexdigest() != expected[1]:
            raise scan.error(f"datapackage.json does not match the hash datapackage-digest.json gives it "
                             f"({expected[0]}:{expected[1]}): the WACZ is damaged")
    data = _json(package, "datapackage.json", scan)
    resources = data.get("resources") if isinstance(data, dict) else None
    hashes: dict[str, tuple[str, str]] = {}
    for item in resources if isinstance(resources, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("path"), str):
            continue
        name = item["path"]
        if name not in names:
            raise scan.error(f"datapackage.json lists {name}, which the WACZ does not hold: the WACZ is damaged")
        expected = _expected(item.get("hash"))
        if expected is None:
            continue
        if name in _warcs(names):
            hashes[name] = expected
        elif _hash_of(zf, name, expected[0], scan) != expected[1]:
            raise _mismatch(scan, name, expected)
    return hashes


def _json(raw: bytes, name: str, scan: _Scan) -> Any:
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (ValueError, RecursionError) as exc:
        raise scan.error(f"the WACZ's {name} is not valid JSON ({exc}): the WACZ is damaged") from None


def _listed(zf: zipfile.ZipFile, names: set[str], scan: _Scan) -> list[str]:
    """The URLs of the WACZ's page list (``pages/pages.jsonl``; its first row is a header)."""
    if "pages/pages.jsonl" not in names:
        return []
    listed: list[str] = []
    for row in _small(zf, "pages/pages.jsonl", scan).decode("utf-8", errors="replace").splitlines():
        try:
            item = json.loads(row)
        except (ValueError, RecursionError):
            continue
        if isinstance(item, dict) and isinstance(item.get("url"), str):
            listed.append(item["url"])
    return listed


def _warcs(names: set[str]) -> list[str]:
    return sorted(n for n in names if n.startswith("archive/") and n.endswith((".warc", ".warc.gz")))


def _open_zip(raw: bytes, scan: _Scan) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise scan.error(f"a damaged zip file, or one cut off: its table of contents cannot be read ({exc})") from None
    count = len(zf.infolist())
    if count > scan.limits.members:
        zf.close()
        raise scan.error(f"the WACZ holds {count:,} files: more than the {scan.limits.members:,} Kiroku reads of one "
                         "archive", BOMB_HINT + "otherwise " + SMALLER)
    return zf


# --- choosing the page ------------------------------------------------------------------------------


def _wanted(url: str | None, listed: list[str]) -> Callable[[str], bool]:
    """Whether a page may be the one read: the one asked for, else (with no URL) one the WACZ lists, or any."""
    if url is not None:
        return lambda uri: address_key(uri) == address_key(url)
    pages = {address_key(u) for u in listed}
    return lambda uri: not pages or address_key(uri) in pages


def _find(raw: bytes, scan: _Scan, url: str | None) -> tuple[list[_Found], list[str], list[str]]:
    """Every HTML page in the archive, the WACZ page list, and responses whose address is not http(s)."""
    found: list[_Found] = []
    elsewhere: list[str] = []
    if scan.kind != WACZ:
        _walk(io.BytesIO(raw), scan, None, _collect(found, elsewhere, scan, _wanted(url, [])))
        return found, [], elsewhere
    with _open_zip(raw, scan) as zf:
        names = set(zf.namelist())
        hashes = _package(zf, names, scan)
        listed = _listed(zf, names, scan)
        visit = _collect(found, elsewhere, scan, _wanted(url, listed))
        for name in _warcs(names):
            with _member(zf, name, scan) as stream:
                expected = hashes.get(name)
                stream.digest = hashlib.new(expected[0]) if expected else None
                _walk(stream, scan, name, visit)
                while stream.read(CHUNK):
                    pass
                if expected and stream.digest.hexdigest() != expected[1]:
                    raise _mismatch(scan, name, expected)
    return found, listed, elsewhere


def _read(raw: bytes, scan: _Scan, page: _Found, together: Budget | None = None) -> Record:
    """The chosen page's record read again, from its offset: its payload, decoded, within the page limit
    (and within ``together``, the budget the pages of one capture share)."""
    got: list[bytes] = []

    def visit(rec: Any, place: _Place) -> bool:
        if place.offset != page.place.offset or _html_type(rec) is None:
            raise _Broken(f"{page.place} is not where the first reading found it", "report this as a bug")
        try:
            got.append(_payload(rec, scan, together))
        except _Broken as exc:
            raise _Broken(f"{place}: {exc.message}", exc.hint) from None
        return True

    def walk(stream: IO[bytes] | _Meter) -> None:
        stream.seek(page.place.offset)
        _walk(stream, scan, page.place.member, visit)

    if page.place.member is None:
        walk(io.BytesIO(raw))
    else:
        with _open_zip(raw, scan) as zf, _member(zf, page.place.member, scan) as stream:
            walk(stream)
    return Record(page.uri, page.date, page.charset, got[0])


@dataclass(frozen=True)
class Archive:
    """The HTML pages of one WARC or WACZ (the last capture of each address), found in one checked walk, to
    be read one at a time: ``pages`` their addresses in the order the archive holds them, ``listed`` the
    addresses a WACZ's page list names."""

    raw: bytes
    path: Path | str
    kind: str
    limits: Limits
    found: tuple[_Found, ...]
    listed: tuple[str, ...]

    @property
    def pages(self) -> tuple[str, ...]:
        return tuple(f.uri for f in self.found)

    def find(self, url: str) -> str | None:
        """The address of the archive's page at ``url`` (compared as ``older.address_key`` does); None: none."""
        key = address_key(url)
        return next((f.uri for f in self.found if address_key(f.uri) == key), None)

    def start(self, url: str | None) -> str | None:
        """The page asked for (``url``), else the only page, else the one page a WACZ lists; None: not told."""
        if url is not None and (asked := self.find(url)) is not None:
            return asked
        if len(self.found) == 1:
            return self.found[0].uri
        listed = self.candidates()
        return listed[0] if url is None and self.listed and len(listed) == 1 else None

    def candidates(self) -> list[str]:
        """The pages that may start the capture: those a WACZ lists (in its list's order), else every page."""
        if not self.listed:
            return list(self.pages)
        out: list[str] = []
        for url in self.listed:
            uri = self.find(url)
            if uri is not None and uri not in out:
                out.append(uri)
        return out or list(self.pages)

    def read(self, uri: str, together: Budget | None = None) -> Record:
        """The page at ``uri`` (one of ``pages``): its payload, decoded, within the page limit and ``together``."""
        key = address_key(uri)
        page = next(f for f in self.found if address_key(f.uri) == key)
        return _read(self.raw, _Scan(self.path, self.kind, self.limits), page, together)

    def together(self) -> Budget:
        """The budget the pages of one capture share: the page limit, for all of them."""
        return Budget("pages", self.limits.page_bytes)

    def refusal(self, url: str | None) -> KirokuError:
        """The archive holds several pages and none is the one to read: the error that lists them."""
        listing = ", ".join(sorted(self.pages))
        said = f"no HTML page for {url}; " if url else ""
        return KirokuError(f"{said}the {self.kind.upper()} holds {len(self.found)} HTML pages: {listing}",
                           path=self.path, hint="choose the live blog's page with --url URL")


def open_archive(raw: bytes, kind: str, path: Path | str, url: str | None, *,
                 limits: Limits | None = None) -> Archive:
    """The archive's HTML pages (every record checked on the way); an error when it holds none."""
    scan = _Scan(path, kind, limits or DEFAULT)
    found, listed, elsewhere = _find(raw, scan, url)
    latest: dict[str, _Found] = {}
    for rec in found:
        latest[address_key(rec.uri)] = rec  # the last capture of each URL
    if not latest and elsewhere:
        raise scan.error(f"the {scan.name} holds no web page: its response for {elsewhere[0]} has an address that is "
                         "not http(s), and Kiroku reads pages fetched from http(s) addresses",
                         "capture the live blog from its web address (kiroku capture URL, or ArchiveWeb.page)")
    if not latest:
        raise scan.error(f"the {scan.name} holds no HTML page (no 2xx text/html response record)",
                         "capture the live blog's page itself, not only its images or scripts")
    return Archive(raw, path, kind, scan.limits, tuple(latest.values()), tuple(listed))
