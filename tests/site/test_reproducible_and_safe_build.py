"""Two builds of the same commit are byte-identical, dated by the commit (or by
SOURCE_DATE_EPOCH), not by the day they ran, whether built afresh or over an earlier
build; a failed or killed build leaves site/ and dist/ as they were, and one build of a
project runs at a time."""
from __future__ import annotations

import datetime as dt
import fcntl
import gzip
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

from handbook.build.memo import CACHE_FOLDER
from handbook.build.staging import LOCK_FILE
from tests.support import CHAPTER, REPO, copy_project

FIXTURE = REPO / "tests" / "fixtures" / "other-partnership"  # a small handbook: quick to build

COMMIT_DATE = "2025-03-14T15:09:26Z"  # not today: a clock-dated build would differ


def command(project, site, *options):
    return [sys.executable, "-m", "handbook", "--project", str(project), "build", "--site-dir", str(site), *options]


def environment(**env):
    variables = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "HANDBOOK_DEBUG")}
    return {**variables, "NO_MKDOCS_2_WARNING": "1", **env}


def build(project, site, *options, **env):
    return subprocess.run(command(project, site, *options), cwd=REPO, env=environment(**env),
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def committed_project(tmp_path_factory):
    """The handbook's content as a commit of its own, made on COMMIT_DATE."""
    project = tmp_path_factory.mktemp("repro") / "project"
    copy_project(project)
    env = {"GIT_AUTHOR_DATE": COMMIT_DATE, "GIT_COMMITTER_DATE": COMMIT_DATE, "HOME": str(project),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin"}
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "content"]):
        subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)
    return project


def files_of(site):
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}


def gzip_date(path) -> dt.date:
    with gzip.open(path) as stream:
        stream.read()
        return dt.datetime.fromtimestamp(stream.mtime).date()


def test_two_builds_of_one_commit_are_byte_identical(committed_project, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    assert build(committed_project, first).returncode == 0
    assert build(committed_project, second).returncode == 0
    one, two = files_of(first), files_of(second)
    assert len(one) > 40 and one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    # Dated by the commit, not by the day the build ran.
    assert gzip_date(first / "sitemap.xml.gz") == dt.date(2025, 3, 14)


def test_source_date_epoch_wins(committed_project, tmp_path):
    site = tmp_path / "site"
    assert build(committed_project, site, SOURCE_DATE_EPOCH="1700000000").returncode == 0
    assert gzip_date(site / "sitemap.xml.gz") == dt.date(2023, 11, 14)


def previous_outputs(project):
    for output in ("site", "dist"):
        (project / output).mkdir()
        (project / output / "previous.txt").write_text(f"previous {output}")
    return sorted(p.name for p in project.iterdir())


def assert_previous_outputs_untouched(project, before):
    assert sorted(p.name for p in project.iterdir() if p.name != LOCK_FILE) == before  # no half-built folder
    for output in ("site", "dist"):
        assert [p.name for p in (project / output).iterdir()] == ["previous.txt"]
        assert (project / output / "previous.txt").read_text() == f"previous {output}"


@pytest.mark.parametrize("breakage", [
    ("data/legal.yml", "status: superseded", "status: repealed"),
    (f"docs/{CHAPTER}", "(../consent-and-the-law.md)", "(../consent-law.md)"),
], ids=["invalid-data", "broken-link"])
def test_failed_build_leaves_site_and_dist_untouched(project_copy, breakage):
    relative, old, new = breakage
    before = previous_outputs(project_copy)
    path = project_copy / relative
    path.write_text(path.read_text().replace(old, new, 1))

    result = build(project_copy, project_copy / "site")

    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert_previous_outputs_untouched(project_copy, before)


def test_failure_inside_mkdocs_leaves_site_and_dist_untouched(project_copy, tmp_path):
    # Content that passes every check, and a MkDocs that fails once the new site's
    # temporary folder exists: here, a configuration naming a markdown extension that
    # is not installed.
    from handbook.build.site import CONFIG, build_site
    from handbook.problems import HandbookError

    for folder in ("overrides", "macros"):  # found beside the configuration
        (tmp_path / folder).symlink_to(REPO / folder)
    config = tmp_path / "mkdocs.yml"
    config.write_text(CONFIG.read_text().replace("  - abbr\n", "  - abbr\n  - no_such_extension\n", 1))
    before = previous_outputs(project_copy)

    with pytest.raises(HandbookError, match="no_such_extension"):
        build_site(project_copy, project_copy / "site", config_file=config)

    assert_previous_outputs_untouched(project_copy, before)


def test_the_built_site_is_readable_by_a_web_server_running_as_another_user(built_site):
    assert built_site.stat().st_mode & 0o755 == 0o755


# --- A build over an earlier one, killed builds, builds at the same time --------------------

def test_a_rebuild_at_a_new_build_time_equals_a_clean_build(tmp_path):
    """Unchanged PDFs are reused only when they print the same build time: a rebuild at a new
    SOURCE_DATE_EPOCH (a new commit) gives the bytes a clean build of the same inputs gives."""
    project = shutil.copytree(FIXTURE, tmp_path / "project")
    rebuilt, clean = tmp_path / "rebuilt", tmp_path / "clean"
    for out, epoch in [(rebuilt, "1763544600"), (rebuilt, "1764149400"), (clean, "1764149400")]:
        result = build(project, out / "site", "--dist-dir", str(out / "dist"), SOURCE_DATE_EPOCH=epoch)
        assert result.returncode == 0, result.stderr
    for output in ("site", "dist"):
        one, two = files_of(rebuilt / output), files_of(clean / output)
        assert one.keys() == two.keys() and len(one) > 3
        assert [name for name in one if one[name] != two[name]] == [], output
    assert sorted(files_of(clean / "dist")) == [".pdf-fingerprints.json", "chapters/signs.pdf",
                                                "northmoor-children-s-procedures-offline.zip",
                                                "northmoor-children-s-procedures.pdf"]


def test_outputs_under_an_old_title_go_when_the_title_changes(tmp_path):
    project = shutil.copytree(FIXTURE, tmp_path / "project")
    site, dist = tmp_path / "site", tmp_path / "dist"
    assert build(project, site, "--dist-dir", str(dist)).returncode == 0
    partnership = project / "data" / "partnership.yml"
    partnership.write_text(partnership.read_text().replace(
        "handbook_title: Northmoor Children's Procedures", "handbook_title: Northmoor Procedures", 1))

    result = build(project, site, "--dist-dir", str(dist))

    assert result.returncode == 0, result.stderr
    assert sorted(files_of(dist)) == [".pdf-fingerprints.json", "chapters/signs.pdf",
                                      "northmoor-procedures-offline.zip", "northmoor-procedures.pdf"]


def test_a_build_killed_while_printing_leaves_site_and_dist_as_they_were(project_copy):
    before = previous_outputs(project_copy)
    running = subprocess.Popen(command(project_copy, project_copy / "site"), cwd=REPO, env=environment(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while running.poll() is None and time.monotonic() < deadline:
        if list(project_copy.glob(".dist-building-*/chapters/*.pdf")):  # the first PDF is being written
            running.send_signal(signal.SIGKILL)
            break
        time.sleep(0.02)
    assert running.wait(timeout=60) == -signal.SIGKILL, "the build ended before it could be killed"
    for output in ("site", "dist"):
        assert [p.name for p in (project_copy / output).iterdir()] == ["previous.txt"], output
    assert list(project_copy.glob(".site-building-*")) and list(project_copy.glob(".dist-building-*"))

    result = build(project_copy, project_copy / "site")  # the next build clears what was left

    assert result.returncode == 0, result.stderr
    # Nothing left over; beside the outputs, the lock and the build's memo (.handbook-cache/).
    assert sorted(p.name for p in project_copy.iterdir()) == sorted(before + [LOCK_FILE, CACHE_FOLDER])
    assert not (project_copy / "dist" / "previous.txt").exists()
    assert len(list((project_copy / "dist").rglob("*.pdf"))) == 2


def test_a_second_build_waits_for_the_first(tmp_path):
    project = shutil.copytree(FIXTURE, tmp_path / "project")
    with open(project / LOCK_FILE, "w") as first:  # the first build, as its lock shows it
        fcntl.flock(first, fcntl.LOCK_EX)
        first.write("4242\n")
        first.flush()
        second = subprocess.Popen(command(project, tmp_path / "site", "--no-pdf", "--dist-dir", str(tmp_path / "dist")),
                                  cwd=REPO, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True)
        guard = threading.Timer(120, first.close)  # should the message never come
        guard.start()
        said = ""
        while "waiting" not in said and (line := second.stderr.readline()):
            said = line
        assert not (tmp_path / "site").exists()  # it waits
        guard.cancel()
    assert "waiting for another build of this project (pid 4242) to finish" in said
    _, rest = second.communicate(timeout=300)
    assert second.returncode == 0, rest
    assert (tmp_path / "site" / "index.html").is_file()
