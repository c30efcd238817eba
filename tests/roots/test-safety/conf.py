extensions = ["kiroku.sphinxext.safety"]  # it loads myst_parser itself
source_suffix = {".md": "markdown"}
html_theme = "basic"
