"""macros/material_markup.py changes two of the files Material writes into the site (its
palette stylesheet and its bundle) at exact texts of Material 9.8.1: the texts are found in
the installed release, each is replaced once, the file is a new one (never the copied file
rewritten, which may be linked into an earlier site), and a release without a text stops
the build with a line saying what to compare. The bundle's components are each started
by a task of their own: every one of both lists, and nothing else changed."""
from __future__ import annotations

from pathlib import Path

import material
import pytest
from mkdocs.exceptions import PluginError

from macros import material_markup


def _installed(pattern: str) -> Path:
    found = sorted((Path(material.__file__).parent / "templates").glob(pattern))
    assert len(found) == 1, pattern
    return found[0]


@pytest.mark.parametrize(("pattern", "replacements"), [
    (material_markup.PALETTE_STYLESHEETS, {material_markup.SWITCHING_RULE: ""}),
    (material_markup.BUNDLES, material_markup.COLOR_SCHEME_META),
    (material_markup.BUNDLES, material_markup.COMPONENTS_IN_TASKS),
])
def test_each_text_is_in_the_installed_release_and_replaced_once_in_a_new_file(tmp_path, pattern, replacements):
    copied = tmp_path / pattern.replace("*", "x")
    copied.parent.mkdir(parents=True)
    copied.write_bytes(_installed(pattern).read_bytes())
    earlier_site = tmp_path / "earlier"
    earlier_site.hardlink_to(copied)
    material_markup._replace_in_files(tmp_path, pattern, replacements, "file")
    text = copied.read_text(encoding="utf-8")
    for old, new in replacements.items():
        if new == old:  # a definition the other replacements use, checked and kept
            assert text.count(old) == 1
            continue
        assert old not in text
        assert new == "" or text.count(new) == 1
    assert earlier_site.read_bytes() == _installed(pattern).read_bytes(), "the linked copy was written into"


def test_a_release_without_the_text_stops_the_build(tmp_path):
    bundle = tmp_path / "assets" / "javascripts" / "bundle.0.min.js"
    bundle.parent.mkdir(parents=True)
    bundle.write_text("let o=x('meta',{name:'color-scheme'});", encoding="utf-8")
    with pytest.raises(PluginError, match=r"material_markup\.py: Material's bundle bundle\.0\.min\.js no longer has "
                                          r".*: compare with the new bundle"):
        material_markup._replace_in_files(tmp_path, material_markup.BUNDLES, material_markup.COLOR_SCHEME_META,
                                          "bundle")
    with pytest.raises(PluginError, match="the site has no"):
        material_markup._replace_in_files(tmp_path, material_markup.PALETTE_STYLESHEETS, {"a": "b"}, "stylesheet")


@pytest.mark.parametrize(("components", "mounts"), [
    (material_markup.CONTROLS, ["An", "ni", "li", "mi", "_i", "$i"]),
    (material_markup.CONTENT, ["_n", "oi", "V", "si", "ci", "e.getAttribute", "Pi", "Ri", "Ii"]),
])
def test_each_component_is_made_and_started_by_a_task_of_its_own(components, mounts):
    changed = material_markup.COMPONENTS_IN_TASKS[components]
    wrapped = changed.split(".map(e=>H(()=>")[1:]
    assert [mount.split("(")[0] for mount in wrapped] == mounts, "every component of the list, in its order"
    assert changed.count(").pipe(et(pe))") == len(mounts)
    # Taking the additions out again gives Material's list exactly: nothing else changed.
    assert changed.replace(".map(e=>H(()=>", ".map(e=>").replace(").pipe(et(pe))", "") == components
    assert changed.count("(") == changed.count(")")
