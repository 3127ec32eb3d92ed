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
from handbook.build.staging import EPOCH_VARIABLE, LOCK_FILE, build_epoch, build_lock, staged_outputs
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
