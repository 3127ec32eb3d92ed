"""The comparison site: the same pages as the handbook builds them, rendered once to plain
markdown (macros expanded, plus what the adapter adds to each page), for a default
Material site: theme `material` with its defaults, MkDocs' default plugins (search), no
macros, no overrides. Only the markdown extensions are the handbook's, because without
them the same markdown would not make the same pages (anchors, tables, notes)."""
from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import yaml

from handbook.content.glossary import abbreviation_definitions
from handbook.content.model import load_handbook
from handbook.content.pages import amendment_note
from handbook.templating.macros import JINJA_SYNTAX, MACROS, PageContext, variables


def write_plain_project(project: Path, repo_config: Path, dest: Path, site_dir: Path) -> Path:
    """Render `project`'s pages into `dest`/docs and write `dest`/mkdocs.yml; return it."""
    handbook = load_handbook(project)
    environment = jinja2.Environment(**JINJA_SYNTAX)
    docs = dest / "docs"
    shutil.copytree(project / "docs", docs, ignore=shutil.ignore_patterns("*.md"))
    for page in handbook.pages.values():
        context = PageContext(handbook, page)
        context.render = lambda text, context=context: _render(environment, context, text)
        markdown = context.render(page.body)
        if page.is_chapter:
            markdown = amendment_note(page, handbook.partnership.review_interval_months) + "\n" + markdown
        markdown += "\n\n" + abbreviation_definitions(handbook.glossary) + "\n"
        meta = {"title": page.meta.title, "description": page.meta.summary}
        if getattr(page.meta, "hide", None):
            meta["hide"] = page.meta.hide
        target = docs / page.src
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"---\n{yaml.safe_dump(meta, allow_unicode=True, width=1000)}---\n{markdown}",
                          encoding="utf-8")
    ours = yaml.safe_load(repo_config.read_text(encoding="utf-8"))
    config = {
        "site_name": handbook.partnership.handbook_title,
        "docs_dir": str(docs),
        "site_dir": str(site_dir),
        "theme": {"name": "material"},
        "markdown_extensions": ours["markdown_extensions"],
    }
    config_file = dest / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return config_file


def _render(environment: jinja2.Environment, context: PageContext, text: str) -> str:
    names = {name: (lambda *a, _f=function, **k: _f(context, *a, **k)) for name, function in MACROS.items()}
    return environment.from_string(text).render(**variables(context.handbook), **names)
