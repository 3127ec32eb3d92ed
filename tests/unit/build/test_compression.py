"""The .gz copies for web servers: an incremental build takes the copy of a file whose bytes
are unchanged from the site it replaces (a link, not a file written again), and compresses
every other file, so that each copy always holds its file's bytes."""
from __future__ import annotations

import gzip
import os
from pathlib import Path

from handbook.build.compression import precompress

PAGE = "<p>Unchanged page.</p>" * 100
EDITED = "<p>Edited page.</p>" * 100


def _site(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _copy(folder: Path, name: str) -> Path:
    return folder / (name + ".gz")


def test_an_unchanged_file_gets_the_previous_sites_copy_and_an_edited_one_a_new_copy(tmp_path):
    previous = _site(tmp_path / "previous", {"same.html": PAGE, "edited.html": PAGE})
    assert precompress(previous) == 2
    site = _site(tmp_path / "site", {"same.html": PAGE, "edited.html": EDITED})
    precompress(site, previous=previous)

    assert os.path.samefile(_copy(site, "same.html"), _copy(previous, "same.html"))
    assert not os.path.samefile(_copy(site, "edited.html"), _copy(previous, "edited.html"))
    assert gzip.decompress(_copy(site, "edited.html").read_bytes()).decode() == EDITED
    # The copies are those a build without a previous site makes.
    fresh = _site(tmp_path / "fresh", {"same.html": PAGE, "edited.html": EDITED})
    precompress(fresh)
    for name in ("same.html", "edited.html"):
        assert _copy(site, name).read_bytes() == _copy(fresh, name).read_bytes()


def test_a_previous_copy_that_does_not_hold_its_file_is_not_taken(tmp_path):
    previous = _site(tmp_path / "previous", {"page.html": PAGE})
    precompress(previous)
    _copy(previous, "page.html").write_bytes(gzip.compress(EDITED.encode(), mtime=0))  # out of step
    site = _site(tmp_path / "site", {"page.html": PAGE})
    precompress(site, previous=previous)
    assert not os.path.samefile(_copy(site, "page.html"), _copy(previous, "page.html"))
    assert gzip.decompress(_copy(site, "page.html").read_bytes()).decode() == PAGE
