"""Sphinx configuration for the Kiroku archive (sources in docs/, build with `make html`)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "scripts"))  # the kiroku package and its Sphinx extensions

project = "Kiroku 記録"
author = "Kiroku"
copyright = "Kiroku contributors; archived texts belong to their publishers"
language = "ja"

extensions = [
    "myst_parser",
    "kiroku.sphinxext.safety",
    "kiroku.sphinxext.csp",  # a Content-Security-Policy on every page: no script but the site's own
    "kiroku.sphinxext.timerole",
    "kiroku.sphinxext.search",  # Pagefind markup on entry pages; no Sphinx search index (`kiroku index` builds one)
    "kiroku.sphinxext.archive",  # kiroku-cite and kiroku-jsonld on entry and live-blog pages
    "kiroku.sphinxext.mermaid_local",  # Mermaid from node_modules into _static/mermaid/, never a CDN
    "kiroku.sphinxext.nav",  # a sidebar and prev/next scoped to the reader's live blog (linear builds)
    "kiroku.sphinxext.chunks",  # a fixed number of -j chunks: linear builds of large archives
    "kiroku.sphinxext.stableconfig",  # a build with nothing changed does not say "The configuration has changed"
    "kiroku.sphinxext.lifetime",  # under `kiroku html`, -j workers die with sphinx-build (which dies with kiroku)
    "kiroku.sphinxext.light",  # light pages: the theme's CSS in one file, pruned; its icons from SVG; scripts on use
    "kiroku.sphinxext.shard",  # -D kiroku_shard=1: one shard of a sharded build (kiroku.shards), no hub files
    "kiroku.sphinxext.gcpolicy",  # -D kiroku_gc_policy=1 (shards, hub): cyclic garbage collected between pages
]
# On for the archive; `-D kiroku_parallel_chunks=0` builds with Sphinx's own chunking (see bench --chunks).
kiroku_parallel_chunks = True
# Diagram labels are register names (validated: no markup); links in them go to the glossaries.
mermaid_init_config = {"startOnLoad": False, "securityLevel": "strict"}

# Other archives whose Pagefind bundles the search page merges in: paths on the same site, e.g.
# ["../other-archive/pagefind/"] (never another host: the archive works offline).
kiroku_search_merge: list[str] = []

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["archive/_extra", ".*", "**/.*"]  # .archive.N: generations behind the archive link

# Archived text must stay text: no MyST extension that adds syntax (NOTES §3).
myst_enable_extensions: list[str] = []
myst_heading_anchors = 0

# The archive's public address, for citations and JSON-LD: `make html BASEURL=https://…` passes
# `-D html_baseurl=…`. Empty: citations give site-relative paths.
html_baseurl = ""

# `-D html_theme=basic` builds the same pages with Sphinx's plain theme (the benchmark's baseline);
# kiroku.sphinxext.nav then sets that theme's sidebars and options.
html_theme = "sphinx_book_theme"
html_title = "Kiroku 記録"
templates_path = ["docs/_templates"]
# The book theme's look, with Kiroku's own sidebar navigation instead of the whole-site tree.
html_sidebars = {"**": ["navbar-logo.html", "icon-links.html", "search-button-field.html", "kiroku-nav.html"]}
html_theme_options = {
    "show_toc_level": 1,
    "navigation_with_keys": False,
    "use_download_button": False,
    "use_fullscreen_button": False,
    # Colours with WCAG AA contrast for the citations' highlighted text, in both modes (axe: tests/test_a11y.py).
    "pygments_light_style": "a11y-high-contrast-light",
    "pygments_dark_style": "a11y-high-contrast-dark",
}
html_static_path = ["docs/_static"]
html_css_files = ["kiroku.css"]
html_extra_path = ["docs/archive/_extra"]  # data/entries.json at the site root
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
