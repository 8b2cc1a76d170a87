"""Spontaan: a platform for the spontaneous city."""

__version__ = "0.1.0"
