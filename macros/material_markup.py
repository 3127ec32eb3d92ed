"""MkDocs hook (mkdocs.yml `hooks:`): two changes to what Material writes that no block,
partial or setting reaches. Each is made to an exact text of Material 9.8.1: if an upgrade
of Material changes it, the build stops here and says so, so that this hook is looked at
again.

- The drawer and search toggles. Material's base.html writes them (hidden checkboxes,
  outside every block) with `autocomplete="off"`, which HTML allows on text-like inputs
  only (the Nu Html Checker's error); the attribute is left out here rather than by
  copying the whole of base.html, which would drift from Material's.
- The palette stylesheet's rule for switching palettes. While its script switches
  palettes, Material marks <body> with `data-md-color-switching`, and this rule then
  stops every transition on the page. The script also does so once as every page starts,
  and the rule (every element under <body>) makes the browser restyle every element of
  the page twice in its start-up work: on a phone profile (Lighthouse, 4x slower CPU)
  the page's total blocking time went from 68 to 49 ms (median of five runs, Amendments).
  Without it, a palette switch shows the header's short colour transition.
"""
from __future__ import annotations

import os
from pathlib import Path

from mkdocs.exceptions import PluginError

# Each tag as Material 9.8.1 writes it, and as the handbook's pages carry it.
TOGGLES = {
    f'<input class="md-toggle" data-md-toggle="{name}" type="checkbox" id="__{name}" autocomplete="off">':
    f'<input class="md-toggle" data-md-toggle="{name}" type="checkbox" id="__{name}">'
    for name in ("drawer", "search")
}


def _valid_toggles(output: str, where: str) -> str:
    for material_tag, valid_tag in TOGGLES.items():
        if material_tag not in output:
            raise PluginError(f"macros/material_markup.py: Material's page no longer has {material_tag} "
                              f"(in {where}): compare with the new base.html")
        output = output.replace(material_tag, valid_tag, 1)
    return output


def on_post_page(output: str, page, config) -> str:
    return _valid_toggles(output, page.file.src_uri)


def on_post_template(output_content: str, template_name: str, config) -> str:
    """The pages built from a template alone (404.html) are Material pages too."""
    if template_name.endswith(".html"):
        return _valid_toggles(output_content, template_name)
    return output_content


# The rule as Material 9.8.1's palette stylesheet has it, and the stylesheet's place in the site.
SWITCHING_RULE = ("[data-md-color-switching] *,[data-md-color-switching] :after,"
                  "[data-md-color-switching] :before{transition-duration:0s!important}")
PALETTE_STYLESHEETS = "assets/stylesheets/palette.*.min.css"


def on_post_build(config) -> None:
    for path in sorted(Path(config["site_dir"]).glob(PALETTE_STYLESHEETS)):
        css = path.read_text(encoding="utf-8")
        if SWITCHING_RULE not in css:
            raise PluginError(f"macros/material_markup.py: Material's {path.name} no longer has the rule "
                              f"{SWITCHING_RULE}: compare with the new stylesheet")
        # A new file, not the copied one rewritten: the copy may share its inode with an
        # earlier site's file.
        written = path.with_name(path.name + ".partial")
        written.write_text(css.replace(SWITCHING_RULE, "", 1), encoding="utf-8")
        os.replace(written, path)
