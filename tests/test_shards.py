"""Sharded builds (kiroku.shards): the plan, the stubs, and whole builds on Dask.

The builds: the seed (2023) and our own festival capture (2025) make two shards and the hub.
- built on a local cluster, then through ``--scheduler`` on a ``dask scheduler`` with two ``dask
  worker`` processes (no shared disk): the two sites are the same, byte for byte;
- every URL of the one-project build of the same archive exists in the sharded site, with the same
  ids (anchors), and its pages are the same bytes;
- a no-op build does no Sphinx work; adding a live blog rebuilds its shard and the hub only.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiroku.build import Project
from kiroku.errors import KirokuError
from kiroku.shards import Blog, Options, build_sharded, plan
from kiroku.shards.trees import stub

from .conftest import FIXTURES, build, make_project

EPOCH = "1700000000"
_ID = re.compile(r'\sid="([^"]+)"')


# --- the plan ---------------------------------------------------------------------------------

blogs_st = st.lists(
    st.builds(Blog, st.from_regex(r"[a-c]-[0-9]{2}", fullmatch=True),
              st.dates(dt.date(2020, 1, 1), dt.date(2023, 12, 31)), st.integers(0, 900)),
    max_size=40, unique_by=lambda b: b.slug)


@given(blogs_st, st.integers(1, 2500), st.sampled_from(["year", "source"]))
def test_plan_puts_every_blog_in_one_bounded_shard(blogs: list[Blog], size: int, by: str) -> None:
    shards = plan(blogs, by=by, size=size)  # type: ignore[arg-type]
    placed = [b.slug for s in shards for b in s.blogs]
    assert sorted(placed) == sorted(b.slug for b in blogs)
    assert len({s.id for s in shards}) == len(shards)
    for shard in shards:
        assert shard.entries <= size or len(shard.blogs) == 1, shard
        if by == "year":
            assert len({b.published.year for b in shard.blogs}) == 1


@given(blogs_st, st.integers(1, 2500))
def test_a_newer_blog_changes_only_the_last_part_of_its_year(blogs: list[Blog], size: int) -> None:
    if not blogs:
        return
    newest = max(blogs, key=lambda b: (b.published, b.slug))
    added = Blog("z-99", newest.published, 40)
    before = {s.id: s.slugs for s in plan(blogs, size=size)}
    after = {s.id: s.slugs for s in plan([*blogs, added], size=size)}
    changed = {i for i in before.keys() | after.keys() if before.get(i) != after.get(i)}
    assert len(changed) == 1, changed
    assert "z-99" in after[changed.pop()]


def test_plan_refuses_a_bad_grouping() -> None:
    with pytest.raises(KirokuError, match="shard-by"):
        plan([], by="month")  # type: ignore[arg-type]
    with pytest.raises(KirokuError, match="shard-size"):
        plan([], size=0)


def test_bundles_use_only_the_cores_the_shards_leave(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No Pagefind while every core builds a shard, one beside the last shard's build, all cores after."""
    import threading

    from kiroku.shards import run
    from kiroku.shards.plan import Shard

    shards = [Shard(f"s{n}", (Blog(f"blog-{n}", dt.date(2024, 1, 1 + n), 40),)) for n in range(5)]
    gate = threading.Event()
    now, most, started = [0], [0], []
    lock = threading.Lock()

    def one(self: object, shard: Shard) -> None:
        with lock:
            now[0] += 1
            most[0] = max(most[0], now[0])
            started.append(shard.id)
        gate.wait(5)
        with lock:
            now[0] -= 1

    monkeypatch.setattr(run._Bundles, "_one", one)
    bundles = run._Bundles(tmp_path, tmp_path, shards, {s.id: "k" for s in shards}, lambda line: None, cores=2)
    try:
        for shard in shards[:3]:
            (tmp_path / shard.id).mkdir()
            bundles.index(shard.id)
        bundles.allow(2)  # two shards still building on two cores
        time.sleep(0.2)
        assert started == []
        bundles.allow(1)  # one left: one core free
        time.sleep(0.2)
        assert started == ["s0"]
        bundles.release()  # none left
        time.sleep(0.2)
        assert started == ["s0", "s1"]
        gate.set()
        bundles.wait()
        assert started == ["s0", "s1", "s2"] and most[0] == 2
    finally:
        gate.set()
        bundles.close()


def test_a_remembered_digest_is_the_digest_and_a_changed_file_is_read_again(tmp_path: Path) -> None:
    from kiroku.shards.trees import Memo, digest

    files = {f"f{n}.md": tmp_path / f"f{n}.md" for n in range(3)}
    for n, path in enumerate(files.values()):
        path.write_text(f"page {n}", encoding="utf-8")
    memo: Memo = {}
    first = digest(files, "x", memo=memo)
    assert first == digest(files, "x") and len(memo) == 3
    assert digest(files, "x", memo=memo) == first  # from the memo
    memo[str(files["f1.md"])][3] = "00" * 32  # a remembered digest is what is used while the file is as it was
    assert digest(files, "x", memo=memo) != first
    files["f1.md"].write_text("page 9", encoding="utf-8")  # the same size, written again: read again
    os.utime(files["f1.md"], ns=(time.time_ns(), time.time_ns() + 1_000_000))
    assert digest(files, "x", memo=memo) == digest(files, "x") != first


def test_stub_keeps_labels_and_their_headings_only() -> None:
    text = ("(glossary-people)=\n\n# 人物\n\n本文。\n\n(person-a)=\n\n## エー\n\n- 読み\n\n(x-lead)=\n\n本文\n\n"
            "## [9月12日](2023-09-12.md)\n\n- [項目](e-1.md)\n")
    assert stub(text).decode() == ("(glossary-people)=\n\n# 人物\n\n(person-a)=\n\n## エー\n\n(x-lead)=\n\n…\n")


# --- whole builds -----------------------------------------------------------------------------


def _two_blog_project(folder: Path) -> Path:
    from kiroku.cli.main import main

    folder.mkdir(parents=True, exist_ok=True)
    root = make_project(folder)
    assert main(["--root", str(root), "ingest", str(FIXTURES / "festival.txt"), "--source", "test-festival",
                 "--published", "2025-08-01", "--publisher", "試験", "--timezone", "Asia/Tokyo",
                 "--captured", "2025-08-02"]) == 0
    return root


def _sharded(root: Path, **options: object) -> tuple[set[str], list[str]]:
    """A sharded build as `make html` runs it (SOURCE_DATE_EPOCH fixed): the projects it built, what it said."""
    said: list[str] = []
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        report = build_sharded(Project(root), root / "_build" / "html", Options(**options),  # type: ignore[arg-type]
                               log=said.append)
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old
    return {b.name for b in report.built}, said


@pytest.fixture(scope="module", autouse=True)
def small_glossary_pages() -> Iterator[None]:
    """Terms mentioned more than 3 times get pages of mentions (2 a page): the hub builds them in these archives."""
    from kiroku.render import glossary

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(glossary, "INLINE", 3)
        patch.setattr(glossary, "PAGE", 2)
        yield


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _two_blog_project(tmp_path_factory.mktemp("local"))
    built, _ = _sharded(root, workers=2)
    assert built == {"hub", "2023-1", "2025-1"}
    return root


def _files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[str]:
    """``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1; their address."""
    dask = str(Path(sys.executable).parent / "dask")
    info = tmp_path / "scheduler.json"
    # Port 0 everywhere (the dashboard's too, which listens even when off): nothing else on the machine is hit
    procs = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                               "--dashboard-address", "127.0.0.1:0",
                               "--scheduler-file", str(info)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)]
    try:
        deadline = time.monotonic() + 60
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert info.exists(), "dask scheduler did not start within 60 s"
        for _ in range(2):
            procs.append(subprocess.Popen([dask, "worker", "--scheduler-file", str(info), "--nthreads", "1",
                                           "--no-dashboard", "--dashboard-address", "127.0.0.1:0",
                                           "--host", "127.0.0.1"], stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL, start_new_session=True, cwd=tmp_path))
        from distributed import Client

        with Client(scheduler_file=str(info), timeout="60s") as client:
            client.wait_for_workers(2, timeout=60)
            yield str(client.scheduler.address)
    finally:
        for proc in procs:
            with _quiet():
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)


class _quiet:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return exc[0] is ProcessLookupError


@pytest.mark.slow
def test_remote_cluster_builds_the_same_site_byte_for_byte(local: Path, cluster: str, tmp_path: Path) -> None:
    root = _two_blog_project(tmp_path / "remote")
    built, said = _sharded(root, scheduler=cluster)
    assert built == {"hub", "2023-1", "2025-1"}
    assert any("with 2 worker(s)" in line for line in said), said
    ours = _files(local / "_build" / "html")
    theirs = _files(root / "_build" / "html")
    assert theirs.keys() == ours.keys()
    assert [rel for rel in sorted(ours) if not filecmp.cmp(ours[rel], theirs[rel], shallow=False)] == []
    # --shared-dir: the workers build in a folder they share with the client, and return nothing
    shared_root = _two_blog_project(tmp_path / "shared")
    built, _ = _sharded(shared_root, scheduler=cluster, shared_dir=tmp_path / "shards")
    assert built == {"hub", "2023-1", "2025-1"}
    assert [p.name for p in (tmp_path / "shards").glob("kiroku-*/2023-1/doctrees")] == ["doctrees"]
    theirs = _files(shared_root / "_build" / "html")
    assert theirs.keys() == ours.keys()
    assert [rel for rel in sorted(ours) if not filecmp.cmp(ours[rel], theirs[rel], shallow=False)] == []


@pytest.mark.slow
def test_every_url_of_one_project_is_in_the_sharded_site_with_its_anchors(local: Path, tmp_path: Path) -> None:
    single = build(_two_blog_project(tmp_path / "single"), epoch=EPOCH, index=False)
    sharded = local / "_build" / "html"
    pages = {rel: p for rel, p in _files(single).items() if rel.endswith(".html") and not rel.startswith("_sources")}
    assert len(pages) > 60
    assert len([rel for rel in pages if rel.startswith("archive/people/")]) > 10  # pages of mentions
    missing = [rel for rel in pages if not (sharded / rel).is_file()]
    assert missing == []
    for rel, page in pages.items():
        ids = set(_ID.findall(page.read_text(encoding="utf-8")))
        assert ids == set(_ID.findall((sharded / rel).read_text(encoding="utf-8"))), rel
    entries = [rel for rel in pages if "/e-" in rel]
    assert entries, "entry pages"
    assert [rel for rel in entries if not filecmp.cmp(pages[rel], sharded / rel, shallow=False)] == []
    assert (sharded / "data" / "entries.json").read_bytes() == (single / "data" / "entries.json").read_bytes()
    # Other Sphinx projects link to anchors through intersphinx: the same inventory as one project's
    assert (sharded / "objects.inv").read_bytes() == (single / "objects.inv").read_bytes()
    # The one stylesheet, made by kiroku html from every project's names, keeps the rules one project's keeps
    css = "_static/kiroku-light.css"
    assert (sharded / css).read_bytes() == (single / css).read_bytes()


@pytest.mark.slow
def test_no_op_does_no_sphinx_work_and_a_new_blog_rebuilds_its_shard_and_the_hub(local: Path, tmp_path: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(local, root, symlinks=True)
    site = root / "_build" / "html"
    for rel in ("_build/shards", "_build/cache"):
        shutil.rmtree(root / rel)  # the copy's records name the first project's folders: start them again
    _sharded(root)
    built, said = _sharded(root)
    assert built == set()
    assert not any("Dask cluster" in line for line in said), said
    assert any("0 built, 3 unchanged; site unchanged" in line for line in said), said

    from kiroku.cli.main import main

    assert main(["--root", str(root), "ingest", str(FIXTURES / "festival_later.txt"), "--source", "test-later",
                 "--published", "2025-09-01", "--publisher", "試験", "--timezone", "Asia/Tokyo",
                 "--captured", "2025-09-02"]) == 0
    built, said = _sharded(root)
    assert built == {"hub", "2025-1"}, said
    assert (site / "archive" / "test-later" / "index.html").is_file()
    assert "test-later" in (site / "pagefind" / "shards.json").read_text(encoding="utf-8")
    # ...and the site grown so is the site built from scratch, search bundles included
    clean = _two_blog_project(tmp_path / "clean")
    assert main(["--root", str(clean), "ingest", str(FIXTURES / "festival_later.txt"), "--source", "test-later",
                 "--published", "2025-09-01", "--publisher", "試験", "--timezone", "Asia/Tokyo",
                 "--captured", "2025-09-02"]) == 0
    _sharded(clean)
    grown, fresh = _files(site), _files(clean / "_build" / "html")
    assert grown.keys() == fresh.keys()
    assert [rel for rel in sorted(fresh) if not filecmp.cmp(fresh[rel], grown[rel], shallow=False)] == []


@pytest.mark.slow
def test_only_the_shards_collect_their_garbage_between_pages(local: Path, tmp_path: Path) -> None:
    """A shard's heap is bounded by its size; the hub's grows with the archive and keeps Python's collector."""
    from kiroku.shards import run, trees

    project = Project(local)
    report = run.Report(plan(run.blogs_of(project)))
    builder = run._Builder(project, Options(), tmp_path / "state", report)
    policy = {}
    for tree in trees.trees(local / "docs", report.shards):
        job = builder.job(tree)
        assert job is not None  # nothing recorded in this state folder: every project is a job
        policy[tree.name] = [job.options[i + 1] for i, o in enumerate(job.options) if o == "-D"
                             and job.options[i + 1].startswith("kiroku_gc_policy=")]
    assert policy == {"hub": ["kiroku_gc_policy=0"], "2023-1": ["kiroku_gc_policy=1"],
                      "2025-1": ["kiroku_gc_policy=1"]}


@pytest.mark.slow
def test_a_shard_that_fails_names_it_and_leaves_the_site(local: Path, tmp_path: Path) -> None:
    root = tmp_path / "broken"
    shutil.copytree(local, root, symlinks=True)
    shutil.rmtree(root / "_build" / "shards")
    before = {rel: p.read_bytes() for rel, p in _files(root / "_build" / "html").items() if rel.endswith(".html")}
    with pytest.raises(KirokuError, match=r"sphinx-build of (shard \S+|the hub) failed") as err:
        _sharded(root, sphinx=("-D", "kiroku_no_such_setting=1"))
    assert "the site in place was left as it was" in str(err.value)
    after = {rel: p.read_bytes() for rel, p in _files(root / "_build" / "html").items() if rel.endswith(".html")}
    assert after == before
