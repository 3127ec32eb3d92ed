import dataclasses
import datetime as dt
import subprocess

import pytest

from handbook.build.staging import EPOCH_VARIABLE, BuildSource, build_source, fixed_build_time
from handbook.content.pages import ChapterMeta, Page
from handbook.paper.print_stamp import PrintStamp, chapter_pdf_link, css_string, source_words, stamp_css

STAMP = PrintStamp(handbook_title="Northmoor Procedures", edition="1 June 2026", valid_for_hours=24,
                   statement='Printed copies are "uncontrolled".', online_address=None,
                   partnership="Northmoor Safeguarding Children Partnership",
                   source="Source as of 2 June 2026, commit 1a2b3c4")
BUILT = dt.datetime(2026, 6, 2, 10, 0, tzinfo=dt.UTC)


def chapter(src):
    meta = ChapterMeta.model_validate(dict(title="T", summary="S", owner="O", last_reviewed="2026-06",
                                           amendments=[{"date": "2026-06", "summary": "First."}]))
    return Page(src=src, path=f"docs/{src}", meta=meta, body="", body_first_line=1)


def test_stamp_says_which_source_edition_how_long_and_who_has_the_current_version():
    assert STAMP.lines == [
        "Northmoor Procedures · Edition of 1 June 2026 · Source as of 2 June 2026, commit 1a2b3c4",
        "UNCONTROLLED WHEN PRINTED: valid for at most 24 hours after printing",
        "Check the current version with Northmoor Safeguarding Children Partnership",
    ]
    assert not any("not configured" in line or "Generated" in line for line in STAMP.lines)


def test_an_unconfirmed_printing_policy_gives_no_hours_and_no_statement_of_its_own():
    unconfirmed = dataclasses.replace(STAMP, valid_for_hours=None)
    assert unconfirmed.lines[1] == ("UNCONTROLLED WHEN PRINTED: the partnership has not set how long a "
                                    "printed copy is valid; check the current version before relying on it")


def test_with_an_online_address_the_stamp_gives_it():
    online = dataclasses.replace(STAMP, online_address="https://handbook.example.org/")
    assert online.lines[2] == "Online version: https://handbook.example.org/"


@pytest.mark.parametrize("source, words", [
    (BuildSource(BUILT, commit="1a2b3c4"), "Source as of 2 June 2026, commit 1a2b3c4"),
    (BuildSource(BUILT, commit="1a2b3c4", changed=True),
     "Source as of 2 June 2026, commit 1a2b3c4, with uncommitted changes"),
    (BuildSource(BUILT), "Source as of 2 June 2026, 10:00 UTC"),  # SOURCE_DATE_EPOCH, no git
    (BuildSource(BUILT, clock=True), "Built 2 June 2026, 10:00 UTC"),  # neither: the clock
], ids=["commit", "uncommitted-changes", "source-date-epoch", "clock"])
def test_the_stamp_never_calls_a_sources_date_the_time_it_was_generated(source, words):
    assert source_words(source, BUILT) == words


def git(*args, cwd):
    date = "2025-03-14T15:09:26Z"
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "HOME": str(cwd),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def test_a_git_checkout_gives_its_last_commit_and_whether_files_changed(tmp_path, monkeypatch):
    monkeypatch.delenv(EPOCH_VARIABLE, raising=False)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text("x")
    git("init", "-q", cwd=tmp_path)
    git("add", ".", cwd=tmp_path)
    git("commit", "-qm", "content", cwd=tmp_path)
    commit = git("log", "-1", "--format=%h", cwd=tmp_path).strip()

    source = build_source(tmp_path)
    assert (source.commit, source.changed, source.clock) == (commit, False, False)
    assert source.time == dt.datetime(2025, 3, 14, 15, 9, 26, tzinfo=dt.UTC)
    (tmp_path / ".handbook-build.lock").write_text("1")  # the build's own files are not content
    assert not build_source(tmp_path).changed
    (tmp_path / "docs" / "new.md").write_text("y")  # a page not yet committed
    assert build_source(tmp_path).changed
    (tmp_path / "docs" / "new.md").unlink()
    (tmp_path / "docs" / "page.md").write_text("edited")
    assert build_source(tmp_path).changed
    with fixed_build_time(tmp_path):  # as during a build
        assert build_source(tmp_path).commit == commit


def test_outside_git_the_source_date_epoch_or_else_the_clock_is_said(tmp_path, monkeypatch):
    monkeypatch.setenv(EPOCH_VARIABLE, "1780394400")
    given = build_source(tmp_path)
    assert (given.commit, given.clock) == (None, False)
    monkeypatch.delenv(EPOCH_VARIABLE)
    assert build_source(tmp_path).clock
    with fixed_build_time(tmp_path):  # SOURCE_DATE_EPOCH set from the clock: still the clock
        inside = build_source(tmp_path)
        assert inside.clock and source_words(inside, inside.time).startswith("Built ")


def test_stamp_css_quotes_the_data_safely():
    css = stamp_css(STAMP)
    assert r'content: "Printed copies are \"uncontrolled\"."' in css
    assert r"commit 1a2b3c4\A UNCONTROLLED" in css
    assert css_string('a\\b"\nc') == r'"a\\b\"\A c"'


@pytest.mark.parametrize("src, href", [
    ("chapters/signs.md", "../pdf/signs.pdf"),
    ("chapters/part-one/signs.md", "../../pdf/part-one/signs.pdf"),
])
def test_chapter_pdf_link_is_relative(src, href):
    assert f'href="{href}"' in chapter_pdf_link(chapter(src))
