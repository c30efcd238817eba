"""The ``kiroku`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from ..build import Project, generate, load_view
from ..errors import KirokuError
from ..fsutil import project_lock
from ..sources import load_source
from ..timewords import when_en
from .package import add_commands as add_package_commands
from .project import project_of
from .web import add_commands as add_web_commands


def cmd_build(args: argparse.Namespace) -> int:
    project = project_of(args)
    with project_lock(project.root):
        generate(project)
    return 0


def _site(args: argparse.Namespace, project: Project) -> Path:
    """``--site``, else the project's ``_build/html`` (where ``make html`` builds)."""
    return Path(args.site).resolve() if args.site else project.root / "_build" / "html"


def cmd_index(args: argparse.Namespace) -> int:
    from ..searchindex import index_unsharded

    project = project_of(args)
    # One shard, `all` (pagefind/all/), and the manifest pagefind/shards.json: there is always a manifest.
    print(index_unsharded(project.root, _site(args, project), force=args.force).describe())
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from ..ingest import IngestRequest, ingest

    project = project_of(args)
    with project_lock(project.root):
        ingest(
            project,
            IngestRequest(
                Path(args.file),
                slug=args.source,
                published=args.published,
                timezone=args.timezone,
                url=args.url,
                publisher=args.publisher,
                title=args.title,
                language=args.language,
                captured=args.captured,
                encoding=args.encoding,
                fmt=args.format,
                max_page_mb=args.max_page_mb,
            ),
        )
    return 0


def cmd_html(args: argparse.Namespace) -> int:
    project = project_of(args)
    sphinx = args.sphinx[1:] if args.sphinx[:1] == ["--"] else args.sphinx
    if sphinx and not sphinx[0].startswith("-"):  # a whole command line: one Sphinx project, run as given
        from ..sitebuild import build_site

        build_site(project, sphinx, _site(args, project))
        return 0
    from ..shards import SIZE, Options, build_sharded

    if args.shard_size is not None and args.shard_size < 1:
        raise KirokuError(f"--shard-size {args.shard_size}: a shard holds at least 1 entry")
    if args.workers is not None and args.workers < 1:
        raise KirokuError(f"--workers {args.workers}: at least 1")
    options = Options(by=args.shard_by, size=args.shard_size or SIZE, scheduler=args.scheduler or None,
                      shared_dir=Path(args.shared_dir).resolve() if args.shared_dir else None,
                      workers=args.workers, sphinx=tuple(sphinx))
    build_sharded(project, _site(args, project), options, log=lambda line: print(line, flush=True))
    return 0


def cmd_inspect(args: argparse.Namespace) -> int:
    target = Path(args.source)
    if target.is_dir():
        raise KirokuError("this is a directory, not a capture", path=target,
                          hint="give a capture's text file, or the slug of an ingested source (kiroku inspect SLUG)")
    if target.is_file():
        from .inspect import inspect_file

        print(inspect_file(target, published=args.published, timezone=args.timezone, fmt=args.format,
                           encoding=args.encoding, url=args.url, max_page_mb=args.max_page_mb), end="")
        return 0
    project = project_of(args)
    meta = project.sources / f"{args.source}.yaml"
    if not meta.is_file():
        raise KirokuError(f"no such file, and no source {args.source!r} in {project.sources}", path=args.source,
                          hint="give a capture's path, or a slug from sources/ (its file name without .yaml)")
    view = load_view(project, load_source(meta), keep=False)
    removed, outside = view.counts()
    absent = [f"{removed} removed"] if removed else []
    absent += [f"{outside} outside the capture's window"] if outside else []
    print(f"{view.title}  ({len(view.tracks)} entries{''.join(', ' + a for a in absent)}, "
          f"seeds/{view.source.latest.seed})")
    for track in view.tracks:
        entry, anchor = track.latest.entry, track.anchor
        if track.status == "removed":
            state = "removed "
        elif track.status == "outside-window":
            state = f"outside the window (last seen in capture {view.capture_number(track)}) "
        else:
            state = "revised " if track.changes() else ""
        print(f"{anchor:28} L{entry.lines[0]:<4} {when_en(entry):40} {state}{entry.heading}")
    for section in view.blog.background:
        print(f"{'(background)':28} L{section.lines[0]:<4} {'':40} {section.heading}")
    for warning in view.blog.warnings:
        print(f"warning: {warning}")
    return 0


def cmd_suggest(args: argparse.Namespace) -> int:
    from ..build import seed_texts
    from ..fsutil import write_atomic
    from ..mentions import Matcher
    from ..register import load_register
    from ..suggest import draft_person, find_candidates, format_report

    project = project_of(args)
    texts = seed_texts(project, [Path(f) for f in args.seeds])
    matcher = Matcher(load_register(project.register))
    candidates = find_candidates(texts, matcher, use_sudachi=not args.no_sudachi)
    if not args.draft:
        print(format_report(candidates, sudachi=False if args.no_sudachi else None), end="")
        return 0
    wanted = [c for c in candidates if c.text in args.draft]
    missing = sorted(set(args.draft) - {c.text for c in wanted})
    if missing:
        raise KirokuError(
            f"not among the candidates: {', '.join(missing)}", hint="run kiroku suggest to see the candidate names"
        )
    drafts = "\n".join(draft_person(c, number=n) for n, c in enumerate(wanted, 1))
    if args.output:
        out = Path(args.output)
        if out.exists():
            raise KirokuError("will not overwrite an existing file", path=out, hint="choose another --output")
        write_atomic(out, drafts.encode("utf-8"))
        print(f"wrote {len(wanted)} draft(s) to {out}: review them, then move them into sources/register.yaml")
    else:
        print(drafts, end="")
    return 0


def _megabytes(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of MB (at least 1)")
    return number


def _page_limit(command: argparse.ArgumentParser) -> None:
    from ..read.limits import PAGE_MB, PAGE_OPTION

    command.add_argument(PAGE_OPTION, type=_megabytes, metavar="N",
                         help=f"the largest page read, in MB after decompression (default: {PAGE_MB}; guards against "
                         "decompression bombs)")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kiroku", description="Turn live-blog captures into a Sphinx archive.")
    p.add_argument("--version", action="version", version=f"kiroku {__version__}")
    p.add_argument("--root", help="project folder (default: found from the current folder)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = sub.add_parser("build", help="generate the archive's pages into docs/archive/")
    b.set_defaults(func=cmd_build)

    x = sub.add_parser("index",
                       help="build the Pagefind search index of the built site (skipped if no entry page changed)")
    x.add_argument("--site", metavar="DIR", help="the built site (default: _build/html in the project)")
    x.add_argument("--force", action="store_true", help="index even if no entry page changed since the last index")
    x.set_defaults(func=cmd_index)

    h = sub.add_parser("html", help="make html under one project lock: generate, build the shards and the hub on "
                       "Dask, assemble the site, index it")
    h.add_argument("--site", metavar="DIR", help="the built site (default: _build/html in the project)")
    h.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                   help="send the shard builds to this running Dask cluster (default: a local cluster)")
    h.add_argument("--shared-dir", metavar="DIR",
                   help="with --scheduler: a folder every worker reads and writes at this same path (builds are "
                   "then incremental); without it, workers get and return the files themselves")
    h.add_argument("--workers", type=int, metavar="N", help="local cluster: worker processes (default: the cores)")
    h.add_argument("--shard-by", choices=["year", "source"], default="year",
                   help="group live blogs into shards by publication year or by outlet (default: year)")
    h.add_argument("--shard-size", type=int, metavar="ENTRIES",
                   help="most entries in one shard; a larger group is cut in parts (default: 1000)")
    h.add_argument("sphinx", nargs=argparse.REMAINDER, metavar="-- OPTION…",
                   help="sphinx-build options for every shard (e.g. -D html_baseurl=…); or a whole sphinx-build "
                   "command line, run as given in one Sphinx project")
    h.set_defaults(func=cmd_html)

    i = sub.add_parser("ingest", help="copy a capture into seeds/ and record it in sources/SLUG.yaml")
    i.add_argument("file", metavar="FILE")
    i.add_argument("--source", required=True, metavar="SLUG", help="the live blog's id, e.g. nhk-20230913-summit")
    i.add_argument("--published", metavar="DATE", help="publication date, YYYY-MM-DD (needed for a new source)")
    i.add_argument("--timezone", metavar="TZ", help="IANA time zone of the times (default: from the capture's note)")
    i.add_argument("--url", help="URL of the original live blog (in a WARC or WACZ: the page to read)")
    i.add_argument("--publisher", metavar="NAME", help="publisher, e.g. NHK (needed for a new source)")
    i.add_argument("--title", help="title the pages use (default: the capture's first line; kept in the metadata)")
    i.add_argument("--language", help="language code (default: ja)")
    i.add_argument("--format", metavar="NAME", help="the capture's format (default: detected; see kiroku inspect FILE)")
    i.add_argument("--encoding", help="the capture's encoding (default: detected: UTF-8/16 BOM, UTF-8, cp932, euc_jp)")
    i.add_argument("--captured", metavar="DATE", help="when the capture was made, YYYY-MM-DD (default: today)")
    _page_limit(i)
    i.set_defaults(func=cmd_ingest)

    s = sub.add_parser("inspect", help="print the parsed entries of a source (SLUG) or of a capture FILE")
    s.add_argument("source", metavar="SLUG|FILE")
    s.add_argument("--published", metavar="DATE",
                   help="for a FILE: its publication date (default: the first full date in it, else its mtime)")
    s.add_argument("--timezone", metavar="TZ",
                   help="for a FILE: the time zone of its times (default: the one its note names, else UTC)")
    s.add_argument("--format", metavar="NAME", help="for a FILE: skip detection")
    s.add_argument("--encoding", help="for a FILE: its encoding (default: detected)")
    s.add_argument("--url", help="for a WARC or WACZ FILE holding several pages: the live blog's page")
    _page_limit(s)
    s.set_defaults(func=cmd_inspect)
    g = sub.add_parser("suggest", help="list names the register lacks, with counts and lines; draft entries")
    g.add_argument("seeds", nargs="*", metavar="SEED",
                   help="captures to read (default: the latest seed of every source)")
    g.add_argument("--no-sudachi", action="store_true", help="use the katakana + title rule only")
    g.add_argument("--draft", action="append", metavar="NAME", help="print a draft register entry for this person")
    g.add_argument("--output", metavar="FILE", help="write the drafts to FILE (a new file) instead of printing them")
    g.set_defaults(func=cmd_suggest)
    add_web_commands(sub)  # capture, watch (kiroku.web)
    add_package_commands(sub)  # package, verify (kiroku.package)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KirokuError as exc:
        print(f"kiroku: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `kiroku inspect … | head`
        sys.stderr.close()
        return 0
    except OSError as exc:  # disk full, permissions: the file and what went wrong, no traceback
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"kiroku: error: {where}{exc.strerror or exc}", file=sys.stderr)
        print("  hint: the archive on disk is unchanged or complete; fix the problem and run again", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kiroku: interrupted; the archive on disk is unchanged or complete", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
