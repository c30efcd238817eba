"""Hostile and broken web archives for tests, generated small and fast.

A decompression bomb is built without ever holding (or compressing) what it expands to: deflate output for
one megabyte of zeros, compressed after a full flush, is the same bytes wherever it stands in a stream, so
a stream of N megabytes of zeros is that block repeated N times (about 1 KB each: 4 GiB in 4 MB). The gzip
and zip checksums of the zeros come from the CRC's linear algebra, so every file is valid to its end.
"""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

MB = 2**20
GiB = 2**30
_ZEROS = bytes(MB)


def _table() -> list[int]:
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ (0xEDB88320 if c & 1 else 0)
        table.append(c)
    return table


_CRC_TABLE = _table()


def _times(matrix: list[int], vector: int) -> int:
    out, i = 0, 0
    while vector:
        if vector & 1:
            out ^= matrix[i]
        vector >>= 1
        i += 1
    return out


def crc32_zeros(crc: int, count: int) -> int:
    """``zlib.crc32(bytes(count), crc)`` without the bytes: one zero byte is a linear map of the register."""
    step = [_CRC_TABLE[(1 << i) & 0xFF] ^ ((1 << i) >> 8) for i in range(32)]
    power = [1 << i for i in range(32)]  # identity
    while count:
        if count & 1:
            power = [_times(step, column) for column in power]
        step = [_times(step, column) for column in step]
        count >>= 1
    return ~_times(power, ~crc & 0xFFFFFFFF) & 0xFFFFFFFF


@dataclass(frozen=True)
class Deflated:
    """A raw deflate stream with what it expands to: its size and CRC-32."""

    data: bytes
    size: int
    crc: int


def deflate_zeros(before: bytes, megabytes: int, after: bytes = b"") -> Deflated:
    """Raw deflate of ``before``, ``megabytes`` MB of zeros, then ``after``."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    head = packer.compress(before) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(_ZEROS) + packer.flush(zlib.Z_FULL_FLUSH)
    tail = packer.compress(after) + packer.flush()
    crc = zlib.crc32(after, crc32_zeros(zlib.crc32(before), megabytes * MB))
    return Deflated(head + block * megabytes + tail, len(before) + megabytes * MB + len(after), crc)


def gzip_member(deflated: Deflated) -> bytes:
    return (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + deflated.data
            + struct.pack("<II", deflated.crc, deflated.size & 0xFFFFFFFF))


def gzip_zeros(before: bytes, megabytes: int, after: bytes = b"") -> bytes:
    """One gzip member expanding to ``before`` + ``megabytes`` MB of zeros + ``after``."""
    return gzip_member(deflate_zeros(before, megabytes, after))


def warc_head(url: str, length: int, *, content_type: str = "text/html; charset=utf-8", extra: str = "",
              record_id: str = "<urn:uuid:00000000-0000-4000-8000-000000000001>") -> tuple[bytes, bytes]:
    """A response record's WARC headers and HTTP headers; ``length`` is the HTTP payload's size."""
    http = (f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n{extra}\r\n").encode()
    warc = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: {record_id}\r\n"
            f"WARC-Date: 2025-09-13T12:30:00Z\r\nWARC-Target-URI: {url}\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http) + length}\r\n\r\n"
            ).encode()
    return warc, http


def warc_gz_bomb(url: str, megabytes: int, *, content_type: str = "text/html; charset=utf-8") -> bytes:
    """A .warc.gz of one response whose gzip member expands to ``megabytes`` MB (its payload: zeros)."""
    warc, http = warc_head(url, megabytes * MB, content_type=content_type)
    return gzip_zeros(warc + http, megabytes, b"\r\n\r\n")


def content_encoded_bomb(url: str, megabytes: int) -> bytes:
    """An uncompressed WARC whose response says ``Content-Encoding: gzip``: its payload expands to the bomb."""
    payload = gzip_zeros(b"<html><body><p>", megabytes)
    warc, http = warc_head(url, len(payload), extra="Content-Encoding: gzip\r\n")
    return warc + http + payload + b"\r\n\r\n"


def zip_file(members: list[tuple[str, bytes | Deflated]]) -> bytes:
    """A zip written by hand (zipfile would compress the bomb's gigabytes): bytes are stored, ``Deflated`` is
    written as it is."""
    out = io.BytesIO()
    central = []
    for name, body in members:
        raw_name = name.encode()
        method, data, crc, size = ((8, body.data, body.crc, body.size) if isinstance(body, Deflated)
                                   else (0, body, zlib.crc32(body), len(body)))
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(data), size,
                              len(raw_name), 0) + raw_name + data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, crc, len(data),
                                   size, len(raw_name), 0, 0, 0, 0, 0, offset) + raw_name)
    start = out.tell()
    for entry in central:
        out.write(entry)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()


def wacz_files(files: dict[str, bytes], *, hashes: dict[str, str] | None = None) -> bytes:
    """A WACZ of ``files`` with a datapackage.json giving each file's SHA-256 (or ``hashes``' values)."""
    import json

    resources = [{"name": name.rsplit("/", 1)[-1], "path": name,
                  "hash": (hashes or {}).get(name, "sha256:" + hashlib.sha256(body).hexdigest()), "bytes": len(body)}
                 for name, body in files.items()]
    package = json.dumps({"profile": "data-package", "wacz_version": "1.1.1", "resources": resources})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        for name, body in files.items():
            zf.writestr(name, body)
        zf.writestr("datapackage.json", package)
    return out.getvalue()
