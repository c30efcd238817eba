"""Kiroku: turn news live blogs into a citable, searchable Sphinx archive."""

__version__ = "0.1.0"
