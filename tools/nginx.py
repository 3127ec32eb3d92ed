"""Run the real nginx with the repository's configuration (deploy/handbook.conf) over a
built site, on 127.0.0.1, for tests and measurements."""
from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from handbook import REPOSITORY as REPO

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_config(prefix: Path, site: Path, port: int) -> Path:
    """A whole nginx.conf whose paths are all under `prefix`, serving `site` with the
    repository's handbook.conf (reached through a `handbook` link, as in deploy/nginx.conf)."""
    (prefix / "handbook").symlink_to(REPO / "deploy", target_is_directory=True)
    for temp in ("client", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / temp).mkdir()
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
    server {{
        listen 127.0.0.1:{port};
        root {site};
        include handbook/handbook.conf;
    }}
}}
""")
    return config


@contextlib.contextmanager
def nginx_serving(site: Path):
    """Yield the address of an nginx serving `site`; stop it afterwards."""
    if not Path(NGINX).exists():
        raise RuntimeError("nginx is not installed (Debian package nginx; `make test` installs it)")
    with tempfile.TemporaryDirectory(prefix="handbook-nginx-") as temporary:
        prefix = Path(temporary)
        port = free_port()
        config = write_config(prefix, Path(site).resolve(), port)
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
            yield f"http://127.0.0.1:{port}/"
        finally:
            process.terminate()
            process.wait(timeout=10)
