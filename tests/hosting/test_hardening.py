"""Hosting hardening, with the real nginx running both example servers of
deploy/nginx.conf: no nginx version anywhere, dotfiles never served, the security headers
on error responses (including those nginx answers before choosing a location), and a
styled 404 page under a sub-path."""
from __future__ import annotations

import re

import pytest

from tests.hosting.client import assert_security_headers, fetch, raw_request
from tests.hosting.conftest import PLANTED, WELL_KNOWN

# Requests nginx answers with 400 itself, before any location is chosen.
MALFORMED = {
    "request line": b"GET\x01 / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "Host header": b"GET / HTTP/1.1\r\nHost: bad/host\r\n\r\n",
}


def error_responses(url):
    """(what, status, headers, body) for a 404, a 403 and the 400s."""
    yield ("missing page", *fetch(url + "chapters/missing/page.html"))
    yield ("missing hashed file", *fetch(url + "assets/javascripts/bundle.00000000.min.js"))
    yield ("dotfile", *fetch(url + ".git/config"))
    yield ("folder without index", *fetch(url + "assets/"))
    for what, request in MALFORMED.items():
        yield (f"malformed {what}", *raw_request(url, request))


def test_error_statuses(hosted):
    assert [status for _, status, _, _ in error_responses(hosted)] == [404, 404, 404, 403, 400, 400]


def test_no_nginx_version_in_headers_or_error_pages(hosted):
    status, headers, _ = fetch(hosted + "index.html")
    assert status == 200 and headers["Server"] == "nginx"
    for what, _, headers, body in error_responses(hosted):
        assert headers["Server"] == "nginx", what
        assert not re.search(rb"nginx/\d", body), what


def test_security_headers_on_error_responses(hosted):
    for what, _, headers, _ in error_responses(hosted):
        assert_security_headers(headers, what)


def test_dotfiles_are_not_served(hosted):
    for path, content in PLANTED:
        # As written, and with the dot percent-encoded (nginx decodes before matching).
        for address in (path, re.sub(r"(^|/)\.", r"\1%2E", path)):
            status, headers, body = fetch(hosted + address)
            assert status == 404, address
            assert content.encode() not in body, address
            assert_security_headers(headers, address)
    # /.well-known/ (RFC 8615) stays served, at the site's root only.
    status, _, body = fetch(hosted + WELL_KNOWN[0])
    assert status == 200 and body.decode().strip() == WELL_KNOWN[1]


def test_404_page_addresses_follow_the_prefix(hosted):
    """Every absolute address in the 404 page (links, scripts, Material's JSON config)
    starts with the handbook's prefix, when compressed too (gzip_static would skip the
    rewriting)."""
    prefix = "/" + hosted.split("/", 3)[3]
    for encoding in ("identity", "gzip"):
        status, _, body = fetch(hosted + "chapters/missing/page.html", **{"Accept-Encoding": encoding})
        assert status == 404
        addresses = re.findall(r'(?:="|": ")(/[^"]*)"', body.decode())
        assert len(addresses) > 20, encoding
        assert all(address.startswith(prefix) for address in addresses), (encoding, addresses)


@pytest.mark.parametrize("missing", ["nope.html", "chapters/missing/deeper/page.html"])
def test_404_page_is_styled(browser, hosted, missing):
    """The 404 page for a missing address, at any depth and under a sub-path, loads its
    stylesheets and scripts, with no script error or Content-Security-Policy violation."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script("""window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective));""")
    responses, failed, errors = [], [], []
    page.on("response", lambda response: responses.append(response))
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    document = page.goto(hosted + missing, wait_until="networkidle")
    assert document.status == 404
    assert page.locator("h1", has_text="404").count() == 1
    stylesheets = [r for r in responses if r.request.resource_type == "stylesheet"]
    assert any("/assets/stylesheets/main." in r.url for r in stylesheets)
    assert all(r.status == 200 and r.url.startswith(hosted) for r in stylesheets), \
        [(r.status, r.url) for r in stylesheets]
    assert [r.url for r in responses if r.status >= 400 and r.url != document.url] == []
    assert failed == [] and errors == []
    # Material's stylesheet applied: the header sticks to the top (static when unstyled).
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert page.evaluate("window.__cspViolations") == []
    context.close()
