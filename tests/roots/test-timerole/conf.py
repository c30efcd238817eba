extensions = ["myst_parser", "kiroku.sphinxext.timerole"]
source_suffix = {".md": "markdown"}
html_theme = "basic"
