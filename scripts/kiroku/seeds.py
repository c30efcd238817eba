"""Seed files: their bytes guarded by SHA-256, and their text decoded (BOM, UTF-8, Shift_JIS/CP932, EUC-JP)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import KirokuError

if TYPE_CHECKING:
    from .sources import Source


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# Files in sources/ that are not live blogs (so these slugs are taken).


def verify_seeds(source: Source, seeds_dir: Path) -> None:
    """Every recorded seed exists and still has the bytes it was ingested with."""
    for snap in source.snapshots:
        seed_path = seeds_dir / snap.seed
        if seed_path.is_symlink() or seed_path.resolve().parent != seeds_dir.resolve():
            raise KirokuError(
                f"seed {snap.seed} is a symbolic link or lies outside {seeds_dir}; seeds must be regular files in it",
                path=source.path,
                hint=f"replace the link with a copy of the capture: 'kiroku ingest FILE --source {source.slug}'",
            )
        if not seed_path.is_file():
            raise KirokuError(
                f"seed {snap.seed} is listed but missing from {seeds_dir}",
                path=source.path,
                hint="restore it (git checkout -- seeds/) or remove the snapshot from the metadata",
            )
        actual = sha256_file(seed_path)
        if actual != snap.sha256:
            raise KirokuError(
                f"seed {seed_path} has changed since it was ingested: sha256 is {actual}, "
                f"the metadata records {snap.sha256}",
                path=source.path,
                hint=f"seeds are never edited: restore it with 'git checkout -- {seed_path}'; "
                "a newer capture is added with 'kiroku ingest FILE --source SLUG'",
            )


ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp932", "shift_jis", "euc_jp")
_JAPANESE = re.compile(r"[\u3041-\u309f\u30a0-\u30ff\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e]")
_UNLIKELY = re.compile(r"[\uff61-\uff9f\ue000-\uf8ff\u0080-\u00ff\ufffd]")  # half-width kana, private use, Latin-1


def _offset_line(raw: bytes, text_before: str | None, offset: int) -> int:
    if text_before is not None:
        return text_before.count("\n") + 1
    return raw[:offset].count(b"\n") + 1


def decode_seed(raw: bytes, path: Path | str, encoding: str | None = None) -> str:
    """Decode a capture: the named encoding, else by BOM, else UTF-8, else Shift_JIS/CP932 or EUC-JP.

    Undecodable bytes are an error naming the file, line and byte offset.
    """
    if encoding is not None:
        codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
        try:
            return raw.decode(codec)
        except UnicodeDecodeError as exc:
            before = raw[: exc.start].decode(codec, errors="replace")
            raise KirokuError(
                f"not valid {encoding} at byte offset {exc.start} ({exc.reason})",
                path=path,
                line=_offset_line(raw, before, exc.start),
                hint="check the encoding named in the source's metadata, or re-save the capture",
            ) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return decode_seed(raw, path, "utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    candidates = {}
    for codec in ("cp932", "euc_jp"):
        try:
            candidates[codec] = raw.decode(codec)
        except UnicodeDecodeError:
            continue

    def score(text: str) -> float:
        return (len(_JAPANESE.findall(text)) - 5 * len(_UNLIKELY.findall(text))) / max(len(text), 1)

    ranked = sorted(candidates.items(), key=lambda kv: -score(kv[1]))
    if ranked and score(ranked[0][1]) > 0.2 and (len(ranked) == 1 or score(ranked[0][1]) - score(ranked[1][1]) > 0.1):
        return ranked[0][1]
    if ranked:
        raise KirokuError(
            "cannot tell the encoding: not UTF-8, and Shift_JIS/EUC-JP give no clear answer",
            path=path,
            hint="name it in the source's metadata (encoding: cp932 or euc_jp) or with kiroku ingest --encoding",
        )
    raise KirokuError(
        f"not valid UTF-8, Shift_JIS or EUC-JP: UTF-8 fails at byte offset {utf8_error.start} ({utf8_error.reason})",
        path=path,
        line=_offset_line(raw, None, utf8_error.start),
        hint="re-save the capture as UTF-8, or name its encoding (kiroku ingest --encoding)",
    )


def read_seed(path: Path, encoding: str | None = None, url: str | None = None) -> str:
    """Read and decode a seed file (see decode_seed); an HTML page, WARC or WACZ is read by kiroku.web
    (``url`` picks the page of a WARC or WACZ holding several)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise KirokuError(f"cannot read: {exc.strerror}", path=path) from None
    from .web import read_page

    page = read_page(raw, path, encoding=encoding, url=url)
    return page if page is not None else decode_seed(raw, path, encoding)
