"""Build the web site with MkDocs, safely: validate first, build the site and dist/ into
temporary folders, and replace the previous ones only when everything succeeded."""
from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path

import yaml

from handbook import REPOSITORY
from handbook.addresses import built_path, file_slug
from handbook.build import offline
from handbook.build.compression import compressed_meanwhile
from handbook.build.incremental_checks import check_pages
from handbook.build.memo import BuildMemo
from handbook.build.mkdocs_front_matter import front_matter_memo
from handbook.build.mkdocs_log import mkdocs_warnings
from handbook.build.mkdocs_writes import staged_writes
from handbook.build.navigation import pages_in_order
from handbook.build.search_index import INDEX_FOLDER, build_search_index
from handbook.build.session import BuildSession, hand_over, stop_if_interrupted
from handbook.build.staging import (
    EPOCH_VARIABLE,
    build_lock,
    build_source,
    build_time,
    files_under,
    fixed_build_time,
    link_replaced,
    replaced_bytes,
    staged_outputs,
    write_staged,
)
from handbook.content.edition_sources import edition_project, shown_as
from handbook.content.editions import ARCHIVE_KEY, Edition
from handbook.content.model import Handbook, load_for_checking
from handbook.digests import digest, folder_digest
from handbook.problems import HandbookError, Problem
from handbook.templating.renderer import PageRenderer

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material 9.8's end-of-life banner

CONFIG = REPOSITORY / "mkdocs.yml"


def validate_project(project: Path, *, archived: bool = False) -> Handbook:
    """Everything that would stop a build, found before MkDocs starts: the model loads, every
    macro call is valid, every page renders, every link and anchor between pages exists.
    Raise HandbookError listing the errors."""
    return _validated(project, archived=archived).handbook


def _validated(project: Path, *, archived: bool = False, memo: BuildMemo | None = None) -> PageRenderer:
    """As validate_project; the renderer returned holds the handbook and its pages rendered
    (with `memo`, pages whose source and macros' reads are unchanged are not rendered again)."""
    renderer, errors = collect_errors(project, archived=archived, memo=memo)
    if errors:
        raise HandbookError(errors)
    return renderer


def collect_errors(project: Path, *, archived: bool = False,
                   memo: BuildMemo | None = None) -> tuple[PageRenderer, list[Problem]]:
    """Every error that would stop a build, found in one run: front matter, data, markup,
    links and anchors (a page with mistakes in its front matter still has its links checked).
    Raise HandbookError only when the content cannot be read far enough to check the rest."""
    handbook, errors = load_for_checking(project, archived=archived, memo=memo)
    renderer = PageRenderer(handbook, memo)
    # With items left out for a mistake, every page is checked (check_pages with no memo):
    # what passes now may not once they are back.
    errors += [problem for problem in check_pages(renderer, None if errors else memo, archived=archived)
               if not handbook.consequence(problem)]  # renders (and so checks) every page
    return renderer, list(dict.fromkeys(errors))


def build_site(project: Path, site_dir: Path, dist_dir: Path | None = None, *,
               config_file: Path = CONFIG,
               finish: Callable[[Handbook, Path, Path | None], None] | None = None,
               incremental: bool = True, memo: BuildMemo | None = None,
               keep: dict | None = None, interrupted: Callable[[], bool] | None = None,
               compressed_copies: bool = True) -> Handbook:
    """Build `project` (a folder with docs/ and data/) into `site_dir` and, if given,
    `dist_dir` (the offline zip). `finish(handbook, new_site, new_dist)`, if given, adds to
    both (the PDFs). Everything is written aside and replaces `site_dir` and `dist_dir`
    only when all of it succeeded; on failure raise HandbookError and leave both untouched.
    `incremental`: reuse what earlier builds made from the same inputs (`memo`, by default
    the project's .handbook-cache/; see build.memo), with the same result as without.
    `keep`: a dict that receives MkDocs' state of the current edition's build, under
    "mkdocs" (`make serve`'s quick preview: build/preview.py). `interrupted`: asked as the
    build goes; True stops it with BuildInterrupted, leaving both folders untouched.
    `compressed_copies`: False leaves out the .gz copies for web servers (`make serve`,
    whose server never sends them)."""
    if incremental and memo is None:
        memo = BuildMemo.for_project(project)
    elif not incremental:
        memo = None
    new_cache = memo is not None and not memo.folder.exists()
    try:
        return _build(project, site_dir, dist_dir, config_file, finish, memo, keep, interrupted,
                      compressed_copies)
    except BaseException:
        if new_cache:  # a first build that failed leaves the project as it found it
            memo.clear()
        raise


def _build(project: Path, site_dir: Path, dist_dir: Path | None, config_file: Path,
           finish, memo: BuildMemo | None, keep: dict | None = None,
           interrupted: Callable[[], bool] | None = None, compressed_copies: bool = True) -> Handbook:
    renderer = _validated(project, memo=memo)
    stop_if_interrupted(interrupted)
    handbook = renderer.handbook
    targets = [site_dir] if dist_dir is None else [site_dir, dist_dir]
    with build_lock(handbook.root), staged_outputs(targets) as (site, *dist), \
            fixed_build_time(handbook.root):
        new_dist = dist[0] if dist else None
        _run_mkdocs(renderer, config_file, site, memo=memo, keep=keep, interrupted=interrupted)
        for edition in handbook.editions.archived:
            stop_if_interrupted(interrupted)
            _build_archived(handbook, edition, config_file, site / edition.site_path, memo)
        if finish:  # the PDFs, from the new site and into it
            finish(handbook, site, new_dist)
        stop_if_interrupted(interrupted)
        # The pages and assets are compressed in a copy of this process while this one
        # writes the search index and the offline files (then compressed here). An
        # incremental build also takes the copies of unchanged files from the site it replaces.
        with compressed_meanwhile(site, memo, previous=site_dir if memo is not None else None,
                                  left_out=SEARCH_OUTPUTS + OFFLINE_OUTPUTS) if compressed_copies \
                else nullcontext():
            write_search(handbook, site, memo)
            write_offline_copy(handbook, site)
        if new_dist:
            write_offline_zip(handbook, site, new_dist, memo)
        if memo is not None:
            memo.prune()  # what this build did not use is of no further use
    return handbook


ARCHIVED = "archived-edition"  # the memo's name for an earlier edition's output: its files' digests
ARCHIVED_FILE = "archived-file"  # one file of such an output, by the digest of its bytes


def _build_archived(current: Handbook, edition: Edition, config_file: Path, site_dir: Path,
                    memo: BuildMemo | None = None) -> None:
    """An earlier edition, from its own content, with the current engine, into
    site/editions/<date>/. Its problems are named by where its content is kept. With
    `memo`, an edition kept in a folder whose every input is as an earlier build found it
    is not built again: that build's files are written (_write_archived)."""
    key = memo and _archived_key(current, edition, config_file)
    stored = memo.get(ARCHIVED, key) if key else None
    if stored is not None and _write_archived(stored, site_dir, memo):
        return
    _build_archived_now(current, edition, config_file, site_dir, memo)
    if key:
        digests = {}
        for relative in files_under(site_dir):
            data = (site_dir / relative).read_bytes()
            digests[relative] = digest(data)
            memo.put(ARCHIVED_FILE, digests[relative], data)
        memo.put(ARCHIVED, key, digests)


def _write_archived(digests: dict[str, str], site_dir: Path, memo: BuildMemo) -> bool:
    """Write an earlier edition's files as a build stored them (by their bytes' digests),
    one at a time: each from the site being replaced where its file there has those bytes
    (most builds), else from the memo. False, with none of them left written, when one is
    in neither: the edition is then built again."""
    for relative, wanted in digests.items():
        path = site_dir / relative
        replaced = replaced_bytes(path)
        if replaced is not None and digest(replaced) == wanted and link_replaced(path):
            memo.keep(ARCHIVED_FILE, wanted)
            continue
        data = memo.get(ARCHIVED_FILE, wanted)
        if data is None:
            shutil.rmtree(site_dir, ignore_errors=True)  # in the staging folder: links unlinked only
            return False
        write_staged(path, data)
    return True


def _archived_key(current: Handbook, edition: Edition, config_file: Path) -> str | None:
    """Every input of an earlier edition's build, besides the engine (in every memo key):
    its folder's files, mkdocs.yml, the current edition's pages (its banners link to them)
    and the build's time and source as its print stamp states them. None for an edition
    kept only in git (built every time)."""
    if not edition.folder:
        return None
    root = current.root / edition.folder
    return digest(edition.model_dump_json(), str(config_file.resolve()), config_file.read_bytes(),
                  folder_digest(_theme_folder(config_file)), *sorted(current.pages),
                  str(build_source(root)), str(build_time(root)), os.environ.get(EPOCH_VARIABLE, ""),
                  folder_digest(root))


def _theme_folder(config_file: Path) -> Path | None:
    """The templates folder mkdocs.yml names (theme: custom_dir)."""
    custom = (mkdocs_settings(config_file).get("theme") or {}).get("custom_dir")
    return config_file.parent / custom if isinstance(custom, str) else None


def mkdocs_settings(config_file: Path) -> dict:
    """mkdocs.yml as plain data, read without MkDocs (its tags, such as !!python/name:,
    read as nothing)."""
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    settings = yaml.load(config_file.read_text(encoding="utf-8"), Loader=Loader)
    return settings if isinstance(settings, dict) else {}


def _build_archived_now(current: Handbook, edition: Edition, config_file: Path, site_dir: Path,
                        memo: BuildMemo | None = None) -> None:
    try:
        with edition_project(current.root, edition) as root:
            renderer = _validated(root, archived=True, memo=memo)
            _run_mkdocs(renderer, config_file, site_dir,
                        archive={"current_pages": sorted(current.pages)}, memo=memo)
            write_search(renderer.handbook, site_dir, memo)  # each edition searches its own text
    except HandbookError as exc:
        raise HandbookError([replace(problem, path=shown_as(edition) + problem.path)
                             for problem in exc.problems]) from None


def built_pages(handbook: Handbook) -> list[tuple[str, str]]:
    """(HTML file relative to the site, title) of every page, in the navigation's order."""
    return [(built_path(src), handbook.pages[src].meta.title) for src in pages_in_order(handbook)]


MATERIAL_SEARCH_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/")  # removed by write_search
SEARCH_OUTPUTS = (f"{INDEX_FOLDER}/", *MATERIAL_SEARCH_FILES)  # what write_search writes or removes
OFFLINE_OUTPUTS = (offline.WEB_MANIFEST, offline.SERVICE_WORKER)  # what write_offline_copy writes


def write_search(handbook: Handbook, site_dir: Path, memo: BuildMemo | None = None) -> None:
    """The handbook's search index, plus the empty index Material's box reads at start-up
    (as JSON for web servers and as a script for file://, where nothing can be fetched)."""
    build_search_index(site_dir, built_pages(handbook), handbook.search, handbook.glossary, memo)
    # Material's Lunr worker and its language files are replaced by the handbook's worker:
    # leaving them out keeps the offline copy and the zip smaller.
    for unused in MATERIAL_SEARCH_FILES:
        shutil.rmtree(site_dir / unused, ignore_errors=True)
    material_index = site_dir / "search" / "search_index.json"
    if material_index.exists():
        write_staged(site_dir / "search" / "search_index.js",
                     ("var __index = " + material_index.read_text(encoding="utf-8") + ";\n").encode())


def write_offline_copy(handbook: Handbook, site_dir: Path) -> None:
    """The web app manifest and the service worker (last: it lists every file to save)."""
    partnership = handbook.partnership
    offline.write_web_manifest(site_dir, name=partnership.handbook_title,
                               short_name=partnership.short_name,
                               language=partnership.language)
    offline.write_service_worker(site_dir)


def offline_zip_name(handbook: Handbook) -> str:
    return f"{file_slug(handbook.partnership.handbook_title)}-offline.zip"


def write_offline_zip(handbook: Handbook, site_dir: Path, dist_dir: Path, memo: BuildMemo | None = None) -> Path:
    folder = file_slug(handbook.partnership.handbook_title)  # what the zip unpacks into
    return offline.write_offline_zip(site_dir, Path(dist_dir) / offline_zip_name(handbook), folder,
                                     build_time(handbook.root), memo)


def _run_mkdocs(renderer: PageRenderer, config_file: Path, site_dir: Path,
                archive: dict | None = None, memo: BuildMemo | None = None,
                keep: dict | None = None, interrupted: Callable[[], bool] | None = None) -> None:
    """MkDocs over the pages `renderer` has rendered and checked (see build.session)."""
    handbook = renderer.handbook
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    failure = None
    with mkdocs_warnings() as messages:
        try:
            config = load_config(str(config_file), strict=True,
                                 docs_dir=str(handbook.root / "docs"), site_dir=str(site_dir))
            if archive is not None:
                config.extra[ARCHIVE_KEY] = archive
            hand_over(config, BuildSession.start(renderer, archived=archive is not None, memo=memo, keep=keep,
                                                 interrupted=interrupted))
            with staged_writes(), front_matter_memo(memo, handbook.root / "docs"):
                build(config)
        except (Abort, MkDocsException, SystemExit) as exc:
            failure = str(exc)
    problems = [_problem_from_mkdocs(message, handbook) for message in messages]
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
