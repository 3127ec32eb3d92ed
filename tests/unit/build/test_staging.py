"""Built output is replaced only when a build succeeds, and dated by SOURCE_DATE_EPOCH or
the last commit, never by the clock, so that builds can be reproduced."""
from __future__ import annotations

import datetime as dt
import subprocess

import pytest

from handbook.build.staging import EPOCH_VARIABLE, build_epoch, staged_output


def test_output_is_replaced_when_the_build_succeeds(tmp_path):
    target = tmp_path / "dist"
    target.mkdir()
    (target / "old.txt").write_text("old")
    with staged_output(target) as staging:
        assert staging.parent == tmp_path and staging != target
        (staging / "new.txt").write_text("new")
        assert (target / "old.txt").exists()  # nothing visible changes before the end
    assert [p.name for p in target.iterdir()] == ["new.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["dist"]


def test_output_is_untouched_when_the_build_fails(tmp_path):
    target = tmp_path / "dist"
    target.mkdir()
    (target / "old.txt").write_text("old")
    with pytest.raises(RuntimeError):
        with staged_output(target) as staging:
            (staging / "half.txt").write_text("half")
            raise RuntimeError("the builder failed")
    assert [p.name for p in target.iterdir()] == ["old.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["dist"]


def test_first_build_creates_the_folder(tmp_path):
    with staged_output(tmp_path / "new" / "site") as staging:
        (staging / "index.html").write_text("x")
    assert (tmp_path / "new" / "site" / "index.html").read_text() == "x"


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
