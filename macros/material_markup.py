"""MkDocs hook (mkdocs.yml `hooks:`): the two attributes of Material's page skeleton that no
block or partial reaches. Material 9.8.1's base.html writes its drawer and search toggles
(hidden checkboxes, outside every block) with `autocomplete="off"`, which HTML allows on
text-like inputs only (the Nu Html Checker's error); the attribute is left out here rather
than by copying the whole of base.html, which would drift from Material's. The toggles
are those exact tags: if an upgrade of Material changes them, the build stops here and
says so, so that this hook is looked at again."""
from __future__ import annotations

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
