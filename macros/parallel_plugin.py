"""Pages' markdown made into HTML on every core: a plugin, added by the adapter to builds
the handbook's build starts, that shares MkDocs' slowest step (Python-Markdown, one page at
a time) between copies of the build process.

When the navigation is made (every file and setting of the build is then known), the build
process forks one copy per extra core. MkDocs then reads the pages in order as always; each
copy reads a later run of them at the same time and sends back, for each, what MkDocs'
render step gave it (macros/memo_plugin.rendered_state). When MkDocs reaches a page of a
copy's run, the page's render step takes that result if the copy rendered exactly the
markdown this process has (same text, same files and settings: it is a copy), and renders
the page itself otherwise: when the copy's render warned (the warning must be this
process's, for the strict build), when it failed, or when the copy stopped.

Every other plugin event runs in this process for every page, as without the copies. A copy
only sends results: what it changes in its own memory is thrown away with it. Builds with
too few pages to be worth it (build/processes.py), on one core, or in a process running other threads (make
serve's server: a copy could inherit a lock another thread held) render every page here.
"""
from __future__ import annotations

import gc
import logging
import math
import multiprocessing
import queue
import sys

from mkdocs.commands.build import _populate_page
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.pages import Page

from handbook.build.mkdocs_log import warnings_during
from handbook.build.processes import can_fork, cores, worth_sharing
from handbook.digests import digest
from macros.memo_plugin import RENDERED, rendered_state, restore_rendered

MAIN_SHARE = 0.8  # this process's run of pages, against a copy's (it does more for each page)


class ParallelRenderPlugin(BasePlugin):
    def __init__(self, memo_plugin=None):
        super().__init__()
        self.memo_plugin = memo_plugin  # told of pages the copies looked up in the memo
        self._runs: list[_Run] = []
        self._run_of: dict[str, _Run] = {}  # page source -> the copy rendering it
        self._in_copy = False
        self._result = None  # in a copy: the result of the page being rendered

    @event_priority(-200)  # after every other plugin's navigation step
    def on_nav(self, nav, *, config, files):
        pages = list(files.documentation_pages(inclusion=InclusionLevel.is_included))
        processes = cores()
        if not worth_sharing(len(pages)) or not can_fork() or self._memo_has_pages():
            return nav
        # This process takes the first run of pages (MkDocs reads them first), each copy one
        # later run. This process also does every other step of every page, so its run is
        # shorter (MAIN_SHARE of a copy's).
        size = math.ceil(len(pages) / (MAIN_SHARE + processes - 1))
        first = int(size * MAIN_SHARE)
        runs = [pages[start:start + size] for start in range(first, len(pages), size)]
        sys.stdout.flush()
        sys.stderr.flush()  # a copy must not write out this process's buffered output again
        context = multiprocessing.get_context("fork")
        # The copies' garbage collector leaves alone what this process holds now: walking it
        # would copy every page of memory the copies share with this one (and take as long).
        gc.freeze()
        try:
            for run in runs:
                # A queue: a copy sends as it goes (its own thread writes), never waiting for
                # this process to reach its run of pages.
                results = context.Queue()
                process = context.Process(target=self._render_in_copy, args=(run, config, files, results),
                                          daemon=True)
                process.start()
                self._runs.append(_Run(process, results))
                for file in run:
                    self._run_of[file.src_uri] = self._runs[-1]
        finally:
            gc.unfreeze()
        return nav

    def _memo_has_pages(self) -> bool:
        """Whether an earlier build left pages' HTML in the memo: most pages are then looked
        up, not rendered, and copies would only do the same lookups again."""
        return self.memo_plugin is not None and self.memo_plugin.memo.holds(RENDERED)

    @event_priority(-100)  # after the memo plugin's: its render step is the one wrapped
    def on_pre_page(self, page: Page, *, config, files):
        render = page.render
        if self._in_copy:
            page.render = lambda config, files, page=page: self._render_and_keep(page, config, files, render)
        elif page.file.src_uri in self._run_of:
            page.render = lambda config, files, page=page: self._render(page, config, files, render)
        return page

    def _render(self, page: Page, config, files, render) -> None:
        result = self._run_of[page.file.src_uri].result(page.file.src_uri)
        if result is None or result[0] != digest(page.markdown or ""):
            render(config, files)
            return
        _, state, fresh = result
        restore_rendered(page, state, files)
        if self.memo_plugin is not None:
            self.memo_plugin.rendered_elsewhere(page, config, files, fresh=fresh)

    def on_env(self, env, *, config, files):
        self._stop()  # every page is read by now
        return env

    def on_build_error(self, *, error):
        self._stop()

    def _stop(self) -> None:
        for run in self._runs:
            run.stop()
        self._runs, self._run_of = [], {}

    # --- in a copy of the build -------------------------------------------------------

    def _render_in_copy(self, run, config, files, results) -> None:
        """Read, complete and render each page of `run` as MkDocs would, and send
        (source, result) for each (_render_and_keep; None when the render warned or
        failed). Nothing a copy does is reported: the build reports each page itself."""
        self._in_copy = True
        for logger in (logging.getLogger(), logging.getLogger("mkdocs")):
            for handler in list(logger.handlers):
                logger.removeHandler(handler)
        try:
            for file in run:
                self._result = None
                try:
                    if file.page is None:  # as MkDocs' build does for a page outside the navigation
                        Page(None, file, config)
                    _populate_page(file.page, config, files)
                except Exception:  # noqa: BLE001 - the build renders this page itself, and reports why
                    self._result = None
                results.put((file.src_uri, self._result))
            results.close()
            results.join_thread()
        except BaseException:  # noqa: BLE001 - stopped (the build ended, or Ctrl-C): quietly
            pass

    def _render_and_keep(self, page: Page, config, files, render) -> None:
        """In a copy: render `page` and keep (digest of the markdown rendered, the result,
        whether the memo lacked it) to send, unless the render warned."""
        memo = self.memo_plugin.memo if self.memo_plugin is not None else None
        misses = memo.misses if memo is not None else 0
        _, warnings = warnings_during(lambda: render(config, files))
        if not warnings:
            fresh = memo is not None and memo.misses > misses
            self._result = (digest(page.markdown or ""), rendered_state(page), fresh)


class _Run:
    """A copy of the build rendering a run of pages, and what it has sent so far."""

    WAIT_SECONDS = 0.2  # how often a wait for a result looks whether the copy still runs

    def __init__(self, process, results):
        self.process, self.results = process, results
        self.received: dict[str, tuple | None] = {}
        self.finished = False

    def result(self, src_uri: str) -> tuple | None:
        while src_uri not in self.received and not self.finished:
            try:
                source, result = self.results.get(timeout=self.WAIT_SECONDS)
            except queue.Empty:
                if not self.process.is_alive() and self.results.empty():
                    self.finished = True  # the copy stopped: the build renders the rest
                continue
            self.received[source] = result
        return self.received.pop(src_uri, None)

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.results.close()
