extensions = ["myst_parser", "kiroku.sphinxext.archive"]
source_suffix = {".md": "markdown"}
html_theme = "basic"
