"""An HTML page's bytes to text: the HTTP header's charset, else the page's ``<meta charset>`` or
``http-equiv`` declaration, else detection (UTF-8, then Shift_JIS/EUC-JP as for text seeds, then
charset-normalizer). A declared charset decodes as a browser does: undecodable bytes become U+FFFD.
"""

from __future__ import annotations

import codecs
from email.message import Message
from pathlib import Path

import lxml.html

from ..errors import KirokuError
from ..seeds import decode_seed

PRESCAN = 8192  # bytes looked at for a <meta> declaration (the HTML standard says 1024; pages overrun it)

# Labels as the WHATWG Encoding Standard reads them, where Python's codec differs.
_ALIASES = {
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "ms_kanji": "cp932",
    "windows-31j": "cp932", "csshiftjis": "cp932", "iso-8859-1": "cp1252", "latin1": "cp1252",
    "us-ascii": "cp1252", "ascii": "cp1252", "euc-jp": "euc_jp", "x-euc-jp": "euc_jp",
    "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8",  # a meta tag cannot honestly say UTF-16
}


def codec(label: str | None) -> str | None:
    """Python's codec for a charset label, or None when the label is unknown."""
    if not label:
        return None
    name = _ALIASES.get(label.strip().lower(), label.strip().lower())
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


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
