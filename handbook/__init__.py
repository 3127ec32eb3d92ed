"""The handbook engine: load and validate content once, render it for every output.

Nothing in this package imports mkdocs-macros; `macros/__init__.py` is the only adapter.
"""

from pathlib import Path

# The repository the engine ships in: its mkdocs.yml, overrides/ and deploy/ are the
# engine's theme and hosting files, and its docs/ and data/ the default project.
REPOSITORY = Path(__file__).resolve().parent.parent
