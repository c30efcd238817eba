"""Sphinx configuration for the Kiroku archive (sources in docs/, build with `make html`)."""

import os
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
    "kiroku.sphinxext.timerole",
    "kiroku.sphinxext.search_ja",  # index and search box split Japanese the same way
    "kiroku.sphinxext.archive",  # kiroku-cite and kiroku-jsonld on entry and live-blog pages
    "kiroku.sphinxext.mermaid_local",  # Mermaid from node_modules into _static/mermaid/, never a CDN
]
# Diagram labels are register names (validated: no markup); links in them go to the glossaries.
mermaid_init_config = {"startOnLoad": False, "securityLevel": "antiscript"}

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["archive/_extra", ".*", "**/.*"]  # .archive.N: generations behind the archive link

# Archived text must stay text: no MyST extension that adds syntax (NOTES §3).
myst_enable_extensions: list[str] = []
myst_heading_anchors = 0

# The archive's public address, for citations and JSON-LD (KIROKU_BASEURL overrides it).
# Empty: citations give site-relative paths.
html_baseurl = os.environ.get("KIROKU_BASEURL", "")

html_theme = "sphinx_book_theme"
html_title = "Kiroku 記録"
html_theme_options = {
    "show_toc_level": 1,
    "navigation_with_keys": False,
    "use_download_button": False,
    "use_fullscreen_button": False,
}
html_static_path = ["docs/_static"]
html_css_files = ["kiroku.css"]
html_extra_path = ["docs/archive/_extra"]  # data/entries.json at the site root
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
