"""When a page's theme key may hold only the navigation that page shows (macros/
memo_plugin.py): with the handbook's settings and templates, yes; with a setting that shows
more of the navigation, or a template of overrides/ that reads it in a way the description
does not cover, no (every page's key then holds the whole navigation)."""
from __future__ import annotations

import shutil
from types import SimpleNamespace

import pytest

from handbook.build.site import mkdocs_settings
from macros.memo_plugin import _navigation_is_pruned
from tests.support import REPO


class _Theme(dict):
    def __init__(self, features, custom_dir):
        super().__init__(features=features)
        self.custom_dir = str(custom_dir)


def _config(features, custom_dir):
    return SimpleNamespace(theme=_Theme(features, custom_dir))


def _features():
    return mkdocs_settings(REPO / "mkdocs.yml")["theme"]["features"]


def test_the_handbooks_own_settings_and_templates(tmp_path):
    assert "navigation.prune" in _features()
    assert _navigation_is_pruned(_config(_features(), REPO / "overrides"))


@pytest.mark.parametrize("added", ["navigation.tabs", "navigation.expand", "navigation.indexes"])
def test_a_setting_that_shows_more_of_the_navigation(added):
    assert not _navigation_is_pruned(_config(_features() + [added], REPO / "overrides"))


def test_without_pruning():
    features = [feature for feature in _features() if feature != "navigation.prune"]
    assert not _navigation_is_pruned(_config(features, REPO / "overrides"))


@pytest.mark.parametrize("code", ["{% for item in nav.pages %}{{ item.title }}{% endfor %}",
                                  "{{ page.next_page.title }}", "{{ page.parent.title }}",
                                  "{% set all = nav %}{{ all.items | length }}"])
def test_a_template_that_reads_the_navigation_otherwise(tmp_path, code):
    overrides = tmp_path / "overrides"
    shutil.copytree(REPO / "overrides", overrides)
    main = overrides / "main.html"
    main.write_text(main.read_text(encoding="utf-8") + "\n" + code + "\n", encoding="utf-8")
    assert not _navigation_is_pruned(_config(_features(), overrides))


def test_html_and_strings_that_say_nav_are_not_reads(tmp_path):
    overrides = tmp_path / "overrides"
    shutil.copytree(REPO / "overrides", overrides)
    main = overrides / "main.html"
    main.write_text(main.read_text(encoding="utf-8") + '\n<nav aria-label="{{ lang.t(\'nav\') }}"></nav>\n',
                    encoding="utf-8")
    assert _navigation_is_pruned(_config(_features(), overrides))


def _navigation(tmp_path):
    """A navigation of parts with chapters and a sub-section each, as MkDocs makes it."""
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    sources, nav = ["index.md"], [{"Home": "index.md"}]
    for part in range(4):
        chapters = [{f"Chapter {part}.{number}": f"part-{part}/{number}.md"} for number in range(3)]
        chapters.append({"More": [{"Annex": f"part-{part}/more/annex.md"}]})
        sources += [next(iter(entry.values())) for entry in chapters[:3]] + [f"part-{part}/more/annex.md"]
        nav.append({f"Part {part}": chapters})
    config = MkDocsConfig()
    config.load_dict({"site_name": "Test", "nav": nav, "docs_dir": str(tmp_path), "site_dir": str(tmp_path / "site")})
    config.validate()
    files = Files([File(source, str(tmp_path), str(tmp_path / "site"), False) for source in sources])
    for file in files:
        Page(None, file, config)
    return get_navigation(files, config)


def test_each_pages_navigation_is_described_as_without_sections_described_once(tmp_path):
    from macros.memo_plugin import _json, _VisibleNav

    class DescribedEachTime(_VisibleNav):
        def _open_section(self, section, level, page):
            return (_json(["section", str(section.title), bool(section.active)])
                    + self._items(section.children, level + 1, page))

    navigation = _navigation(tmp_path)
    described_once = _VisibleNav(navigation)
    descriptions = []
    for page in navigation.pages:
        page.active = True  # as MkDocs marks the page it builds, and the sections above it
        descriptions.append(described_once.of(page))
        assert descriptions[-1] == DescribedEachTime(navigation).of(page), page.file.src_uri
        page.active = False
    assert len(navigation.pages) == 17 and len(set(descriptions)) == 17
