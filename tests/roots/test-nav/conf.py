extensions = ["myst_parser", "kiroku.sphinxext.nav"]
source_suffix = {".md": "markdown"}
templates_path = ["_templates"]
# The project's book-theme settings: built with -D html_theme=basic (as the benchmark does), the nav
# extension swaps in sidebars and options the basic theme has.
html_theme = "sphinx_book_theme"
html_sidebars = {"**": ["navbar-logo.html", "icon-links.html", "search-button-field.html", "kiroku-nav.html"]}
html_theme_options = {"show_toc_level": 1, "use_download_button": False}
