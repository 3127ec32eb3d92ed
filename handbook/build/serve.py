"""`python -m handbook serve` (make serve): the site as `make build` makes it, rebuilt after
every edit and reloaded in the browser.

- Strict always: each rebuild is the build of `make build` (checks, macros, strict MkDocs,
  search, offline files), incremental (build/memo.py), so only what the edit can change
  is made again, and the result is what a clean build gives. The PDFs and the offline zip
  are left to `make build`.
- The last good site keeps being served: a build that fails leaves site/ as it was (the
  build is staged); its `path:line: error:` lines are printed in the terminal and shown
  over the served page until an edit fixes them.
- Live reload without an inline script (the pages' Content-Security-Policy forbids them):
  the server adds `<script src="/.handbook-serve/reload.js">` to each HTML page it sends
  (not to the files: site/ stays as `make build` leaves it); the script asks the server,
  by long polling, for the number of the last good build and the errors of the last one.
  The offline service worker is not served in preview, so that no page is read from a
  cache made by an earlier build.

The watcher compares the files' sizes and modification times every POLL_SECONDS: docs/,
data/ and editions/ of the project, and the templates (overrides/) and mkdocs.yml. A
change to the engine's own code (handbook/, macros/) needs the server started again.
"""
from __future__ import annotations

import functools
import http.server
import json
import sys
import threading
import time
from pathlib import Path

from handbook.build.memo import engine_version
from handbook.build.offline import SERVICE_WORKER
from handbook.problems import HandbookError, Problem

POLL_SECONDS = 0.1
RELOAD_PATH = "/.handbook-serve/"
RELOAD_SCRIPT = Path(__file__).with_name("serve_reload.js")
WATCHED_PROJECT_FOLDERS = ("docs", "data", "editions")
WAIT_SECONDS = 25  # a long poll answers at the latest after this


class BuildState:
    """The number of the last good build and the problems of the last build, shared by the
    builder and the server's threads."""

    def __init__(self) -> None:
        self.condition = threading.Condition()
        self.good = 0
        self.problems: list[str] = []
        self.changes = 0  # every build, good or not: a poll waiting on it wakes up

    def finished(self, problems: list[str]) -> None:
        with self.condition:
            if not problems:
                self.good += 1
            self.problems = problems
            self.changes += 1
            self.condition.notify_all()

    def wait(self, seen: int, timeout: float) -> dict:
        with self.condition:
            self.condition.wait_for(lambda: self.changes != seen, timeout=timeout)
            return {"good": self.good, "changes": self.changes, "problems": self.problems}


def snapshot(folders: list[Path], files: list[Path]) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file under `folders`, and of `files`."""
    state = {}
    for path in files + [p for folder in folders if folder.is_dir() for p in folder.rglob("*")]:
        try:
            stat = path.stat()
        except OSError:
            continue
        if path.is_file():
            state[str(path)] = (stat.st_size, stat.st_mtime_ns)
    return state


class _Handler(http.server.SimpleHTTPRequestHandler):
    state: BuildState

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = self.path.split("?", 1)[0]
        if path.startswith(RELOAD_PATH):
            return self._reload(path[len(RELOAD_PATH):])
        if path.rstrip("/").endswith("/" + SERVICE_WORKER) or path == "/" + SERVICE_WORKER:
            return self.send_error(404, "no offline copy while previewing")
        if path.endswith(".html") or path.endswith("/"):
            return self._page()
        return super().do_GET()

    def _page(self) -> None:
        file = Path(self.translate_path(self.path))
        if file.is_dir():
            file = file / "index.html"
        try:
            html = file.read_bytes()
        except OSError:
            return self.send_error(404)
        # The build the page comes from: the script reloads when a newer good build exists.
        tag = f'<script src="{RELOAD_PATH}reload.js" data-build="{self.state.good}"></script>'.encode()
        html = html.replace(b"</body>", tag + b"</body>", 1)
        self._send(200, "text/html; charset=utf-8", html)

    def _reload(self, name: str) -> None:
        if name == "reload.js":
            return self._send(200, "text/javascript; charset=utf-8", RELOAD_SCRIPT.read_bytes())
        if name.startswith("state"):
            seen = self.path.partition("seen=")[2]
            answer = self.state.wait(int(seen) if seen.isdigit() else -1, WAIT_SECONDS)
            return self._send(200, "application/json", json.dumps(answer).encode())
        self.send_error(404)

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # a browser leaving a long poll early


def serve(project: Path, site_dir: Path, host: str, port: int, *, config_file: Path | None = None,
          on_build=None, stop: threading.Event | None = None) -> int:
    """Build, serve `site_dir` on host:port, and rebuild after every edit until `stop` is
    set (or Ctrl+C). `on_build(seconds, problems)` is told about each build."""
    from handbook.build.site import CONFIG, build_site

    config_file = config_file or CONFIG
    project = Path(project).resolve()
    state = BuildState()
    stop = stop or threading.Event()

    def build() -> None:
        started = time.monotonic()
        engine_version.cache_clear()  # the templates may have changed
        try:
            build_site(project, site_dir, None, config_file=config_file)
            problems: list[Problem] = []
        except HandbookError as exc:
            problems = sorted(exc.problems, key=Problem.sort_key)
        seconds = time.monotonic() - started
        lines = [str(problem) for problem in problems]
        for line in lines:
            print(line, file=sys.stderr, flush=True)
        print(f"{'built' if not lines else 'not built (the last good site is served)'} "
              f"in {seconds:.2f} s", file=sys.stderr, flush=True)
        state.finished(lines)
        if on_build:
            on_build(seconds, lines)

    watched_folders = [project / name for name in WATCHED_PROJECT_FOLDERS]
    watched_folders.append(Path(config_file).parent / "overrides")  # the templates
    watched_files = [Path(config_file)]
    seen = snapshot(watched_folders, watched_files)
    build()

    handler = functools.partial(_Handler, directory=str(Path(site_dir).resolve()))
    _Handler.state = state
    server = _Server((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving http://{host}:{server.server_port}/ (Ctrl+C to stop)", file=sys.stderr, flush=True)
    try:
        while not stop.wait(POLL_SECONDS):
            now = snapshot(watched_folders, watched_files)
            if now != seen:  # taken before the build: an edit made during it is seen next time
                seen = now
                build()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    return 0
