"""The build cache (handbook/build/memo.py) keeps results between builds as pickles; an
entry this machine did not write must never be unpickled, since unpickling can run code."""
import os
import pickle
from pathlib import Path

import pytest

from handbook.build import memo as memo_module
from handbook.build.memo import BuildMemo


class _Planted:
    """A pickle that, when loaded, writes a file: what a hostile entry would do."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_a_result_stored_is_found_again(memo):
    memo.put("step", "inputs", ("markdown", ["data/indicators.yml"]))
    assert memo.get("step", "inputs") == ("markdown", ["data/indicators.yml"])
    assert memo.get("step", "other inputs") is None


def test_the_signing_key_is_kept_outside_the_project(memo, tmp_path):
    memo.put("step", "inputs", "value")
    key_files = list((tmp_path / "user-cache").rglob("*.key"))
    assert len(key_files) == 1
    assert oct(key_files[0].stat().st_mode & 0o777) == "0o600"
    assert not list((tmp_path / "project").rglob("*.key"))


def test_an_entry_not_written_here_is_never_unpickled(memo, tmp_path):
    marker = tmp_path / "code-ran"
    path = Path(memo._path("step", "inputs"))
    path.parent.mkdir(parents=True)
    # As a repository or a copied project could carry it: a plain pickle, and one with a
    # made-up signature in front.
    for planted in (pickle.dumps(_Planted(marker)), os.urandom(32) + pickle.dumps(_Planted(marker))):
        path.write_bytes(planted)
        assert memo.get("step", "inputs") is None
        assert not marker.exists()


def test_a_changed_entry_is_not_used(memo):
    memo.put("step", "inputs", "the page as built")
    path = Path(memo._path("step", "inputs"))
    data = bytearray(path.read_bytes())
    data[-2] ^= 0xFF
    path.write_bytes(bytes(data))
    assert memo.get("step", "inputs") is None


def test_a_signed_entry_moved_to_another_key_is_not_used(memo):
    memo.put("step", "inputs", "the chapter")
    moved = Path(memo._path("step", "other inputs"))
    moved.parent.mkdir(parents=True, exist_ok=True)
    moved.write_bytes(Path(memo._path("step", "inputs")).read_bytes())
    assert memo.get("step", "other inputs") is None


def test_pruning_keeps_what_the_build_used_and_removes_the_rest(memo):
    memo.put("step", "used", "kept")
    memo.put("step", "unused", "removed")
    memo.put("other step", "unused", "removed")
    after = BuildMemo(memo.folder)  # the next build: looks up one entry, keeps another
    after.get("step", "used")
    after.keep("other step", "kept unread")
    after.prune()
    assert after.get("step", "used") == "kept"
    assert after.get("step", "unused") is None and after.get("other step", "unused") is None
    entries = [path for path in memo.folder.rglob("*") if path.is_file()]
    assert len(entries) == 1, entries


@pytest.mark.parametrize("package", ["mkdocs", "pyyaml", "pydantic", "tinycss2"])
def test_another_version_of_a_package_that_reads_content_misses_every_entry(memo, monkeypatch, package):
    import importlib.metadata

    memo.put("step", "inputs", "the page as built")
    installed = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version",
                        lambda name: "0.0-other" if name == package else installed(name))
    memo_module.engine_version.cache_clear()
    try:
        assert BuildMemo(memo.folder).get("step", "inputs") is None
    finally:
        monkeypatch.undo()
        memo_module.engine_version.cache_clear()
    assert BuildMemo(memo.folder).get("step", "inputs") == "the page as built"
