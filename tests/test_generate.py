"""Generation blog by blog (issue 26): entries.json in pieces, glossaries with pages of mentions, the render cache."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kiroku.build
from kiroku import cache, site
from kiroku.build import Project, load_view, render_all
from kiroku.cli.main import main
from kiroku.errors import KirokuError
from kiroku.mentions import Matcher
from kiroku.register import load_register
from kiroku.render import entries_json, glossary, render_entries_json
from kiroku.sources import load_source, load_sources
from tests.conftest import ROOT

_MENTIONS = re.compile(r"```\{kiroku-mentions\}\n(.*?)\n```", re.S)


@pytest.fixture(scope="module")
def seed_views() -> tuple[list, Matcher]:  # type: ignore[type-arg]
    project = Project(ROOT)
    views = [load_view(project, s, keep=False) for s in load_sources(project.sources)]
    return views, Matcher(load_register(project.register))


def test_entries_json_in_pieces_is_json_dumps_of_the_whole(seed_views: tuple[list, Matcher]) -> None:  # type: ignore[type-arg]
    views, matcher = seed_views
    files = render_all(views, matcher)
    assert files[site.data_file("entries")] == render_entries_json(views, matcher)
    assert entries_json([]) == json.dumps({"version": 1, "entries": []}, ensure_ascii=False, indent=1) + "\n"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.dictionaries(st.sampled_from(["id", "heading", "lines", "x"]),
                                         st.one_of(st.text(), st.integers(), st.lists(st.text(), max_size=3)),
                                         max_size=4), max_size=3), max_size=4))
def test_entries_json_pieces_join_as_one_dump(blogs: list[list[dict[str, object]]]) -> None:
    """Any records, split among any blogs (some with none): the pieces are json.dumps of them all."""
    chunks = [",\n".join("  " + json.dumps(r, ensure_ascii=False, indent=1).replace("\n", "\n  ") for r in blog)
              for blog in blogs]
    whole = {"version": 1, "entries": [r for blog in blogs for r in blog]}
    assert entries_json(chunks) == json.dumps(whole, ensure_ascii=False, indent=1) + "\n"


def test_a_much_mentioned_term_gets_pages_of_mentions(seed_views: tuple[list, Matcher],  # type: ignore[type-arg]
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    views, matcher = seed_views
    whole = render_all(views, matcher)  # every mention on the glossary page
    monkeypatch.setattr(glossary, "INLINE", 4)
    monkeypatch.setattr(glossary, "PAGE", 5)
    paged = render_all(views, matcher)
    term = "person-putin"
    full = _term_items(whole["people.md"], term)
    assert len(full) > 10
    # The glossary keeps the newest INLINE and links every page; the pages hold all, in order, PAGE each.
    assert _term_items(paged["people.md"], term) == full[-4:]
    pages = sorted((rel for rel in paged if rel.startswith(f"people/{term}-") and rel.endswith(".md")),
                   key=lambda rel: int(rel.removesuffix(".md").rsplit("-", 1)[1]))
    assert len(pages) == -(-len(full) // 5)

    def items(rel: str) -> list[dict[str, object]]:
        """A page's items: in the JSON file beside it, which the page names (read when Sphinx writes it)."""
        data = rel.removesuffix(".md") + ".json"
        assert f"```{{kiroku-mentions}} {data.rsplit('/', 1)[1]}\n```" in paged[rel]
        return json.loads(paged[data])  # type: ignore[no-any-return]

    listed = [item for rel in pages for item in items(rel)]
    assert listed == full
    assert all(len(items(rel)) <= 5 for rel in pages)
    for rel in pages:
        assert paged[rel].startswith("---\norphan: true\n---\n")
        assert f"../people.md#{term}" in paged[rel]
        assert f"({rel})" in paged["people.md"]
    # Terms mentioned no more than INLINE times keep their whole list, and get no pages.
    small = [t.id for t in matcher.register.of_kind("person") if 0 < len(_term_items(whole["people.md"], t.id)) <= 4]
    assert small
    for term_id in small:
        assert _term_items(paged["people.md"], term_id) == _term_items(whole["people.md"], term_id)
        assert not any(rel.startswith(f"people/{term_id}-") for rel in paged)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=40), st.integers(min_value=1, max_value=25),
       st.integers(min_value=1, max_value=6), st.integers(min_value=1, max_value=6))
def test_newer_mentions_change_only_the_last_page(before: int, added: int, inline: int, size: int) -> None:
    """Mentions added after the others (a newer live blog) leave every page of mentions but the last one as it
    was, byte for byte, so that adding a blog rebuilds one page of a term, not all of them."""
    register = load_register(ROOT / "sources" / "register.yaml")
    term = register.of_kind("person")[0]
    cited = [glossary.Citation(slug=f"blog-{n // 7}", blog=f"ブログ{n // 7}", anchor=f"e-{n:05d}", heading=f"見出し{n}",
                               iso=f"2024-01-01T{n // 60:02d}:{n % 60:02d}:00+09:00", when=f"when {n}")
             for n in range(before + added)]
    saved = glossary.INLINE, glossary.PAGE
    glossary.INLINE, glossary.PAGE = inline, size
    try:
        old = dict(glossary.mention_pages("person", register, {term.id: cited[:before]}))
        new = dict(glossary.mention_pages("person", register, {term.id: cited}))
    finally:
        glossary.INLINE, glossary.PAGE = saved
    last = max((int(rel.rsplit("-", 1)[1].split(".")[0]) for rel in old), default=0)
    for rel, text in old.items():
        if int(rel.rsplit("-", 1)[1].split(".")[0]) < last:
            assert new[rel] == text, rel
    # and every mention is on a page, in order, once
    listed = [item["anchor"] for rel in sorted((r for r in new if r.endswith(".json")),
                                               key=lambda r: int(r.rsplit("-", 1)[1].split(".")[0]))
              for item in json.loads(new[rel])]
    assert listed == ([c.anchor for c in cited] if len(cited) > inline else [])


def _term_items(page: str, term_id: str) -> list[dict[str, object]]:
    section = page.split(f"({term_id})=", 1)[1].split("\n(", 1)[0]
    found = _MENTIONS.findall(section)
    return json.loads(found[0]) if found else []


def test_a_glossary_folder_is_no_slug(tmp_path: Path) -> None:
    text = (ROOT / "sources").glob("*.yaml").__next__().read_text(encoding="utf-8")
    slug = re.search(r"^slug: (\S+)$", text, re.M).group(1)  # type: ignore[union-attr]
    path = tmp_path / "people.yaml"
    path.write_text(text.replace(f"slug: {slug}", "slug: people"), encoding="utf-8")
    with pytest.raises(KirokuError, match="glossary's folder") as caught:
        load_source(path)
    assert (caught.value.line or 0) > 1  # the slug line, not the first


def test_ingest_refuses_a_glossary_folder_as_slug(empty_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fixture = Path(__file__).parent / "fixtures" / "festival.txt"
    assert main(["--root", str(empty_project), "ingest", str(fixture), "--source", "places", "--published",
                 "2025-08-01", "--publisher", "試験"]) != 0
    assert "glossary's folder" in capsys.readouterr().err
    assert list((empty_project / "sources").glob("*.yaml")) == []


def test_the_render_cache_renders_only_what_changed(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rendered: list[str] = []
    real = kiroku.build.blog_parts

    def counting(view, matcher):  # type: ignore[no-untyped-def]
        rendered.append(view.slug)
        return real(view, matcher)

    monkeypatch.setattr(kiroku.build, "blog_parts", counting)
    archive = project / "docs" / "archive"
    slugs = sorted(s.slug for s in load_sources(project / "sources"))
    assert main(["--root", str(project), "build"]) == 0
    assert sorted(rendered) == slugs
    first = {p: p.read_bytes() for p in sorted(archive.rglob("*")) if p.is_file()}
    rendered.clear()
    (Project(project).cache / cache.STAMP_NAME).unlink()  # past the no-op stamp: the caches answer
    assert main(["--root", str(project), "build"]) == 0
    assert rendered == []
    assert {p: p.read_bytes() for p in sorted(archive.rglob("*")) if p.is_file()} == first
    # A changed register renders every blog again, and the pages are those of a build with no cache at all.
    register = project / "sources" / "register.yaml"
    register.write_text(register.read_text(encoding="utf-8") + "\n# a comment changes the bytes\n", encoding="utf-8")
    assert main(["--root", str(project), "build"]) == 0
    assert sorted(rendered) == slugs
    # A damaged render cache is rendered again, never trusted.
    for path in Project(project).cache.glob("*.parts.pickle"):
        path.write_bytes(b"not a pickle")
    rendered.clear()
    (Project(project).cache / cache.STAMP_NAME).unlink()
    assert main(["--root", str(project), "build"]) == 0
    assert sorted(rendered) == slugs
    assert {p: p.read_bytes() for p in sorted(archive.rglob("*")) if p.is_file()} == first


def test_a_kiroku_error_crosses_processes_whole() -> None:
    import pickle

    error = KirokuError("bad seed", path="seeds/x.txt", line=3, hint="restore it")
    again = pickle.loads(pickle.dumps(error))
    assert (type(again), again.message, again.path, again.line, again.hint, str(again)) == \
        (KirokuError, error.message, error.path, error.line, error.hint, str(error))


def _two_blogs(root: Path) -> Path:
    fixture = Path(__file__).parent / "fixtures" / "festival.txt"
    assert main(["--root", str(root), "ingest", str(fixture), "--source", "test-festival", "--published",
                 "2025-08-01", "--publisher", "試験", "--timezone", "Asia/Tokyo"]) == 0
    return root


def test_worker_processes_render_the_same_archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Many blogs to render go to worker processes (here: from 1); the archive is the one rendered in-process."""
    from tests.conftest import make_project

    made = {}
    for name, start in (("alone", 10**6), ("pool", 1)):
        (tmp_path / name).mkdir()
        root = _two_blogs(make_project(tmp_path / name))
        monkeypatch.setattr(kiroku.build, "PARALLEL_FROM", start)
        assert main(["--root", str(root), "build"]) == 0
        archive = root / "docs" / "archive"
        made[name] = {p.relative_to(archive): p.read_bytes() for p in sorted(archive.rglob("*")) if p.is_file()}
        made[name]["lock"] = (root / "sources" / "anchors.lock").read_bytes()
    assert made["pool"] == made["alone"]
    assert len(made["pool"]) > 20


def test_an_added_blog_does_not_read_the_other_blogs_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Their parts come from the render cache and the archive is as the last build left it: linked, not read."""
    from tests.conftest import make_project

    (tmp_path / "p").mkdir()
    root = make_project(tmp_path / "p")
    assert main(["--root", str(root), "build"]) == 0
    seed_blog = {s.slug for s in load_sources(root / "sources")}
    _two_blogs(root)
    read: list[Path] = []
    real = Path.read_bytes

    def reading(self: Path) -> bytes:
        read.append(self)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", reading)
    assert main(["--root", str(root), "build"]) == 0
    archive = root / "docs" / "archive"
    assert [p for p in read if p.is_relative_to(archive) and p.relative_to(archive).parts[0] in seed_blog] == []
    monkeypatch.undo()
    # A page touched by hand is read and put back: the archive is no longer as the last build left it.
    page = next((archive / next(iter(seed_blog))).glob("e-*.md"))
    text = page.read_bytes()
    page.write_bytes(text.replace(b"\n", b"\n\n", 1))
    assert main(["--root", str(root), "build"]) == 0
    assert page.read_bytes() == text
