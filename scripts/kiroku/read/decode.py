"""Bytes to text, for every kind of capture: the one owner of encodings, BOMs and charsets.

A text capture (``decode_seed``): the named encoding, else its BOM, else UTF-8, else Shift_JIS/CP932 or
EUC-JP when one of them clearly reads as Japanese; undecodable bytes are an error naming file, line and
byte offset. An HTML page (``decode_html``): the HTTP header's charset, else the page's ``<meta
charset>`` or ``http-equiv`` declaration, else detection (as for text, then charset-normalizer); a
declared charset decodes as a browser does: undecodable bytes become U+FFFD.

``check_encoding`` is the one judge of an encoding's name, wherever it comes from (``--encoding``, a
source's ``encoding:``, an HTTP header, a ``<meta>`` tag): a text encoding Python knows. Codecs that are
not text encodings (``base64``, ``hex``, ``rot13``, ``uu``, ``zlib``…) and text codecs no document is
written in (``idna``, ``punycode``, ``unicode_escape``…) are refused; a page that declares one is read
as if it declared nothing.
"""

from __future__ import annotations

import codecs
import re
from email.message import Message
from pathlib import Path

import lxml.html

from ..errors import KirokuError

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp932", "shift_jis", "euc_jp")
_JAPANESE = re.compile(r"[\u3041-\u309f\u30a0-\u30ff\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e]")
_UNLIKELY = re.compile(r"[\uff61-\uff9f\ue000-\uf8ff\u0080-\u00ff\ufffd]")  # half-width kana, private use, Latin-1


# Python's text codecs that are not character encodings of documents (utf-7: browsers refuse it, it hides markup).
_NOT_CHARSETS = frozenset({"idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined", "utf-7"})


def check_encoding(name: str) -> str:
    """Python's codec for an encoding a capture can be written in; ValueError saying why not."""
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError, TypeError):
        raise ValueError(f"unknown encoding {name!r}") from None
    if getattr(info, "_is_text_encoding", True) is False:
        raise ValueError(f"{name!r} is not a text encoding (it is a codec for bytes, such as base64 or zlib)")
    if info.name in _NOT_CHARSETS:
        raise ValueError(f"{name!r} is not an encoding pages or text files are written in")
    return info.name


def text_encoding(name: str | None) -> str | None:
    """``check_encoding``'s codec, or None when the name is missing or not a text encoding."""
    if not name:
        return None
    try:
        return check_encoding(name)
    except ValueError:
        return None


def _offset_line(raw: bytes, text_before: str | None, offset: int) -> int:
    if text_before is not None:
        return text_before.count("\n") + 1
    return raw[:offset].count(b"\n") + 1


def decode_seed(raw: bytes, path: Path | str, encoding: str | None = None) -> str:
    """Decode a capture: the named encoding, else by BOM, else UTF-8, else Shift_JIS/CP932 or EUC-JP.

    Undecodable bytes are an error naming the file, line and byte offset.
    """
    if encoding is not None:
        try:
            codec = check_encoding(encoding)
        except ValueError as exc:
            raise KirokuError(str(exc), path=path, hint="name a text encoding, e.g. cp932, euc_jp or utf-8") from None
        codec = "utf-8-sig" if codec == "utf-8" else codec
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


PRESCAN = 8192  # bytes looked at for a <meta> declaration (the HTML standard says 1024; pages overrun it)

# Labels as the WHATWG Encoding Standard reads them, where Python's codec differs.
_ALIASES = {
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "ms_kanji": "cp932",
    "windows-31j": "cp932", "csshiftjis": "cp932", "iso-8859-1": "cp1252", "latin1": "cp1252",
    "us-ascii": "cp1252", "ascii": "cp1252", "euc-jp": "euc_jp", "x-euc-jp": "euc_jp",
    "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8",  # a meta tag cannot honestly say UTF-16
}


def codec(label: str | None) -> str | None:
    """Python's codec for a charset label; None when the label is unknown or not a text encoding (then detection)."""
    if not label:
        return None
    name = _ALIASES.get(label.strip().lower(), label.strip().lower())
    return text_encoding(name)


def header_charset(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type value (``text/html; charset=Shift_JIS``)."""
    if not content_type:
        return None
    msg = Message()
    msg["content-type"] = content_type
    return msg.get_content_charset()


def meta_charset(raw: bytes) -> str | None:
    """The charset the page declares in ``<meta charset>`` or ``<meta http-equiv=Content-Type>``."""
    head = raw[:PRESCAN].decode("ascii", errors="replace")  # declarations are ASCII in every charset we read
    try:
        doc = lxml.html.document_fromstring(head.encode("ascii", errors="replace"),
                                            parser=lxml.html.HTMLParser(encoding="ascii"))
    except Exception:  # noqa: BLE001 - a page with no parsable head simply declares nothing
        return None
    for meta in doc.iter("meta"):
        if meta.get("charset"):
            return str(meta.get("charset"))
        if (meta.get("http-equiv") or "").lower() == "content-type":
            found = header_charset(meta.get("content"))
            if found:
                return found
    return None


def decode_html(raw: bytes, path: Path | str, *, http_charset: str | None = None, encoding: str | None = None) -> str:
    """The page's text (see the module doc); ``encoding`` (``--encoding``) overrides everything."""
    if encoding is not None:
        return decode_seed(raw, path, encoding)
    if raw.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_seed(raw, path)
    for label in (http_charset, meta_charset(raw)):
        name = codec(label)
        if name is not None:
            return raw.decode(name, errors="replace")
    try:
        return decode_seed(raw, path)
    except KirokuError as exc:
        failure = exc
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is not None and best.encoding:
        return raw.decode(best.encoding, errors="replace")
    raise KirokuError(failure.message + " (and the page declares no charset)", path=path,
                      hint="pass --encoding NAME (for example cp932), or re-save the page as UTF-8")
