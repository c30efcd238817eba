"""The ``kiroku`` command line (``main``); ``web`` holds ``kiroku capture`` and ``kiroku watch``, ``inspect``
``kiroku inspect FILE``."""

from .main import main

__all__ = ["main"]
