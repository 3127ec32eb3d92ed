"""macros/material_stylesheet.py leaves out of Material's main stylesheet the rules of the
features the configuration does not turn on: a feature turned on keeps every rule it had;
a feature left out keeps none, nor its icons; every other rule is kept as it was; a class
inside `:not()` or `:is()` leaves its selector in; a release without a feature's classes
stops the build with a line saying what to compare."""
from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import material
import pytest
import tinycss2
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from handbook import REPOSITORY
from handbook.build.session import hand_over
from macros import material_stylesheet
from macros.material_stylesheet import FEATURES, NESTING_AT_RULES, features_left_out, without_features

INSTALLED = next((Path(material.__file__).parent / "templates" / "assets" / "stylesheets").glob("main.*.min.css"))


def _configuration(turn_on=None):
    """The handbook's configuration as MkDocs loads it (its own mapping types), with `turn_on`
    (a function changing it) applied."""
    config = load_config(str(REPOSITORY / "mkdocs.yml"))
    if turn_on:
        turn_on(config)
    return config


def _add(key: str, value):
    return lambda config: config[key].append(value)


def _extra(key: str, value):
    return lambda config: config["extra"].__setitem__(key, value)


# What turns on each feature of FEATURES, in its order.
TURNED_ON = [
    _add("markdown_extensions", "pymdownx.tabbed"),
    lambda config: config["theme"]["features"].append("navigation.tabs"),
    lambda config: config.__setitem__("repo_url", "https://git.example/partnership/handbook"),
    _extra("version", {"provider": "mike"}),
    _extra("alternate", [{"name": "English", "link": "/en/", "lang": "en"}]),
    lambda config: config["plugins"].__setitem__("material/tags", object()),
    lambda config: config["plugins"].__setitem__("blog", object()),
    _extra("analytics", {"feedback": {"title": "Was this page helpful?"}}),
    _extra("consent", {"title": "Cookie consent"}),
    _extra("social", [{"icon": "fontawesome/brands/github", "link": "https://git.example"}]),
    lambda config: config["theme"]["features"].append("navigation.instant.progress"),
    _add("markdown_extensions", "pymdownx.tasklist"),
    _add("markdown_extensions", "pymdownx.keys"),
    _add("markdown_extensions", "pymdownx.arithmatex"),
    _add("markdown_extensions", "pymdownx.critic"),
    _add("markdown_extensions", "pymdownx.emoji"),
]


def _rules(css: str) -> list[tuple[str, str]]:
    """Every (selector, declarations) of the stylesheet, at-rules' rules included."""
    found = []

    def walk(rules):
        for rule in rules:
            if rule.type == "qualified-rule":
                found.extend((selector.strip(), tinycss2.serialize(rule.content))
                             for selector in material_stylesheet._selectors(rule.prelude))
            elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in NESTING_AT_RULES:
                walk(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
    walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))
    return found


def _needing(feature, rules) -> list[str]:
    return [selector for selector, _ in rules if material_stylesheet._needs_class(selector, feature.selector_pattern())]


def test_each_feature_turned_on_keeps_its_rules_and_left_out_keeps_none():
    assert len(TURNED_ON) == len(FEATURES)
    installed = INSTALLED.read_text(encoding="utf-8")
    original = _rules(installed)
    left_out_by_default = without_features(installed, features_left_out(_configuration()), INSTALLED.name)
    for feature, turn_on in zip(FEATURES, TURNED_ON, strict=True):
        config = _configuration(turn_on)
        assert feature not in features_left_out(config), feature.name
        assert _needing(feature, original), f"{feature.name}: the release has its rules"
        kept = _rules(without_features(installed, features_left_out(config), INSTALLED.name))
        assert _needing(feature, kept) == _needing(feature, original), f"{feature.name}: turned on, every rule kept"
        assert _needing(feature, _rules(left_out_by_default)) == [], f"{feature.name}: left out, no rule kept"
        for icon in feature.icons:
            assert icon in installed and icon not in left_out_by_default, f"{feature.name}: its icon {icon}"


def test_every_other_rule_is_kept_as_material_wrote_it():
    installed = INSTALLED.read_text(encoding="utf-8")
    features = features_left_out(_configuration())
    assert features == list(FEATURES), "the handbook's configuration turns none of them on"
    icons = tuple(icon for feature in features for icon in feature.icons)
    expected = [(selector, declarations) for selector, declarations in _rules(installed)
                if not any(material_stylesheet._needs_class(selector, f.selector_pattern()) for f in features)]
    kept = _rules(without_features(installed, features, INSTALLED.name))
    assert [selector for selector, _ in kept] == [selector for selector, _ in expected]
    for (selector, declarations), (_, expected_declarations) in zip(kept, expected, strict=True):
        if declarations != expected_declarations:  # only where icons were taken out of :root
            assert selector.startswith(":root") and any(icon in expected_declarations for icon in icons), selector
            assert not any(icon in declarations for icon in icons)
    # Everything turned on: the stylesheet whole, as tinycss2 reads and writes it.
    assert without_features(installed, [], INSTALLED.name) == tinycss2.serialize(
        tinycss2.parse_stylesheet(installed, skip_comments=True, skip_whitespace=True))
    assert len(without_features(installed, features, INSTALLED.name)) < 0.75 * len(installed)


def test_a_class_inside_not_or_is_leaves_its_selector_in():
    tabs = FEATURES[0]
    css = (".md-typeset :not(.tabbed-set)>p{margin:0}.md-typeset :is(.tabbed-set,.admonition){padding:0}"
           ".tabbed-set>input{display:none}.admonition,.tabbed-labels>label{color:red}"
           "@media screen{.tabbed-block{display:block}.md-nav{color:blue}}"
           ":root{--md-tabbed-icon--next:url(x.svg);--md-admonition-icon--note:url(y.svg)}")
    assert without_features(css, [tabs], "main.css") == (
        ".md-typeset :not(.tabbed-set)>p{margin:0}.md-typeset :is(.tabbed-set,.admonition){padding:0}"
        ".admonition{color:red}@media screen{.md-nav{color:blue}}:root{--md-admonition-icon--note:url(y.svg);}")


def test_a_release_without_a_features_classes_stops_the_build(tmp_path):
    with pytest.raises(PluginError, match=re.escape(
            "macros/material_stylesheet.py: Material's stylesheet main.0.min.css no longer has the classes of "
            "content tabs (markdown_extensions: pymdownx.tabbed): compare with the new release")):
        without_features(".md-typeset{color:red}", [FEATURES[0]], "main.0.min.css")
    with pytest.raises(PluginError, match="the site has no assets/stylesheets/main"):
        material_stylesheet.leave_out_unused_features(tmp_path, _configuration())


def test_the_copied_stylesheet_is_replaced_never_written_into(tmp_path):
    copied = tmp_path / "assets" / "stylesheets" / INSTALLED.name
    copied.parent.mkdir(parents=True)
    copied.write_bytes(INSTALLED.read_bytes())
    earlier_site = tmp_path / "earlier.css"
    earlier_site.hardlink_to(copied)
    material_stylesheet.leave_out_unused_features(tmp_path, _configuration())
    assert len(copied.read_bytes()) < 0.75 * len(INSTALLED.read_bytes())
    assert earlier_site.read_bytes() == INSTALLED.read_bytes(), "the linked copy was written into"


def test_with_the_builds_memo_the_stylesheet_is_made_once_for_each_configuration(tmp_path, memo):
    def built(config) -> bytes:
        copied = tmp_path / "assets" / "stylesheets" / INSTALLED.name
        copied.parent.mkdir(parents=True, exist_ok=True)
        copied.write_bytes(INSTALLED.read_bytes())  # as Material copies it into every build
        hand_over(config, SimpleNamespace(memo=memo))
        material_stylesheet.leave_out_unused_features(tmp_path, config)
        return copied.read_bytes()

    first = built(_configuration())
    assert (memo.hits, memo.misses) == (0, 1)
    assert built(_configuration()) == first
    assert (memo.hits, memo.misses) == (1, 1), "the next build looked it up"
    with_tabs = built(_configuration(TURNED_ON[0]))
    assert (memo.hits, memo.misses) == (1, 2), "another configuration makes it afresh"
    assert len(with_tabs) > len(first) and b".tabbed-set" in with_tabs
