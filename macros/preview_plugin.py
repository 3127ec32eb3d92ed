"""The MkDocs side of `make serve`'s quick preview (handbook/build/preview.py): MkDocs'
state after a good build is kept (the configuration with its plugins, the files, the
navigation and the theme's environment), so that an edit to the text of a page can be put
through the same steps for that page alone, without a whole build:

- `KeepPlugin`, added by the adapter when the build asks for it, keeps that state;
- `render_page` puts one page through MkDocs' steps for a page (reading, the plugins'
  events, markdown, the theme, the hooks, the anchor check) as `mkdocs build` does
  (mkdocs/commands/build.py, `_populate_page` and `_build_page` of MkDocs 1.6), and gives
  the HTML instead of writing it.

The result is only shown while the full build that follows runs; that build's page is the
one kept (and a test compares the two).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from mkdocs.commands.build import _populate_page, get_context
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.nav import Section, _add_previous_and_next_links
from mkdocs.structure.pages import Page

from handbook.build.mkdocs_log import mkdocs_warnings
from handbook.build.session import hand_over

MACROS_PLUGIN = "macros"


@dataclass
class MkDocsState:
    config: object
    files: object
    nav: object
    env: object


class KeepPlugin(BasePlugin):
    """Keeps MkDocs' state of this build in `kept["mkdocs"]`."""

    def __init__(self, kept: dict):
        super().__init__()
        self.kept = kept
        self._nav = None

    @event_priority(-100)  # the navigation as every other plugin left it
    def on_nav(self, nav, *, config, files):
        self._nav = nav
        return nav

    @event_priority(-100)  # after the memo plugin has wrapped the environment
    def on_env(self, env, *, config, files):
        self.kept["mkdocs"] = MkDocsState(config, files, self._nav, env)
        return env


def render_page(state: MkDocsState, src: str, session, *, nav_title: str | None = None,
                order: list[str] | None = None) -> str | None:
    """The page `src` as the kept build would write it now, its source read again and its
    markdown made by `session`'s renderer; None when MkDocs warns about it (the full build
    then reports the warning) or the page is not one of the kept build's. `nav_title`: the
    page's new title in the navigation (its title alone changed); `order`: every page of
    the navigation in its new order (a new title moved the page among its neighbours).
    Both are shown for this page only: the kept navigation is put back as it was."""
    file = state.files.get_file_from_path(src)
    if file is None or file.page is None or file.generated_by:
        return None
    page = file.page
    # MkDocs keeps a title from the `nav` configuration in the page's own attributes, where
    # it hides the `title` property; the kept one is put back after.
    kept = vars(page).get("title")
    if nav_title is not None:
        page.title = nav_title
    try:
        with _pages_in_order(state.nav, order) as reordered:
            return _render(state, page, session) if reordered else None
    finally:
        if nav_title is not None:
            if kept is None:
                del page.title
            else:
                page.title = kept


@contextmanager
def _pages_in_order(nav, order: list[str] | None) -> Iterator[bool]:
    """The kept navigation with its pages in `order` (by source) while the block runs: in
    each section the places holding pages take them in that order (sections keep theirs),
    and each page's previous and next pages follow, as MkDocs links them. Yields False
    (and changes nothing) when `order` does not hold exactly the navigation's pages."""
    if order is None:
        yield True
        return
    rank = {src: index for index, src in enumerate(order)}
    lists = [nav.items] + [item.children for item in _sections(nav.items)]
    if sorted(page.file.src_uri for page in nav.pages) != sorted(order):
        yield False
        return
    saved = [(items, list(items)) for items in lists] + [(nav.pages, list(nav.pages))]
    links = [(page, page.previous_page, page.next_page) for page in nav.pages]
    try:
        for items in lists:
            places = [index for index, item in enumerate(items) if isinstance(item, Page)]
            pages = sorted((items[index] for index in places), key=lambda page: rank[page.file.src_uri])
            for index, page in zip(places, pages, strict=True):
                items[index] = page
        nav.pages.sort(key=lambda page: rank[page.file.src_uri])
        _add_previous_and_next_links(nav.pages)
        yield True
    finally:
        for items, kept in saved:
            items[:] = kept
        for page, previous, following in links:
            page.previous_page, page.next_page = previous, following


def _sections(items) -> Iterator[Section]:
    for item in items:
        if isinstance(item, Section):
            yield item
            yield from _sections(item.children)


def _render(state: MkDocsState, page, session) -> str | None:
    config, files, nav = state.config, state.files, state.nav
    hand_over(config, session)
    config.plugins[MACROS_PLUGIN].handbook_session = session
    with mkdocs_warnings() as warnings:
        try:
            _populate_page(page, config, files)
            doc_files = files.documentation_pages()
            config._current_page = page
            page.active = True
            try:
                context = get_context(nav, doc_files, config, page)
                template = state.env.get_template(page.meta.get("template", "main.html"))
                context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
                output = template.render(context)
                output = config.plugins.on_post_page(output, page=page, config=config)
            finally:
                page.active = False
                config._current_page = None
            page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        except Exception:  # noqa: BLE001 - anything MkDocs would stop on: the full build says what
            return None
    return None if warnings else output
