"""`make load`: a bounded load run with wrk (Debian package) against the real nginx
configuration on 127.0.0.1. Prints requests per second and errors for the home page, the
chapter page and a search shard. Loopback only, fixed duration."""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

from handbook import REPOSITORY as REPO
from tools.nginx import nginx_serving

PATHS = ["index.html", "chapters/safeguarding-children-from-sexual-exploitation.html",
         "search/hb-manifest.js"]


def run_wrk(url: str, seconds: int, connections: int) -> dict:
    output = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency",
                             "-H", "Accept-Encoding: gzip", url],
                            capture_output=True, text=True, check=True, timeout=seconds + 30).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    latency = re.search(r"99%\s+([\d.]+\w+)", output)
    return {"requests": total, "per_second": rate, "errors": errors + (int(non_2xx.group(1)) if non_2xx else 0),
            "p99": latency.group(1) if latency else "?"}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.load")
    parser.add_argument("--site-dir", type=Path, default=REPO / "site")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed: run `make load`, which installs it", file=sys.stderr)
        return 1
    with nginx_serving(args.site_dir) as base:
        print(f"{'path':<62} {'requests':>9} {'req/s':>9} {'errors':>7} {'p99':>8}")
        for path in PATHS:
            figures = run_wrk(base + path, args.seconds, args.connections)
            print(f"{path:<62} {figures['requests']:>9} {figures['per_second']:>9.0f} "
                  f"{figures['errors']:>7} {figures['p99']:>8}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
