"""``make html``: generate, build the hub and every shard that changed on Dask, assemble the site, index it.

Under the project lock (as ``kiroku.sitebuild``):

1. ``kiroku build`` writes docs/archive/ (only what changed).
2. The live blogs are planned into shards (``kiroku.shards.plan``); each shard and the hub get a
   source folder under ``_build/shards/<name>/src`` (``kiroku.shards.trees``) and a key, the digest
   of everything their build reads. A project whose key is the one of its last finished build is
   not built: a no-op ``make html`` does no Sphinx work and starts no cluster.
3. The others are Dask tasks (``kiroku.shards.task.build``), on a local cluster (workers = cores)
   or on the cluster at ``--scheduler``; one progress line per finished task.
4. The site is assembled beside ``_build/html`` from the hub's pages and each shard's live blogs
   (unchanged files hard-linked from the old site) and swapped in whole.
5. Each shard gets its own Pagefind bundle (``pagefind/<shard>/``, skipped when its pages did not
   change) and ``pagefind/shards.json`` lists them for the search page.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import json
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import site as layout
from ..build import Log, Project, generate, last_run
from ..cache import code_digest
from ..errors import KirokuError
from ..fsutil import files_under, naming, project_lock, recover_tree, staging, swap_in, write_atomic
from ..sources import load_sources
from ..sphinxext.light import INPUTS, NAMES, write_bundle
from . import trees
from .inventory import merge
from .plan import HUB, SIZE, Blog, By, Shard, plan
from .task import Built, Job, ShardFailed, build

INVENTORY = "objects.inv"
LIGHT = NAMES  # in each project's _static/: the classes and ids its pages hold (kiroku.sphinxext.light)
LIGHT_RECORD = "light.json"  # in the hub's folder: what the site's stylesheet was last made from
RECORD = "built.json"  # in each project's folder: the key of its last finished build
SITE_RECORD = ".kiroku-shards.json"  # beside the site: the keys it was assembled from
DIGESTS = ".digests.json"  # in the state folder: the input files' digests, by inode, size and time (trees.digest)
BUNDLE_RECORD = "bundle.json"  # in each shard's folder: the key of the build its search bundle was made from
PAGEFIND = "pagefind"  # the search bundles' folder, in the site and in each shard's html/


@dataclass(frozen=True)
class Options:
    by: By = "year"
    size: int = SIZE
    scheduler: str | None = None  # tcp://HOST:PORT of a running Dask cluster; None: a local one
    shared_dir: Path | None = None  # with a scheduler: a folder every worker sees as this one does
    workers: int | None = None  # local cluster: worker processes (None: the machine's cores)
    sphinx: tuple[str, ...] = ()  # extra sphinx-build options (-D html_baseurl=…, SPHINXOPTS)


@dataclass
class Report:
    shards: list[Shard] = field(default_factory=list)
    built: list[Built] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    assembled: bool = False


def blogs_of(project: Project) -> list[Blog]:
    """Every source as the plan sees it: its slug, publication date and number of generated entry pages."""
    out = []
    for source in load_sources(project.sources):
        folder = project.archive / source.slug
        out.append(Blog(source.slug, source.published, sum(1 for _ in folder.glob("e-*.md"))))
    return out


def build_sharded(project: Project, site: Path, options: Options = Options(), log: Log = print) -> Report:
    with project_lock(project.root), concurrent.futures.ThreadPoolExecutor(max_workers=1) as starter:
        early: concurrent.futures.Future[Any] | None = None
        try:
            # Pages will be written, so Sphinx will run: the local cluster starts while they are (a blog added:
            # generation uses one core), else once pages were written, while the shards are planned.
            last = last_run(project)
            if options.scheduler is None and not last.current:
                early = starter.submit(_local_cluster, options)
            made = generate(project, log, last)
            if early is None and options.scheduler is None and (made.written or made.removed):
                early = starter.submit(_local_cluster, options)
            return _build(project, site, options, log, early)
        finally:  # closed by the build when it used it; else here (closing twice is harmless)
            if early is not None:
                with contextlib.suppress(Exception):
                    early.result().close()


def _state(project: Project, options: Options) -> Path:
    """Where each project's src/, doctrees/, html/ live: _build/shards/, or this project's own folder in the
    shared one (named by the project's path, so several projects can share it and none touches another's)."""
    if options.shared_dir is None:
        return project.root / "_build" / "shards"
    name = hashlib.sha256(str(project.root.resolve()).encode("utf-8")).hexdigest()[:16]
    return options.shared_dir / f"kiroku-{name}"


class _Builder:
    """The jobs of one ``make html``: which projects to build, and each result recorded as it comes."""

    def __init__(self, project: Project, options: Options, state: Path, report: Report) -> None:
        self.project, self.options, self.state, self.report = project, options, state, report
        self.code = code_digest()
        self.env = {"SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "")}
        self.skeletons = {hub: trees.skeleton(project.root, hub=hub) for hub in (False, True)}
        self.shared = options.scheduler is None or options.shared_dir is not None
        self.remote = self.code if options.scheduler else None  # a local cluster's workers are our children
        self.keys: dict[str, str] = {}
        self.memo = _load_memo(state)  # digests of the files read by the last build

    def job(self, tree: trees.Tree) -> Job | None:
        """The job that builds ``tree``, or None when its last finished build read the same inputs."""
        skeleton = self.skeletons[tree.is_hub]
        key = trees.digest({**{f"src/{k}": v for k, v in tree.files.items()},
                            **{f"conf/{k}": v for k, v in skeleton.items()}},
                           self.code, *self.options.sphinx, *(f"{k}={v}" for k, v in sorted(self.env.items())),
                           memo=self.memo)
        self.keys[tree.name] = key
        work = self.state / tree.name
        if _recorded(work) == key and (work / "html").is_dir():
            return None
        # No project makes the stylesheet: the client makes the site's from every project's names (_stylesheet).
        # A shard's heap is bounded by the shard's size, so its garbage is collected between pages; the hub's
        # grows with the archive, and keeps Python's own collector (why, measured: kiroku.sphinxext.gcpolicy).
        sphinx = (*self.options.sphinx, "-D", "kiroku_light_bundle=0",
                  "-D", f"kiroku_gc_policy={0 if tree.is_hub else 1}")
        if self.shared:
            trees.mirror(work / "src", tree.files)
            return Job(tree.name, key, self.remote, sphinx, self.env, workdir=str(work),
                       confdir=str(self.project.root))
        return Job(tree.name, key, self.remote, sphinx, self.env, sources=trees.read_all(tree.files),
                   skeleton=trees.read_all(skeleton),
                   publish=tree.keep + (() if tree.is_hub else (INVENTORY, f"_static/{LIGHT}")))

    def done(self, built: Built) -> None:
        work = self.state / built.name
        if built.files is not None:
            trees.write_files(work / "html", built.files)
        write_atomic(work / RECORD, json.dumps({"key": built.key}).encode("utf-8"))
        self.report.built.append(built)

    def stylesheet(self, projects: Sequence[trees.Tree]) -> None:
        """The site's stylesheet (kiroku.sphinxext.light) from the names every project's pages hold, into the hub's
        _static/ (where its stylesheets are), unless it was made from the same names and files last time."""
        names: set[str] = set()
        for tree in projects:
            with contextlib.suppress(OSError, ValueError):
                names.update(json.loads((self.state / tree.name / "html" / "_static" / LIGHT).read_text("utf-8")))
        static = self.state / HUB / "html" / "_static"
        inputs = json.loads((static / INPUTS).read_text(encoding="utf-8"))
        write_bundle(static, names, list(inputs["css"]), list(inputs["icons"]), str(inputs["stamp"]),
                     self.state / HUB / LIGHT_RECORD)


def _build(project: Project, site: Path, options: Options, log: Log,
           early: concurrent.futures.Future[Any] | None = None) -> Report:
    if options.shared_dir is not None and options.scheduler is None:
        raise KirokuError("--shared-dir goes with --scheduler (a local cluster shares this disk already)")
    report = Report(plan(blogs_of(project), by=options.by, size=options.size))
    state = _state(project, options)
    state.mkdir(parents=True, exist_ok=True)
    projects = trees.trees(project.root / "docs", report.shards)
    hub, shards = projects[0], projects[1:]
    builder = _Builder(project, options, state, report)

    # The hub is built beside the shards: the site's stylesheet, which needs every project's names, is made
    # after them (_Builder.stylesheet), not by the hub's build.
    shard_jobs = [j for j in (builder.job(t) for t in shards) if j is not None]
    hub_job = builder.job(hub)
    jobs = [*shard_jobs, *([hub_job] if hub_job else [])]
    _forget_others(state, {t.name for t in projects})
    _save_memo(state, builder.memo)
    cores = os.cpu_count() or 1
    bundles = _Bundles(project.root, state, report.shards, builder.keys, log, cores)
    try:
        if jobs:
            _say_plan(report, jobs, log)

            waiting = {j.name for j in shard_jobs}
            left = {j.name for j in jobs}
            workers = options.workers or cores

            def done(built: Built) -> None:
                builder.done(built)
                bundles.index(built.name)
                waiting.discard(built.name)
                left.discard(built.name)
                if not waiting:  # Pagefind beside the hub's build (one core) and on every other core
                    bundles.release()
                elif options.scheduler is None:  # a local cluster's workers are this machine's cores
                    bundles.allow(min(len(left), workers))

            with _cluster(options, len(jobs), log, early) as run:
                run(jobs, done, {s.id: s for s in report.shards})
        for shard in report.shards:
            bundles.index(shard.id)  # a shard kept whose bundle is missing or from another build
        bundles.release()
        built = {b.name for b in report.built}
        keys = builder.keys
        if built or bundles.made or _site_keys(site) != keys or not (site / "index.html").is_file():
            # While the last bundles are made (Pagefind runs in processes of its own): the stylesheet, the
            # pages and the inventory of the new site; the bundles go in once made, then the site is swapped in.
            builder.stylesheet(projects)
            assembly = _Assembly(site, state, projects)
            try:
                bundles.wait()
            except BaseException:
                assembly.abandon()  # the site stays as it was
                raise
            assembly.finish({s.id: s.slugs for s in report.shards})
            write_atomic(_site_record(site), json.dumps(keys, sort_keys=True).encode("utf-8"))
            report.assembled = True
        else:
            bundles.wait()
    finally:
        bundles.close()
    report.kept = [t.name for t in projects if t.name not in built]
    log(f"kiroku: {len(report.shards)} shard(s) and the hub: {len(report.built)} built, {len(report.kept)} "
        f"unchanged{'; site assembled' if report.assembled else '; site unchanged'}")
    return report


def _load_memo(state: Path) -> trees.Memo:
    try:
        memo = json.loads((state / DIGESTS).read_text(encoding="utf-8"))
        return {str(k): list(v) for k, v in memo.items()} if isinstance(memo, dict) else {}
    except (OSError, ValueError, TypeError):
        return {}


def _save_memo(state: Path, memo: trees.Memo) -> None:
    """Only the files that still exist (a memo does not grow with every file ever read)."""
    kept = {path: v for path, v in memo.items() if os.path.exists(path)}
    write_atomic(state / DIGESTS, json.dumps(kept, sort_keys=True, separators=(",", ":")).encode("utf-8"))


def _recorded(work: Path) -> str | None:
    try:
        return str(json.loads((work / RECORD).read_text(encoding="utf-8"))["key"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _site_record(site: Path) -> Path:
    return site.parent / f".{site.name}{SITE_RECORD}"


def _site_keys(site: Path) -> dict[str, str] | None:
    try:
        return dict(json.loads(_site_record(site).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def _forget_others(state: Path, names: set[str]) -> None:
    """Shards no longer in the plan (their live blogs went elsewhere) leave their folders."""
    for folder in sorted(state.iterdir()):
        if folder.is_dir() and folder.name not in names and not folder.name.startswith("."):
            shutil.rmtree(folder)


def _say_plan(report: Report, jobs: Sequence[Job], log: Log) -> None:
    sizes = {s.id: s for s in report.shards}
    names = ", ".join(j.name for j in jobs)
    entries = sum(sizes[j.name].entries for j in jobs if j.name in sizes)
    log(f"kiroku: building {len(jobs)} of {len(report.shards) + 1} Sphinx projects ({names}; {entries:,} entries)")


def _local_cluster(options: Options, jobs: int | None = None) -> Any:
    """A Dask cluster on this machine: one single-threaded worker process per core (or per job, if fewer)."""
    import logging

    from distributed import LocalCluster

    workers = options.workers or os.cpu_count() or 1
    return LocalCluster(n_workers=min(workers, jobs or workers), threads_per_worker=1, processes=True,
                        dashboard_address="127.0.0.1:0", silence_logs=logging.CRITICAL)


@contextlib.contextmanager
def _cluster(options: Options, jobs: int, log: Log,
             early: concurrent.futures.Future[Any] | None = None) -> Iterator[Callable[..., None]]:
    """A Dask client (a local cluster, or the one at ``--scheduler``) and a ``run(jobs, done, sizes)``
    that submits the jobs, the largest first, and hands each result to ``done`` as it comes, with a line.
    ``early``: a local cluster already being started (``_build``)."""
    from distributed import Client, as_completed

    cluster = None
    try:
        if options.scheduler:
            try:
                client = Client(options.scheduler, timeout="30s")
            except OSError as exc:
                raise KirokuError(f"cannot reach the Dask scheduler at {options.scheduler}: {exc}",
                                  hint="start one with `dask scheduler` and workers with `dask worker ADDRESS`") \
                    from None
        else:
            cluster = early.result() if early is not None else _local_cluster(options, jobs)
            client = Client(cluster)
        with client:
            log(f"kiroku: Dask cluster {client.scheduler.address if client.scheduler else options.scheduler} "
                f"with {len(client.scheduler_info(n_workers=-1)['workers'])} worker(s)")

            def run(batch: Sequence[Job], done: Callable[[Built], None], sizes: dict[str, Shard]) -> None:
                started = time.perf_counter()
                futures = []
                weights = {job.name: _weight(job) for job in batch}
                for job in sorted(batch, key=lambda j: -weights[j.name]):
                    # A job carrying its files goes to the cluster as data (Dask's scatter), not in the graph.
                    given = client.scatter(job, hash=False) if job.sources is not None else job
                    futures.append(client.submit(build, given, key=f"kiroku-{job.name}-{job.key[:20]}",
                                                 retries=2, priority=weights[job.name]))
                n = 0
                try:
                    for future in as_completed(futures):
                        result = future.result()
                        n += 1
                        done(result)
                        log(_line(result, sizes, n, len(futures)))
                except ShardFailed as exc:
                    for future in futures:
                        future.cancel()
                    raise KirokuError(f"{exc}\nthe site in place was left as it was", hint=exc.hint) from None
                log(f"kiroku: Sphinx projects built in {time.perf_counter() - started:.1f} s")

            yield run
    finally:
        if cluster is not None:
            with contextlib.suppress(Exception):
                cluster.close()


def _line(done: Built, sizes: dict[str, Shard], n: int, total: int) -> str:
    shard = sizes.get(done.name)
    what = ("the hub" if shard is None else
            f"shard {done.name} ({len(shard.blogs)} live blog(s), {shard.entries:,} entries)")
    return (f"kiroku: [{n}/{total}] {what} built in {done.seconds:.1f} s, peak {done.peak_kib / 1024:.0f} MiB "
            f"({done.worker})")


def _weight(job: Job) -> int:
    if job.sources is not None:
        return len(job.sources)
    return sum(1 for _ in Path(job.workdir or ".", "src").rglob("*.md"))


class _Assembly:
    """The new site, made beside the old one and then swapped in: the hub's pages, each shard's live blogs and
    search bundle (made in the shard's folder), the merged inventory and the bundles' manifest. Files the old
    site holds unchanged are linked. Begun while the bundles are still being made; ``finish`` adds them."""

    def __init__(self, site: Path, state: Path, projects: Sequence[trees.Tree]) -> None:
        self.site, self.state, self.projects = site, state, projects
        recover_tree(site)
        self.tmp = staging(site)
        if self.tmp.exists():
            shutil.rmtree(self.tmp)
        self.tmp.mkdir(parents=True)
        self.made: set[str] = {""}
        try:
            for tree in projects:
                html = state / tree.name / "html"
                # A shard's own folders only: not its stubs, nor its pagefind/ (which a bundle may be replacing)
                for top in tree.keep or ("",):
                    if (html / top).is_dir():
                        for rel in files_under(html / top, top):
                            if tree.publishes(rel):
                                _place(f"{html}/{rel}", site, self.tmp, rel, self.made)
            self._inventory()
        except BaseException:
            self.abandon()
            raise

    def _inventory(self) -> None:
        inventory = self.tmp / INVENTORY
        if inventory.is_file():  # the hub's: with every shard's anchors, as one project would list them
            shards = [((self.state / t.name / "html" / INVENTORY).read_bytes(), t.keep) for t in self.projects
                      if not t.is_hub and (self.state / t.name / "html" / INVENTORY).is_file()]
            merged = merge(inventory.read_bytes(), shards)
            inventory.unlink()
            inventory.write_bytes(merged)

    def abandon(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    def finish(self, slugs: dict[str, tuple[str, ...]]) -> None:
        from ..searchindex import write_manifest

        try:
            for tree in self.projects:
                html = self.state / tree.name / "html"
                bundle = html / PAGEFIND / tree.name
                if not tree.is_hub and bundle.is_dir():
                    for rel in files_under(bundle, f"{PAGEFIND}/{tree.name}/"):
                        _place(f"{html}/{rel}", self.site, self.tmp, rel, self.made)
            write_manifest(self.tmp, slugs)
        except BaseException:
            self.abandon()
            raise
        swap_in(self.tmp, self.site)


def _place(built: str, site: Path, tmp: Path, rel: str, made: set[str]) -> None:
    """The file ``built`` at ``rel`` in the new site ``tmp``: linked from the old ``site`` when it holds it unchanged.
    (Paths as strings: the site has tens of thousands of files.)"""
    folder = rel.rpartition("/")[0]
    if folder not in made:
        os.makedirs(f"{tmp}/{folder}", exist_ok=True)
        made.add(folder)
    target, old = f"{tmp}/{rel}", f"{site}/{rel}"
    try:
        a, b = os.stat(built), os.stat(old)
        if a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns:
            os.link(old, target)  # the page the site holds, unchanged: Pagefind's stamp sees the same bytes
            return
    except OSError:
        pass
    with naming(target):
        shutil.copy2(built, target)  # a copy: Sphinx may later rewrite its own file in place


class _Bundles:
    """A Pagefind bundle per shard, made in the shard's own folder (``html/pagefind/<id>/``, beside the pages it
    indexes, whose URLs are the site's) on the cores the shards' builds leave idle: none while every worker
    builds a shard (Pagefind uses more than one core, and beside the shards' builds it only slowed them), one
    while one worker builds the last shard, then as many at a time as there are cores (two Pagefinds side by
    side on 2 cores: 4 bundles in 3.0 s instead of 5.1 s). A shard whose bundle was made from its current
    build is not even looked at (Pagefind's own stamp would read all its pages)."""

    def __init__(self, root: Path, state: Path, shards: Sequence[Shard], keys: dict[str, str], log: Log,
                 cores: int) -> None:
        self.root, self.state, self.keys, self.log = root, state, keys, log
        self.shards = {s.id: s for s in shards}
        self.cores = max(1, cores)
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=self.cores)
        self.futures: dict[str, concurrent.futures.Future[None]] = {}
        self.queued: list[str] = []
        self.allowed = 0  # how many Pagefinds may run now
        self.running = 0
        self.lock = threading.RLock()  # a future already done runs its callback at once, in the caller's thread
        self.made = False

    def _record(self, shard: str) -> Path:
        return self.state / shard / BUNDLE_RECORD

    def current(self, shard: str) -> bool:
        try:
            made_from = json.loads(self._record(shard).read_text(encoding="utf-8"))["key"]
        except (OSError, ValueError, KeyError, TypeError):
            return False
        html = self.state / shard / "html"
        return made_from == self.keys.get(shard) and (html / PAGEFIND / shard / "pagefind.js").is_file()

    def index(self, shard: str) -> None:
        with self.lock:
            if shard not in self.shards or shard in self.futures or shard in self.queued or self.current(shard):
                return
            self._record(shard).unlink(missing_ok=True)  # forgotten until indexed
            self.made = True
            self.queued.append(shard)
            self._start()

    def allow(self, busy: int) -> None:
        """``busy`` cores are building shards: Pagefind may use the others (all of them once none is busy)."""
        with self.lock:
            self.allowed = max(self.allowed, self.cores - busy)
            self._start()

    def release(self) -> None:
        """From now on, bundles are made as they are asked for, on every core."""
        self.allow(0)

    def _start(self) -> None:
        with self.lock:
            while self.queued and self.running < self.allowed:
                shard = self.queued.pop(0)
                self.running += 1
                future = self.pool.submit(self._one, self.shards[shard])
                self.futures[shard] = future
                future.add_done_callback(self._finished)

    def _finished(self, future: concurrent.futures.Future[None]) -> None:
        with self.lock:
            self.running -= 1
            if not future.cancelled():
                self._start()

    def _one(self, shard: Shard) -> None:
        from ..searchindex import index_site

        slugs = shard.slugs
        glob = (f"{layout.ARCHIVE_DIR}/{slugs[0]}/e-*.html" if len(slugs) == 1
                else f"{layout.ARCHIVE_DIR}/{{{','.join(slugs)}}}/e-*.html")
        result = index_site(self.root, self.state / shard.id / "html", glob=glob, bundle=f"{PAGEFIND}/{shard.id}",
                            log=self.log)
        write_atomic(self._record(shard.id), json.dumps({"key": self.keys[shard.id]}).encode("utf-8"))
        if not result.skipped:
            with self.lock:
                self.log(f"kiroku: shard {shard.id}: " + result.describe().removeprefix("kiroku: "))

    def wait(self) -> None:
        while True:
            with self.lock:
                futures = list(self.futures.values())
                running = [f for f in futures if not f.done()]
                if not self.queued and not running:
                    break
            if running:  # (the ones not done yet: a done one would end the wait at once, and it would spin)
                concurrent.futures.wait(running, return_when=concurrent.futures.FIRST_COMPLETED)
            else:  # one just finished; its callback is starting the next
                time.sleep(0.01)
        for future in futures:
            future.result()  # a failure: the first of the shards in the order they were asked for

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
