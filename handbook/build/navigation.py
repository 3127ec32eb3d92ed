"""The navigation, derived from the content: Home, then the chapters, then the handbook
pages in the sections their front matter names. Adding a chapter never means editing a
configuration file, and another partnership's pages bring their own navigation."""
from __future__ import annotations

from handbook.content.model import Handbook
from handbook.content.pages import CHAPTER_FOLDER, in_order
from handbook.escaping import text

HOME = "index.md"


def build_nav(handbook: Handbook) -> list:
    """The navigation in MkDocs' `nav` form (plain lists and dicts). Titles are escaped:
    the theme prints them as they are."""
    nav: list = []
    if HOME in handbook.pages:
        nav.append({"Home": HOME})
    chapters = in_order(handbook.chapters)  # the editor's `order`, then by title
    if chapters:
        nav.append({"Chapters": _chapter_tree(chapters)})
    sections: dict[str, list] = {}
    others = [page for page in handbook.pages.values() if not page.is_chapter and page.src != HOME]
    for page in sorted(others, key=lambda p: (p.meta.nav_order, p.meta.title)):
        sections.setdefault(page.meta.nav_section or "More", []).append({text(page.meta.title): page.src})
    nav += [{title: entries} for title, entries in sections.items()]
    return nav


def _chapter_tree(chapters) -> list:
    """Chapters directly in chapters/ are listed as they are; chapters in a sub-folder
    (chapters/<part>/...) are grouped under that part, named after the folder."""
    top: list = []
    parts: dict[str, list] = {}
    for page in chapters:
        inner = page.src[len(CHAPTER_FOLDER):]
        if "/" in inner:
            part = inner.split("/", 1)[0]
            parts.setdefault(part, []).append({text(page.meta.title): page.src})
        else:
            top.append({text(page.meta.title): page.src})
    for part in sorted(parts):
        top.append({text(part.replace("-", " ").capitalize()): parts[part]})
    return top


def pages_in_order(handbook: Handbook) -> list[str]:
    """Every page (its path in docs/) in the navigation's order: the order the search index
    lists them in (which breaks ties between equal results) and the PDFs print them in."""
    found = [src for _, _, src in nav_entries(build_nav(handbook))]
    return list(dict.fromkeys(found + sorted(handbook.pages)))


def nav_entries(nav: list, place: tuple = ()) -> list[tuple[tuple, str, str]]:
    """MkDocs' `nav` (build_nav's form) as (sections it is in, title, page) in order."""
    entries = []
    for item in nav:
        for title, value in item.items():
            if isinstance(value, list):
                entries += nav_entries(value, place + (title,))
            else:
                entries.append((place, title, value))
    return entries
