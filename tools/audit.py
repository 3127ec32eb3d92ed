"""`make audit`: Lighthouse (npm lighthouse 12.2.3, with the system Chromium, mobile
settings) on every page of the built site, served by the real nginx configuration. Prints
a table of the four scores per page, then, for each page below 100, every audit that did
not pass and the figures behind performance (largest contentful paint and its element,
layout shifts, blocking time, render-blocking resources). A report, not a test: the
figures depend on the machine (`--runs 3` repeats each page and prints the spread)."""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from handbook import REPOSITORY as REPO
from tools.nginx import nginx_serving

LIGHTHOUSE = REPO / ".tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync")
CATEGORIES = ["accessibility", "best-practices", "seo", "performance"]
# What explains a performance score, by Lighthouse audit id.
PERFORMANCE_FIGURES = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                       "cumulative-layout-shift", "speed-index"]
# Pages kept out of the audit: earlier editions are the same templates as the current pages.
SKIPPED_FOLDERS = ("editions/", "assets/", "search/", "pdf/")


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the built site (site-relative), Home first."""
    pages = sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))
    pages = [p for p in pages if not p.startswith(SKIPPED_FOLDERS)]
    return sorted(pages, key=lambda p: (p != "index.html", p))


ATTEMPTS = 3  # Lighthouse now and then fails to record a page's load (NO_NAVSTART): tried again


class AuditFailed(Exception):
    """Lighthouse gave no report for a page, ATTEMPTS times."""


def audit(url: str) -> dict:
    error = ""
    for _ in range(ATTEMPTS):
        with tempfile.TemporaryDirectory() as folder:
            report = Path(folder) / "report.json"
            try:
                subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                                f"--chrome-flags={CHROME_FLAGS}", f"--only-categories={','.join(CATEGORIES)}"],
                               check=True, env=dict(os.environ, CHROME_PATH="/usr/bin/chromium"), timeout=300,
                               capture_output=True, text=True)
                return json.loads(report.read_text())
            except subprocess.CalledProcessError as exc:
                error = (exc.stderr or exc.stdout or f"exit status {exc.returncode}").strip().splitlines()[-1]
            except subprocess.TimeoutExpired:
                error = "no report within 300 s"
    raise AuditFailed(f"Lighthouse failed {ATTEMPTS} times on {url}: {error}")


def scores(report: dict) -> list[int]:
    return [round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES]


def explain(report: dict) -> list[str]:
    """What kept a page below 100: failed audits and Lighthouse's own performance details."""
    audits = report["audits"]
    lines = []
    for result in audits.values():
        failed_binary = result.get("scoreDisplayMode") == "binary" and result.get("score") == 0
        if failed_binary:
            lines.append(f"not passed: {result['id']}: {result['title']}")
    figures = ", ".join(f"{key} {audits[key].get('displayValue', '?')} ({audits[key].get('score')})"
                        for key in PERFORMANCE_FIGURES if key in audits)
    lines.append(f"figures: {figures}")
    for key in ("largest-contentful-paint-element", "layout-shifts", "render-blocking-resources",
                "long-tasks", "bootup-time"):
        items = (audits.get(key, {}).get("details") or {}).get("items") or []
        for item in items[:5]:
            lines.append(f"{key}: {_describe(item)}")
    return lines


def _describe(item: dict) -> str:
    if "items" in item:  # LCP element: a table nested in a list
        return "; ".join(_describe(inner) for inner in item["items"])
    node = item.get("node") or {}
    parts = [node.get("snippet") or node.get("selector") or item.get("url") or ""]
    for key in ("score", "duration", "wastedMs", "total", "scripting", "phase", "timing", "percent"):
        if key in item:
            value = item[key]
            parts.append(f"{key}={round(value, 3) if isinstance(value, float) else value}")
    return " ".join(str(p) for p in parts if p != "")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.audit")
    parser.add_argument("--site-dir", type=Path, default=REPO / "site")
    parser.add_argument("--pages", nargs="*", help="site-relative pages (default: every page)")
    parser.add_argument("--runs", type=int, default=1, help="audit each page this many times")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print("Lighthouse is not installed: run `make audit`, which installs it", file=sys.stderr)
        return 1
    pages = args.pages or site_pages(args.site_dir)
    details: dict[str, list[str]] = {}
    width = max(len(p) for p in pages) + 2
    with nginx_serving(args.site_dir) as base:
        print(f"{'page':<{width}}" + "".join(f"{c:>16}" for c in CATEGORIES), flush=True)
        for page in pages:
            try:
                runs = [audit(base + page) for _ in range(args.runs)]
            except AuditFailed as exc:
                print(f"{page}: error: {exc}", file=sys.stderr)
                return 1
            per_category = list(zip(*(scores(r) for r in runs), strict=True))
            cells = [str(min(s)) if min(s) == max(s) else f"{min(s)}-{max(s)}" for s in per_category]
            print(f"{page:<{width}}" + "".join(f"{c:>16}" for c in cells), flush=True)
            worst = min(runs, key=lambda r: sum(scores(r)))
            if min(scores(worst)) < 100:
                details[page] = explain(worst)
    for page, lines in details.items():
        print(f"\n{page} (worst run):")
        for line in lines:
            print(f"    {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
