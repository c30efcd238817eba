"""The bundle's time order (kiroku.searchorder): written from Pagefind's fragments, oldest first, exact."""

from __future__ import annotations

import calendar
import gzip
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiroku.errors import KirokuError
from kiroku.searchindex import DEFAULT_BUNDLE, index_site
from kiroku.searchorder import FILE, base36, decode, encode, read_fragment
from tests.conftest import ROOT
from tests.test_searchindex import ENTRY, tiny_site

needs_pagefind = pytest.mark.skipif(not (ROOT / "node_modules" / ".bin" / "pagefind").exists(),
                                    reason="Pagefind is installed by `make node` (npm ci)")


def _utc(key: str) -> int:
    return calendar.timegm(time.strptime(key, "%Y-%m-%dT%H:%M:%SZ"))


@given(st.lists(st.tuples(st.integers(-2**40, 2**40), st.from_regex(r"ja_[0-9a-f]{7}", fullmatch=True))))
def test_encode_then_decode_gives_the_rows_back(rows: list[tuple[int, str]]) -> None:
    rows = sorted(rows)
    assert decode(encode(rows)) == rows


def test_base36_and_a_stable_file() -> None:
    assert [base36(n) for n in (0, 35, 36, -37)] == ["0", "z", "10", "-11"]
    rows = [(0, "ja_a"), (90, "ja_b")]
    assert encode(rows) == encode(rows)  # no time or name in the gzip header
    assert gzip.decompress(encode(rows)).decode() == "kiroku-time 1\nja_a\t0\nja_b\t2i\n"
    with pytest.raises(ValueError, match="not a kiroku-time.gz"):
        decode(gzip.compress(b"something else\n"))


@needs_pagefind
def test_index_writes_every_entry_page_oldest_first(tmp_path: Path) -> None:
    root, site = tiny_site(tmp_path)
    keys = {"late": "2031-02-01T09:00:00Z", "early": "1969-12-31T23:00:00Z", "middle": "2030-01-01T00:30:00Z"}
    for name, key in keys.items():
        page = site / "archive" / "blog" / f"e-{name}.html"
        page.write_text(ENTRY.format(title=f"見出し{name}", text=f"本文{name}", sort=key), "utf-8")
    index_site(root, site, log=lambda line: None)
    bundle = site / DEFAULT_BUNDLE
    rows = decode((bundle / FILE).read_bytes())
    # Every fragment with a key is listed once (entry.html from tiny_site has one too), with its own key.
    by_url = {}
    for fragment in (bundle / "fragment").glob("*.pf_fragment"):
        page = read_fragment(fragment)
        by_url[str(page["url"])] = (fragment.name.removesuffix(".pf_fragment"), page["meta"]["sort"])  # type: ignore[index]
    assert sorted(page for _, page in rows) == sorted(page for page, _ in by_url.values())
    assert [s for s, _ in rows] == sorted(s for s, _ in rows)
    assert {page: s for s, page in rows} == {page: _utc(key) for page, key in by_url.values()}
    assert rows[0][1] == by_url["/archive/blog/e-early.html"][0]
    assert rows[-1][1] == by_url["/archive/blog/e-late.html"][0]


@needs_pagefind
def test_a_bad_sort_key_names_the_fragment_and_leaves_the_last_bundle(tmp_path: Path) -> None:
    root, site = tiny_site(tmp_path)
    index_site(root, site, log=lambda line: None)
    before = (site / DEFAULT_BUNDLE / FILE).read_bytes()
    (site / "archive" / "blog" / "e-bad.html").write_text(ENTRY.format(title="壊れた", text="鍵", sort="13日 19:40"), "utf-8")
    with pytest.raises(KirokuError, match=r"pf_fragment: the sort key '13日 19:40' is not UTC"):
        index_site(root, site, log=lambda line: None)
    assert (site / DEFAULT_BUNDLE / FILE).read_bytes() == before
    assert sorted(p.name for p in site.parent.iterdir()) == [".html.pagefind-all.stamp", "html"]
