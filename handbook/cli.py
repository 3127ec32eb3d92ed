"""`python -m handbook build|serve|pdf|check|overdue`: the commands behind `make build`,
`make serve`, `make pdf` and `make check`."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from handbook import REPOSITORY
from handbook.problems import HandbookError, Problem


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m handbook")
    parser.add_argument("--project", type=Path, default=REPOSITORY,
                        help="folder holding docs/ and data/ (default: this repository)")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="check the content and build the site and its PDFs")
    build.add_argument("--site-dir", type=Path, default=None, help="default: PROJECT/site")
    build.add_argument("--dist-dir", type=Path, default=None,
                       help="where the offline zip and the PDFs go (default: PROJECT/dist)")
    build.add_argument("--no-pdf", action="store_true",
                       help="leave the PDFs out (they are slow on a large handbook: `pdf` makes them)")
    build.add_argument("--clean", action="store_true",
                       help="build everything afresh, reusing nothing from earlier builds (.handbook-cache/)")
    serve = commands.add_parser("serve", help="build, serve the site and rebuild it after every edit")
    serve.add_argument("--site-dir", type=Path, default=None, help="default: PROJECT/site")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    pdf = commands.add_parser("pdf", help="build the PDFs only (the site is built aside and discarded)")
    pdf.add_argument("--dist-dir", type=Path, default=None, help="default: PROJECT/dist")
    check = commands.add_parser("check", help="check the content without building")
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="json: the same findings as one JSON document on standard output")
    check.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD",
                       help="the day review dates are checked against (default: today)")
    check.add_argument("--online", action="store_true",
                       help="also check that external addresses answer (needs the network)")
    overdue = commands.add_parser("overdue", help="list the chapters overdue for review")
    overdue.add_argument("--as-of", type=_date, default=dt.date.today(), metavar="YYYY-MM-DD",
                         help="the day to judge by (default: today)")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            return _build(args.project, args.site_dir or args.project / "site",
                          args.dist_dir or args.project / "dist", pdfs=not args.no_pdf,
                          incremental=not args.clean)
        if args.command == "serve":
            from handbook.build.serve import serve
            return serve(args.project, args.site_dir or args.project / "site", args.host, args.port)
        if args.command == "pdf":
            return _pdf(args.project, args.dist_dir or args.project / "dist")
        if args.command == "overdue":
            return _overdue(args.project, args.as_of)
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


def _build(project: Path, site_dir: Path, dist_dir: Path, *, pdfs: bool = True,
           incremental: bool = True) -> int:
    from handbook.build.site import build_site, offline_zip_name

    results: list = []
    finish = _pdf_step(dist_dir, results) if pdfs else None
    handbook = build_site(project, site_dir, dist_dir, finish=finish, incremental=incremental)
    for warning in handbook.warnings:
        print(warning, file=sys.stderr)
    pages = sum(1 for _ in site_dir.rglob("*.html"))
    print(f"built {len(handbook.pages)} pages ({pages} HTML files) into {site_dir}"
          f" with {len(handbook.warnings)} warning(s); offline copy: {dist_dir / offline_zip_name(handbook)}")
    if pdfs:
        _report_pdfs(results, dist_dir)
    return 0


def _pdf(project: Path, dist_dir: Path) -> int:
    """A build whose site is thrown away: dist/ (the PDFs, and the offline zip that goes
    with them) is replaced as by `build`, the site is not touched."""
    import tempfile

    from handbook.build.site import build_site

    results: list = []
    with tempfile.TemporaryDirectory(prefix="handbook-pdf-") as scratch:
        handbook = build_site(project, Path(scratch) / "site", dist_dir, finish=_pdf_step(dist_dir, results))
    for warning in handbook.warnings:
        print(warning, file=sys.stderr)
    _report_pdfs(results, dist_dir)
    return 0


def _pdf_step(dist_dir: Path, results: list):
    """The PDFs, made from the freshly built site into the new dist/, before either
    replaces the old one; unchanged PDFs are taken from the old `dist_dir`."""
    from handbook.build.staging import build_time
    from handbook.paper.pdf import build_pdfs

    def finish(handbook, site_dir: Path, new_dist: Path) -> None:
        generated = build_time(handbook.root)  # one "generated" time for every PDF of the build
        results.extend(build_pdfs(handbook, site_dir, new_dist, generated, previous_dist=dist_dir))
    return finish


def _report_pdfs(results: list, dist_dir: Path) -> None:
    """The figures: how long the PDFs took, per page, and the build's peak memory."""
    import resource

    rebuilt = [r for r in results if r.rebuilt]
    pages = sum(r.pages for r in rebuilt)
    seconds = sum(r.seconds for r in rebuilt)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    per_page = f", {seconds / pages:.2f} s per page" if pages else ""
    print(f"PDFs in {dist_dir}: {len(rebuilt)} rebuilt ({pages} pages in {seconds:.1f} s{per_page}),"
          f" {len(results) - len(rebuilt)} unchanged; peak memory {peak_mb:.0f} MB")


def _check(project: Path, *, as_of: dt.date, output: str, online: bool) -> int:
    from handbook.build.site import validate_project
    from handbook.checks.editorial import run_checks

    try:
        handbook = validate_project(project)
        problems = run_checks(handbook, today=as_of)
        if online:
            from handbook.checks.external_addresses import check_addresses
            problems += check_addresses(handbook)
    except HandbookError as exc:
        problems = exc.problems
    _report(problems, output)
    return 1 if _count_errors(problems) else 0


def _overdue(project: Path, as_of: dt.date) -> int:
    from handbook.checks.editorial import check_review_dates
    from handbook.content.model import load_handbook

    problems = check_review_dates(load_handbook(project), as_of)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} chapter(s) overdue for review as of {as_of.isoformat()}")
    return 0
