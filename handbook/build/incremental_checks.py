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
What the checks learn of each page (that its source passed the markup check; the pages its
rendered markdown links to and the anchors it defines) is kept as one memo entry per
project, read once per build: every build uses it, so none of it is pruned, and a page
unchanged since any earlier build is never looked at again, whatever the builds between
(a build that changed nothing, a full check) did.
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

MARKUP_PASSED = "markup-passed"    # the sources (page digests) check_markup found nothing wrong in
LINKS_PASSED = "links-passed"      # the state of every page when the link check last passed
LINK_FACTS = "link-facts"          # per page: the pages its rendered markdown links to, its anchors
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")  # an address on another site, mailto:, tel:


def check_pages(renderer: PageRenderer, memo: BuildMemo | None, *, archived: bool = False) -> list[Problem]:
    handbook = renderer.handbook
    if memo is None:
        problems = [p for page in handbook.pages.values() for p in check_markup(page)]
        return problems + check_links(handbook, renderer)
    record_key = digest(str(handbook.root.resolve()), str(archived))
    problems = _markup(handbook, memo, record_key)
    return problems + _links(handbook, renderer, memo, record_key)


def _markup(handbook: Handbook, memo: BuildMemo, record_key: str) -> list[Problem]:
    passed_before = memo.get(MARKUP_PASSED, record_key) or set()
    problems, passed = [], set()
    for page in handbook.pages.values():
        key = page_digest(page)
        found = [] if key in passed_before else check_markup(page)
        if not found:
            passed.add(key)
        problems += found
    if passed != passed_before:
        memo.put(MARKUP_PASSED, record_key, passed)
    else:
        memo.keep(MARKUP_PASSED, record_key)
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


def _links(handbook: Handbook, renderer: PageRenderer, memo: BuildMemo, record_key: str) -> list[Problem]:
    facts = _LinkFacts(memo, record_key)
    try:
        states = {src: digest(page_digest(page), facts.markdown_digest(src, renderer.render(page).markdown))
                  for src, page in handbook.pages.items()}
    except Exception:  # a page that does not render: the full check reports it
        states = None
    other_files = sorted(path.relative_to(handbook.root / "docs").as_posix()
                         for path in (handbook.root / "docs").rglob("*")
                         if path.is_file() and path.suffix != ".md")
    record = memo.get(LINKS_PASSED, record_key)
    if states is None or record is None or record["files"] != other_files \
            or set(record["pages"]) != set(states):
        checked = set(handbook.pages)
        if states is not None:  # what the next build, after an edit, asks of every page
            for src, page in handbook.pages.items():
                facts.targets(src, renderer.render(page).markdown)
    else:
        changed = {src for src, state in states.items() if record["pages"][src] != state}
        checked = set(changed)
        for src, page in handbook.pages.items():
            if src not in changed and changed.intersection(facts.targets(src, renderer.render(page).markdown)):
                checked.add(src)
    problems = check_links(_ScopedHandbook(handbook, checked) if checked != set(handbook.pages)
                           else handbook, renderer, facts.anchors)
    if not problems and states is not None:
        memo.put(LINKS_PASSED, record_key, {"pages": states, "files": other_files})
    if states is not None:
        facts.save()
    return problems


class _LinkFacts:
    """The pages each page's rendered markdown links to and the anchors it defines, by the
    digest of that markdown: one memo entry for the project, read once and written back
    (holding the current pages' facts only) when something was added."""

    def __init__(self, memo: BuildMemo, record_key: str):
        self._memo, self._key = memo, record_key
        stored = memo.get(LINK_FACTS, record_key) or {}
        self._targets: dict[tuple[str, str], list[str]] = stored.get("targets", {})
        self._anchors: dict[str, set[str]] = stored.get("anchors", {})
        self._digests: dict[str, str] = {}      # markdown digest of each current page, by src
        self._digest_of: dict[str, str] = {}    # the same, by the markdown itself
        self._added = False

    def markdown_digest(self, src: str, markdown: str) -> str:
        self._digests[src] = self._digest(markdown)
        return self._digests[src]

    def _digest(self, markdown: str) -> str:
        if markdown not in self._digest_of:
            self._digest_of[markdown] = digest(markdown)
        return self._digest_of[markdown]

    def anchors(self, markdown: str) -> set[str]:
        """As anchors_in(markdown)."""
        key = self._digest(markdown)
        if key not in self._anchors:
            self._anchors[key] = anchors_in(markdown)
            self._added = True
        return self._anchors[key]

    def targets(self, src: str, markdown: str) -> list[str]:
        """The pages and files (docs/-relative) the page `src`, rendered as `markdown`, links to."""
        key = (src, self._digest(markdown))
        if key not in self._targets:
            self._targets[key] = sorted({resolve(src, unquote(path.split("?", 1)[0])) for link in links_in(markdown)
                                         if (path := link.partition("#")[0]) and not _SCHEME.match(path)})
            self._added = True
        return self._targets[key]

    def save(self) -> None:
        current = set(self._digests.values())
        targets = {key: found for key, found in self._targets.items() if self._digests.get(key[0]) == key[1]}
        anchors = {key: found for key, found in self._anchors.items() if key in current}
        if self._added or len(targets) != len(self._targets) or len(anchors) != len(self._anchors):
            self._memo.put(LINK_FACTS, self._key, {"targets": targets, "anchors": anchors})
        else:
            self._memo.keep(LINK_FACTS, self._key)
