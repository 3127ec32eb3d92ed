"""The handbook engine: load and validate content once, render it for every output.

Nothing in this package imports mkdocs-macros; `macros/__init__.py` is the only adapter.
"""
