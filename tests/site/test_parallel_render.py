"""Pages' HTML made on every core (macros/parallel_plugin.py): a build of a large handbook
shares MkDocs' markdown step with copies of itself, and gives, byte for byte, what a build
in one process gives; the pages the copies rendered are in the build cache for the next
build; and a copy that stops only leaves its pages to the build. Each build runs in a new
interpreter, as `make build` does: in a process running other threads (this test run's,
for one) the build renders every page itself."""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from mkdocs.structure.pages import Page

import macros.parallel_plugin as parallel_plugin
from bench.synthetic import generate_project
from handbook.build import processes
from handbook.build.memo import BuildMemo
from handbook.build.processes import cores
from handbook.build.site import build_site
from macros.memo_plugin import RENDERED
from tests.site.test_incremental import EPOCH, files_of
from tests.support import REPO

CHAPTERS = processes.PARALLEL_FROM + 10

pytestmark = pytest.mark.skipif(cores() < 2, reason="one core: every page is rendered by the build itself")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return generate_project(REPO, tmp_path_factory.mktemp("parallel") / "project", CHAPTERS)


def _build(project: Path, out: Path, *, incremental: bool, parallel_from: int | None = None,
           copies_stop: bool = False) -> dict:
    """Build `project` into `out` as `make build` does, in a new interpreter (the test
    run's own process has other threads, in which the build never forks), and say how many
    pages that process rendered itself (a copy's renders are counted in the copy)."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(_build_here, project, out, incremental, parallel_from, copies_stop).result()


def _build_here(project: Path, out: Path, incremental: bool, parallel_from: int | None, copies_stop: bool) -> dict:
    rendered = {"pages": 0}
    render = Page.render

    def counting_render(self, config, files):
        rendered["pages"] += 1
        return render(self, config, files)
    Page.render = counting_render
    if parallel_from is not None:
        processes.PARALLEL_FROM = parallel_from
    if copies_stop:
        def stop_at_once(self, run, config, files, results):
            os._exit(1)  # as a copy killed by the system would: no results, no goodbye
        parallel_plugin.ParallelRenderPlugin._render_in_copy = stop_at_once
    memo = BuildMemo.for_project(project) if incremental else None
    build_site(project, out / "site", out / "dist", incremental=incremental, memo=memo)
    return {"rendered_here": rendered["pages"], "rendered_afresh": memo.missed[RENDERED] if memo else None}


@pytest.fixture(autouse=True)
def epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # the new interpreters inherit it


def test_copies_render_part_of_the_pages_and_the_site_is_the_same(project, tmp_path):
    shared = _build(project, tmp_path / "shared", incremental=False)
    alone = _build(project, tmp_path / "alone", incremental=False, parallel_from=10**9)  # one process
    built, single = files_of(tmp_path / "shared"), files_of(tmp_path / "alone")
    assert sorted(built) == sorted(single)
    assert [name for name in single if built[name] != single[name]] == []
    assert alone["rendered_here"] > CHAPTERS
    assert shared["rendered_here"] < alone["rendered_here"] * 0.7, (shared, alone)  # the copies did the rest


def test_pages_a_copy_rendered_are_kept_for_the_next_build(tmp_path):
    project = generate_project(REPO, tmp_path / "project", CHAPTERS)
    first = _build(project, tmp_path / "one", incremental=True)
    assert first["rendered_here"] < first["rendered_afresh"]  # some were rendered by copies...
    assert first["rendered_afresh"] > CHAPTERS                # ...and counted as rendered afresh
    second = _build(project, tmp_path / "two", incremental=True)
    assert second["rendered_afresh"] == 0, second              # ...and stored, and kept
    assert files_of(tmp_path / "one") == files_of(tmp_path / "two")


def test_a_copy_that_stops_leaves_its_pages_to_the_build(project, tmp_path):
    stopped = _build(project, tmp_path / "stopped", incremental=False, copies_stop=True)
    assert stopped["rendered_here"] > CHAPTERS  # every page rendered here
    _build(project, tmp_path / "whole", incremental=False)
    assert files_of(tmp_path / "stopped") == files_of(tmp_path / "whole")
