"""A real nginx (Debian package) serving the built site with the repository's
configuration (deploy/handbook.conf), on 127.0.0.1."""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import REPO

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_config(prefix: Path, site: Path, port: int) -> Path:
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
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {prefix}/access.log;
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


@pytest.fixture(scope="session")
def nginx_url(built_site, tmp_path_factory):
    if not Path(NGINX).exists():
        pytest.fail("nginx is not installed: run `make test`, which installs it")
    prefix = tmp_path_factory.mktemp("nginx")
    port = free_port()
    config = write_config(prefix, built_site, port)
    check = subprocess.run([NGINX, "-t", "-c", str(config), "-p", str(prefix)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([NGINX, "-c", str(config), "-p", str(prefix)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/"
    process.terminate()
    process.wait(timeout=10)
