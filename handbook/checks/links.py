"""Internal links and anchors, checked without building the site: every page is rendered
with its macros (handbook.templating.renderer), so anchors that macros make (indicator rows, glossary
entries) count, and links that macros make are checked too.

Anchors are what the site's markdown makes: `{#id}` after a heading or block, `id="..."`
in HTML, and the id Python-Markdown's toc extension gives a heading without one.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote

from handbook.addresses import heading_slug, resolve
from handbook.checks.prose import clean_inline
from handbook.checks.structure import check_duplicate_anchors
from handbook.content.model import Handbook
from handbook.content.pages import Page
from handbook.problems import HandbookError, Problem
from handbook.templating.renderer import PageRenderer, RenderedPage

_FENCED_CODE = re.compile(r"^\s*(```|~~~).*?^\s*\1", re.S | re.M)
_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$", re.M)
_HEADING_ATTRS = re.compile(r"\s*\{:?([^}]*)\}\s*$")
_BLOCK_ATTR_ID = re.compile(r"\{:?[^}\n]*?#([\w.:-]+)[^}\n]*\}")
_HTML_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")
_INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*(?:<([^>]*)>|([^)\s]*))(?:\s+[\"'][^\"']*[\"'])?\s*\)")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[(?![*^])[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
_HTML_LINK = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']""")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def anchors_in(markdown: str) -> set[str]:
    markdown = _FENCED_CODE.sub("", markdown)
    anchors: set[str] = set()
    for heading in _HEADING.finditer(markdown):
        text = heading.group(2)
        attrs = _HEADING_ATTRS.search(text)
        explicit = re.search(r"#([\w.:-]+)", attrs.group(1)) if attrs else None
        if explicit:
            anchors.add(explicit.group(1))
        else:
            title = clean_inline(text[:attrs.start()] if attrs else text)
            anchors.add(heading_slug(title, anchors))
    anchors.update(_BLOCK_ATTR_ID.findall(markdown))
    anchors.update(_HTML_ID.findall(markdown))
    return anchors


def links_in(markdown: str) -> list[str]:
    markdown = _FENCED_CODE.sub("", markdown)
    found = [angled or plain for angled, plain in _INLINE_LINK.findall(markdown)]
    found += _REFERENCE_DEFINITION.findall(markdown)
    return found + _HTML_LINK.findall(markdown)


def check_links(handbook: Handbook, renderer: PageRenderer | None = None,
                find_anchors: Callable[[str], set[str]] = anchors_in) -> list[Problem]:
    """Every link from one page to another (or to a file in docs/), and every anchor.
    `find_anchors`: anchors_in, or a function giving what it gives (the build's memo)."""
    renderer = renderer or PageRenderer(handbook)
    problems: list[Problem] = []
    anchors: dict[str, set[str]] = {}

    def anchors_of(page: Page) -> set[str]:
        if page.src not in anchors:
            anchors[page.src] = find_anchors(renderer.render(page).markdown)
        return anchors[page.src]

    for page in handbook.pages.values():
        try:
            rendered = renderer.render(page)
            for target in dict.fromkeys(links_in(rendered.markdown)):
                reason = _broken(handbook, page, target, anchors_of)
                if reason:
                    problems.append(Problem(page.path, _line_of_link(rendered, target), "error",
                                            f"broken link '{target}': {reason}"))
            problems += check_duplicate_anchors(page)
            if page.is_chapter and not page.stand_in:
                problems += _amendment_sections(page, anchors_of(page))
                problems += _action_section(page, anchors_of(page))
        except HandbookError as exc:  # the page, or a page it links to, did not render
            problems += exc.problems
    return list(dict.fromkeys(problems))


def _broken(handbook: Handbook, page: Page, target: str, anchors_of) -> str | None:
    if not target or _SCHEME.match(target) or target.startswith("//"):
        return None  # an address on another site: `check --online` looks at those
    if target.startswith("/"):
        return "links start from this page, not from '/': write the path relative to this page"
    path, _, anchor = target.partition("#")
    path = unquote(path.split("?", 1)[0])
    if not path:
        destination = page
    else:
        resolved = resolve(page.src, path)
        if resolved.startswith("../") or resolved == "..":
            return "it points outside docs/"
        if resolved.endswith(".md"):
            destination = handbook.pages.get(resolved)
            if destination is None:
                return f"there is no page 'docs/{resolved}'"
        elif (handbook.root / "docs" / resolved).is_file():
            return None  # an image or download: no anchors to check
        elif any(resolved.startswith(edition.site_path) for edition in handbook.editions.archived):
            return None  # an archived edition, which the build writes into site/editions/
        else:
            return f"there is no page or file 'docs/{resolved}' (link to the page's .md file)"
    if anchor and anchor not in anchors_of(destination):
        where = "this page" if destination is page else f"'{destination.src}'"
        return f"{where} has no anchor '#{anchor}'"
    return None


def _line_of_link(rendered: RenderedPage, target: str) -> int:
    """The line an editor should look at: where the link is written, or else the macro call
    that made it."""
    page = rendered.page
    for needle in (f"({target}", f'"{target}"', target):
        if line := page.line_of(needle):
            return line
    for line, output in rendered.macro_outputs:
        if target in output:
            return line
    return page.body_first_line


def _amendment_sections(page: Page, anchors: set[str]) -> list[Problem]:
    return [Problem(page.path, page.field_line("amendments", index, "section"), "error",
                    f"amendment's section '{amendment.section}' is not an anchor in this chapter "
                    "(sections are named by the {#anchor} after their heading)")
            for index, amendment in enumerate(page.meta.amendments)
            if amendment.section and amendment.section not in anchors]


def _action_section(page: Page, anchors: set[str]) -> list[Problem]:
    action = page.meta.action_section
    if action is None or action in anchors:
        return []
    return [Problem(page.path, page.field_line("action_section"), "error",
                    f"action_section '{action}' is not an anchor in this chapter "
                    "(sections are named by the {#anchor} after their heading)")]


def check_unlinked_chapters(handbook: Handbook, renderer: PageRenderer) -> list[Problem]:
    """A chapter that no other page links to (the Home page's list of chapters counts; the
    Amendments register, which links every amended chapter by construction, does not)."""
    linked: set[str] = set()
    for page in handbook.pages.values():
        if "amendments_register(" in page.body:
            continue
        try:
            markdown = renderer.render(page).markdown
        except HandbookError:  # reported by check_links
            continue
        for target in links_in(markdown):
            path = target.split("#", 1)[0].split("?", 1)[0]
            if path and ":" not in path and not path.startswith("/"):
                resolved = resolve(page.src, path)
                if resolved != page.src:
                    linked.add(resolved)
    return [Problem(page.path, page.field_line("title") or 1, "warning",
                    f"no page links to the chapter '{page.meta.title}': readers reach it only "
                    "through the navigation; link it from the Home page (its list of chapters, "
                    "{{ chapters_list() }}) or from a related page")
            for page in handbook.chapters if page.src not in linked]
