"""`python -m bench`: the commands behind `make bench` and `make bench-scale`."""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from .measure import BenchError
from .report import comparison_table, scale_table
from .run import progress, run_once

SCALE = (100, 500, 1000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench",
                                     description="Build a synthetic handbook with the handbook's pipeline "
                                                 "and as a default Material site, and compare them.")
    parser.add_argument("--chapters", type=int, default=500, help="chapters in the synthetic handbook")
    parser.add_argument("--scale", action="store_true",
                        help=f"run at {', '.join(map(str, SCALE))} chapters and show how each figure grows")
    parser.add_argument("--repeat", type=int, default=1,
                        help="build each site this many times, alternately, and keep the fastest")
    parser.add_argument("--json", type=Path, help="also write the figures to this file as JSON")
    parser.add_argument("--no-browser", action="store_true", help="skip the search timing in Chromium")
    parser.add_argument("--no-serve", action="store_true", help="skip the edit-while-serving timing")
    parser.add_argument("--keep", action="store_true", help="keep the generated project and sites")
    args = parser.parse_args(argv)
    if args.chapters < 1 or args.repeat < 1:
        parser.error("--chapters and --repeat must be at least 1")

    runs = []
    for chapters in (SCALE if args.scale else (args.chapters,)):
        workdir = Path(tempfile.mkdtemp(prefix=f"handbook-bench-{chapters}-"))
        try:
            runs.append(run_once(chapters, workdir, repeat=args.repeat, browser=not args.no_browser,
                                 serve=not args.no_serve))
        except BenchError as exc:
            print(f"bench: error: {exc}", file=sys.stderr)
            return 1
        finally:
            if args.keep:
                progress(f"kept {workdir}")
            else:
                shutil.rmtree(workdir, ignore_errors=True)
        print(comparison_table(runs[-1]), flush=True)
    if args.scale:
        print(scale_table(runs))
    if args.json:
        args.json.write_text(json.dumps(runs if args.scale else runs[0], indent=2) + "\n", encoding="utf-8")
        progress(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
