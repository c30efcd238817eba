extensions = ["myst_parser", "kiroku.sphinxext.search_ja"]
source_suffix = {".md": "markdown"}
language = "ja"
html_theme = "basic"
