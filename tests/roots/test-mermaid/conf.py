extensions = ["myst_parser", "kiroku.sphinxext.mermaid_local"]
source_suffix = {".md": "markdown"}
html_theme = "basic"
# The tests point kiroku_mermaid_dist at a small stand-in package they write.
