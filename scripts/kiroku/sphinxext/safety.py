"""Second wall against hostile text: no raw output and no file inclusion in any page (NOTES §3).

The first wall is escaping in kiroku.escape; this one holds if a page slips through.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

# MyST features that would turn archived text into markup or math.
FORBIDDEN_MYST_EXTENSIONS = frozenset(
    {"html_admonition", "html_image", "dollarmath", "amsmath", "substitution", "linkify"}
)


def on_config_inited(app: Sphinx, config: Config) -> None:
    enabled = set(config.myst_enable_extensions or ())
    bad = sorted(enabled & FORBIDDEN_MYST_EXTENSIONS)
    if bad:
        raise ConfigError(f"conf.py: myst_enable_extensions must not enable {', '.join(bad)} for archived text")
    disabled = set(config.myst_disable_syntax or ())
    config.myst_disable_syntax = sorted(disabled | {"html_block", "html_inline"})


def on_builder_inited(app: Sphinx) -> None:
    app.env.settings["raw_enabled"] = False
    app.env.settings["file_insertion_enabled"] = False


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_parser")
    app.connect("config-inited", on_config_inited, priority=900)
    app.connect("builder-inited", on_builder_inited)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
