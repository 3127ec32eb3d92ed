"""The build's checks (handbook/checks: markup, links and anchors), run on what an edit can
affect when an earlier build of the project passed them.

- Markup (check_markup) looks at one page's own source: a page whose source is what an
  earlier build checked without a problem is not looked at again.
- Links and anchors (check_links) look at a page's rendered markdown and at the pages it
  links to. After a build that passed, only these are checked again: the pages whose
  source or rendered markdown changed (links out of them, their amendments' and action
  sections, the anchors they define), and every page that links to one of them (links into
  them). Every page is checked when a page or another file of docs/ was added or removed,
  or when there is no record of a build that passed.

The record of the last build that passed is kept in the build memo (build/memo.py) under
the project's folder; errors are never kept, so a page with a problem is checked every time.
"""
from __future__ import annotations

import re
from urllib.parse import unquote

from handbook.addresses import resolve
from handbook.build.memo import BuildMemo
from handbook.checks.links import anchors_in, check_links, links_in
from handbook.checks.markup import check_markup
from handbook.content.model import Handbook
from handbook.digests import digest
from handbook.problems import Problem
from handbook.templating.dependencies import page_digest
from handbook.templating.renderer import PageRenderer

MARKUP_PASSED = "markup-passed"    # a page source that check_markup found nothing wrong in
LINKS_PASSED = "links-passed"      # the state of every page when the link check last passed
LINKS_OUT = "links-out"            # the pages a page's rendered markdown links to
ANCHORS = "anchors"                # the anchors a page's rendered markdown defines
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")  # an address on another site, mailto:, tel:


def check_pages(renderer: PageRenderer, memo: BuildMemo | None, *, archived: bool = False) -> list[Problem]:
    handbook = renderer.handbook
    if memo is None:
        problems = [p for page in handbook.pages.values() for p in check_markup(page)]
        return problems + check_links(handbook, renderer)
    problems = _markup(handbook, memo)
    return problems + _links(handbook, renderer, memo, archived)


def _markup(handbook: Handbook, memo: BuildMemo) -> list[Problem]:
    problems = []
    for page in handbook.pages.values():
        key = page_digest(page)
        if memo.get(MARKUP_PASSED, key) is not None:
            continue
        found = check_markup(page)
        if not found:
            memo.put(MARKUP_PASSED, key, True)
        problems += found
    return problems


class _Scope(dict):
    """The handbook's pages, of which check_links walks through only `checked`: looking one
    up by name (a link's target) still finds any page."""

    def __init__(self, pages: dict, checked: set[str]):
        super().__init__(pages)
        self._checked = checked

    def values(self):
        return [page for src, page in super().items() if src in self._checked]


class _ScopedHandbook:
    def __init__(self, handbook: Handbook, checked: set[str]):
        self._handbook = handbook
        self.pages = _Scope(handbook.pages, checked)

    def __getattr__(self, name):
        return getattr(self._handbook, name)


def scoped(handbook: Handbook, checked: set[str]) -> _ScopedHandbook:
    """`handbook` as check_links sees it when only the pages `checked` are to be checked."""
    return _ScopedHandbook(handbook, checked)


def _links(handbook: Handbook, renderer: PageRenderer, memo: BuildMemo, archived: bool) -> list[Problem]:
    try:
        states = {src: digest(page_digest(page), renderer.render(page).markdown)
                  for src, page in handbook.pages.items()}
    except Exception:  # a page that does not render: the full check reports it
        states = None
    other_files = sorted(path.relative_to(handbook.root / "docs").as_posix()
                         for path in (handbook.root / "docs").rglob("*")
                         if path.is_file() and path.suffix != ".md")
    record_key = digest(str(handbook.root.resolve()), str(archived))
    record = memo.get(LINKS_PASSED, record_key)
    if states is None or record is None or record["files"] != other_files \
            or set(record["pages"]) != set(states):
        checked = set(handbook.pages)
    else:
        changed = {src for src, state in states.items() if record["pages"][src] != state}
        checked = set(changed)
        for src, page in handbook.pages.items():
            if src not in changed and _links_to(src, renderer.render(page).markdown, changed, memo):
                checked.add(src)
    problems = check_links(_ScopedHandbook(handbook, checked) if checked != set(handbook.pages)
                           else handbook, renderer, _anchors_kept_in(memo))
    if not problems and states is not None:
        memo.put(LINKS_PASSED, record_key, {"pages": states, "files": other_files})
    return problems


def _anchors_kept_in(memo: BuildMemo):
    """anchors_in, looked up in the memo first: the pages a checked page links to are read
    for their anchors, unchanged as most of them are."""
    def find_anchors(markdown: str) -> set[str]:
        key = digest(markdown)
        anchors = memo.get(ANCHORS, key)
        if anchors is None:
            anchors = anchors_in(markdown)
            memo.put(ANCHORS, key, anchors)
        return anchors
    return find_anchors


def _links_to(src: str, markdown: str, changed: set[str], memo: BuildMemo) -> bool:
    """Whether the page `src` links to one of the `changed` pages."""
    key = digest(src, markdown)
    targets = memo.get(LINKS_OUT, key)
    if targets is None:
        targets = sorted({resolve(src, unquote(path.split("?", 1)[0])) for link in links_in(markdown)
                          if (path := link.partition("#")[0]) and not _SCHEME.match(path)})
        memo.put(LINKS_OUT, key, targets)
    return any(target in changed for target in targets)
