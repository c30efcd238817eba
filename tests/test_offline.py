"""The built site loads nothing from another host: no CDN scripts, styles, fonts or imports."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

# Resource references: attributes that load something, CSS imports and url(), JS imports.
_HTML_LOADS = re.compile(
    r"""<(script|img|iframe|source|audio|video|embed|object)\b[^>]*\s(?:src|data)\s*=\s*["']?(?P<url>[^"'\s>]+)"""
    r"""|<link\b(?=[^>]*\brel\s*=\s*["']?(?:stylesheet|preload|modulepreload|icon|manifest|prefetch))[^>]*\shref\s*=\s*["']?(?P<url2>[^"'\s>]+)""",
    re.I,
)
_CSS_LOADS = re.compile(r"""@import\s+(?:url\()?\s*["']?(?P<url>[^"')\s;]+)|url\(\s*["']?(?P<url2>[^"')\s]+)""", re.I)
_JS_LOADS = re.compile(
    r"""(?:\bimport\s*\(\s*|\bimport\b[^;'"]*?\bfrom\s*|\bimport\s+)["'`](?P<url>[^"'`]+)["'`]"""
    r"""|importScripts\(\s*["'](?P<url2>[^"']+)""",
)


def is_remote(url: str) -> bool:
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url.strip(), re.I)) and not url.startswith("file:")


def remote_loads(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    pattern = {".html": _HTML_LOADS, ".css": _CSS_LOADS, ".js": _JS_LOADS, ".mjs": _JS_LOADS}[path.suffix]
    found = []
    for m in pattern.finditer(text):
        url = m.group("url") or m.group("url2") or ""
        if is_remote(url):
            found.append(url)
    return found


def test_scanner_catches_remote_loads(tmp_path: Path) -> None:
    samples = {
        "a.html": '<script src="https://cdn.jsdelivr.net/npm/mermaid.js"></script>'
        '<link rel="stylesheet" href="//fonts.googleapis.com/css">',
        "b.css": '@import url("https://fonts.googleapis.com/css2"); .x { background: url(http://x.org/a.png) }',
        "c.mjs": 'import mermaid from "https://cdn.jsdelivr.net/npm/mermaid@11/dist/mermaid.esm.min.mjs";'
        'const m = await import("https://unpkg.com/x");',
    }
    for name, text in samples.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert len(remote_loads(tmp_path / "a.html")) == 2
    assert len(remote_loads(tmp_path / "b.css")) == 2
    assert len(remote_loads(tmp_path / "c.mjs")) == 2
    # Links to articles are not loads.
    (tmp_path / "d.html").write_text('<a href="https://example.org/live">元記事</a>', encoding="utf-8")
    assert remote_loads(tmp_path / "d.html") == []


@pytest.mark.slow
def test_built_site_loads_nothing_remote(seed_site: Path) -> None:
    files = [p for p in seed_site.rglob("*") if p.suffix in (".html", ".css", ".js", ".mjs")]
    assert len(files) > 50
    offenders = {str(p.relative_to(seed_site)): urls for p in files if (urls := remote_loads(p))}
    assert offenders == {}


_ANY_URL = re.compile(rb"[a-z][a-z0-9+.-]*://|//[a-z0-9-]+\.[a-z]", re.I)


def pagefind_remote(path: Path) -> list[str]:
    """Pagefind's gzipped files (index, filters, metadata, wasm, fragments): no URL to another host in them."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if path.parent.name == "fragment":  # pagefind_dcd + JSON: a page's URL, meta, filters and text
        page = json.loads(data[data.index(b"{"):])
        urls = [page["url"], *(v for v in page.get("meta", {}).values() if isinstance(v, str) and "/" in v)]
        return [u for u in urls if is_remote(u) or not page["url"].startswith("/")]
    return [m.group().decode("latin-1") for m in _ANY_URL.finditer(data)]


@pytest.mark.slow
def test_pagefind_bundle_loads_nothing_remote(seed_site: Path) -> None:
    bundle = seed_site / "pagefind"
    files = [p for p in bundle.rglob("*") if p.is_file()]
    kinds = {p.suffix or p.name for p in files}
    assert {".js", ".css", ".json", ".pagefind", ".pf_meta", ".pf_fragment", ".pf_index", ".pf_filter"} <= kinds
    offenders = {str(p.relative_to(seed_site)): urls for p in files
                 if (urls := remote_loads(p) if p.suffix in (".js", ".css") else pagefind_remote(p))}
    assert offenders == {}
    entry = json.loads((bundle / "all" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert not any(is_remote(str(v)) for v in json.dumps(entry).split('"'))


@pytest.mark.slow
def test_no_math_renderer_on_any_page(seed_site: Path) -> None:
    for page in seed_site.rglob("*.html"):
        assert "mathjax" not in page.read_text(encoding="utf-8").lower(), page


# A build without the Mermaid assets fails with a clear message: test_ext_mermaid.py.
