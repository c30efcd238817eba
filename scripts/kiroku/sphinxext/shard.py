"""``-D kiroku_shard=1``: this sphinx-build is one shard of a sharded archive (``kiroku.shards``).

A shard builds its live blogs' pages; the hub build makes what spans shards. So a shard leaves out
what the hub publishes: the data files of ``html_extra_path`` (``data/*.json``) and the Mermaid
assets (``kiroku.sphinxext.mermaid_local`` looks at this value), which a worker without the
project's ``node_modules`` could not copy anyway. Its pages are the same bytes either way.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

CONFIG = "kiroku_shard"


def is_shard(app: Sphinx) -> bool:
    return bool(getattr(app.config, CONFIG, False))


def on_config_inited(app: Sphinx, config: Config) -> None:
    if getattr(config, CONFIG, False):
        config.html_extra_path = []


def setup(app: Sphinx) -> dict[str, Any]:
    # "html": a page does not change with it, so a shard's environment is not invalidated by it.
    app.add_config_value(CONFIG, False, "html", bool)
    app.connect("config-inited", on_config_inited, priority=400)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
