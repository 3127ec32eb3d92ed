"""Run the real nginx with the repository's configuration over a built site, on
127.0.0.1, for tests and measurements: one of the example servers of deploy/nginx.conf as
written there (the handbook at the top of a host, or under a sub-path), with only its
`listen`, `root` and include paths swapped for local ones."""
from __future__ import annotations

import contextlib
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from handbook import REPOSITORY as REPO

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
EXAMPLE = REPO / "deploy" / "nginx.conf"
# The example servers, by server_name, and the paths in them that are replaced.
TOP_SERVER = "handbook.example.internal"
SUBPATH_SERVER = "intranet.example.internal"
EXAMPLE_SITE = "/srv/handbook/site"    # root of the top-of-host server: the built site/
EXAMPLE_WEB_ROOT = "/srv/www"          # root of the sub-path location: holds site/ as the prefix
EXAMPLE_INCLUDES = "/etc/nginx/handbook/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def example_server(server_name: str) -> str:
    """The `server { ... }` block of deploy/nginx.conf with this server_name (comments
    removed; the example has no `#` or braces inside quoted strings)."""
    text = re.sub(r"#[^\n]*", "", EXAMPLE.read_text())
    for start in (m.start() for m in re.finditer(r"\bserver\s*\{", text)):
        depth = 0
        for end in range(text.index("{", start), len(text)):
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            if depth == 0:
                break
        block = text[start:end + 1]
        if re.search(rf"server_name\s+{re.escape(server_name)}\s*;", block):
            return block
    raise LookupError(f"{EXAMPLE} has no server named {server_name}")


def subpath_of(server: str) -> str:
    """The prefix of the handbook's `location /PREFIX/` in a server block."""
    match = re.search(r"location\s+(/[^\s{]+/)\s*\{", server)
    if not match:
        raise LookupError("the sub-path example has no `location /PREFIX/ {`")
    return match.group(1)


def _replace(text: str, old: str, new: str) -> str:
    if old not in text:  # the example changed: say so rather than test something else
        raise LookupError(f"{EXAMPLE} no longer contains {old!r}")
    return text.replace(old, new)


def write_config(prefix: Path, site: Path, port: int, *, subpath: bool = False) -> tuple[Path, str]:
    """A whole nginx.conf whose paths are all under `prefix`, running one example server
    of deploy/nginx.conf over `site` (deploy/ reached through a `handbook` link, as the
    example's includes expect). Returns the file and the site's path on the server."""
    (prefix / "handbook").symlink_to(REPO / "deploy", target_is_directory=True)
    for temp in ("client", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / temp).mkdir()
    server = example_server(SUBPATH_SERVER if subpath else TOP_SERVER)
    server = _replace(server, "listen 80;", f"listen 127.0.0.1:{port};")
    server = _replace(server, EXAMPLE_INCLUDES, f"{prefix}/handbook/")
    if subpath:
        location = subpath_of(server)
        web_root = prefix / "www"
        (web_root / location.strip("/")).parent.mkdir(parents=True)
        (web_root / location.strip("/")).symlink_to(site, target_is_directory=True)
        server = _replace(server, f"root {EXAMPLE_WEB_ROOT};", f"root {web_root};")
    else:
        location = "/"
        server = _replace(server, f"root {EXAMPLE_SITE};", f"root {site};")
    config = prefix / "nginx.conf"
    config.write_text(f"""
user root;
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {prefix}/client;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
{server}
}}
""")
    return config, location


@contextlib.contextmanager
def nginx_serving(site: Path, *, subpath: bool = False):
    """Yield the address of the handbook in an nginx serving `site` (with `subpath`, the
    sub-path example: http://127.0.0.1:PORT/handbook/); stop it afterwards."""
    if not Path(NGINX).exists():
        raise RuntimeError("nginx is not installed (Debian package nginx; `make test` installs it)")
    with tempfile.TemporaryDirectory(prefix="handbook-nginx-") as temporary:
        prefix = Path(temporary)
        port = free_port()
        config, location = write_config(prefix, Path(site).resolve(), port, subpath=subpath)
        check = subprocess.run([NGINX, "-t", "-c", str(config), "-p", str(prefix)],
                               capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"nginx rejected the configuration: {check.stderr.strip()}")
        process = subprocess.Popen([NGINX, "-c", str(config), "-p", str(prefix)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                with socket.socket() as probe:
                    if probe.connect_ex(("127.0.0.1", port)) == 0:
                        break
                time.sleep(0.05)
            yield f"http://127.0.0.1:{port}{location}"
        finally:
            process.terminate()
            process.wait(timeout=10)
