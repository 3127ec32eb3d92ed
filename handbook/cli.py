"""`python -m handbook build|check`: the commands behind `make build` and `make check`."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from .problems import HandbookError, Problem

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m handbook")
    parser.add_argument("--project", type=Path, default=REPO,
                        help="folder holding docs/ and data/ (default: this repository)")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="check the content and build the site")
    build.add_argument("--site-dir", type=Path, default=None, help="default: PROJECT/site")
    build.add_argument("--dist-dir", type=Path, default=None,
                       help="where the offline zip goes (default: PROJECT/dist)")
    commands.add_parser("check", help="check the content without building")
    overdue = commands.add_parser("overdue", help="list the chapters overdue for review")
    overdue.add_argument("--as-of", type=_iso_date, default=dt.date.today(), metavar="YYYY-MM-DD",
                         help="the day to judge by (default: today)")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            return _build(args.project, args.site_dir or args.project / "site",
                          args.dist_dir or args.project / "dist")
        if args.command == "overdue":
            return _overdue(args.project, args.as_of)
        return _check(args.project)
    except HandbookError as exc:
        _report(exc.problems)
        return 1
    except Exception as exc:  # an engine bug, not an editor's mistake: still one line
        if os.environ.get("HANDBOOK_DEBUG"):
            raise
        print(f"handbook: internal error: {type(exc).__name__}: {exc} "
              "(run again with HANDBOOK_DEBUG=1 for details)", file=sys.stderr)
        return 2


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = sum(1 for p in problems if p.severity == "error")
    print(f"{errors} error(s), {len(problems) - errors} warning(s)", file=sys.stderr)


def _build(project: Path, site_dir: Path, dist_dir: Path) -> int:
    from .site import build_site, write_offline_zip

    handbook = build_site(project, site_dir)
    archive = write_offline_zip(handbook, site_dir, dist_dir)
    for warning in handbook.warnings:
        print(warning, file=sys.stderr)
    pages = sum(1 for _ in site_dir.rglob("*.html"))
    print(f"built {len(handbook.pages)} pages ({pages} HTML files) into {site_dir}"
          f" with {len(handbook.warnings)} warning(s); offline copy: {archive}")
    return 0


def _check(project: Path) -> int:
    from .site import validate_project

    handbook = validate_project(project)
    _report(handbook.warnings)
    return 0


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"should be a date written YYYY-MM-DD (got '{text}')") from None


def overdue_problems(handbook, as_of: dt.date) -> list[Problem]:
    """One warning per chapter overdue for review on `as_of` (for `make check` to reuse)."""
    from .pages import overdue_chapters

    return [Problem(item.page.path, item.page.field_line("last_reviewed"), "warning",
                    f"review overdue: due {item.due.human()} "
                    f"(last reviewed {item.page.meta.last_reviewed.human()})")
            for item in overdue_chapters(handbook.chapters, handbook.partnership.review_interval_months, as_of)]


def _overdue(project: Path, as_of: dt.date) -> int:
    from .model import load_handbook

    problems = overdue_problems(load_handbook(project), as_of)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} chapter(s) overdue for review as of {as_of.isoformat()}")
    return 0
