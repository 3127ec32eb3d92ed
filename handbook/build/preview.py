"""`make serve`'s quick preview: an edit to the text of a page is shown within about a
second, while the full build that follows it (strict, incremental) makes the rest of the
site: the pages that quote it, the search index, "What changed", the offline files.

The preview is made only when it can only be what the full build will make of that page:

- every file changed since the last good build is a page that build had (docs/*.md);
- each such page's front matter is what that build read, or differs only in its title
  and the navigation is otherwise the same (the same pages in the same sections; a new
  title may move a page among its neighbours, as chapters without `order` are listed by
  title): the page is shown with the navigation as the full build will make it (its own
  entry's new title, its place, the previous and next pages). The registers, the
  chapters' lists and every other page's navigation are made by the full build;
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
    navigation = navigation_change(last.handbook, handbook, sources)
    if navigation is None:
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
        html = render_page(last.mkdocs, src, session, nav_title=navigation.titles.get(src),
                           order=navigation.order)
        if html is None:
            return None
        pages[built_path(src)] = html.encode("utf-8", errors="xmlcharrefreplace")
    return pages


@dataclass
class NavigationChange:
    """How the navigation changed with an edit to some pages' titles."""
    titles: dict[str, str]   # the new navigation titles, by page (those that changed)
    order: list[str] | None  # every page, in the new navigation's order; None: no page moved


def navigation_change(before: Handbook, now: Handbook, sources: list[str]) -> NavigationChange | None:
    """The navigation's change when the edited pages `sources` changed at most in title;
    None when anything else in their front matter changed, or the navigation changed
    other than in their titles and in the order of pages among their neighbours (each
    place in it holding a page of the same section, each section the same pages)."""
    for src in sources:
        old, new = before.pages[src].meta, now.pages[src].meta
        if new.model_copy(update={"title": old.title}) != old:
            return None
    old_nav, new_nav = nav_entries(build_nav(before)), nav_entries(build_nav(now))
    if [place for place, _, _ in old_nav] != [place for place, _, _ in new_nav] \
            or sorted((place, src) for place, _, src in old_nav) != sorted((place, src) for place, _, src in new_nav):
        return None
    old_titles = {src: title for _, title, src in old_nav}
    titles = {}
    for _, title, src in new_nav:
        if title != old_titles[src]:
            if src not in sources:
                return None
            titles[src] = title
    order = [src for _, _, src in new_nav]
    return NavigationChange(titles, None if order == [src for _, _, src in old_nav] else order)
