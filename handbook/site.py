"""Build the web site with MkDocs, safely: validate first, build into a temporary folder,
and replace the previous site only when everything succeeded."""
from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from .link_check import check_links
from .macro_check import check_macro_calls
from .model import Handbook, load_handbook
from .outputs import fixed_build_time, staged_output
from .problems import HandbookError, Problem

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material 9.8's end-of-life banner

REPO = Path(__file__).resolve().parent.parent
CONFIG = REPO / "mkdocs.yml"


def validate_project(project: Path) -> Handbook:
    """Everything that would stop a build, found before MkDocs starts: the model loads, every
    macro call is valid, every page renders, every link and anchor between pages exists.
    Raise HandbookError listing the errors."""
    handbook = load_handbook(project)
    errors = check_macro_calls(handbook) or check_links(handbook)
    if errors:
        raise HandbookError(errors)
    return handbook


def build_site(project: Path, site_dir: Path, config_file: Path = CONFIG) -> Handbook:
    """Build `project` (a folder with docs/ and data/) into `site_dir`. On failure raise
    HandbookError and leave whatever was in `site_dir` untouched."""
    handbook = validate_project(project)
    with staged_output(site_dir) as staging, fixed_build_time(handbook.root):
        _run_mkdocs(handbook, config_file, staging)
    return handbook


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _run_mkdocs(handbook: Handbook, config_file: Path, site_dir: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    logger = logging.getLogger("mkdocs")
    collector = _Collector()
    saved = (logger.handlers[:], logger.propagate, logger.level)
    logger.handlers[:] = [collector]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    failure = None
    try:
        config = load_config(str(config_file), strict=True,
                             docs_dir=str(handbook.root / "docs"), site_dir=str(site_dir))
        build(config)
    except (Abort, MkDocsException, SystemExit) as exc:
        failure = str(exc)
    finally:
        logger.handlers[:], logger.propagate, logger.level = saved
    problems = [_problem_from_mkdocs(message, handbook) for message in collector.messages]
    if failure is not None or problems:
        if not problems:
            problems = [Problem(str(config_file.name), None, "error", f"the build failed: {failure}")]
        raise HandbookError(problems)


_DOC_LINK = re.compile(r"Doc file '([^']+)' contains (?:a|an unrecognized|an absolute) link '([^']+)'")


def _problem_from_mkdocs(message: str, handbook: Handbook) -> Problem:
    """A MkDocs warning as an editor's line: which page, which line, what is wrong."""
    message = " ".join(re.sub(r"```.*?```", "", message, flags=re.S).split())  # no tracebacks
    if match := _DOC_LINK.search(message):
        src, link = match.groups()
        page = handbook.pages.get(src)
        path = page.path if page else f"docs/{src}"
        line = page.line_of(f"({link}") or page.line_of(link) if page else None
        reason = message[match.end():].lstrip(" ,.").removeprefix("but ")
        return Problem(path, line, "error", f"broken link '{link}': {reason}")
    return Problem("mkdocs", None, "error", message)
