"""The mkdocs-macros adapter: the only module that knows about mkdocs-macros.

It takes the session the build hands over (or loads the project under `mkdocs serve`),
gives MkDocs each page as the handbook's own renderer made it (sandboxed, checked), and
adds to each page what every page gets (abbreviation
tooltips, the meta description, the edition in the footer, and in an archived edition
its banner) and what every chapter gets (review dates, the amendment note, links to what
changed and to earlier editions, the link to its PDF, and "Updated" in the navigation).
After the build it writes the print stamp's stylesheet, from data, into the site.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from handbook.addresses import relative_link
from handbook.build.edition_diff import changes_path
from handbook.build.feed import FEED_FILE
from handbook.build.navigation import build_nav
from handbook.build.security import meta_content_security_policy
from handbook.build.session import BuildSession, handed_over, stop_if_interrupted
from handbook.build.staging import build_time, write_staged
from handbook.content import editions
from handbook.content.glossary import abbreviation_definitions
from handbook.content.pages import action_box, amended_in, amendment_note, on_this_page, review_due
from handbook.escaping import attribute
from handbook.paper.print_stamp import STAMP_STYLESHEET, chapter_pdf_link, print_stamp, stamp_css
from handbook.problems import HandbookError
from handbook.templating.macros import JINJA_SYNTAX

UPDATED = "updated"  # Material's page status, shown in the navigation
EMERGENCY = "emergency"  # the contact a chapter's opening gives, by its id in partnership.yml


def define_env(env) -> None:
    root = Path(env.conf["docs_dir"]).resolve().parent
    archive = env.conf["extra"].get(editions.ARCHIVE_KEY)
    # `python -m handbook build` hands over every page rendered and checked; `mkdocs serve`
    # does not, so the project is loaded here. Either way pages are rendered by the
    # handbook's renderer, never by mkdocs-macros. The session is kept on the plugin (not in
    # env.variables, which mkdocs-macros serialises to JSON on every build).
    handed = handed_over(env.conf)
    try:
        session = handed or BuildSession.load(root, archived=bool(archive))
    except HandbookError as exc:
        raise PluginError(str(exc)) from None
    env.handbook_session = session
    memo_plugin = None
    if session.memo is not None:  # an incremental build: MkDocs' page steps are looked up first
        from macros.memo_plugin import MemoPlugin
        memo_plugin = env.conf.plugins["handbook/memo"] = MemoPlugin(session.memo)
    if handed:  # the handbook's build: pages' HTML made on every core
        from macros.parallel_plugin import ParallelRenderPlugin
        env.conf.plugins["handbook/parallel"] = ParallelRenderPlugin(memo_plugin)
    if session.keep is not None:  # `make serve`: MkDocs' state is kept for the quick preview
        from macros.preview_plugin import KeepPlugin
        env.conf.plugins["handbook/keep"] = KeepPlugin(session.keep)
    handbook = session.handbook
    # The handbook's Jinja syntax, in case mkdocs-macros ever reads a page ({# is a markdown
    # anchor here): every page is marked render_macros: false once rendered.
    for setting, value in JINJA_SYNTAX.items():  # read by the plugin after define_env
        env.config[f"j2_{setting}"] = value
    # Values from data that the theme prints as they are (Material does not escape them)
    # are escaped here; the handbook's own templates escape theirs with `| e`.
    env.conf["site_name"] = attribute(handbook.partnership.handbook_title)
    home = handbook.pages.get("index.md")
    if home:  # the description of a page that has none of its own (404.html)
        env.conf["site_description"] = attribute(home.meta.summary)
    if handbook.partnership.site_url:  # canonical addresses and the sitemap
        env.conf["site_url"] = handbook.partnership.site_url
    env.conf["nav"] = build_nav(handbook)
    current = handbook.editions.current
    env.conf["copyright"] = editions.footer_line(current, archived=current if archive else None)
    if not archive:
        env.conf["extra"]["handbook_feed"] = FEED_FILE
        env.conf["extra"]["status"] = {UPDATED: attribute(f"Updated in the {current.title}")}
    partnership = handbook.partnership
    env.conf["extra"]["handbook"] = {
        "edition": current.date.human(),
        "short_name": partnership.short_name,  # the header bar's name where the full one does not fit
        "exit_url": partnership.exit_page.url,
        "report_email": partnership.accessibility.contact_email,
        # Not under `mkdocs serve`, whose live reload is an inline script the policy forbids.
        "content_security_policy": meta_content_security_policy() if handed else None,
    }


def on_pre_page_macros(env) -> None:
    if env.page.file.generated_by:  # a "What changed" page: complete as generated
        return
    session = env.handbook_session
    stop_if_interrupted(session.interrupted)
    handbook = session.handbook
    page = handbook.page(env.page.file.src_uri)
    try:
        env.markdown = session.renderer.render(page).markdown
    except HandbookError as exc:
        raise PluginError(str(exc)) from None
    env.page.meta["render_macros"] = False  # rendered already
    env.page.meta["description"] = attribute(page.meta.summary)
    env.page.meta["title"] = attribute(page.meta.title)  # Material writes it into <title>
    env.page.meta["hb_plain_title"] = page.meta.title  # for the report e-mail, URL-encoded
    env.page.meta["search"] = {"exclude": True}  # indexed by handbook.search instead
    archive = env.conf["extra"].get(editions.ARCHIVE_KEY)
    if archive:
        env.page.meta["hb_banner"] = editions.archive_banner(
            handbook.editions.current, page.src, set(archive["current_pages"]))
    if page.is_chapter:
        # Every chapter opens with what to do (from data), then one quiet line that opens on
        # the review dates, owner, amendments, editions and PDF, then its sections.
        # The build's date decides the overdue note printed on paper (not in an archive).
        built = None if archive else build_time(handbook.root).date()
        more = ""
        if not archive:  # an archived edition has no PDFs of its own
            more = _chapter_history(session, page) + "\n" + chapter_pdf_link(page)
            if amended_in(page, handbook.editions, handbook.editions.current):
                env.page.meta["status"] = UPDATED
        emergency = next((c for c in handbook.partnership.contacts if c.id == EMERGENCY), None)
        opening = (action_box(page, emergency, session.contacts_page)
                   + amendment_note(page, handbook.partnership.review_interval_months, built=built, more=more)
                   + on_this_page(env.markdown))
        env.markdown = opening + "\n" + env.markdown
        if due := review_due(page.meta, handbook.partnership.review_interval_months):
            env.page.meta["hb_review_due"] = due.last_day.isoformat()
    env.markdown += "\n\n" + abbreviation_definitions(handbook.glossary) + "\n"


def _chapter_history(session, page) -> str:
    handbook, earlier = session.handbook, session.earlier_editions
    previous = handbook.editions.previous
    had_it = [(edition, page.src in pages) for edition, pages in earlier]
    in_previous = bool(earlier) and page.src in earlier[0][1]
    changes = relative_link(page.src, changes_path(page.src)) if in_previous else None
    return editions.chapter_history(page.src, had_it, changes, previous)


def on_post_build(env) -> None:
    """The print stamp, from this build's data (an archived edition's stamp names it)."""
    handbook = env.handbook_session.handbook
    stylesheet = Path(env.conf["site_dir"]) / STAMP_STYLESHEET
    write_staged(stylesheet, stamp_css(print_stamp(handbook, build_time(handbook.root))).encode())
