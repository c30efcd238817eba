"""One shard's (or the hub's) sphinx-build: the one kind of task a sharded build gives Dask.

A task is a ``Job``, named by the digest of everything it reads, so Dask (and Kiroku's record of
the last build) knows an unchanged shard by its name. It runs on a Dask worker in one of two ways:

- on a disk the client shares (the local cluster, or ``--shared-dir``): ``workdir`` holds the
  project's ``src/`` (prepared by the client), and Sphinx keeps its ``doctrees/`` and ``html/`` there,
  so a shard that changed is rebuilt incrementally;
- on a worker that shares nothing: the job carries its files' bytes, the worker builds in a
  temporary folder and returns the pages it publishes as bytes.

Sphinx runs as a child process of the worker with ``-j 1`` (the parallelism is the shards'), so its
memory is returned when it ends and its peak is measured alone. A failure raises ``ShardFailed``
with Sphinx's last lines; Dask retries the task as the client asked.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..sphinxext import lifetime
from .plan import HUB


class ShardFailed(RuntimeError):
    """A shard's build failed: sphinx-build's last lines, or a worker that cannot build it; and what to do."""

    def __init__(self, message: str, hint: str = "fix what Sphinx reports above, then run `make html` again"):
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Job:
    name: str  # a shard's id, or HUB
    key: str  # digest of everything the build reads
    code: str | None  # a remote cluster: the client's kiroku code digest; a worker running other code refuses
    options: tuple[str, ...]  # sphinx-build options from the command line (BASEURL, SPHINXOPTS)
    env: Mapping[str, str]  # SOURCE_DATE_EPOCH: pages dated as the client's build
    workdir: str | None = None  # shared disk: src/, doctrees/, html/ live here
    confdir: str | None = None  # shared disk: the project root (conf.py, docs/_templates, docs/_static)
    sources: Mapping[str, bytes] | None = None  # no shared disk: the source files
    skeleton: Mapping[str, bytes] | None = None  # no shared disk: conf.py, templates, static, data files
    publish: tuple[str, ...] = ()  # no shared disk: the output prefixes to send back (empty: all)


@dataclass(frozen=True)
class Built:
    name: str
    key: str
    seconds: float
    peak_kib: int  # the sphinx-build process's peak resident memory
    worker: str
    files: Mapping[str, bytes] | None = field(default=None, repr=False)  # no shared disk: the published pages


def sphinx_command(job: Job, confdir: Path, src: Path, out: Path, doctrees: Path) -> list[str]:
    shard = [] if job.name == HUB else ["-D", "kiroku_shard=1"]
    return [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(confdir), str(src), str(out), "-d",
            str(doctrees), "--fail-on-warning", "--keep-going", "-q", "--jobs", "1", *shard, *job.options]


def build(job: Job) -> Built:
    """Run one job on this worker (the function Dask is given)."""
    from ..cache import code_digest

    if job.code is not None and job.code != code_digest():
        raise ShardFailed(f"worker {_worker()} runs other Kiroku code than this client",
                          hint="install the same commit of Kiroku on every worker, with `make venv`, and restart "
                          "the workers")
    start = time.perf_counter()
    if job.workdir is not None:
        assert job.confdir is not None
        work = Path(job.workdir)
        peak = _run(job, sphinx_command(job, Path(job.confdir), work / "src", work / "html", work / "doctrees"))
        return Built(job.name, job.key, time.perf_counter() - start, peak, _worker())
    assert job.sources is not None
    assert job.skeleton is not None
    with tempfile.TemporaryDirectory(prefix=f"kiroku-{job.name}-") as tmp:
        base = Path(tmp)
        for folder, files in (("conf", job.skeleton), ("src", job.sources)):
            for rel, data in files.items():
                target = base / folder / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        out = base / "html"
        peak = _run(job, sphinx_command(job, base / "conf", base / "src", out, base / "doctrees"))
        files = {}
        for path in sorted(out.rglob("*")):
            rel = path.relative_to(out).as_posix()
            if path.is_file() and (not job.publish or rel.startswith(job.publish)):
                files[rel] = path.read_bytes()
    return Built(job.name, job.key, time.perf_counter() - start, peak, _worker(), files)


def _run(job: Job, command: list[str]) -> int:
    """Run sphinx-build; its peak memory in KiB, or ShardFailed with what it said."""
    env = {**os.environ, **job.env}
    with tempfile.TemporaryFile() as output:
        # Tied to this worker: a worker that dies (or a local cluster taken down with kiroku) takes it along.
        child = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env,
                                 preexec_fn=lifetime.parent_death())
        try:
            _, status, usage = os.wait4(child.pid, 0)
        except BaseException:
            child.kill()
            child.wait()
            raise
        child.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        said = output.read().decode("utf-8", "replace")
    if child.returncode != 0:  # --fail-on-warning: a warning is a failure too
        tail = "\n".join(said.strip().splitlines()[-20:])
        raise ShardFailed(f"sphinx-build of {'the hub' if job.name == HUB else 'shard ' + job.name} failed "
                          f"(exit {child.returncode}) on {_worker()}:\n{tail}")
    return int(usage.ru_maxrss)


def _worker() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except (ImportError, ValueError):
        return "this process"
