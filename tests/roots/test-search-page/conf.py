"""A tiny archive of our own text for the Pagefind search page: the project's templates and static
files, with entry pages written as raw HTML that carries the search contract's markup
(raw HTML is allowed in this TEST root only; the real archive's pages come from the renderers)."""

from pathlib import Path

import kiroku

# The project's docs/ (the root is copied elsewhere for a build): beside scripts/kiroku/.
DOCS = Path(kiroku.__file__).resolve().parents[2] / "docs"

project = "Kiroku test"
language = "ja"
extensions = ["myst_parser", "kiroku.sphinxext.csp"]
source_suffix = {".md": "markdown"}
root_doc = "index"
html_theme = "sphinx_book_theme"
html_title = "Kiroku test"
templates_path = [str(DOCS / "_templates")]
html_static_path = [str(DOCS / "_static")]
html_css_files = ["kiroku.css"]
html_sidebars = {"**": ["navbar-logo.html", "search-button-field.html"]}
html_theme_options = {"navigation_with_keys": False, "use_download_button": False, "use_fullscreen_button": False}
html_copy_source = False
html_show_sourcelink = False
html_context = {"kiroku_nav": ""}
