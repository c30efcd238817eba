extensions = ["myst_parser", "kiroku.sphinxext.chunks"]
source_suffix = {".md": "markdown"}
html_theme = "basic"
