extensions = ["myst_parser", "kiroku.sphinxext.gcpolicy"]
source_suffix = {".md": "markdown"}
html_theme = "basic"
