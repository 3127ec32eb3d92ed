"""The .gz copies for web servers: an incremental build takes the copy of a file whose bytes
are unchanged from the site it replaces (a link, not a file written again), and compresses
every other file, so that each copy always holds its file's bytes."""
from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

from handbook.build.compression import precompress
from tests.support import REPO

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


def _copies(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*.gz"))}


FILES = {"a.html": PAGE, "b.html": PAGE, "gone.html": PAGE, "search/old.js": PAGE}


def _change(folder: Path) -> None:
    """What the block does: writes and removes files left out to the copy, and changes and
    removes others (b.html, gone.html) as well."""
    (folder / "search" / "old.js").unlink()
    _site(folder, {"search/index.js": EDITED, "b.html": EDITED})
    (folder / "gone.html").unlink()


def compress_while_changing(site: Path) -> bool:
    """compressed_meanwhile around _change on `site`; whether a copy of the process did it."""
    from handbook.build import compression

    forked = compression.can_fork()
    with compression.compressed_meanwhile(site, left_out=("search/",)):
        _change(site)
    return forked


@pytest.mark.parametrize("fork", [True, False], ids=["in a copy of the process", "without one"])
def test_compressed_while_the_block_writes_are_the_copies_precompress_makes(fork, tmp_path, monkeypatch):
    """compressed_meanwhile: the site's files are compressed in a copy of the process while
    the block writes the files left out to it; every file the block wrote, changed or
    removed (even one not left out) ends with the copy precompress would give it, and no
    copy is left of a file that is gone. Where a copy cannot be made, the same after the block.
    The copy is made in a new interpreter (as `make build` is): the tests' own process runs
    the test servers' threads, with which no copy is made."""
    from handbook.build import compression

    site, expected = _site(tmp_path / "site", FILES), _site(tmp_path / "expected", FILES)
    if fork:
        script = ("import sys; from pathlib import Path; from tests.unit.build.test_compression import "
                  "compress_while_changing; sys.exit(0 if compress_while_changing(Path(sys.argv[1])) else 3)")
        result = subprocess.run([sys.executable, "-c", script, str(site)], cwd=REPO, capture_output=True,
                                text=True, timeout=120)
        assert result.returncode == 0, result.stderr or "no copy of the process was made"
    else:
        monkeypatch.setattr(compression, "can_fork", lambda: False)
        assert compress_while_changing(site) is False
    _change(expected)
    precompress(expected)
    assert _copies(site) == _copies(expected)
    assert sorted(_copies(site)) == ["a.html.gz", "b.html.gz", "search/index.js.gz"]


def test_what_the_copy_looked_up_in_the_memo_is_kept_for_the_next_build(tmp_path):
    from handbook.build.compression import COMPRESSED, LEVEL, compressed_meanwhile
    from handbook.build.memo import BuildMemo
    from handbook.digests import digest

    site = _site(tmp_path / "site", {"a.html": PAGE, "b.html": EDITED})
    memo = BuildMemo(tmp_path / "memo")
    with compressed_meanwhile(site, memo):
        pass
    assert memo.missed[COMPRESSED] == 2
    memo.prune()
    again = BuildMemo(tmp_path / "memo")
    assert again.get(COMPRESSED, digest(PAGE.encode())) == gzip.compress(PAGE.encode(), compresslevel=LEVEL, mtime=0)
