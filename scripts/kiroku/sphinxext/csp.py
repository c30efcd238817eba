"""A Content-Security-Policy <meta> on every page: scripts only from the site and hashed inline ones.

Defense in depth behind the escaping: if hostile text ever reached a page as markup, the browser
would still refuse to run it. The archive is static, so the policy travels in the page itself.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any

from markupsafe import Markup
from sphinx.application import Sphinx

# 'wasm-unsafe-eval' lets search compile its WebAssembly; it does not allow eval() of JavaScript.
_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-src 'none'"
)


def _sha256(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"


def policy(inline_scripts: list[str]) -> str:
    """The policy for a page whose inline scripts are ``inline_scripts`` (their exact text)."""
    hashes = "".join(" " + h for h in sorted({_sha256(body) for body in inline_scripts}))
    return _POLICY.format(hashes=hashes)


def on_html_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    # Runs after every other handler (priority 900), so every inline script added for this page is here.
    bodies = [js.attributes["body"] for js in context.get("script_files", ())
              if not getattr(js, "filename", None) and js.attributes.get("body")]
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(bodies)}">'
    context["kiroku_csp"] = Markup(meta)


# Jinja macro files that the themes keep in their static folders; Sphinx copies them into _static/ as if
# they were assets. No page uses them, and a page without the policy has no place in the archive.
_THEME_TEMPLATES = ("webpack-macros.html", "sbt-webpack-macros.html")


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is None and app.builder.format == "html":
        for name in _THEME_TEMPLATES:
            (Path(app.outdir) / "_static" / name).unlink(missing_ok=True)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", on_html_page_context, priority=900)
    app.connect("build-finished", on_build_finished)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
