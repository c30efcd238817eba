"""Mermaid diagrams rendered by the npm package ``mermaid`` served from ``_static/mermaid/``, never a CDN (NOTES §5)."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.config import Config
from sphinx.errors import ConfigError, ExtensionError
from sphinx.util import logging

from .shard import is_shard

logger = logging.getLogger(__name__)

_ENTRY = "mermaid.esm.min.mjs"  # an ES module with a default export: what sphinxcontrib-mermaid imports
_CHUNKS = Path("chunks", "mermaid.esm.min")  # the entry imports these relatively: they travel together
_STATIC = "mermaid"  # folder under the output's _static/
_D3 = Path("d3", "dist", "d3.min.js")  # a dependency of mermaid; loaded only for zoomable diagrams
_REMOTE = ("http://", "https://", "//")
_FIX = "run `npm ci` in the project root (`make html` runs it)"


def on_config_inited(app: Sphinx, config: Config) -> None:
    """Point sphinxcontrib-mermaid at local files and refuse any setting that would load from another host."""
    config.mermaid_use_local = f"{_STATIC}/{_ENTRY}"
    config.d3_use_local = f"{_STATIC}/d3.min.js"
    # With no version, the elk and zenuml plugins have no CDN fallback: they load only from a local path.
    config.mermaid_elk_version = ""
    config.mermaid_zenuml_version = ""
    for plugin in ("elk", "zenuml"):
        local = getattr(config, f"mermaid_{plugin}_use_local")
        if getattr(config, f"mermaid_include_{plugin}") and not local:
            raise ConfigError(
                f"conf.py: mermaid_include_{plugin} needs mermaid_{plugin}_use_local (a path under _static); no CDN"
            )
        _refuse_remote(f"mermaid_{plugin}_use_local", local)
    for name, url in (config.mermaid_icon_packs or {}).items():
        _refuse_remote(f"mermaid_icon_packs[{name!r}]", url)


def on_builder_inited(app: Sphinx) -> None:
    """Fail early, naming the missing file, when the npm package is not installed."""
    if not _is_html(app) or is_shard(app):  # the hub build copies the assets of a sharded archive
        return
    dist = _dist(app)
    for path in (dist, dist / _ENTRY, dist / _CHUNKS):
        if not path.exists():
            raise ExtensionError(f"{path} is missing: {_FIX}", modname=__name__)
    if _d3(dist) is None:
        raise ExtensionError(f"mermaid's dependency {_D3} is missing near {dist.parent}: {_FIX}", modname=__name__)


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """Copy the Mermaid module, its chunks and d3 into _static/mermaid/, touching only files that changed."""
    if exception is not None or not _is_html(app) or is_shard(app):
        return
    dist = _dist(app)
    dest = Path(app.outdir, "_static", _STATIC)
    copied = _sync_file(dist / _ENTRY, dest / _ENTRY)
    d3 = _d3(dist)  # found at builder-inited
    if d3 is not None:
        copied += _sync_file(d3, dest / "d3.min.js")
    copied += _sync_file(dist.parent / "LICENSE", dest / "LICENSE", optional=True)
    copied += _sync_dir(dist / _CHUNKS, dest / _CHUNKS)
    logger.info("kiroku: mermaid assets in %s (%d file(s) updated)", dest, copied)


def _is_html(app: Sphinx) -> bool:
    return isinstance(app.builder, StandaloneHTMLBuilder)


def _dist(app: Sphinx) -> Path:
    return (Path(app.confdir) / app.config.kiroku_mermaid_dist).resolve()


def sources(dist: Path) -> list[Path]:
    """What the hub copies from ``dist`` (mermaid's dist folder), as files or folders: the entry module, its
    chunks, d3 where Node would find it, the licence. A sharded build sends these to the hub's worker."""
    d3 = _d3(dist)
    return [dist / _ENTRY, dist / _CHUNKS, *([d3] if d3 is not None else []), dist.parent / "LICENSE"]


def _d3(dist: Path) -> Path | None:
    """Where Node would resolve mermaid's ``d3``: nested in mermaid's own node_modules, else hoisted beside it."""
    for candidate in (dist.parent / "node_modules" / _D3, dist.parent.parent / _D3):
        if candidate.is_file():
            return candidate
    return None


def _refuse_remote(name: str, url: str) -> None:
    if url and url.startswith(_REMOTE):
        raise ConfigError(f"conf.py: {name} = {url!r} loads from another host; use a path under _static")


def _sync_file(src: Path, dst: Path, *, optional: bool = False) -> int:
    if optional and not src.is_file():
        return 0
    if dst.is_file() and filecmp.cmp(src, dst, shallow=True):
        return 0
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dst)  # keeps mtime, so the next shallow compare is a stat
    return 1


def _sync_dir(src: Path, dst: Path) -> int:
    """Mirror the *.mjs files of ``src`` (source maps are left out), removing chunks of an older version."""
    wanted = {p.name for p in src.glob("*.mjs")}
    copied = sum(_sync_file(src / name, dst / name) for name in sorted(wanted))
    for stale in dst.glob("*"):
        if stale.name not in wanted and stale.is_file():
            stale.unlink()
    return copied


def on_html_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Mermaid's scripts only on a page with a diagram (~750 KB of modules otherwise loaded for nothing).

    sphinxcontrib-mermaid adds them on every page that has no doctree (the search page, the index)
    as well; this runs after it (priority 600) and takes them out again where no diagram is."""
    from sphinxcontrib.mermaid import mermaid

    if doctree is not None and doctree.next_node(mermaid) is not None:
        return
    context["script_files"] = [js for js in context.get("script_files", ()) if not _is_mermaid_script(js)]


def _is_mermaid_script(js: Any) -> bool:
    filename = getattr(js, "filename", "") or ""
    body = getattr(js, "attributes", {}).get("body", "") or ""
    return filename.startswith(f"_static/{_STATIC}/") or f"{_STATIC}/{_ENTRY}" in body


def _inline_only() -> type:
    """The mermaid directive without its file argument: ``{mermaid} ../../secret`` would read any file."""
    from sphinxcontrib.mermaid import Mermaid

    class InlineMermaid(Mermaid):  # type: ignore[misc,valid-type]
        def run(self, **kwargs: Any) -> Any:
            if self.arguments:
                raise self.error("Kiroku: mermaid diagrams are written inline; a file argument is not allowed")
            return super().run(**kwargs)

    return InlineMermaid


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinxcontrib.mermaid")
    app.add_directive("mermaid", _inline_only(), override=True)
    app.add_config_value("kiroku_mermaid_dist", "node_modules/mermaid/dist", "", types=frozenset({str, Path}))
    app.connect("config-inited", on_config_inited)
    app.connect("builder-inited", on_builder_inited)
    app.connect("build-finished", on_build_finished)
    app.connect("html-page-context", on_html_page_context, priority=600)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
