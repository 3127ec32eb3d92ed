"""One benchmark run: generate the synthetic handbook, build it with the handbook's
pipeline and as a default Material site, and measure both."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from .measure import (
    REPO,
    BenchError,
    BuildRun,
    chromium,
    edit_chapter_text,
    first_search_result,
    page_url,
    pdf_seconds_per_page,
    run_build,
    serve_edit_seconds,
    served,
    site_figures,
)
from .plain import write_plain_project
from .relevance import load_queries, measure
from .synthetic import REAL_CHAPTER, generate_project

BUILD_NAMES = {"handbook": "the handbook's pipeline (checks, macros, overrides, strict)",
               "material": "the same pages as a default Material site"}
SEARCH_QUERY = "missing"  # a word of the real chapter that every synthetic part shares


def progress(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


PDF_SAMPLE_CHAPTERS = 20


def run_once(chapters: int, workdir: Path, *, repeat: int = 1, browser: bool = True, serve: bool = True) -> dict:
    """Every figure for a synthetic handbook of `chapters` chapters, built under `workdir`."""
    progress(f"generating a handbook of {chapters} chapters in {workdir}")
    project = generate_project(REPO, workdir / "project", chapters)
    ours_site, plain_site = workdir / "handbook-site", workdir / "material-site"

    plain_config = write_plain_project(project, REPO / "mkdocs.yml", workdir / "material", plain_site)
    builds = {
        # The site alone, as the default build makes: PDFs are timed apart, below.
        # --clean: a clean build, reusing nothing and storing nothing (.handbook-cache/).
        "handbook": [sys.executable, "-m", "handbook", "--project", str(project), "build", "--no-pdf",
                     "--clean", "--site-dir", str(ours_site), "--dist-dir", str(workdir / "dist")],
        "material": [sys.executable, "-m", "mkdocs", "build", "-f", str(plain_config)],
    }
    fastest: dict[str, BuildRun] = {}
    peak_memory = dict.fromkeys(builds, 0)
    for attempt in range(1, repeat + 1):  # alternated, so that both meet the same load
        for key, command in builds.items():
            progress(f"build {attempt}/{repeat}: {BUILD_NAMES[key]}")
            build = run_build(command, workdir / f"{key}-build.log")
            peak_memory[key] = max(peak_memory[key], build.peak_memory_bytes)
            if key not in fastest or build.seconds < fastest[key].seconds:
                fastest[key] = build

    results = {"chapters": chapters, "build_repeats": repeat, "load_average": round(os.getloadavg()[0], 2)}
    for key, site in (("handbook", ours_site), ("material", plain_site)):
        results[key] = {"build_seconds": round(fastest[key].seconds, 2),
                        "build_cpu_seconds": round(fastest[key].cpu_seconds, 2),
                        "peak_memory_bytes": peak_memory[key],
                        **site_figures(site, REAL_CHAPTER)}
    results["build_time_ratio"] = round(fastest["handbook"].seconds / fastest["material"].seconds, 3)
    results["build_cpu_time_ratio"] = round(fastest["handbook"].cpu_seconds / fastest["material"].cpu_seconds, 3)

    results["incremental"] = incremental_builds(project, workdir)

    if browser or serve:
        with chromium() as chromium_browser:
            if browser:
                for key, site in (("handbook", ours_site), ("material", plain_site)):
                    progress(f"timing the first search result ({key} site, 4x CPU throttling)")
                    with served(site) as base:
                        seconds, loaded = first_search_result(
                            chromium_browser, base + page_url(site, REAL_CHAPTER), SEARCH_QUERY)
                    results[key]["first_search_result_seconds"] = round(seconds, 2)
                    results[key]["bytes_loaded_by_first_result"] = loaded
                for key, site in (("handbook", ours_site), ("material", plain_site)):
                    progress(f"typing the relevance queries into the search box ({key} site)")
                    with served(site) as base:
                        relevance = search_relevance(chromium_browser, base + page_url(site, REAL_CHAPTER))
                    results[key]["search_top3_hit_rate"] = round(relevance.rate, 3)
                    results[key]["search_top3_misses"] = relevance.misses
            if serve:
                progress("timing a text edit and a title change while `make serve` runs")
                results["serve_edit_seconds"] = {mode: round(seconds, 2) for mode, seconds in serve_edit_seconds(
                    chromium_browser, project, _chapter_to_edit(project), log=workdir / "serve.log").items()}

    # The whole-handbook PDF of hundreds of chapters runs to thousands of pages: PDFs are
    # timed on a sample of the same synthetic chapters.
    sample = min(chapters, PDF_SAMPLE_CHAPTERS)
    progress(f"building the PDFs of a {sample}-chapter sample, if the handbook has a PDF builder")
    try:
        per_page = pdf_seconds_per_page(generate_project(REPO, workdir / "pdf-project", sample),
                                        workdir / "pdf.log")
    except BenchError as exc:
        progress(f"PDF: {exc}")
        per_page = None
    results["handbook"]["pdf_seconds_per_page"] = None if per_page is None else round(per_page, 3)
    return results


EDIT_BUILDS = 3  # one-sentence edits, each built by a `make build` of its own


def incremental_builds(project: Path, workdir: Path) -> dict:
    """`make build` as an editor meets it: a first build (the cache is empty: it fills it),
    then builds after one sentence added to one chapter (EDIT_BUILDS of them, one after
    the other, each a process of its own). The figure is their median: on a shared machine
    one run can be far off (the first comes while the first build's 200 MB are still
    being written to disk); every run is kept in the JSON."""
    command = [sys.executable, "-m", "handbook", "--project", str(project), "build", "--no-pdf",
               "--site-dir", str(workdir / "incremental-site"), "--dist-dir", str(workdir / "incremental-dist")]
    progress("build filling the cache (make build on a fresh checkout)")
    first = run_build(command, workdir / "incremental-first.log")
    edits = []
    for number in range(1, EDIT_BUILDS + 1):
        edit_chapter_text(project, _chapter_to_edit(project), f"Sentence {number} added to time a rebuild.")
        progress(f"build after a one-sentence edit to one chapter (make build), {number}/{EDIT_BUILDS}")
        edits.append(run_build(command, workdir / f"incremental-edit-{number}.log"))
    median = sorted(edits, key=lambda run: run.seconds)[len(edits) // 2]
    return {"first_build_seconds": round(first.seconds, 2), "edit_build_seconds": round(median.seconds, 2),
            "edit_build_cpu_seconds": round(median.cpu_seconds, 2),
            "edit_build_runs_seconds": [round(run.seconds, 2) for run in edits],
            "peak_memory_bytes": max(run.peak_memory_bytes for run in [first, *edits])}


def search_relevance(browser, url: str):
    """The share of tests/browser/search-queries.yml whose expected section is among the
    first three results (bench/relevance.py), typed into the site's search box."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(url, wait_until="load")
        return measure(page, load_queries())
    finally:
        page.close()


def _chapter_to_edit(project: Path) -> str:
    """A synthetic chapter (the real one when there is no other)."""
    docs = project / "docs"
    chapters = sorted(path.relative_to(docs).as_posix() for path in (docs / "chapters").glob("*/*.md"))
    return chapters[len(chapters) // 2] if chapters else REAL_CHAPTER
