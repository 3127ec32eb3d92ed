"""Two builds of the same commit are byte-identical, dated by the commit (or by
SOURCE_DATE_EPOCH), not by the day they ran; a failed build leaves site/ and dist/ as
they were."""
from __future__ import annotations

import datetime as dt
import gzip
import os
import subprocess
import sys

import pytest

from tests.support import CHAPTER, REPO, copy_project

COMMIT_DATE = "2025-03-14T15:09:26Z"  # not today: a clock-dated build would differ


def build(project, site, **env):
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environment.update(NO_MKDOCS_2_WARNING="1", **env)
    return subprocess.run([sys.executable, "-m", "handbook", "--project", str(project), "build",
                           "--site-dir", str(site)], cwd=REPO, env=environment,
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
    assert sorted(p.name for p in project.iterdir()) == before  # no half-built folder
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
