"""Material's main stylesheet, as the handbook's pages load it, has no rule of a feature the
configuration does not turn on (macros/material_stylesheet.py), and no page needs one: on
every built page, with Material's script run, and with search results shown, no element
has a class that only such a feature's markup has."""
from __future__ import annotations

import re

from mkdocs.config import load_config

from handbook import REPOSITORY
from macros.material_stylesheet import MAIN_STYLESHEETS, features_left_out

CLASSES_ON_THE_PAGE = "() => [...new Set([...document.querySelectorAll('[class]')].flatMap(e => [...e.classList]))]"


def test_no_page_has_the_markup_of_a_feature_whose_rules_are_left_out(browser, site_server, built_site):
    left_out = features_left_out(load_config(str(REPOSITORY / "mkdocs.yml")))
    assert left_out, "the configuration turns on every feature: nothing to check"
    stylesheet = next(built_site.glob(MAIN_STYLESHEETS)).read_text(encoding="utf-8")
    for feature in left_out:
        assert not feature.selector_pattern().search(stylesheet), f"{feature.name}: its rules are in the site"

    def classes_of_left_out_features(page) -> tuple[list[str], list[str]]:
        classes = page.evaluate(CLASSES_ON_THE_PAGE)
        return classes, [name for name in classes for feature in left_out if re.fullmatch(feature.classes, name)]

    page = browser.new_page(viewport={"width": 1280, "height": 800})
    pages = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html"))
    assert len(pages) >= 10
    for path in pages:
        page.goto(site_server + path, wait_until="load")
        page.wait_for_timeout(200)  # Material's components start after the page has loaded
        classes, found = classes_of_left_out_features(page)
        assert "md-header" in classes and "md-typeset" in classes, path  # the page's classes were read
        assert found == [], f"{path} has the markup of a feature whose rules are left out: {found}"

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site_server + "index.html", wait_until="load")
    page.locator("label[for='__search']").first.click()
    page.keyboard.type("exploitation")
    page.wait_for_selector(".md-search-result__item")
    classes, found = classes_of_left_out_features(page)
    assert "md-search-result__item" in classes and found == []
    page.close()
