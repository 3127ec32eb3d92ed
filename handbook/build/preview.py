"""`make serve`'s quick preview: an edit to the text of a page is shown within about a
second, while the full build that follows it (strict, incremental) makes the rest of the
site: the pages that quote it, the search index, "What changed", the offline files.

The preview is made only when it can only be what the full build will make of that page:

- every file changed since the last good build is a page that build had (docs/*.md);
- each such page's front matter is what that build read, or differs only in its title
  and the navigation is otherwise the same (the same pages in the same places): the
  page's own entry in its navigation then shows the new title, as the full build's will.
  The registers and the chapters' lists are on other pages, which the full build makes;
- the whole project loads with no error, and the edited pages pass the checks a build
  makes of a page (markup, links out of it, its anchors), and MkDocs warns about nothing.

Otherwise there is no preview and the full build runs as always. The preview is never
written into site/: the server shows it until the full build finishes, then site/ holds
that build's pages (or, if it failed, the last good site and its errors).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handbook.addresses import built_path
from handbook.build.incremental_checks import scoped
from handbook.build.navigation import build_nav, nav_entries
from handbook.build.session import BuildSession
from handbook.checks.links import check_links
from handbook.checks.markup import check_markup
from handbook.content.model import Handbook, load_for_checking
from handbook.problems import HandbookError
from handbook.templating.renderer import PageRenderer


@dataclass
class LastGoodBuild:
    handbook: Handbook
    mkdocs: object  # MkDocs' state after that build (macros/preview_plugin.py: MkDocsState)


def edited_pages(project: Path, last: LastGoodBuild, changed: list[Path]) -> list[str] | None:
    """The pages (docs/ sources) the `changed` files are, if they all are pages of the last
    good build; else None."""
    docs = (Path(project) / "docs").resolve()
    pages = []
    for path in changed:
        try:
            src = Path(path).resolve().relative_to(docs).as_posix()
        except ValueError:
            return None
        if src not in last.handbook.pages or not Path(path).is_file():
            return None
        pages.append(src)
    return sorted(pages) or None


def quick_preview(project: Path, last: LastGoodBuild, changed: list[Path]) -> dict[str, bytes] | None:
    """The HTML of the edited pages (by file in the site), or None when there is no preview
    to make (see the module's description)."""
    from macros.preview_plugin import render_page

    sources = edited_pages(project, last, changed)
    if sources is None:
        return None
    try:
        handbook, errors = load_for_checking(project)
    except HandbookError:
        return None
    if errors or set(handbook.pages) != set(last.handbook.pages):
        return None
    nav_titles = retitled(last.handbook, handbook, sources)
    if nav_titles is None:
        return None
    renderer = PageRenderer(handbook)
    try:
        problems = [problem for src in sources for problem in check_markup(handbook.pages[src])]
        problems += check_links(scoped(handbook, set(sources)), renderer)
    except HandbookError:
        return None
    if problems:
        return None
    session = BuildSession.start(renderer)
    pages = {}
    for src in sources:
        html = render_page(last.mkdocs, src, session, nav_title=nav_titles.get(src))
        if html is None:
            return None
        pages[built_path(src)] = html.encode("utf-8", errors="xmlcharrefreplace")
    return pages


def retitled(before: Handbook, now: Handbook, sources: list[str]) -> dict[str, str] | None:
    """The new navigation titles of the edited pages `sources` whose title alone changed
    ({} when none did); None when anything else in their front matter changed, or the
    navigation changed other than in those titles (a new title can move a chapter: chapters
    with the same `order` are listed by title)."""
    for src in sources:
        old, new = before.pages[src].meta, now.pages[src].meta
        if new.model_copy(update={"title": old.title}) != old:
            return None
    old_nav, new_nav = nav_entries(build_nav(before)), nav_entries(build_nav(now))
    if [(place, src) for place, _, src in old_nav] != [(place, src) for place, _, src in new_nav]:
        return None
    titles = {}
    for (_, old_title, src), (_, new_title, _) in zip(old_nav, new_nav, strict=True):
        if old_title != new_title:
            if src not in sources:
                return None
            titles[src] = new_title
    return titles
