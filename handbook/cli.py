"""`python -m handbook build|pdf|check`: the commands behind `make build`, `make pdf` and
`make check`."""
from __future__ import annotations

import argparse
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
    build = commands.add_parser("build", help="check the content and build the site and its PDFs")
    build.add_argument("--site-dir", type=Path, default=None, help="default: PROJECT/site")
    build.add_argument("--dist-dir", type=Path, default=None,
                       help="where the PDFs go (default: dist/ beside the site folder)")
    pdf = commands.add_parser("pdf", help="build the PDFs only (the site is built aside and discarded)")
    pdf.add_argument("--dist-dir", type=Path, default=None, help="default: PROJECT/dist")
    commands.add_parser("check", help="check the content without building")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            site_dir = args.site_dir or args.project / "site"
            return _build(args.project, site_dir, args.dist_dir or site_dir.parent / "dist")
        if args.command == "pdf":
            return _pdf(args.project, args.dist_dir or args.project / "dist")
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
    from .site import build_site

    results: list = []
    finish = _pdf_step(dist_dir, results)
    handbook = build_site(project, site_dir, finish=finish)
    for warning in handbook.warnings:
        print(warning, file=sys.stderr)
    pages = sum(1 for _ in site_dir.rglob("*.html"))
    print(f"built {len(handbook.pages)} pages ({pages} HTML files) into {site_dir}"
          f" with {len(handbook.warnings)} warning(s)")
    _report_pdfs(results, dist_dir)
    return 0


def _pdf(project: Path, dist_dir: Path) -> int:
    import tempfile

    from .site import build_site

    results: list = []
    finish = _pdf_step(dist_dir, results)
    with tempfile.TemporaryDirectory(prefix="handbook-pdf-") as scratch:
        handbook = build_site(project, Path(scratch) / "site", finish=finish)
    for warning in handbook.warnings:
        print(warning, file=sys.stderr)
    _report_pdfs(results, dist_dir)
    return 0


def _pdf_step(dist_dir: Path, results: list):
    """The PDFs, made from the freshly built site before it replaces the old one."""
    from .dates import build_time
    from .pdf import build_pdfs

    generated = build_time()  # checked before anything is built
    def finish(handbook, site_dir: Path) -> None:
        results.extend(build_pdfs(handbook, site_dir, dist_dir, generated))
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


def _check(project: Path) -> int:
    from .site import validate_project

    handbook = validate_project(project)
    _report(handbook.warnings)
    return 0
