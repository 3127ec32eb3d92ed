"""Built output is replaced only when a build succeeds (site/ and dist/ together), one
build of a project at a time, and dated by SOURCE_DATE_EPOCH or the last commit, never by
the clock, so that builds can be reproduced."""
from __future__ import annotations

import datetime as dt
import fcntl
import subprocess
import threading
import time

import pytest

from handbook.build.offline import write_offline_zip
from handbook.build.staging import (
    EPOCH_VARIABLE,
    LOCK_FILE,
    build_epoch,
    build_lock,
    files_under,
    staged_outputs,
    write_staged,
)
from handbook.problems import HandbookError


def test_outputs_are_replaced_together_when_the_build_succeeds(tmp_path):
    site, dist = tmp_path / "site", tmp_path / "dist"
    dist.mkdir()
    (dist / "old.txt").write_text("old")
    with staged_outputs([site, dist]) as (new_site, new_dist):
        assert new_site.parent == tmp_path and new_dist.parent == tmp_path
        (new_site / "index.html").write_text("new")
        (new_dist / "new.txt").write_text("new")
        assert (dist / "old.txt").exists()  # nothing visible changes before the end
    assert [p.name for p in dist.iterdir()] == ["new.txt"]
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist", "site"]


def test_outputs_are_untouched_when_the_build_fails(tmp_path):
    site, dist = tmp_path / "site", tmp_path / "dist"
    for target in (site, dist):
        target.mkdir()
        (target / "old.txt").write_text("old")
    with pytest.raises(RuntimeError):
        with staged_outputs([site, dist]) as (new_site, new_dist):
            (new_site / "half.txt").write_text("half")
            (new_dist / "half.txt").write_text("half")
            raise RuntimeError("the builder failed")
    for target in (site, dist):
        assert [p.name for p in target.iterdir()] == ["old.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist", "site"]


def test_an_unchanged_file_is_the_replaced_output_s_file_linked(tmp_path):
    """write_staged: a file with the very bytes the output being replaced has at the same
    place is a link to that file; a changed one, or one in a new place, is a file of its own."""
    site = tmp_path / "site"
    (site / "pages").mkdir(parents=True)
    (site / "pages" / "same.html").write_bytes(b"the same")
    (site / "pages" / "changed.html").write_bytes(b"before")
    with staged_outputs([site]) as (new_site,):
        write_staged(new_site / "pages" / "same.html", b"the same")
        write_staged(new_site / "pages" / "changed.html", b"after")
        write_staged(new_site / "new" / "page.html", b"the same")
        same, changed = (new_site / "pages" / "same.html").stat(), (new_site / "pages" / "changed.html").stat()
        assert same.st_ino == (site / "pages" / "same.html").stat().st_ino and same.st_nlink == 2
        assert changed.st_ino != (site / "pages" / "changed.html").stat().st_ino and changed.st_nlink == 1
        assert (new_site / "new" / "page.html").stat().st_nlink == 1
    assert {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()} \
        == {"pages/same.html": b"the same", "pages/changed.html": b"after", "new/page.html": b"the same"}


def test_a_linked_file_written_again_leaves_the_replaced_output_as_it_was(tmp_path):
    """A file written twice in one build (linked the first time) is replaced the second
    time, never written into: the output still being served keeps its bytes, and a build
    that fails leaves it whole."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_bytes(b"served")
    with pytest.raises(RuntimeError), staged_outputs([site]) as (new_site,):
        write_staged(new_site / "index.html", b"served")
        write_staged(new_site / "index.html", b"rewritten")
        assert (new_site / "index.html").read_bytes() == b"rewritten"
        assert (site / "index.html").read_bytes() == b"served"
        raise RuntimeError("the build fails")
    assert (site / "index.html").read_bytes() == b"served"


def test_a_symbolic_link_in_the_replaced_output_is_never_followed(tmp_path):
    """A link planted in site/ to a file elsewhere with the same bytes: the new file is
    written, not linked to what it points at."""
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"secret")
    site = tmp_path / "site"
    site.mkdir()
    (site / "planted.txt").symlink_to(outside)
    with staged_outputs([site]) as (new_site,):
        write_staged(new_site / "planted.txt", b"secret")
        assert not (new_site / "planted.txt").is_symlink()
        assert (new_site / "planted.txt").stat().st_ino != outside.stat().st_ino
    assert outside.read_bytes() == b"secret" and outside.stat().st_nlink == 1


def test_first_build_creates_the_folder(tmp_path):
    with staged_outputs([tmp_path / "new" / "site"]) as (staging,):
        (staging / "index.html").write_text("x")
    assert (tmp_path / "new" / "site" / "index.html").read_text() == "x"


def test_what_a_killed_build_left_is_removed_at_the_next_start(tmp_path):
    for leftover in (".site-building-k1ll3d", ".site-building-k1ll3d-previous", ".dist-building-x"):
        (tmp_path / leftover).mkdir()
        (tmp_path / leftover / "half.pdf").write_text("half")
    (tmp_path / ".other-folder").mkdir()  # not the build's
    with staged_outputs([tmp_path / "site", tmp_path / "dist"]) as stagings:
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted([".other-folder", *(s.name for s in stagings)])
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other-folder", "dist", "site"]


def test_a_zip_being_written_has_a_name_of_its_own(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("page")
    # Another build's zip, half written under the name every build once used.
    others = tmp_path / "dist" / "h-offline.zip.partial"
    others.parent.mkdir()
    others.write_text("another build's zip")
    built = dt.datetime(2025, 3, 14, tzinfo=dt.UTC)
    zip_path = write_offline_zip(site, tmp_path / "dist" / "h-offline.zip", "h", built)
    assert others.read_text() == "another build's zip"
    assert sorted(p.name for p in zip_path.parent.iterdir()) == ["h-offline.zip", "h-offline.zip.partial"]
    assert zip_path.stat().st_mode & 0o644 == 0o644


def hold_lock(project):
    """The lock as another build holds it (flock: a second open file conflicts, even in
    this process)."""
    handle = open(project / LOCK_FILE, "a+")
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    handle.write("4242\n")
    handle.flush()
    return handle


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path, capsys):
    other = hold_lock(tmp_path)
    threading.Timer(0.5, other.close).start()  # the other build ends
    started = time.monotonic()
    with build_lock(tmp_path, wait_seconds=30):
        assert time.monotonic() - started >= 0.4
        assert (tmp_path / LOCK_FILE).read_text() != "4242\n"  # now names this process
    assert "waiting for another build of this project (pid 4242) to finish" in capsys.readouterr().err


def test_a_second_build_gives_up_clearly_after_a_bounded_wait(tmp_path):
    other = hold_lock(tmp_path)
    try:
        with pytest.raises(HandbookError, match=r"another build of this project \(pid 4242\) is still running"):
            with build_lock(tmp_path, wait_seconds=0.3):
                pytest.fail("ran while another build held the lock")
    finally:
        other.close()
    with build_lock(tmp_path, wait_seconds=0):  # free again
        pass


def git(*args, cwd, date="2025-03-14T15:09:26Z"):
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "HOME": str(cwd),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_build_time_is_the_last_commit_unless_source_date_epoch_says(tmp_path, monkeypatch):
    monkeypatch.delenv(EPOCH_VARIABLE, raising=False)
    (tmp_path / "page.md").write_text("x")
    git("init", "-q", cwd=tmp_path)
    git("add", ".", cwd=tmp_path)
    git("commit", "-qm", "content", cwd=tmp_path)
    committed = int(dt.datetime(2025, 3, 14, 15, 9, 26, tzinfo=dt.UTC).timestamp())
    assert build_epoch(tmp_path) == committed
    monkeypatch.setenv(EPOCH_VARIABLE, "86400")
    assert build_epoch(tmp_path) == 86400


def test_outside_git_the_clock_is_all_there_is(tmp_path, monkeypatch):
    monkeypatch.delenv(EPOCH_VARIABLE, raising=False)
    now = dt.datetime.now(dt.UTC).timestamp()
    assert abs(build_epoch(tmp_path) - now) < 60


def test_a_sites_files_are_listed_in_the_order_of_sorted_paths(tmp_path):
    for name in ("a-b.html", "a/b.html", "a/c/d.js", "a.b/e.css", "A/z.txt", "index.html", "a/c.gz"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name)
    (tmp_path / "empty folder").mkdir()
    (tmp_path / "link.html").symlink_to(tmp_path / "index.html")  # a link to a file is a file
    (tmp_path / "folder link").symlink_to(tmp_path / "a")          # a folder's link is not followed
    expected = [path.relative_to(tmp_path).as_posix() for path in sorted(tmp_path.rglob("*"))
                if path.is_file() and "folder link" not in path.parts]
    assert files_under(tmp_path) == expected
    assert "a/b.html" in expected and expected.index("a/b.html") < expected.index("a-b.html")
