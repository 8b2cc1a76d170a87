"""Benchmarks for Spontaan (not part of the installed package; see README.md)."""
