"""macros/material_markup.py leaves out Material's search plugin for pages it does not index
and whose HTML has nothing for it to remove: the plugin does exactly what it did before for
every other page, and the hook stops the build if Material's plugin is not as assumed."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from macros import material_markup
from tests.support import REPO

MARKED = '<h2 id="a" data-search-exclude="true">A</h2>'


@pytest.fixture
def config():
    config = load_config(str(REPO / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    return config


def _page(content: str, excluded: bool):
    return SimpleNamespace(content=content, meta={"search": {"exclude": True}} if excluded else {},
                           toc=[], url="page.html", title="A page")


def _run(config, page):
    config.plugins.run_event("page_context", {}, page=page, config=config, nav=None)
    return page.content


def test_an_excluded_page_without_search_marks_is_left_alone(config, monkeypatch):
    material_markup.on_config(config)
    search = config.plugins[material_markup.SEARCH_PLUGIN]
    search.on_config(config)
    called = []
    monkeypatch.setattr(search.search_index, "add_entry_from_context", lambda page: called.append(page))
    assert _run(config, _page("<p>Plain</p>", excluded=True)) == "<p>Plain</p>"
    assert called == []


@pytest.mark.parametrize("content, excluded", [(MARKED, True), ("<p>Plain</p>", False), (MARKED, False)],
                         ids=["marked", "indexed", "indexed-and-marked"])
def test_every_other_page_is_given_to_material_as_before(config, content, excluded):
    plain = load_config(str(REPO / "mkdocs.yml"))  # Material's plugin, without the hook's change
    plain.plugins.on_startup(command="build", dirty=False)
    plain.plugins[material_markup.SEARCH_PLUGIN].on_config(plain)
    material_markup.on_config(config)
    config.plugins[material_markup.SEARCH_PLUGIN].on_config(config)
    assert _run(config, _page(content, excluded)) == _run(plain, _page(content, excluded))
    if excluded:
        assert "data-search-" not in _run(config, _page(content, excluded))
    assert len(config.plugins[material_markup.SEARCH_PLUGIN].search_index.entries) \
        == len(plain.plugins[material_markup.SEARCH_PLUGIN].search_index.entries)


def test_a_material_release_whose_plugin_differs_stops_the_build(config, monkeypatch):
    monkeypatch.setattr(material_markup, "SEARCH_PAGE_CONTEXT", "0000000000000000")
    with pytest.raises(PluginError, match="material/search"):
        material_markup.on_config(config)
