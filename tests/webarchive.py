"""Building WARC and WACZ files in tests, with warcio: an HTML page next to CSS and image records."""

from __future__ import annotations

import gzip
import io
import json
import zipfile

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 16
CSS = b"body { font-family: serif }\n"


def chunked(body: bytes, size: int = 100) -> bytes:
    """``body`` in HTTP/1.1 chunked transfer encoding."""
    parts = [b"%x\r\n%s\r\n" % (len(body[i : i + size]), body[i : i + size]) for i in range(0, len(body), size)]
    return b"".join(parts) + b"0\r\n\r\n"


def warc(pages: list[tuple[str, bytes, str]], *, gz: bool = True, encode: bool = False,
         date: str = "2025-09-13T12:30:00Z") -> bytes:
    """A WARC with a CSS and an image record first, then each (url, body, content type) as a 200 response.

    ``encode``: the HTML is sent gzip-compressed and chunked, as a server may send it.
    """
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    records = [("https://example.org/static/site.css", CSS, "text/css"),
               ("https://example.org/static/lantern.png", PNG, "image/png"), *pages]
    for url, body, ctype in records:
        headers = [("Content-Type", ctype)]
        payload = body
        if encode and ctype.startswith("text/html"):
            payload = chunked(gzip.compress(body))
            headers += [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]
        http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(payload), length=len(payload),
                                           http_headers=http,
                                           warc_headers_dict={"WARC-Date": date})
        writer.write_record(record)
    return out.getvalue()


def wacz(warc_bytes: bytes, page_urls: list[str]) -> bytes:
    """A WACZ: the WARC under archive/, the page list, and a datapackage.json."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("archive/data.warc.gz", warc_bytes)
        rows = [{"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}]
        rows += [{"id": f"p{n}", "url": u, "ts": "2025-09-13T12:30:00Z"} for n, u in enumerate(page_urls)]
        zf.writestr("pages/pages.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n")
        zf.writestr("datapackage.json", json.dumps({"profile": "data-package", "wacz_version": "1.1.1",
                                                    "resources": [{"path": "archive/data.warc.gz"}]}))
    return out.getvalue()
