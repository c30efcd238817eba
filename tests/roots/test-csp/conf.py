extensions = ["myst_parser", "kiroku.sphinxext.csp"]
source_suffix = {".md": "markdown"}
html_theme = "basic"
templates_path = ["_templates"]
html_static_path = ["_static"]


def setup(app):
    # An inline script of the kind themes add: the policy must list its hash and nothing else inline.
    app.add_js_file(None, body="window.kirokuTest = 1;")
    app.add_js_file("plain.js")
