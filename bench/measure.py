"""The measurements: a build as a separate process (wall and CPU seconds, peak memory), the
sizes of a built site, the time to a first search result in a throttled Chromium, the time
for an edit to reach the browser while `make serve` runs, and PDF seconds per page."""
from __future__ import annotations

import functools
import gzip
import http.server
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from handbook import REPOSITORY as REPO

from .chromium import CHROMIUM, CHROMIUM_ARGS

SEARCH_BOX = "input[data-md-component=search-query]"
SEARCH_RESULT = ".md-search-result__item"
CPU_THROTTLING = 4  # Chrome DevTools' "4x slowdown", roughly a mid-range phone
# Where a site's search index may be: search/ (Material's search_index.json, or the
# handbook's own index beside it) or a Pagefind index.
SEARCH_INDEX_PATHS = ("search", "pagefind")


class BenchError(Exception):
    """A step of the benchmark failed; the message says which and why."""


@dataclass
class BuildRun:
    seconds: float
    cpu_seconds: float
    peak_memory_bytes: int


def environment() -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("HANDBOOK_DEBUG", None)
    return env


def run_build(command: list[str], log: Path) -> BuildRun:
    """Run one build as its own process; its peak memory is that process's alone."""
    with log.open("wb") as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=REPO, env=environment(),
                                   stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-5:]
        raise BenchError(f"`{' '.join(map(str, command))}` failed ({process.returncode}):\n" + "\n".join(tail))
    return BuildRun(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024)  # KiB on Linux


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))  # the usual web server setting


def page_file(site: Path, src: str) -> Path:
    """The HTML file MkDocs wrote for docs/`src`, with or without directory URLs."""
    stem = src.removesuffix(".md")
    for candidate in (site / f"{stem}.html", site / stem / "index.html"):
        if candidate.is_file():
            return candidate
    raise BenchError(f"no page for {src} in {site}")


def page_url(site: Path, src: str) -> str:
    return page_file(site, src).relative_to(site).as_posix()


def site_figures(site: Path, chapter_src: str) -> dict:
    files = [path for path in site.rglob("*") if path.is_file()]
    chapter = page_file(site, chapter_src).read_bytes()
    index_files = [path for name in SEARCH_INDEX_PATHS
                   for path in ([site / name] if (site / name).is_file() else sorted((site / name).rglob("*")))
                   if path.is_file()]
    return {
        "site_bytes": sum(path.stat().st_size for path in files),
        "html_pages": sum(1 for path in files if path.suffix == ".html"),
        "chapter_page_bytes": len(chapter),
        "chapter_page_gzip_bytes": gzip_size(chapter),
        "search_index_bytes": sum(path.stat().st_size for path in index_files),
        "search_index_gzip_bytes": sum(gzip_size(path.read_bytes()) for path in index_files),
    }


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def served(site: Path):
    """`site` on a local HTTP server (127.0.0.1, a free port); yields its address."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise BenchError("Chromium is not installed: run `make test`, which installs it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _local_only(route) -> None:
    # A default Material page asks Google Fonts for its font; there is no network here, and
    # a request left hanging would hold the page's load event.
    if urlsplit(route.request.url).hostname in ("127.0.0.1", None):
        route.continue_()
    else:
        route.abort()


def first_search_result(browser, url: str, query: str) -> tuple[float, int]:
    """Seconds from the start of navigation to `url` (CPU throttled 4x, empty cache) to the
    first search result on screen after typing `query` into Material's search box, and the
    bytes the page had loaded by then (the page, its assets and whatever index it fetched)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        context.route("**/*", _local_only)
        page = context.new_page()
        devtools = context.new_cdp_session(page)
        devtools.send("Emulation.setCPUThrottlingRate", {"rate": CPU_THROTTLING})
        loaded = []
        devtools.send("Network.enable")
        devtools.on("Network.loadingFinished", lambda event: loaded.append(event["encodedDataLength"]))
        start = time.perf_counter()
        page.goto(url, wait_until="load")
        page.click(SEARCH_BOX)
        page.keyboard.type(query)
        page.wait_for_selector(SEARCH_RESULT, timeout=180_000)
        return time.perf_counter() - start, int(sum(loaded))
    finally:
        context.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_edit_seconds(browser, project: Path, chapter_src: str, *, log: Path) -> dict[str, float]:
    """Start `python -m handbook serve` (make serve: strict, incremental) on `project`, open
    `chapter_src` in Chromium, and time three edits from saving the file to the browser
    showing them (reloaded by the live reload): a sentence added to the chapter's text
    ("text"); a new title that moves the chapter in the navigation ("title": the synthetic
    chapters have no `order` and are listed by title); and that title corrected, keeping
    its place ("title_in_place"). For both titles, also until the server sends the title
    in Home ("..._everywhere": the full build that puts it in every page is done)."""
    port = free_port()
    command = [sys.executable, "-m", "handbook", "--project", str(project), "serve",
               "--site-dir", str(project.parent / "serve-site"), "--port", str(port)]
    base = f"http://127.0.0.1:{port}/"
    file = project / "docs" / chapter_src
    with log.open("wb") as output:
        server = subprocess.Popen(command, cwd=REPO, env=environment(), stdout=output, stderr=subprocess.STDOUT)
        try:
            _wait_until_serving(server, base, log)
            page = browser.new_page()
            page.goto(base + chapter_src.removesuffix(".md") + ".html", wait_until="load")
            seconds = {}
            marker = f"Benchmark edit {time.time_ns()}"
            seconds["text"] = _time_edit(page, file, lambda text: text + f"\n{marker}.\n",
                                         "m => !!document.body && document.body.innerText.includes(m)", marker)
            title = f"Retitled {time.time_ns()}"
            for name, new_title in (("title", title), ("title_in_place", f"{title} (corrected)")):
                saved = time.perf_counter()
                seconds[name] = _time_edit(page, file, lambda text, t=new_title: re.sub(
                    r"^title: .*$", f"title: {t}", text, count=1, flags=re.M),
                    "t => document.title.includes(t)", new_title)
                _wait_until_served(base, new_title)
                seconds[f"{name}_everywhere"] = time.perf_counter() - saved
            page.close()
            return seconds
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_until_served(url: str, text: str, timeout: float = 600) -> None:
    """Until the page at `url` holds `text` (the server's own copy, not the browser's)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with urllib.request.urlopen(url, timeout=30) as response:
            if text.encode() in response.read():
                return
        time.sleep(0.05)
    raise BenchError(f"{url} did not show {text!r} within {timeout:.0f} s")


def _time_edit(page, file: Path, change, shown: str, marker: str) -> float:
    text = file.read_text(encoding="utf-8")
    start = time.perf_counter()
    file.write_text(change(text), encoding="utf-8")
    page.wait_for_function(shown, arg=marker, timeout=600_000, polling=50)
    return time.perf_counter() - start


def edit_chapter_text(project: Path, chapter_src: str, sentence: str) -> None:
    """One sentence added at the end of a chapter, as an editor would."""
    with (project / "docs" / chapter_src).open("a", encoding="utf-8") as chapter:
        chapter.write(f"\n{sentence}\n")


def _wait_until_serving(server: subprocess.Popen, base: str, log: Path, timeout: float = 900) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-5:]
            raise BenchError("the server stopped:\n" + "\n".join(tail))
        try:
            with urllib.request.urlopen(base, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise BenchError(f"the server did not answer within {timeout:.0f} s")


def pdf_seconds_per_page(project: Path, log: Path) -> float | None:
    """Seconds per page of the whole-handbook PDF (`python -m handbook pdf`)."""
    run = run_build([sys.executable, "-m", "handbook", "--project", str(project), "pdf"], log)
    pdfs = sorted(project.rglob("*.pdf"), key=lambda path: path.stat().st_size)
    if not pdfs:
        raise BenchError(f"`python -m handbook pdf` wrote no PDF under {project}")
    from pypdf import PdfReader

    return run.seconds / len(PdfReader(pdfs[-1]).pages)
