"""The handbook model: every data file and page, loaded and validated once, in one place.

Macros, checks and (later) the PDF and feed builders all read this model; none of them
parses YAML or front matter on its own.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from handbook.content import (
    edition_sources,
    editions,
    editorial_settings,
    glossary,
    indicators,
    legal,
    partnership,
    resources,
    search_vocabulary,
)
from handbook.content.limits import MAX_DATA_FILE_BYTES, MAX_PAGE_BYTES, SYMBOLIC_LINK, read_input
from handbook.content.nesting import nesting_problems
from handbook.content.pages import Page, current_edition_problems, order_problems, page_from_text
from handbook.content.yaml_source import YamlSource, parse_yaml, validate_leniently
from handbook.digests import digest
from handbook.problems import HandbookError, Problem, display_path

# One entry per data set: file name under data/ and the model that validates it.
DATA_SETS = {
    "partnership": (partnership.FILE, partnership.Partnership),
    "indicators": (indicators.FILE, indicators.IndicatorData),
    "legal": (legal.FILE, legal.LegalData),
    "resources": (resources.FILE, resources.ResourceData),
    "glossary": (glossary.FILE, glossary.Glossary),
    "editions": (editions.FILE, editions.EditionData),
    "search": (search_vocabulary.FILE, search_vocabulary.SearchData),
    "editorial": (editorial_settings.FILE, editorial_settings.Editorial),
}
# Data sets a project may leave out: without data/editorial.yml the checks that need its
# settings are skipped (and `check` says so), so older projects still build.
OPTIONAL_DATA_SETS = {"editorial"}


@dataclass
class Handbook:
    root: Path
    partnership: partnership.Partnership
    indicators: indicators.IndicatorData
    legal: legal.LegalData
    resources: resources.ResourceData
    glossary: glossary.Glossary
    editions: editions.EditionData
    search: search_vocabulary.SearchData
    pages: dict[str, Page]
    sources: dict[str, YamlSource]
    editorial: editorial_settings.Editorial | None = None
    warnings: list[Problem] = field(default_factory=list)
    # Ids of data items left out because of a mistake in them (load_for_checking): what
    # refers to them is not reported again (`consequence`).
    left_out: set[str] = field(default_factory=set)

    def consequence(self, problem: Problem) -> bool:
        """Whether `problem` only follows from an item left out (a reference to its id)."""
        return any(f"'{item_id}'" in problem.message for item_id in self.left_out)

    @property
    def chapters(self) -> list[Page]:
        return [page for page in self.pages.values() if page.is_chapter]

    def page(self, src: str) -> Page:
        return self.pages[src]


def load_handbook(root: Path, *, archived: bool = False, memo=None) -> Handbook:
    """Load `root`/data/*.yml and `root`/docs/**/*.md; raise HandbookError listing every
    error found (not just the first), so an editor can fix them in one go. An `archived`
    edition's own list of earlier editions is history: their sources are not checked.
    `memo`: as for load_for_checking."""
    handbook, errors = load_for_checking(root, archived=archived, memo=memo)
    if errors:
        raise HandbookError(errors)
    return handbook


def load_for_checking(root: Path, *, archived: bool = False, memo=None) -> tuple[Handbook, list[Problem]]:
    """The handbook and the errors found loading it, so that the checks of the pages' text
    (links, anchors, headings) run in the same pass as those of the front matter and data:
    a data file or front matter with mistakes is read as far as it can be without guessing
    (yaml_source.validate_leniently, pages.page_from_text). Raise HandbookError when the
    handbook cannot be read even that way (a data file missing or not valid YAML).
    `memo` (the build's, handbook/build/memo.py): pages read by earlier builds, by their
    text, so that an unchanged page is not parsed and validated again."""
    return _load(Path(root), archived, memo)


# Pages already read, by file, with the state of the file then. A build validates the
# project and MkDocs' adapter then asks for the model again, and `make serve` reloads it
# after every edit: only the pages whose file changed since are read again.
_pages_read: dict[Path, tuple[tuple, Page]] = {}
PARSED_PAGE = "parsed-page"  # the memo's name for a page read, by its text, place and name


def _read_page_once(file: Path, docs: Path, shown: str, memo=None) -> Page:
    stat = file.stat()
    state = (docs, shown, stat.st_mtime_ns, stat.st_size, stat.st_ino)
    key = file.absolute()
    if key in _pages_read and _pages_read[key][0] == state:
        return _pages_read[key][1]
    src = file.relative_to(docs).as_posix()
    text = read_input(file, shown, MAX_PAGE_BYTES)
    memo_key = memo and digest(text, src, shown)
    page = memo.get(PARSED_PAGE, memo_key) if memo else None
    if page is None:
        page = page_from_text(src, shown, text)
        if problems := nesting_problems(page):
            raise HandbookError(problems)
        if memo:  # only a page whose markdown nests as it must: the others raise above
            memo.put(PARSED_PAGE, memo_key, page)
    _pages_read[key] = (state, page)
    return page


def _load(root: Path, archived: bool, memo=None) -> Handbook:
    links = _symbolic_links(root)
    errors = [Problem(str(link.relative_to(root)), 1, "error", SYMBOLIC_LINK) for link in links]
    loaded: dict[str, object] = {}
    sources: dict[str, YamlSource] = {}
    unreadable = bool(links)
    left_out: set[str] = set()
    for name, (file_name, model) in DATA_SETS.items():
        path = root / "data" / file_name
        shown = display_path(path, root)
        if {path, path.parent} & set(links) or (name in OPTIONAL_DATA_SETS and not path.exists()):
            continue
        try:
            if not path.exists():
                raise HandbookError([Problem(shown, 1, "error", "data file is missing")])
            source = parse_yaml(read_input(path, shown, MAX_DATA_FILE_BYTES), shown)
            if source.data is None:
                raise HandbookError([Problem(shown, 1, "error", "the file is empty: it must hold this "
                                             "data set's fields (restore them from the last good copy)")])
            sources[name] = source
            loaded[name], problems = validate_leniently(model, source, left_out=left_out)
            errors.extend(problems)
            if loaded[name] is None:
                unreadable = True
        except HandbookError as exc:
            errors.extend(exc.problems)
            unreadable = True

    pages: dict[str, Page] = {}
    docs = root / "docs"
    for file in [] if docs in links else sorted(set(docs.rglob("*.md")) - set(links)):
        shown = str(file.relative_to(root))  # found under root: no need to resolve the path
        try:
            page = _read_page_once(file, docs, shown, memo)
            pages[page.src] = page
            errors.extend(page.problems)
        except HandbookError as exc:
            errors.extend(exc.problems)
            unreadable = True

    if unreadable:  # nothing to check the pages against: what was found so far
        raise HandbookError(errors)
    handbook = Handbook(root=root, pages=pages, sources=sources, left_out=left_out, **loaded)
    cross_errors, handbook.warnings = _cross_check(handbook)
    errors += [error for error in cross_errors if not handbook.consequence(error)]
    if not archived:
        errors += current_edition_problems(list(pages.values()))
        errors += _edition_sources(handbook)
    return handbook, list(dict.fromkeys(errors))


def _symbolic_links(root: Path) -> list[Path]:
    """Every symbolic link in docs/ and data/ (or either folder itself, if a link), never
    followed: MkDocs would follow one and publish whatever it points at."""
    found = []
    for top in (root / "docs", root / "data"):
        if top.is_symlink():
            found.append(top)
            continue
        for folder, folders, files in os.walk(top):
            found += [Path(folder, name) for name in folders + files if Path(folder, name).is_symlink()]
    return sorted(found)


def _cross_check(handbook: Handbook) -> tuple[list[Problem], list[Problem]]:
    """What no single file can check: unique ids, references between files."""
    errors: list[Problem] = []
    for name in ("partnership", "indicators", "legal", "resources", "glossary"):
        source = handbook.sources[name]
        seen: dict[str, int | None] = {}
        for item_id, loc in getattr(handbook, name).id_locations():
            line = source.line_of(loc)
            if item_id in seen:
                errors.append(Problem(source.path, line, "error",
                                      f"duplicate id '{item_id}' (first at line {seen[item_id]})"))
            else:
                seen[item_id] = line
    legal_source = handbook.sources["legal"]
    known_provisions = {p.id for p in handbook.legal.provisions}
    for loc, field_name, wanted in handbook.legal.references():
        if wanted not in known_provisions:
            errors.append(Problem(legal_source.path, legal_source.line_of(loc), "error",
                                  f"{field_name} names '{wanted}', which is not a provision here"))
    errors += handbook.resources.topic_problems(handbook.sources["resources"])
    known_resources = {r.id for r in handbook.resources.resources}
    for page in handbook.chapters:
        for index, related in enumerate(page.meta.related):
            if related not in handbook.pages or not handbook.pages[related].is_chapter:
                errors.append(Problem(page.path, page.field_line("related", index), "error",
                                      f"related chapter '{related}' is not a chapter of this handbook"))
        for index, wanted in enumerate(page.meta.resources):
            if wanted not in known_resources:
                errors.append(Problem(page.path, page.field_line("resources", index), "error",
                                      f"resources names '{wanted}', "
                                      "which is not in data/resources.yml"))
    order_errors, warnings = order_problems(handbook.chapters)
    errors += order_errors
    warnings += handbook.partnership.unset_values(handbook.sources["partnership"])
    warnings += handbook.resources.unconfirmed(handbook.sources["resources"])
    return errors, warnings


def _edition_sources(handbook: Handbook) -> list[Problem]:
    """Every earlier edition's content can be read (its folder exists, its git tag is here)."""
    source = handbook.sources["editions"]
    errors = []
    for index, edition in enumerate(handbook.editions.editions):
        if index and (problem := edition_sources.source_problem(handbook.root, edition)):
            field = "folder" if edition.folder else "git_tag"
            errors.append(Problem(source.path, source.line_of(("editions", index, field)), "error", problem))
    return errors
