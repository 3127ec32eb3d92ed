"""`python -m handbook build|serve|pdf|check|overdue|new-chapter`: the commands behind
`make build`, `make serve`, `make pdf`, `make check` and `make new-chapter`."""
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
    check.add_argument("--all-warnings", action="store_true",
                       help="list the standing warnings too (data/standing-warnings.yml), not one line")
    check.add_argument("--strict", action="store_true",
                       help="count every warning, standing or not, as an error (for a release)")
    check.add_argument("--update-standing", action="store_true",
                       help="write the current warnings into data/standing-warnings.yml (read them first)")
    new_chapter = commands.add_parser("new-chapter", help="write docs/chapters/<slug>.md from the template")
    new_chapter.add_argument("title", help='the chapter\'s title, such as "Children Missing from Education"')
    new_chapter.add_argument("--as-of", type=_date, default=dt.date.today(), metavar="YYYY-MM-DD",
                             help="the date of its first amendment (default: today)")
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
        if args.command == "new-chapter":
            from handbook.content.new_chapter import write_new_chapter
            written = write_new_chapter(args.project, args.title, today=args.as_of)
            print(f"wrote {written}: fill in its sections, then run `make check`")
            return 0
        return _check(args.project, as_of=args.as_of or dt.date.today(), output=args.format,
                      online=args.online, strict=args.strict, all_warnings=args.all_warnings,
                      update_standing=args.update_standing)
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


def _report(problems: list[Problem], output: str = "text", standing: set | None = None, *,
            summarise: bool = True) -> None:
    """Text: one line per problem and a count, on standard error, as compilers do; the
    standing warnings (handbook/checks/standing.py), if given and `summarise`, in one line
    before the count.
    JSON: {"problems": [...], "errors": N, "warnings": N} on standard output, every problem
    (a standing warning with "standing": true)."""
    from handbook.checks.standing import is_standing, summary

    problems = sorted(problems, key=Problem.sort_key)
    errors = _count_errors(problems)
    standing = standing or set()
    if output == "json":
        print(json.dumps({"problems": [dict(p.as_dict(), standing=is_standing(p, standing)) for p in problems],
                          "errors": errors, "warnings": len(problems) - errors}, indent=2))
        return
    hidden = [p for p in problems if is_standing(p, standing)] if summarise else []
    for problem in problems:
        if problem not in hidden:
            print(problem, file=sys.stderr)
    if hidden:
        print(summary(len(hidden)), file=sys.stderr)
    print(f"{errors} error(s), {len(problems) - errors} warning(s)", file=sys.stderr)


def _build(project: Path, site_dir: Path, dist_dir: Path, *, pdfs: bool = True,
           incremental: bool = True) -> int:
    from handbook.build.site import build_site, offline_zip_name

    results: list = []
    finish = _pdf_step(dist_dir, results) if pdfs else None
    handbook = build_site(project, site_dir, dist_dir, finish=finish, incremental=incremental)
    _print_warnings(project, handbook.warnings)
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
    _print_warnings(project, handbook.warnings)
    _report_pdfs(results, dist_dir)
    return 0


def _print_warnings(project: Path, warnings: list[Problem]) -> None:
    """The build's warnings: new ones in full, standing ones in one line."""
    from handbook.checks.standing import is_standing, read_standing, summary

    try:
        standing = read_standing(project)
    except HandbookError as exc:  # the site is built: say what is wrong with the list, show all
        warnings, standing = [*exc.problems, *warnings], set()
    hidden = [w for w in warnings if is_standing(w, standing)]
    for warning in warnings:
        if warning not in hidden:
            print(warning, file=sys.stderr)
    if hidden:
        print(summary(len(hidden)), file=sys.stderr)


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


def _check(project: Path, *, as_of: dt.date, output: str, online: bool, strict: bool = False,
           all_warnings: bool = False, update_standing: bool = False) -> int:
    """Every problem in one run: the errors that stop a build (front matter, data, links,
    anchors, found together) and the editor's warnings, with the standing warnings in one
    line unless `all_warnings`; `strict` makes every warning an error."""
    from dataclasses import replace

    from handbook.build.site import collect_errors
    from handbook.checks.editorial import run_checks
    from handbook.checks.standing import read_standing, write_standing

    try:
        renderer, problems = collect_errors(project)
        try:
            problems += run_checks(renderer.handbook, today=as_of, renderer=renderer)
        except HandbookError:
            if not problems:  # a page that does not render is one of the errors already found
                raise
        if online:
            from handbook.checks.external_addresses import check_addresses
            problems += check_addresses(renderer.handbook)
        standing = read_standing(project)
    except HandbookError as exc:
        problems, standing = exc.problems, set()
    problems = list(dict.fromkeys(problems))
    if update_standing:
        count = write_standing(project, problems)
        print(f"{count} standing warning(s) written to data/standing-warnings.yml", file=sys.stderr)
    if strict:
        problems = [replace(p, severity="error") for p in problems]
    _report(problems, output, standing, summarise=not (all_warnings or strict))
    return 1 if _count_errors(problems) else 0


def _overdue(project: Path, as_of: dt.date) -> int:
    from handbook.checks.editorial import check_review_dates
    from handbook.content.model import load_handbook

    problems = check_review_dates(load_handbook(project), as_of)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} chapter(s) overdue for review as of {as_of.isoformat()}")
    return 0
