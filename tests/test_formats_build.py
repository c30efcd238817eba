"""Every shared sample goes through kiroku ingest and builds into the archive next to the seed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from kiroku.cli.main import main
from kiroku.read import text as capture
from tests.conftest import FIXTURES, build, make_project

SAMPLES = sorted((FIXTURES / "shared_formats").glob("*.txt"))


@pytest.mark.slow
def test_all_samples_ingest_and_build_beside_the_seed(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    slugs = {}
    for sample in SAMPLES:
        expected = yaml.safe_load(sample.with_suffix(".expected.yaml").read_text(encoding="utf-8"))
        slug = "sample-" + sample.stem.replace("_", "-")
        assert main(["--root", str(root), "ingest", str(sample), "--source", slug, "--published",
                     str(expected["published"]), "--timezone", expected["timezone"], "--publisher", "試験",
                     "--captured", str(expected["published"])]) == 0
        slugs[slug] = expected
    site = build(root)
    entries = json.loads((site / "data" / "entries.json").read_text(encoding="utf-8"))["entries"]
    by_source: dict[str, list[dict]] = {}  # type: ignore[type-arg]
    for e in entries:
        by_source.setdefault(e["source"], []).append(e)
    assert len(by_source["nhk-20230913-putin-kim-summit"]) == 38  # the seed is still there, unchanged
    for slug, expected in slugs.items():
        got = by_source[slug]
        assert len(got) == len(expected["entries"]), slug
        for e, x in zip(got, expected["entries"]):
            if "heading" in x:
                assert e["heading"] == x["heading"]
            else:
                assert e["named_from_text"] is True and e["heading"]  # named from its first sentence, and says so
                page = (site / e["url"].split("#")[0]).read_text(encoding="utf-8")
                assert "本文の最初の文を見出しにしています" in page
            if x.get("time") and "T" in str(x["time"]):
                assert e["datetime"].replace(":00+", "+").replace(":00-", "-") == x["time"]
        for e in by_source[slug]:
            page = site / e["url"].split("#")[0]
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            assert soup.find(id=e["id"]) is not None
            english = slug.startswith("sample-en-")
            assert soup.html["lang"] == ("en" if english else "ja"), (slug, soup.html["lang"])
        meta = yaml.safe_load((root / "sources" / f"{slug}.yaml").read_text(encoding="utf-8"))
        assert meta["language"] == ("en" if slug.startswith("sample-en-") else "ja")
        assert meta["format"] in capture.names() and meta["format"] != "nhk"  # ingest writes the canonical name
