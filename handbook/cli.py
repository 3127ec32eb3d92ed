"""`python -m handbook build|check`: the commands behind `make build` and `make check`."""
from __future__ import annotations

import argparse
import datetime as dt
import json
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
    check = commands.add_parser("check", help="check the content without building")
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="json: the same findings as one JSON document on standard output")
    check.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD",
                       help="the day review dates are checked against (default: today)")
    check.add_argument("--online", action="store_true",
                       help="also check that external addresses answer (needs the network)")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            return _build(args.project, args.site_dir or args.project / "site")
        return _check(args.project, as_of=args.as_of or dt.date.today(),
                      output=args.format, online=args.online)
    except HandbookError as exc:
        _report(exc.problems)
        return 1
    except Exception as exc:  # an engine bug, not an editor's mistake: still one line
        if os.environ.get("HANDBOOK_DEBUG"):
            raise
        print(f"handbook: internal error: {type(exc).__name__}: {exc} "
              "(run again with HANDBOOK_DEBUG=1 for details)", file=sys.stderr)
        return 2


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date written YYYY-MM-DD: {text!r}") from None


def _count_errors(problems: list[Problem]) -> int:
    return sum(1 for p in problems if p.severity == "error")


def _report(problems: list[Problem], output: str = "text") -> None:
    """Text: one line per problem and a count, on standard error, as compilers do.
    JSON: {"problems": [...], "errors": N, "warnings": N} on standard output."""
    problems = sorted(problems, key=Problem.sort_key)
    errors = _count_errors(problems)
    if output == "json":
        print(json.dumps({"problems": [p.as_dict() for p in problems], "errors": errors,
                          "warnings": len(problems) - errors}, indent=2))
        return
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{errors} error(s), {len(problems) - errors} warning(s)", file=sys.stderr)


def _build(project: Path, site_dir: Path) -> int:
    from .site import build_site

    handbook = build_site(project, site_dir)
    for warning in handbook.warnings:
        print(warning, file=sys.stderr)
    pages = sum(1 for _ in site_dir.rglob("*.html"))
    print(f"built {len(handbook.pages)} pages ({pages} HTML files) into {site_dir}"
          f" with {len(handbook.warnings)} warning(s)")
    return 0


def _check(project: Path, *, as_of: dt.date, output: str, online: bool) -> int:
    from .check import run_checks
    from .site import validate_project

    try:
        handbook = validate_project(project)
        problems = run_checks(handbook, today=as_of)
        if online:
            from .online import check_addresses
            problems += check_addresses(handbook)
    except HandbookError as exc:
        problems = exc.problems
    _report(problems, output)
    return 1 if _count_errors(problems) else 0
