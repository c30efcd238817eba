"""The built site loads nothing from another host: no CDN scripts, styles, fonts or imports."""

from __future__ import annotations

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


@pytest.mark.slow
def test_no_math_renderer_on_any_page(seed_site: Path) -> None:
    for page in seed_site.rglob("*.html"):
        assert "mathjax" not in page.read_text(encoding="utf-8").lower(), page


# A build without the Mermaid assets fails with a clear message: test_ext_mermaid.py.
