"""`check --online` against a web server of our own on 127.0.0.1 (the handbook's real
addresses are never requested by the tests): what answers is quiet, what does not is
reported at the line of the data file that holds the address."""
from __future__ import annotations

import http.server
import re
import socket
import threading

import pytest

from handbook.checks.external_addresses import check_addresses, external_addresses
from handbook.content.model import load_handbook


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        status = 404 if "barnardos" in self.path else 403 if "nspcc" in self.path else 200
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_unanswered_addresses_are_reported_at_their_data_line(project_copy, local_server):
    # Every external address now points at the local server (host kept as the first part
    # of the path); one resource points at a port where nothing listens.
    for name in ("resources.yml", "legal.yml"):
        path = project_copy / "data" / name
        path.write_text(re.sub(r"https://", local_server, path.read_text()))
    resources = project_copy / "data" / "resources.yml"
    text = resources.read_text()
    pace = re.search(r"id: pace\n(?:.*\n)*?    url: (\S+)", text).group(1)
    resources.write_text(text.replace(pace, f"http://127.0.0.1:{closed_port()}/pace"))
    handbook = load_handbook(project_copy)
    addresses = external_addresses(handbook)
    assert addresses and all(a.url.startswith("http://127.0.0.1:") for a in addresses)

    found = {(p.path, p.line): p.message for p in check_addresses(handbook)}

    lines = resources.read_text().splitlines()
    def line_with(fragment):
        return next(i for i, line in enumerate(lines, 1) if fragment in line)
    assert set(found) == {("data/resources.yml", line_with("barnardos.org.uk")),
                          ("data/resources.yml", line_with("learning.nspcc.org.uk")),
                          ("data/resources.yml", line_with("/pace"))}
    assert "answered 404: the address may have moved" in found[("data/resources.yml", line_with("barnardos.org.uk"))]
    assert "answered 403: the site may refuse automatic checks" in found[("data/resources.yml", line_with("learning.nspcc"))]
    assert "could not be reached (ConnectionError)" in found[("data/resources.yml", line_with("/pace"))]
