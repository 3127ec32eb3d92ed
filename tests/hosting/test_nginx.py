"""The handbook behind the repository's nginx configuration: headers, caching, and every
page working in Chromium under the strict Content-Security-Policy."""
from __future__ import annotations

import urllib.request

from tests.support import CHAPTER
from tests.support.searching import headings, search

CHAPTER_HTML = CHAPTER.replace(".md", ".html")


def fetch(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request) as response:
        return response.status, response.headers, response.read()


def test_security_headers_on_pages_and_files(nginx_url):
    for path in ["index.html", CHAPTER_HTML, "assets/handbook.css", "sw.js", "search/hb-manifest.js"]:
        status, headers, _ = fetch(nginx_url + path)
        assert status == 200
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert "camera=()" in headers["Permissions-Policy"]


def test_caching_and_compression(nginx_url, built_site):
    bundle = next((built_site / "assets" / "javascripts").glob("bundle.*.min.js")).relative_to(built_site)
    _, headers, _ = fetch(nginx_url + bundle.as_posix())
    assert "immutable" in headers["Cache-Control"] and "max-age=31536000" in headers["Cache-Control"]
    for path in ["index.html", "sw.js", "site.webmanifest"]:
        _, headers, _ = fetch(nginx_url + path)
        assert headers["Cache-Control"] == "no-cache", path
    _, headers, _ = fetch(nginx_url + "site.webmanifest")
    assert headers["Content-Type"].startswith("application/manifest+json")
    _, headers, body = fetch(nginx_url + CHAPTER_HTML, **{"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip"
    assert len(body) < (built_site / CHAPTER_HTML).stat().st_size / 2


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
