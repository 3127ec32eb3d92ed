"""The MkDocs side of the incremental build (handbook/build/memo.py): a plugin, added to
MkDocs' plugins by the adapter when the build hands over a memo, that looks up the two
expensive steps of every page before MkDocs does them:

- the page's markdown turned into HTML (Python-Markdown, the extensions, MkDocs' link
  rewriting and anchor collection), keyed by the page's final markdown (after the
  handbook's macros and the adapter's additions), its place, every file of the site (links
  resolve against them) and the markdown settings;
- the page put into the theme (Material and overrides/), keyed by everything the theme
  reads: the page's HTML, table of contents, metadata, title and address, the navigation
  as that page shows it (below), and, for the whole site, the files, the whole MkDocs
  configuration and the templates.

The navigation as a page shows it: with Material's `navigation.prune` (and sections, no
tabs, expand or index pages), a page's sidebar holds the top-level sections, the sections
on the way to the page in full, and each other section only as its title and a link to
its first page; the footer and <head> name the previous and next pages; the header links
home. So retitling a chapter re-themes the pages of its own part, not all 500. This is
what Material 9.8's templates read (see NAV_MATERIAL); if the
settings differ, Material is another version, or a template of overrides/ reads the
navigation in another way (NAV_READ), every page's key holds the whole navigation.

A step that logs a warning is not stored. Everything else of the MkDocs build (reading
files, navigation, plugins, static files, anchor validation, writing) runs as always.
"""
from __future__ import annotations

import importlib.metadata
import json
import re
from pathlib import Path

import jinja2
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.nav import Link, Section
from mkdocs.structure.pages import Page

from handbook.build.memo import BuildMemo
from handbook.build.mkdocs_log import warnings_during
from handbook.digests import digest, folder_digest

RENDERED = "page-html"      # a page's markdown as HTML, with its table of contents and anchors
THEMED = "page-in-theme"    # a page's full HTML file
COMPILED = "template-code"  # a theme template compiled by Jinja (its bytecode)
TEMPLATES_READ = "templates-read"  # whether any theme template names the build's time
# Configuration keys that are never read by a page's HTML (and differ between builds of
# the same sources: the staging folder) or are objects described by their names below.
_NOT_CONTENT = {"site_dir", "dev_addr", "plugins", "hooks", "watch", "config_file_path"}


# The Material release whose templates were read to write _VisibleNav (partials/nav.html,
# nav-item.html, footer.html, path.html, header.html, base.html): another release gets
# the whole navigation in every page's key until they are read again.
NAV_MATERIAL = "9.8.1"
NAV_FEATURES_NEEDED = {"navigation.prune", "navigation.sections"}
NAV_FEATURES_EXCLUDED = {"navigation.tabs", "navigation.expand", "navigation.indexes"}
# How a template's Jinja code reads the navigation; in overrides/ only these reads are
# known to _VisibleNav: the copy of Material's nav-item.html, and the header's link home.
_JINJA_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_STRING = re.compile(r"'[^']*'|\"[^\"]*\"")
NAV_READ = re.compile(r"\bnav\b(?:\.\w+)*|\b(?:previous_page|next_page|ancestors|parent|pages)\b")
NAV_READ_KNOWN = {"partials/nav-item.html": None, "partials/header.html": {"nav.homepage.url"}}


def rendered_state(page: Page) -> tuple:
    """What MkDocs' render step gives a page (its HTML, table of contents, title from the
    first heading, anchors, and the anchors it links to), as plain data to keep or send."""
    links = None if page.links_to_anchors is None else {
        target.src_uri: anchors for target, anchors in page.links_to_anchors.items()}
    return page.content, page.toc, page._title_from_render, page.present_anchor_ids, links


def restore_rendered(page: Page, state: tuple, files) -> None:
    """Give `page` the result of its render step (rendered_state) without rendering it."""
    page.content, page.toc, page._title_from_render, page.present_anchor_ids, links = state
    page.links_to_anchors = None if links is None else {
        files.get_file_from_path(src): anchors for src, anchors in links.items()}


def _stable(value):
    """`value` as plain JSON-able data, the same for the same settings in every process."""
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(key): _stable(item) for key, item in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_stable(item) for item in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__name__)}"
    return f"{type(value).__module__}.{type(value).__qualname__}:{value}"


def _json(value) -> str:
    return json.dumps(_stable(value), sort_keys=True, ensure_ascii=False)


def _toc(items) -> list:
    return [[item.title, item.id, item.level, _toc(item.children)] for item in items]


class MemoPlugin(BasePlugin):
    def __init__(self, memo: BuildMemo):
        super().__init__()
        self.memo = memo
        self._files_digest: str | None = None
        self._site_digest: str | None = None
        self._reads_build_time = True
        self._visible_nav: _VisibleNav | None = None
        self._nav = None

    # --- markdown to HTML -------------------------------------------------------------

    def on_pre_page(self, page: Page, *, config, files):
        # The page's own render() is replaced, for this build's page object only.
        page.render = lambda config, files, page=page: self._render(page, config, files)
        return page

    def _markdown_settings(self, config, files) -> str:
        if self._files_digest is None:
            uris = sorted((f.src_uri, f.dest_uri, f.url, str(f.inclusion)) for f in files)
            self._files_digest = digest(
                _json(uris), _json({key: config[key] for key in
                                    ("markdown_extensions", "mdx_configs", "validation",
                                     "use_directory_urls", "docs_dir", "site_url")}),
                Path(config.config_file_path).read_bytes() if config.config_file_path else b"")
        return self._files_digest

    def _rendered_key(self, page: Page, config, files) -> str:
        return digest(self._markdown_settings(config, files), page.file.src_uri, page.markdown or "")

    def _render(self, page: Page, config, files) -> None:
        key = self._rendered_key(page, config, files)
        stored = self.memo.get(RENDERED, key)
        if stored is not None:
            restore_rendered(page, stored, files)
            return
        _, warnings = warnings_during(lambda: Page.render(page, config, files))
        if not warnings:
            self.memo.put(RENDERED, key, rendered_state(page))

    def rendered_elsewhere(self, page: Page, config, files, *, fresh: bool) -> None:
        """`page` was rendered by another process of this build (macros/parallel_plugin.py),
        which looked it up in the memo or stored it there (`fresh`): keep that entry."""
        self.memo.counted(RENDERED, self._rendered_key(page, config, files), fresh=fresh)

    # --- the page in the theme --------------------------------------------------------

    @event_priority(-100)  # the navigation as every other plugin left it
    def on_nav(self, nav, *, config, files):
        self._nav = nav
        return nav

    def on_env(self, env, *, config, files):
        # Every page is read and rendered by now: the navigation is final.
        templates = folder_digest(config.theme.custom_dir)  # overrides/
        pruned = self._nav is not None and _navigation_is_pruned(config)
        self._visible_nav = _VisibleNav(self._nav) if pruned else None
        self._site_digest = digest(
            # The `nav` setting is left out when the navigation built from it is described.
            _json({key: value for key, value in config.items()
                   if key not in _NOT_CONTENT and not (key == "nav" and self._nav is not None)}),
            _json(sorted(config["plugins"])), _json(sorted(config["hooks"])),
            _json(_items(self._nav.items) if self._nav is not None and not pruned else None),
            templates,
            _json(sorted(f.src_uri for f in files)),
            Path(config.config_file_path).read_bytes() if config.config_file_path else b"")
        # Which templates name the build's time depends only on the templates: Material's (in
        # the engine's version, in every key) and those of overrides/.
        reads_key = digest("reads-build-time", templates, _json(config.theme.dirs))
        self._reads_build_time = self.memo.get(TEMPLATES_READ, reads_key)
        if self._reads_build_time is None:
            self._reads_build_time = _templates_read_build_time(env)
            self.memo.put(TEMPLATES_READ, reads_key, self._reads_build_time)
        env.bytecode_cache = _MemoBytecodeCache(self.memo)  # the theme's templates compiled once
        get_template = env.get_template

        def memo_get_template(name, parent=None, globals=None):
            template = get_template(name, parent, globals)
            if parent is not None or globals is not None:
                return template  # a template's own {% include %} and {% extends %}
            return _MemoTemplate(template, name, self)
        env.get_template = memo_get_template
        return env

    def _page_digest(self, name: str, context) -> str | None:
        page = context.get("page")
        if page is None or self._site_digest is None:
            return None  # the theme's own templates (404, sitemap): built every time
        shown = self._visible_nav.of(page) if self._visible_nav is not None else ""
        return digest(self._site_digest, shown, name, page.file.src_uri, page.url, str(page.title),
                      page.content or "", _json(_toc(page.toc)), _json(page.meta),
                      str(page.canonical_url), str(page.edit_url), str(context.get("base_url")),
                      str(context.get("build_date_utc")) if self._reads_build_time else "",
                      _json(context.get("extra_css")),
                      _json(context.get("extra_javascript")))


class _MemoBytecodeCache(jinja2.BytecodeCache):
    """Jinja's compiled templates kept in the memo, by template and source (Jinja checks
    the source's checksum and its own and Python's versions before using one)."""

    def __init__(self, memo: BuildMemo):
        self.memo = memo

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.memo.get(COMPILED, digest(bucket.key, bucket.checksum))
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.memo.put(COMPILED, digest(bucket.key, bucket.checksum), bucket.bytecode_to_string())


class _MemoTemplate:
    """A page template whose render() is looked up first."""

    def __init__(self, template, name: str, plugin: MemoPlugin):
        self._template, self._name, self._plugin = template, name, plugin

    def render(self, context) -> str:
        key = self._plugin._page_digest(self._name, context)
        if key is None:
            return self._template.render(context)
        memo = self._plugin.memo
        stored = memo.get(THEMED, key)
        if stored is not None:
            return stored
        output, warnings = warnings_during(lambda: self._template.render(context))
        if not warnings:
            memo.put(THEMED, key, output)
        return output

    def __getattr__(self, name):
        return getattr(self._template, name)


# The two names under which MkDocs hands a template the time of the build.
_BUILD_TIME_NAMES = ("build_date_utc", "update_date")


def _templates_read_build_time(env) -> bool:
    """Whether any template of the theme names the time of the build. When none does, a
    page's HTML cannot depend on it, and a build outside git (whose time is the clock's)
    can still reuse every unchanged page. Any template that cannot be read counts as one."""
    try:
        templates = [name for name in env.loader.list_templates()
                     if name.endswith((".html", ".xml", ".js")) and name != "sitemap.xml"]
        return any(any(name in env.loader.get_source(env, template)[0] for name in _BUILD_TIME_NAMES)
                   for template in templates)
    except Exception:  # noqa: BLE001 - an unreadable template: assume the worst
        return True


def _navigation_is_pruned(config) -> bool:
    """Whether each page shows only its part of the navigation, as _VisibleNav describes."""
    features = set(config.theme.get("features") or [])
    if not NAV_FEATURES_NEEDED <= features or features & NAV_FEATURES_EXCLUDED:
        return False
    try:
        if importlib.metadata.version("mkdocs-material") != NAV_MATERIAL:
            return False
    except importlib.metadata.PackageNotFoundError:
        return False
    custom = Path(config.theme.custom_dir) if config.theme.custom_dir else None
    for path in sorted(custom.rglob("*.html")) if custom and custom.is_dir() else []:
        name = path.relative_to(custom).as_posix()
        if name in NAV_READ_KNOWN and NAV_READ_KNOWN[name] is None:
            continue
        code = " ".join(_STRING.sub("", block) for block in _JINJA_CODE.findall(path.read_text(encoding="utf-8")))
        if set(NAV_READ.findall(code)) - (NAV_READ_KNOWN.get(name) or set()):
            return False
    return True


class _VisibleNav:
    """What of the navigation a page shows with navigation.prune (partials/nav-item.html):
    top-level sections open; the sections holding the page open; every other section as
    its title and a link to its first page; each page shown by title, address and metadata
    (its status mark); and the previous, next and home pages the footer and header link to.
    Made once per build, when every page has been read (each item's own part is described
    once: a page's description joins them)."""

    def __init__(self, nav):
        self.nav = nav
        self._described: dict[object, str] = {}
        self._page_ids: dict[int, frozenset[int]] = {}  # by section: what is under it

    def of(self, page) -> str:
        def neighbour(other):
            return None if other is None else [str(other.title), other.url]
        homepage = self.nav.homepage.url if self.nav.homepage is not None else None
        return "".join([self._items(self.nav.items, 1, page), "|",
                        _json([neighbour(page.previous_page), neighbour(page.next_page), homepage])])

    def _items(self, items, level: int, page) -> str:
        parts = []
        for item in items:
            if isinstance(item, Section) and (level == 1 or item.active):
                parts.append(self._open_section(item, level, page))
            else:
                parts.append(self._item(item) + ("*" if item is page else ""))
        return "[" + ",".join(parts) + "]"

    def _open_section(self, section, level: int, page) -> str:
        def described() -> str:
            return (_json(["section", str(section.title), bool(section.active)])
                    + self._items(section.children, level + 1, page))
        if section.active or id(page) in self._pages_under(section):
            return described()
        # A top-level section that does not hold the page is shown the same way on every
        # page outside it (nothing under it is active or marked): described once.
        key = ("open", id(section))
        if key not in self._described:
            self._described[key] = described()
        return self._described[key]

    def _pages_under(self, section) -> frozenset[int]:
        if id(section) not in self._page_ids:
            self._page_ids[id(section)] = frozenset(id(item) for item in _walk(section.children))
        return self._page_ids[id(section)]

    def _item(self, item) -> str:
        key = id(item)
        if key not in self._described:
            if isinstance(item, Section):  # pruned: its title and a link to its first page
                self._described[key] = _json(["pruned", str(item.title), *_first_link(item)])
            elif isinstance(item, Page):
                self._described[key] = _json(["page", str(item.title), item.url, _stable(item.meta)])
            elif isinstance(item, Link):
                self._described[key] = _json(["link", str(item.title), item.url])
            else:
                self._described[key] = _json(["other", type(item).__qualname__, str(item)])
        return self._described[key]


def _walk(items):
    for item in items:
        yield item
        yield from _walk(item.children or []) if isinstance(item, Section) else ()


def _first_link(section) -> list:
    """What Material's render_pruned shows of a section: the address of its first page (down
    through first sub-sections) and how many items the innermost of those sections has."""
    first = section.children[0] if section.children else None
    if first is not None and first.children:
        return _first_link(first)
    return [getattr(first, "url", None), len(section.children or [])]


def _items(items) -> list:
    """Everything of the navigation a page's template can show: sections, links, and every
    page's title, address, source, metadata and place, in order."""
    described = []
    for item in items:
        if isinstance(item, Section):
            described.append(["section", str(item.title), _items(item.children)])
        elif isinstance(item, Link):
            described.append(["link", str(item.title), item.url])
        elif isinstance(item, Page):
            described.append(["page", str(item.title), item.url, item.file.src_uri,
                              _stable(item.meta), bool(item.is_homepage)])
        else:
            described.append(["other", type(item).__qualname__, str(item)])
    return described
