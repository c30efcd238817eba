"""Light pages (issue 27): the book theme's look, without the weight a reader never uses.

The theme loads, on every page, 376 KB of CSS (Bootstrap whole, Font Awesome's 2,000 icon rules),
a 115 KB icon font for the ten icons its chrome shows, Bootstrap's 81 KB script and three Sphinx
scripts (doctools, sphinx_highlight, translations) that no Kiroku page calls. This extension:

- writes ``_static/kiroku-light.css``: Sphinx's basic.css, the theme's CSS, pygments.css, the book
  theme's CSS and Kiroku's own, in that order (the order the theme loaded them), in one file, without
  the rules that no page of the site can match: a rule goes when its selector names a class or id that
  is on no page written (each page's names are read once and cached by size and time) and that no
  script the pages load can add (every word of those scripts, and the states Bootstrap's dropdown and
  tooltip set, ``BOOTSTRAP_STATES``); then custom properties that nothing reads are removed too.
  Arguments of ``:not()``, ``:is()``, ``:has()`` decide nothing, so a rule is kept whatever they name;
- draws the icons the chrome uses (``ICONS``, and any in the theme's ``icon_links``) from Font
  Awesome's own SVG paths, as CSS masks in that file, instead of from the icon font (which is still
  declared: a page that shows an admonition's icon loads it, as before);
- leaves out doctools.js, sphinx_highlight.js and translations.js (no search highlighting, no key
  navigation: Kiroku's search is its own), and loads Bootstrap's script on the reader's first use of
  the page (a scroll, a key, a press; kiroku-mode.js) instead of with the page.

The file is made again only when what it is made from changed (``kiroku-light-bundle.json`` in the
doctrees records it). In a sharded build (``-D kiroku_light_bundle=0``, kiroku.shards) every project, the
hub too, writes only the names its pages hold (``NAMES``) and what else the bundle is made from
(``INPUTS``); ``kiroku html`` makes the site's one stylesheet from every project's names (``make_bundle``),
so the hub's build does not wait for the shards'.

It does nothing under another theme (``-D html_theme=basic``, the benchmark's baseline).
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from importlib.metadata import version
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

CSS = "kiroku-light.css"  # under _static/
NAMES = "kiroku-light-names.json"  # under _static/: the classes and ids this build's pages hold (kiroku.shards)
INPUTS = "kiroku-light-inputs.json"  # under _static/, with -D kiroku_light_bundle=0: what else the bundle needs
# The icons the theme's chrome shows (sidebar toggles, search, colour modes, prev/next, back to top,
# the search dialog's close button that pydata-sphinx-theme.js adds). tests/test_light_pages.py checks
# every icon on every page of the built archives is drawn.
ICONS = ("angle-left", "angle-right", "arrow-up", "bars", "circle-half-stroke", "list", "magnifying-glass",
         "moon", "outdent", "sun", "xmark")
# Sphinx's scripts that no page of the archive calls (their jobs: search-term highlighting and key
# navigation for Sphinx's own search, both off here).
DROPPED_JS = ("doctools.js", "sphinx_highlight.js", "translations.js")
# The stylesheets merged, in the order the theme loads them; paths under _static/.
THEME_CSS = ("basic.css", "styles/pydata-sphinx-theme.css")
AFTER_CSS = ("pygments.css", "styles/sphinx-book-theme.css")


def _is_book(app: Sphinx) -> bool:
    """The book theme (or pydata's, which it extends) builds this site's HTML."""
    return app.builder.format == "html" and app.config.html_theme in ("sphinx_book_theme", "pydata_sphinx_theme")


def _theme_static() -> Path:
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"


def _scripts(static: Path) -> list[Path]:
    """The scripts pages load that may set classes (the theme's, Kiroku's); Bootstrap's: BOOTSTRAP_STATES."""
    paths = [static / "scripts" / "pydata-sphinx-theme.js", static / "scripts" / "sphinx-book-theme.js"]
    paths += sorted(static.glob("kiroku*.js"))
    return [p for p in paths if p.exists()]


# What Bootstrap's dropdown and tooltip (the only Bootstrap components on Kiroku's pages) put on elements.
BOOTSTRAP_STATES = ("show", "showing", "hiding", "fade", "collapsing", "tooltip", "tooltip-inner", "tooltip-arrow",
                    "bs-tooltip-auto", "bs-tooltip-top", "bs-tooltip-bottom", "bs-tooltip-start", "bs-tooltip-end",
                    "dropdown-menu", "dropdown-menu-end", "dropdown-menu-start")
_NAME_ATTR = re.compile(rb'\s(?:class|id)="([^"]*)"')
_SKIP = ("_static", "pagefind", "_sources", "_images", "_downloads")


def page_names(outdir: Path, cache: Path) -> set[str]:
    """Every class and id on the site's pages; a page not changed since the last build is not read again."""
    import json

    try:
        old = json.loads(cache.read_text(encoding="utf-8"))
        files, sets = old["files"], [frozenset(x) for x in old["sets"]]
    except (OSError, ValueError, KeyError):
        files, sets = {}, []
    index = {s: i for i, s in enumerate(sets)}
    new_files: dict[str, list[int]] = {}
    for path in outdir.rglob("*.html"):
        rel = path.relative_to(outdir)
        if rel.parts[0] in _SKIP:
            continue
        st = path.stat()
        key = rel.as_posix()
        seen = files.get(key)
        if seen and seen[0] == st.st_mtime_ns and seen[1] == st.st_size:
            new_files[key] = seen
            continue
        names: set[str] = set()
        for value in _NAME_ATTR.findall(path.read_bytes()):
            names.update(value.decode("utf-8", "replace").split())
        found = frozenset(names)
        if found not in index:
            index[found] = len(sets)
            sets.append(found)
        new_files[key] = [st.st_mtime_ns, st.st_size, index[found]]
    used = sorted({f[2] for f in new_files.values()})
    renumber = {old_i: new_i for new_i, old_i in enumerate(used)}
    data = {"files": {k: [v[0], v[1], renumber[v[2]]] for k, v in sorted(new_files.items())},
            "sets": [sorted(sets[i]) for i in used]}
    text = json.dumps(data, separators=(",", ":"))
    cache.parent.mkdir(parents=True, exist_ok=True)
    if not cache.exists() or cache.read_text(encoding="utf-8") != text:
        cache.write_text(text, encoding="utf-8")
    return set().union(*(sets[i] for i in used)) if used else set()


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def words(paths: list[Path]) -> set[str]:
    found: set[str] = set()
    for path in paths:
        found.update(_WORD.findall(path.read_text(encoding="utf-8", errors="replace")))
    return found


# -- a small CSS reader: enough for minified theme CSS (strings, comments, nested at-rules) -----------

def _skip_string(css: str, i: int) -> int:
    quote = css[i]
    i += 1
    while i < len(css) and css[i] != quote:
        i += 2 if css[i] == "\\" else 1
    return i + 1


def _blocks(css: str) -> list[tuple[str, str | None]]:
    """Top-level items of ``css``: (prelude, body) for ``prelude{body}``, (statement, None) for ``@x ...;``."""
    items: list[tuple[str, str | None]] = []
    i, start, n = 0, 0, len(css)
    while i < n:
        c = css[i]
        if c in "\"'":
            i = _skip_string(css, i)
        elif css.startswith("/*", i):
            end = css.find("*/", i + 2)
            end = n if end < 0 else end + 2
            if start == i:  # a comment between rules: dropped (licences are kept by the header)
                start = end
            i = end
        elif c == ";" and css[start:i].lstrip().startswith("@"):
            items.append((css[start:i].strip(), None))
            i += 1
            start = i
        elif c == "{":
            depth, j = 1, i + 1
            while j < n and depth:
                if css[j] in "\"'":
                    j = _skip_string(css, j)
                    continue
                if css.startswith("/*", j):
                    k = css.find("*/", j + 2)
                    j = n if k < 0 else k + 2
                    continue
                depth += {"{": 1, "}": -1}.get(css[j], 0)
                j += 1
            items.append((css[start:i].strip(), css[i + 1 : j - 1]))
            i = start = j
        else:
            i += 1
    return items


def _split_outside(text: str, sep: str) -> list[str]:
    """``text`` split at each ``sep`` outside strings and brackets; blank parts left out, the rest as written."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        c = text[i]
        if c in "\"'":
            i = _skip_string(text, i)
            continue
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return [p for p in parts if p.strip()]


def _split_selectors(prelude: str) -> list[str]:
    return [p.strip() for p in _split_outside(prelude, ",")]


_FUNCTIONAL = re.compile(r":(?:not|is|where|has|nth-child|nth-last-child|host|host-context)\(")
_NAMES = re.compile(r"([.#])((?:[A-Za-z0-9_-]|\\.)+)")


def _strip_functional(selector: str) -> str:
    """The selector without the arguments of :not(), :is(), :has()…: a class only there decides nothing."""
    out, i = [], 0
    while True:
        m = _FUNCTIONAL.search(selector, i)
        if not m:
            out.append(selector[i:])
            return "".join(out)
        out.append(selector[i : m.end() - 1])
        depth, j = 1, m.end()
        while j < len(selector) and depth:
            depth += {"(": 1, ")": -1}.get(selector[j], 0)
            j += 1
        i = j


def _strip_attrs(selector: str) -> str:
    return re.sub(r"\[[^\]]*\]", "", selector)


class Pruner:
    """Removes the rules whose every selector names a class or id not in ``known``."""

    def __init__(self, known: set[str]) -> None:
        self.known = known
        self.dropped: set[str] = set()

    def keep_selector(self, selector: str) -> bool:
        for _, name in _NAMES.findall(_strip_attrs(_strip_functional(selector))):
            name = name.replace("\\", "")
            if name not in self.known:
                self.dropped.add(name)
                return False
        return True

    def prune(self, css: str) -> str:
        out: list[str] = []
        for prelude, body in _blocks(css):
            prelude = _COMMENT.sub("", prelude).strip()
            if body is None:
                if not prelude.lower().startswith("@charset"):
                    out.append(prelude + ";")
                continue
            if prelude.startswith("@"):
                at = prelude.split(None, 1)[0].lower()
                if at in ("@media", "@supports", "@layer", "@container", "@document"):
                    inner = self.prune(body)
                    if inner:
                        out.append(f"{prelude}{{{inner}}}")
                else:  # @font-face, @keyframes, @property, @page…: kept whole
                    out.append(f"{prelude}{{{body}}}")
                continue
            if _is_glyph_rule(body):  # Font Awesome's `.fa-name{--fa:"\f123"}`: drawn from SVG instead
                continue
            kept = [s for s in _split_selectors(prelude) if self.keep_selector(s)]
            if kept:
                out.append(f"{','.join(kept)}{{{body}}}")
        return "".join(out)


_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_VAR = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
_PROPERTY = re.compile(r"(--[A-Za-z0-9_-]+)")


def _declarations(body: str) -> list[str]:
    """A rule's declarations, split at the semicolons outside strings and brackets (data: URLs hold some)."""
    return _split_outside(body, ";")


def drop_unread_properties(css: str, read_elsewhere: set[str]) -> str:
    """``css`` without the custom properties (``--x: …``) that no ``var()`` in it, nor ``read_elsewhere``, reads.

    Repeated until nothing changes: a property read only by removed ones goes too.
    """
    while True:
        read = set(_VAR.findall(css)) | read_elsewhere
        changed = False

        def walk(text: str, read: set[str] = read) -> str:
            nonlocal changed
            out: list[str] = []
            for prelude, body in _blocks(text):
                if body is None:
                    out.append(prelude + ";")
                    continue
                if prelude.startswith("@") and prelude.split(None, 1)[0].lower() in ("@media", "@supports", "@layer"):
                    inner = walk(body, read)
                    if inner:
                        out.append(f"{prelude}{{{inner}}}")
                    continue
                if prelude.startswith("@"):
                    out.append(f"{prelude}{{{body}}}")
                    continue
                decls = _declarations(body)
                kept = [d for d in decls if not (d.strip().startswith("--") and d.split(":", 1)[0].strip() not in read)]
                changed |= len(kept) != len(decls)
                if kept:
                    out.append(f"{prelude}{{{';'.join(kept)}}}")
            return "".join(out)

        css = walk(css)
        if not changed:
            return css


def _is_glyph_rule(body: str) -> bool:
    decls = [d.strip() for d in body.split(";") if d.strip()]
    return bool(decls) and all(d.startswith("--fa:") for d in decls)


def _rebase(css: str, source: str) -> str:
    """``url(…)`` of a stylesheet at _static/``source``, made relative to _static/ (where the bundle is)."""
    folder = posixpath.dirname(source)

    def fix(m: re.Match[str]) -> str:
        url = m.group(2)
        if not folder or url.startswith(("data:", "/", "#")) or "://" in url:
            return m.group(0)
        return f"url({m.group(1)}{posixpath.normpath(posixpath.join(folder, url))}{m.group(1)})"

    return re.sub(r"""url\((["']?)([^"')]+)\1\)""", fix, css)


# -- icons ---------------------------------------------------------------------------------------

_ICON = re.compile(r'[{,]"?([a-z0-9-]+)"?:\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]+","([^"]+)"\]')


def solid_icons(fontawesome_js: str) -> dict[str, tuple[int, int, str]]:
    """Font Awesome's solid icons (name -> width, height, SVG path) from the theme's fontawesome.js."""
    end = fontawesome_js.find('p("fas",')
    start = fontawesome_js.rfind("var b={", 0, end)
    if start < 0 or end < 0:
        return {}
    return {m.group(1): (int(m.group(2)), int(m.group(3)), m.group(4))
            for m in _ICON.finditer(fontawesome_js, start, end)}


def icon_css(names: list[str], icons: dict[str, tuple[int, int, str]]) -> str:
    rules = [
        # The icon font is not needed for these (its metrics alone would make the browser fetch it).
        ":is(.fas,.far,.fab,.fa-solid,.fa-regular,.fa-brands,.fa-classic,.fa){font-family:inherit}"
        # Each icon is a mask over the text colour, the glyph's own size (1em high, as the font drew it).
        ":is(.fas,.far,.fab,.fa-solid,.fa-regular,.fa-brands,.fa-classic,.fa):before{content:\"\";"
        "display:inline-block;width:var(--kiroku-icon-w,1em);height:1em;vertical-align:-.125em;"
        "background-color:currentColor;-webkit-mask:var(--kiroku-icon) center/contain no-repeat;"
        "mask:var(--kiroku-icon) center/contain no-repeat}"
    ]
    for name in names:
        if name not in icons:
            continue
        w, h, path = icons[name]
        svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {w} {h}'><path d='{path}'/></svg>"
        data = svg.replace("%", "%25").replace("#", "%23").replace('"', "%22").replace("<", "%3C").replace(">", "%3E")
        rules.append(f'.fa-{name}{{--kiroku-icon:url("data:image/svg+xml,{data}");--kiroku-icon-w:{w / h:.4g}em}}')
    return "".join(rules)


def _icon_names(app: Sphinx) -> list[str]:
    names: set[str] = set(ICONS)
    for link in (app.config.html_theme_options or {}).get("icon_links", []) or []:
        icon = str(link.get("icon", "")) if isinstance(link, dict) else ""
        names.update(m for m in re.findall(r"fa-([a-z0-9-]+)", icon) if m not in ("solid", "regular", "brands"))
    return sorted(names)


# -- the build -------------------------------------------------------------------------------------

def _stamp(app: Sphinx) -> str:
    """A digest of the code and assets the bundle is made from, for its ``?v=``: pages are written before it.

    The bundle also depends on the names the pages hold, which change only with the code that writes
    them (Kiroku's package, the templates: digested here).
    """
    h = hashlib.sha256()
    for pkg in ("sphinx", "pydata-sphinx-theme", "sphinx-book-theme", "pygments", "docutils", "myst-parser"):
        h.update(f"{pkg}={version(pkg)};".encode())
    h.update(f"{app.config.pygments_style};{getattr(app.config, 'pygments_dark_style', '')};".encode())
    h.update(repr(_icon_names(app)).encode())
    confdir = Path(app.confdir)
    groups = [Path(__file__).resolve().parent.parent]  # the kiroku package
    groups += [confdir / t for t in app.config.templates_path]
    groups += [confdir / s for s in app.config.html_static_path]
    for n, base in enumerate(groups):  # by path inside each folder: the same stamp wherever the project lives
        for path in sorted(p for p in base.rglob("*") if p.is_file() and (n or p.suffix == ".py")):
            h.update(f"{n}:{path.relative_to(base).as_posix()}\0".encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def on_builder_inited(app: Sphinx) -> None:
    app.kiroku_light = None  # type: ignore[attr-defined]
    if not _is_book(app):
        return
    macros = (_theme_static() / "webpack-macros.html").read_text(encoding="utf-8")
    digest = re.search(r"bootstrap\.js', 1\) }}\?(digest=[0-9a-f]+)", macros)
    app.kiroku_light = {"stamp": _stamp(app), "digest": digest.group(1) if digest else ""}  # type: ignore[attr-defined]


def _own_css(app: Sphinx) -> list[str]:
    return [c[0] if isinstance(c, tuple) else c for c in app.config.html_css_files]


def _static_name(asset: object) -> str:
    """An asset's path under _static/ (the context holds ``_static/name``; conf.py gives ``name``)."""
    name = str(getattr(asset, "filename", asset) or "")
    return name.removeprefix("_static/")


def on_html_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    light = getattr(app, "kiroku_light", None)
    if not light:
        return
    merged = {*AFTER_CSS, *_own_css(app)}
    context["css_files"] = [c for c in context.get("css_files", []) if _static_name(c) not in merged]
    context["script_files"] = [s for s in context.get("script_files", []) if _static_name(s) not in DROPPED_JS]
    context["kiroku_light_css"] = f"_static/{CSS}"  # the template adds ?v= and ?digest= after pathto()
    context["kiroku_light_v"] = light["stamp"]
    context["kiroku_theme_digest"] = light["digest"]


def bundle(app: Sphinx, static: Path, known: set[str]) -> tuple[str, set[str]]:
    """The bundle's text from the stylesheets in ``static`` (the output's _static/), and the names it dropped.

    ``known``: the classes and ids the pages hold (``page_names``); the scripts' words are added here.
    """
    return make_bundle(static, known, _own_css(app), _icon_names(app))


def make_bundle(static: Path, known: set[str], own: list[str], icons: list[str]) -> tuple[str, set[str]]:
    """``bundle`` from what a build recorded (``INPUTS``): Kiroku's own stylesheets and the chrome's icons."""
    scripts = _scripts(static)
    pruner = Pruner(known | words(scripts) | set(BOOTSTRAP_STATES))
    names = [*THEME_CSS, *AFTER_CSS, *own]
    parts = []
    for name in names:
        path = static / name
        if not path.exists():
            continue
        css = _rebase(path.read_text(encoding="utf-8"), name)
        # Kiroku's own stylesheets are kept whole: they also style what scripts draw (Mermaid's labels).
        parts.append(_COMMENT.sub("", css) if name in own else pruner.prune(css))
        if name == "styles/pydata-sphinx-theme.css":
            glyphs = solid_icons((_theme_static() / "scripts" / "fontawesome.js").read_text(encoding="utf-8"))
            parts.append(icon_css(icons, glyphs))
    read_by_scripts = {m for p in scripts for m in _PROPERTY.findall(p.read_text(encoding="utf-8", errors="replace"))}
    body = drop_unread_properties("".join(parts), read_by_scripts)
    head = ('@charset "UTF-8";\n/* Kiroku (kiroku.sphinxext.light): ' + " + ".join(names)
            + ", without the rules no page of this site matches. Bootstrap v5 (MIT), Font Awesome Free"
            " (icons CC BY 4.0, fonts OFL 1.1, code MIT), pydata-sphinx-theme and sphinx-book-theme (BSD-3-Clause),"
            " Sphinx (BSD-2-Clause). */\n")
    return head + body + "\n", pruner.dropped


def bundle_key(static: Path, known: set[str], own: list[str], icons: list[str], stamp: str) -> str:
    """What ``make_bundle`` reads: the code and assets (``stamp``), the names, the stylesheets and scripts."""
    h = hashlib.sha256(f"{stamp}\0".encode())
    h.update(json.dumps([sorted(known), own, icons], ensure_ascii=False).encode("utf-8"))
    for path in [*(static / n for n in (*THEME_CSS, *AFTER_CSS, *own)), *_scripts(static)]:
        h.update(f"\0{path.relative_to(static).as_posix()}\0{_file_digest(path)}".encode())
    return h.hexdigest()


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    light = getattr(app, "kiroku_light", None)
    if exception is not None or not light:
        return
    outdir = Path(app.outdir)
    own = page_names(outdir, Path(app.doctreedir) / "kiroku-light.json")
    # A sharded build (kiroku.shards): each project says which names its pages hold, and kiroku html makes the
    # site's stylesheet from all of them (``write_bundle``). Only the names a stylesheet can select: not every
    # entry's own anchor ids, which no rule names.
    selectable = own & css_names(app, outdir / "_static")
    write_if_changed(outdir / "_static" / NAMES, json.dumps(sorted(selectable), ensure_ascii=False) + "\n")
    if not app.config.kiroku_light_bundle:  # kiroku.shards makes the site's from every project's
        inputs = {"css": _own_css(app), "icons": _icon_names(app), "stamp": light["stamp"]}
        write_if_changed(outdir / "_static" / INPUTS, json.dumps(inputs, ensure_ascii=False, sort_keys=True) + "\n")
        return
    write_bundle(outdir / "_static", own, _own_css(app), _icon_names(app), light["stamp"],
                 Path(app.doctreedir) / "kiroku-light-bundle.json")


def write_bundle(static: Path, known: set[str], own: list[str], icons: list[str], stamp: str, record: Path) -> None:
    """``make_bundle`` into ``static``/CSS, unless ``record`` says it was made from the same inputs."""
    target = static / CSS
    key = bundle_key(static, known, own, icons, stamp)
    try:  # the same inputs as the last time, which left this file: nothing to do (no CSS read again)
        if json.loads(record.read_text(encoding="utf-8")) == {"key": key, "css": _file_digest(target)}:
            return
    except (OSError, ValueError):
        pass
    text, _ = make_bundle(static, known, own, icons)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
        logger.info("kiroku: %s written (%d bytes)", target, len(text.encode()))
    write_if_changed(record, json.dumps({"key": key, "css": _file_digest(target)}))


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "-"


def css_names(app: Sphinx, static: Path) -> set[str]:
    """Every class and id a rule of the bundled stylesheets names (the only names pruning asks about)."""
    names: set[str] = set()
    for name in (*THEME_CSS, *AFTER_CSS, *_own_css(app)):
        path = static / name
        if path.exists():
            names.update(n.replace("\\", "") for _, n in _NAMES.findall(path.read_text(encoding="utf-8")))
    return names


def write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    # 0: a project of a sharded build; kiroku.shards makes the stylesheet (no page changes with it).
    app.add_config_value("kiroku_light_bundle", True, "", bool)
    app.connect("builder-inited", on_builder_inited)
    app.connect("html-page-context", on_html_page_context, priority=800)  # before csp (900), after the rest
    app.connect("build-finished", on_build_finished, priority=900)  # after pydata writes its pygments.css
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
