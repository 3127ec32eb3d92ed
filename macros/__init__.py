"""The mkdocs-macros adapter: the only module that knows about mkdocs-macros.

It loads the handbook model once per build, registers the plain-Python macros of
`handbook.macro_api`, and adds to each page what every page gets (abbreviation
tooltips, the meta description) and what every chapter gets (review dates and the
amendment note, rendered from front matter).
"""
from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

# mkdocs-macros imports this module by name from the folder of mkdocs.yml: make the
# engine importable from there too.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from handbook.glossary import abbreviation_definitions  # noqa: E402
from handbook.macro_api import JINJA_SYNTAX, MACROS, PageContext, variables  # noqa: E402
from handbook.model import load_handbook  # noqa: E402
from handbook.navigation import build_nav  # noqa: E402
from handbook.pages import amendment_note  # noqa: E402
from handbook.problems import HandbookError, Problem  # noqa: E402
from handbook.records import UnknownReference  # noqa: E402


# The model of the build being run. Not one of env.variables: mkdocs-macros serialises
# those to JSON for its debug log on every build, which costs seconds for a large handbook.
_handbook = None


def define_env(env) -> None:
    global _handbook
    root = Path(env.conf["docs_dir"]).resolve().parent
    try:
        handbook = _handbook = load_handbook(root)
    except HandbookError as exc:
        raise PluginError(str(exc)) from None
    for setting, value in JINJA_SYNTAX.items():  # read by the plugin after define_env
        env.config[f"j2_{setting}"] = value
    env.variables.update(variables(handbook))
    env.conf["site_name"] = handbook.partnership.handbook_title
    env.conf["nav"] = build_nav(handbook)
    for name, function in MACROS.items():
        env.macro(_adapt(env, handbook, name, function), name)


def _adapt(env, handbook, name, function):
    def call(*args, **kwargs):
        page = handbook.page(env.page.file.src_uri)
        context = PageContext(handbook, page,
                              render=lambda text: env.render(markdown=text, force_rendering=True))
        try:
            return function(context, *args, **kwargs)
        except UnknownReference as exc:
            raise HandbookError([Problem(page.path, page.line_of(f"{name}("), "error",
                                         f"{name}: {exc}")]) from None
    call.__name__ = name
    call.__doc__ = function.__doc__
    return call


def on_pre_page_macros(env) -> None:
    handbook = _handbook
    page = handbook.page(env.page.file.src_uri)
    env.page.meta["description"] = page.meta.summary
    if page.is_chapter:
        env.markdown = amendment_note(page, handbook.partnership.review_interval_months) + "\n" + env.markdown
    env.markdown += "\n\n" + abbreviation_definitions(handbook.glossary) + "\n"
