"""A build with nothing changed says nothing changed: the configuration Sphinx keeps is the next build's.

Sphinx pickles the configuration with the environment and, on the next build, compares it with the
one ``conf.py`` and the ``config-inited`` handlers make (``BuildEnvironment._config_status``): every
value that differs is printed as "The configuration has changed (…)". Some values are changed after
that comparison, while the builder starts, so every build pickled values the next one's ``conf.py``
never had and the message came on every ``make html``, hiding a real change:

- Sphinx's HTML builder adds ``priority`` to the attributes of each ``html_css_files`` and
  ``html_js_files`` entry, in place;
- the book theme and the pydata theme it extends, loaded only when the builder starts, append their
  ``components`` folders to ``templates_path`` and fill in ``html_permalinks_icon``,
  ``html_sourcelink_suffix`` and the theme options ``navbar_persistent``, ``icon_links`` and ``logo``.

Here the same values are set at ``config-inited``, after every other handler, so the configuration
compared is already the one the build ends with; the themes then find them set and change nothing
(the folders they append a second time are dropped at ``builder-inited``). ``tests/test_build_noise.py``
builds twice and fails if any value still moves, e.g. after a theme upgrade.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

# The themes that extend the pydata theme and so run its builder-inited defaults.
_PYDATA_THEMES = ("pydata_sphinx_theme", "sphinx_book_theme")


def _provided(config: Config, name: str) -> bool:
    """Set in conf.py or with -D (the themes' own test: they fill in only what the user left unset)."""
    return name in config.overrides or name in config._raw_config


def theme_templates(theme: str) -> list[str]:
    """The folders ``theme`` and the themes it extends append to ``templates_path``, exactly as they write them."""
    if theme == "sphinx_book_theme":
        import sphinx_book_theme

        return [os.path.join(sphinx_book_theme.get_html_theme_path(), "components"),
                *theme_templates("pydata_sphinx_theme")]
    if theme == "pydata_sphinx_theme":
        import pydata_sphinx_theme

        here = Path(pydata_sphinx_theme.__file__).parent.resolve()
        return [str(here / "theme" / "pydata_sphinx_theme" / "components")]
    return []


def on_config_inited(app: Sphinx, config: Config) -> None:
    for name in ("html_css_files", "html_js_files"):
        for entry in config[name]:  # (file, attributes) pairs: Sphinx converted them at priority 800
            if isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[1], dict):
                entry[1].setdefault("priority", 800)  # what StandaloneHTMLBuilder.init_*_files adds
    theme = config.html_theme
    if theme not in _PYDATA_THEMES:
        return
    for folder in theme_templates(theme):
        if folder not in config.templates_path:
            config.templates_path.append(folder)
    if not _provided(config, "html_permalinks_icon"):
        config.html_permalinks_icon = "#"
    if not _provided(config, "html_sourcelink_suffix"):
        config.html_sourcelink_suffix = ""
    options = config.html_theme_options
    if "navbar_persistent" not in options:
        options["navbar_persistent"] = [] if options.get("disable_search", False) else ["search-button-field"]
    options.setdefault("icon_links", [])
    if not options.get("logo"):
        options["logo"] = {}


def on_builder_inited(app: Sphinx) -> None:
    """The themes' setup appended their folders again: keep each once, in the same order."""
    unique = list(dict.fromkeys(app.config.templates_path))
    if unique != app.config.templates_path:
        app.config.templates_path[:] = unique


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", on_config_inited, priority=990)
    app.connect("builder-inited", on_builder_inited, priority=990)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
