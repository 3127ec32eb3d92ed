"""Pages' HTML made on every core (macros/parallel_plugin.py): a build of a large handbook
shares MkDocs' markdown step with copies of itself, and gives, byte for byte, what a build
in one process gives; the pages the copies rendered are in the build cache for the next
build; and a copy that stops only leaves its pages to the build."""
from __future__ import annotations

import os

import pytest
from mkdocs.structure.pages import Page

import macros.parallel_plugin as parallel_plugin
from bench.synthetic import generate_project
from handbook.build.memo import BuildMemo
from handbook.build.processes import cores
from handbook.build.site import build_site
from macros.memo_plugin import RENDERED
from tests.site.test_incremental import EPOCH, files_of
from tests.support import REPO

CHAPTERS = parallel_plugin.PARALLEL_FROM + 10

pytestmark = pytest.mark.skipif(cores() < 2, reason="one core: every page is rendered by the build itself")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return generate_project(REPO, tmp_path_factory.mktemp("parallel") / "project", CHAPTERS)


@pytest.fixture
def rendered_here(monkeypatch):
    """How many pages this process rendered (the copies' renders are counted in theirs)."""
    count = {"pages": 0}
    render = Page.render

    def counting_render(self, config, files):
        count["pages"] += 1
        return render(self, config, files)
    monkeypatch.setattr(Page, "render", counting_render)
    return count


@pytest.fixture(autouse=True)
def epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def test_copies_render_part_of_the_pages_and_the_site_is_the_same(project, rendered_here, monkeypatch, tmp_path):
    build_site(project, tmp_path / "shared" / "site", tmp_path / "shared" / "dist", incremental=False)
    shared_here = rendered_here["pages"]
    monkeypatch.setattr(parallel_plugin, "PARALLEL_FROM", 10**9)  # one process does it all
    rendered_here["pages"] = 0
    build_site(project, tmp_path / "alone" / "site", tmp_path / "alone" / "dist", incremental=False)
    alone = rendered_here["pages"]

    shared, single = files_of(tmp_path / "shared"), files_of(tmp_path / "alone")
    assert sorted(shared) == sorted(single)
    assert [name for name in single if shared[name] != single[name]] == []
    assert alone > CHAPTERS
    assert shared_here < alone * 0.7, (shared_here, alone)  # the copies rendered the rest


def test_pages_a_copy_rendered_are_kept_for_the_next_build(project, rendered_here, tmp_path):
    copy = generate_project(REPO, tmp_path / "project", CHAPTERS)
    first = BuildMemo.for_project(copy)
    build_site(copy, tmp_path / "one" / "site", None, memo=first)
    assert rendered_here["pages"] < first.missed[RENDERED]  # some were rendered by copies...
    assert first.missed[RENDERED] > CHAPTERS                # ...and counted as rendered afresh
    second = BuildMemo.for_project(copy)
    build_site(copy, tmp_path / "two" / "site", None, memo=second)
    assert second.missed[RENDERED] == 0, second.missed      # ...and stored, and kept
    assert files_of(tmp_path / "one") == files_of(tmp_path / "two")


def test_a_copy_that_stops_leaves_its_pages_to_the_build(project, rendered_here, monkeypatch, tmp_path):
    def stop_at_once(self, run, config, files, results):
        os._exit(1)  # as a copy killed by the system would: no results, no goodbye
    with monkeypatch.context() as patched:
        patched.setattr(parallel_plugin.ParallelRenderPlugin, "_render_in_copy", stop_at_once)
        build_site(project, tmp_path / "stopped" / "site", None, incremental=False)
    assert rendered_here["pages"] > CHAPTERS  # every page rendered here
    build_site(project, tmp_path / "whole" / "site", None, incremental=False)
    assert files_of(tmp_path / "stopped") == files_of(tmp_path / "whole")
