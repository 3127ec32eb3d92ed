"""The mkdocs-macros adapter: the only module that knows about mkdocs-macros.

It loads the handbook model once per build, registers the plain-Python macros of
`handbook.macro_api`, and adds to each page what every page gets (abbreviation
tooltips, the meta description, the edition in the footer, and in an archived edition
its banner) and what every chapter gets (review dates, the amendment note, links to what
changed and to earlier editions, the link to its PDF, and "Updated" in the navigation).
After the build it writes the print stamp's stylesheet, from data, into the site.
"""
from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

# mkdocs-macros imports this module by name from the folder of mkdocs.yml: make the
# engine importable from there too.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from handbook import editions  # noqa: E402
from handbook.archive import edition_pages  # noqa: E402
from handbook.outputs import build_time  # noqa: E402
from handbook.changes import changes_path  # noqa: E402
from handbook.feed import FEED_FILE  # noqa: E402
from handbook.glossary import abbreviation_definitions  # noqa: E402
from handbook.links import relative_link  # noqa: E402
from handbook.macro_api import JINJA_SYNTAX, MACROS, PageContext, variables  # noqa: E402
from handbook.model import load_handbook  # noqa: E402
from handbook.navigation import build_nav  # noqa: E402
from handbook.pages import amended_in, amendment_note  # noqa: E402
from handbook.printout import STAMP_STYLESHEET, chapter_pdf_link, print_stamp, stamp_css  # noqa: E402
from handbook.problems import HandbookError, Problem  # noqa: E402
from handbook.records import UnknownReference  # noqa: E402
from handbook.rendering import prepared_for  # noqa: E402

UPDATED = "updated"  # Material's page status, shown in the navigation


# The model of the build being run and the pages of the earlier editions. Not in
# env.variables: mkdocs-macros serialises those to JSON for its debug log on every build,
# which costs seconds for a large handbook.
_handbook = None
_renderer = None
_earlier_editions: list = []


def define_env(env) -> None:
    global _handbook, _earlier_editions, _renderer
    root = Path(env.conf["docs_dir"]).resolve().parent
    archive = env.conf["extra"].get(editions.ARCHIVE_KEY)
    # `python -m handbook build` has already rendered and checked every page: use those.
    # (`mkdocs serve` has not: the model is loaded and mkdocs-macros renders the pages.)
    _renderer = prepared_for(root)
    try:
        handbook = _handbook = (_renderer.handbook if _renderer
                                else load_handbook(root, archived=bool(archive)))
        _earlier_editions = [] if archive else [(edition, edition_pages(root, edition))
                                      for edition in handbook.editions.archived]
    except HandbookError as exc:
        raise PluginError(str(exc)) from None
    for setting, value in JINJA_SYNTAX.items():  # read by the plugin after define_env
        env.config[f"j2_{setting}"] = value
    env.variables.update(variables(handbook))
    env.conf["site_name"] = handbook.partnership.handbook_title
    if handbook.partnership.site_url:  # canonical addresses and the sitemap
        env.conf["site_url"] = handbook.partnership.site_url
    env.conf["nav"] = build_nav(handbook)
    current = handbook.editions.current
    env.conf["copyright"] = editions.footer_line(current, archived=current if archive else None)
    if not archive:
        env.conf["extra"]["handbook_feed"] = FEED_FILE
        env.conf["extra"]["status"] = {UPDATED: f"Updated in the {current.title}"}
    partnership = handbook.partnership
    env.conf["extra"]["handbook"] = {
        "edition": current.date.human(),
        "exit_url": partnership.exit_page.url,
        "report_email": partnership.accessibility.contact_email,
    }
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
    if env.page.file.generated_by:  # a "What changed" page: complete as generated
        return
    handbook = _handbook
    page = handbook.page(env.page.file.src_uri)
    if _renderer:
        env.markdown = _renderer.render(page).markdown
        env.page.meta["render_macros"] = False  # rendered already
    env.page.meta["description"] = page.meta.summary
    env.page.meta["search"] = {"exclude": True}  # indexed by handbook.search instead
    archive = env.conf["extra"].get(editions.ARCHIVE_KEY)
    if archive:
        env.page.meta["hb_banner"] = editions.archive_banner(
            handbook.editions.current, page.src, set(archive["current_pages"]))
    if page.is_chapter:
        note = amendment_note(page, handbook.partnership.review_interval_months)
        if not archive:  # an archived edition has no PDFs of its own
            note += "\n" + _chapter_history(env, handbook, page)
            note += "\n" + chapter_pdf_link(page)
            if amended_in(page, handbook.editions, handbook.editions.current):
                env.page.meta["status"] = UPDATED
        env.markdown = note + "\n" + env.markdown
    env.markdown += "\n\n" + abbreviation_definitions(handbook.glossary) + "\n"


def _chapter_history(env, handbook, page) -> str:
    earlier = _earlier_editions
    previous = handbook.editions.previous
    had_it = [(edition, page.src in pages) for edition, pages in earlier]
    in_previous = bool(earlier) and page.src in earlier[0][1]
    changes = relative_link(page.src, changes_path(page.src)) if in_previous else None
    return editions.chapter_history(page.src, had_it, changes, previous)


def on_post_build(env) -> None:
    """The print stamp, from this build's data (an archived edition's stamp names it)."""
    handbook = _handbook
    stylesheet = Path(env.conf["site_dir"]) / STAMP_STYLESHEET
    stylesheet.parent.mkdir(parents=True, exist_ok=True)
    stylesheet.write_text(stamp_css(print_stamp(handbook, build_time(handbook.root))), encoding="utf-8")
