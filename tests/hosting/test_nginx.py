"""The handbook behind the repository's nginx configuration (both example servers of
deploy/nginx.conf): headers, caching, and every page working in Chromium under the
strict Content-Security-Policy. Error responses and hardening: test_hardening.py."""
from __future__ import annotations

import urllib.request

from tests.hosting.client import assert_security_headers, fetch
from tests.support import CHAPTER
from tests.support.searching import headings, search

CHAPTER_HTML = CHAPTER.replace(".md", ".html")


def test_security_headers_on_pages_and_files(hosted):
    for path in ["index.html", CHAPTER_HTML, "assets/handbook.css", "sw.js", "search/hb-manifest.js"]:
        status, headers, _ = fetch(hosted + path)
        assert status == 200, path
        assert_security_headers(headers, path)


def test_caching_and_compression(hosted, built_site):
    bundle = next((built_site / "assets" / "javascripts").glob("bundle.*.min.js")).relative_to(built_site)
    _, headers, _ = fetch(hosted + bundle.as_posix())
    assert "immutable" in headers["Cache-Control"] and "max-age=31536000" in headers["Cache-Control"]
    for path in ["index.html", "sw.js", "site.webmanifest"]:
        _, headers, _ = fetch(hosted + path)
        assert headers["Cache-Control"] == "no-cache", path
    _, headers, _ = fetch(hosted + "site.webmanifest")
    assert headers["Content-Type"].startswith("application/manifest+json")
    # urllib, not fetch(): the size as sent, still compressed.
    request = urllib.request.Request(hosted + CHAPTER_HTML, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert len(response.read()) < (built_site / CHAPTER_HTML).stat().st_size / 2


def test_every_page_works_under_the_policy(browser, nginx_url, built_site):
    context = browser.new_context()
    page = context.new_page()
    problems = []
    page.on("console", lambda message: message.type in ("error", "warning") and "Content Security Policy" in message.text
            and problems.append(message.text))
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    pages = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html"))
    for path in pages:
        page.goto(nginx_url + path, wait_until="networkidle")
        violations = page.evaluate("window.__cspViolations || []")
        problems += violations
    page.goto(nginx_url + "index.html")
    page.evaluate("""() => { window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective)); }""")
    results = search(page, "missing")
    assert any("7. Children and Young People who go Missing" in headings(r) for r in results[:3])
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=30_000)
    assert page.evaluate("window.__cspViolations") == []
    context.close()
    assert problems == []
