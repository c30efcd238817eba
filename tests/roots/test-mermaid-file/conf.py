extensions = ["myst_parser", "kiroku.sphinxext.mermaid_local"]
source_suffix = {".md": "markdown"}
html_theme = "basic"
