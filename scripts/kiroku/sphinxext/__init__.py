"""Kiroku's Sphinx extensions, one concern per module."""
