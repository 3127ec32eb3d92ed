"""`make audit`: Lighthouse (npm lighthouse 12.2.3, with the system Chromium) on the home
and chapter pages, served by the real nginx configuration. Prints the four scores and
every audit that did not pass. A report, not a test: the figures depend on the machine."""
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
PAGES = ["index.html", "chapters/safeguarding-children-from-sexual-exploitation.html"]
CATEGORIES = ["accessibility", "best-practices", "seo", "performance"]


def audit(url: str) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                        f"--chrome-flags={CHROME_FLAGS}", f"--only-categories={','.join(CATEGORIES)}"],
                       check=True, env=dict(os.environ, CHROME_PATH="/usr/bin/chromium"), timeout=300)
        return json.loads(report.read_text())


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.audit")
    parser.add_argument("--site-dir", type=Path, default=REPO / "site")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print("Lighthouse is not installed: run `make audit`, which installs it", file=sys.stderr)
        return 1
    with nginx_serving(args.site_dir) as base:
        print(f"{'page':<62} " + " ".join(f"{c:>15}" for c in CATEGORIES))
        for page in PAGES:
            report = audit(base + page)
            scores = [round(report["categories"][c]["score"] * 100) for c in CATEGORIES]
            print(f"{page:<62} " + " ".join(f"{s:>15}" for s in scores))
            for audit_result in report["audits"].values():
                if audit_result.get("scoreDisplayMode") == "binary" and audit_result.get("score") == 0:
                    print(f"    not passed: {audit_result['id']}: {audit_result['title']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
