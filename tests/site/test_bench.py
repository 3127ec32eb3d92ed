"""`make bench` at a tiny size: the whole run works and every figure is there and sane
(no timing is asserted: the figures are for people to read)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.support import REPO

CHAPTERS = 3
OTHER_PAGES = sum(1 for path in (REPO / "docs").rglob("*.md") if "chapters" not in path.parts)
MB = 1024 * 1024


def test_bench_prints_and_writes_every_figure_for_both_sites(tmp_path):
    figures_file = tmp_path / "figures.json"
    result = subprocess.run([sys.executable, "-m", "bench", "--chapters", str(CHAPTERS),
                             "--json", str(figures_file)],
                            cwd=REPO, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr

    assert "ratio handbook / default" in result.stdout
    assert "Traceback" not in result.stderr
    figures = json.loads(figures_file.read_text())
    assert figures["chapters"] == CHAPTERS
    for site in ("handbook", "material"):
        site_figures = figures[site]
        # Every page and 404.html; the handbook adds its earlier editions and "What changed".
        assert site_figures["html_pages"] >= CHAPTERS + OTHER_PAGES + 1
        assert 0 < site_figures["build_seconds"] < 600
        assert 0 < site_figures["build_cpu_seconds"]
        assert 10 * MB < site_figures["peak_memory_bytes"] < 1024 * MB
        assert site_figures["site_bytes"] > site_figures["chapter_page_bytes"] > 10_000
        assert 0 < site_figures["chapter_page_gzip_bytes"] < site_figures["chapter_page_bytes"]
        assert 0 < site_figures["search_index_gzip_bytes"] < site_figures["search_index_bytes"]
        assert 0 < site_figures["first_search_result_seconds"] < 180
        assert site_figures["bytes_loaded_by_first_result"] > site_figures["chapter_page_bytes"]
    assert figures["build_time_ratio"] == pytest.approx(
        figures["handbook"]["build_seconds"] / figures["material"]["build_seconds"], rel=0.05)
    serving = figures["serve_edit_seconds"]
    assert set(serving) == {"text", "title", "title_everywhere", "title_in_place", "title_in_place_everywhere"}
    assert serving["title_everywhere"] >= serving["title"]
    assert serving["title_in_place_everywhere"] >= serving["title_in_place"]
    assert all(0 < seconds < 600 for seconds in figures["serve_edit_seconds"].values())
    incremental = figures["incremental"]
    assert 0 < incremental["edit_build_seconds"] < 600 and 0 < incremental["first_build_seconds"] < 600
    runs = incremental["edit_build_runs_seconds"]
    assert len(runs) == 3 and incremental["edit_build_seconds"] == sorted(runs)[1]
    assert 10 * MB < incremental["peak_memory_bytes"] < 1024 * MB
    assert "make build after a one-sentence edit, median (s)" in result.stdout
    assert "serving: title change shown (s)" in result.stdout
    assert figures["material"]["html_pages"] == CHAPTERS + OTHER_PAGES + 1
    assert figures["handbook"]["pdf_seconds_per_page"] > 0
