extensions = ["myst_parser", "kiroku.sphinxext.search"]
source_suffix = {".md": "markdown"}
html_theme = "basic"
language = "ja"
templates_path = ["_templates"]
