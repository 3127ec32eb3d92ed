"""The benchmark's figures as plain-text tables."""
from __future__ import annotations

KB, MB = 1024, 1024 * 1024

# (label, key in each site's figures, divisor, decimals)
SITE_FIGURES = [
    ("build time (s)", "build_seconds", 1, 1),
    ("build CPU time (s)", "build_cpu_seconds", 1, 1),
    ("peak memory (MB)", "peak_memory_bytes", MB, 0),
    ("site size (MB)", "site_bytes", MB, 1),
    ("HTML pages", "html_pages", 1, 0),
    ("chapter page (KB)", "chapter_page_bytes", KB, 1),
    ("chapter page, gzip (KB)", "chapter_page_gzip_bytes", KB, 1),
    ("search index (KB)", "search_index_bytes", KB, 0),
    ("search index, gzip (KB)", "search_index_gzip_bytes", KB, 0),
    ("first search result, 4x CPU (s)", "first_search_result_seconds", 1, 2),
    ("bytes loaded by then (KB)", "bytes_loaded_by_first_result", KB, 0),
    ("search: relevant in top 3 (%)", "search_top3_hit_rate", 0.01, 0),
    ("PDF time per page (s), 20-chapter sample", "pdf_seconds_per_page", 1, 3),
]
SITES = (("handbook", "handbook"), ("material", "default Material"))


def _value(figures: dict, key: str, divisor: float, decimals: int) -> str:
    if key not in figures:
        return "-"
    value = figures[key]
    return "n/a" if value is None else f"{value / divisor:,.{decimals}f}"


def comparison_table(run: dict) -> str:
    width = 34
    lines = [f"Synthetic handbook of {run['chapters']} chapters "
             f"(fastest of {run['build_repeats']} build(s) each; "
             f"load average {run['load_average']} at the end of the builds)",
             f"{'':{width}}{'handbook':>12}{'default Material':>18}"]
    for label, key, divisor, decimals in SITE_FIGURES:
        cells = [_value(run[site], key, divisor, decimals) for site, _ in SITES]
        lines.append(f"{label:{width}}{cells[0]:>12}{cells[1]:>18}")
        if key == "build_seconds":
            lines.append(f"{'  ratio handbook / default':{width}}{run['build_time_ratio']:>12.2f}")
        if key == "build_cpu_seconds":
            lines.append(f"{'  ratio handbook / default':{width}}{run['build_cpu_time_ratio']:>12.2f}")
    for label, value in _incremental_rows(run):
        lines.append(f"{label:{width}}{value:>12}")
    return "\n".join(lines) + "\n"


# (label, where in a run's figures, divisor, decimals): make build and make serve after an edit
INCREMENTAL_FIGURES = [
    ("make build, empty cache (s)", ("incremental", "first_build_seconds"), 1, 1),
    ("make build after a one-sentence edit, median (s)", ("incremental", "edit_build_seconds"), 1, 1),
    ("  its peak memory (MB)", ("incremental", "peak_memory_bytes"), MB, 0),
    ("serving: text edit shown (s)", ("serve_edit_seconds", "text"), 1, 2),
    ("serving: title change shown (s)", ("serve_edit_seconds", "title"), 1, 2),
    ("  that title in every page (s)", ("serve_edit_seconds", "title_everywhere"), 1, 2),
    ("serving: title corrected in place shown (s)", ("serve_edit_seconds", "title_in_place"), 1, 2),
    ("  the corrected title in every page (s)", ("serve_edit_seconds", "title_in_place_everywhere"), 1, 2),
]


def _incremental_value(run: dict, where: tuple[str, str]):
    return run.get(where[0], {}).get(where[1])


def _incremental_rows(run: dict):
    for label, where, divisor, decimals in INCREMENTAL_FIGURES:
        value = _incremental_value(run, where)
        if value is not None:
            yield label, f"{value / divisor:,.{decimals}f}"
        if where == ("incremental", "edit_build_seconds") and (runs := _incremental_value(
                run, ("incremental", "edit_build_runs_seconds"))):
            yield "  each run (s)", ", ".join(f"{seconds:.1f}" for seconds in runs)


def _scale_rows(runs: list[dict]):
    for site, name in SITES:
        for label, key, divisor, decimals in SITE_FIGURES:
            values = [run[site].get(key) for run in runs]
            if all(v is not None for v in values):
                yield f"{name}: {label}", values, divisor, decimals
    yield "build time ratio", [run["build_time_ratio"] for run in runs], 1, 2
    yield "build CPU time ratio", [run["build_cpu_time_ratio"] for run in runs], 1, 2
    for label, where, divisor, decimals in INCREMENTAL_FIGURES:
        values = [_incremental_value(run, where) for run in runs]
        if all(v is not None for v in values):
            yield label.strip(), values, divisor, decimals


def scale_table(runs: list[dict]) -> str:
    """Each figure at each size, and how much it grew from one size to the next beside how
    much the chapters grew: a figure that grows faster than the chapters is super-linear."""
    sizes = [run["chapters"] for run in runs]
    width = 52
    steps = list(zip(sizes, sizes[1:], strict=False))
    header = f"{'':{width}}" + "".join(f"{n:>10}" for n in sizes) + "".join(
        f"{f'{a}->{b} (x{b / a:g})':>18}" for a, b in steps)
    lines = ["How each figure grows with the number of chapters", header]
    for label, values, divisor, decimals in _scale_rows(runs):
        cells = "".join(f"{v / divisor:>10,.{decimals}f}" for v in values)
        growth = "".join(f"{f'x{b / a:.2f}' if a else '-':>18}" for a, b in zip(values, values[1:], strict=False))
        lines.append(f"{label:{width}}{cells}{growth}")
    return "\n".join(lines) + "\n"
