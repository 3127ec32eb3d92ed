"""Plain HTTP requests to the nginx under test: through urllib, or as raw bytes on a
socket for requests urllib refuses to send (a malformed request line)."""
from __future__ import annotations

import gzip
import socket
import urllib.error
import urllib.parse
import urllib.request
from email.message import Message


def fetch(url: str, **headers) -> tuple[int, Message, bytes]:
    """Status, headers and body (decompressed if gzip), error statuses included."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request) as response:
            status, head, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, head, body = error.code, error.headers, error.read()
    if head.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return status, head, body


def raw_request(url: str, request: bytes) -> tuple[int, Message, bytes]:
    """Send `request` as it is to the server of `url`; read until nginx closes."""
    address = urllib.parse.urlsplit(url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as connection:
        connection.sendall(request)
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = Message()
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip()] = value.strip()
    return int(status_line.split()[1]), headers, body


def assert_security_headers(headers: Message, what: str = "") -> None:
    csp = headers["Content-Security-Policy"] or ""
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, what
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0], what
    assert headers["X-Content-Type-Options"] == "nosniff", what
    assert headers["Referrer-Policy"] == "no-referrer", what
    assert "camera=()" in (headers["Permissions-Policy"] or ""), what
    assert headers["X-Frame-Options"] == "DENY", what
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin", what
