"""MkDocs' file writes while the handbook runs it: every page and every copied file goes
through staging.write_staged, so a file the site being replaced has, at the same place with
the same bytes, is linked rather than written again (after an edit, all but a few)."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from handbook.build.staging import write_staged


@contextmanager
def staged_writes() -> Iterator[None]:
    """MkDocs' two writing helpers (mkdocs.utils: pages, sitemap, copied theme and docs
    files) replaced by write_staged while the block runs."""
    from mkdocs import utils
    saved = utils.write_file, utils.copy_file

    def write_file(content: bytes, output_path: str) -> None:
        write_staged(output_path, content)

    def copy_file(source_path: str, output_path: str) -> None:
        if os.path.isdir(output_path):  # as MkDocs: a folder is given for a file of the same name
            output_path = os.path.join(output_path, os.path.basename(source_path))
        with open(source_path, "rb") as source:
            write_staged(output_path, source.read())

    utils.write_file, utils.copy_file = write_file, copy_file
    try:
        yield
    finally:
        utils.write_file, utils.copy_file = saved
