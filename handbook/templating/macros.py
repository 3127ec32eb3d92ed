"""The macros that pages call, as plain Python.

Each macro takes a PageContext (the handbook and the page being rendered) and returns
markdown. The page renderer (`renderer`) binds them to each page it renders, and
`template_check` calls them to find bad references with their line numbers. A macro that is
given an id the data does not have raises UnknownReference.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from handbook.addresses import relative_link
from handbook.content import editions, glossary, indicators, legal, partnership, resources
from handbook.content.fields import UnknownReference
from handbook.content.model import Handbook
from handbook.content.pages import Page, in_order
from handbook.content.pages import amendments_register as _register
from handbook.escaping import text as text_of

MACROS: dict[str, Callable[..., str]] = {}

# Jinja's default comment marker `{#` would swallow markdown anchors such as
# `## Consent {#consent}`, so comments are written {## ... ##} instead.
JINJA_SYNTAX = {"comment_start_string": "{##", "comment_end_string": "##}"}


@dataclass
class PageContext:
    handbook: Handbook
    page: Page
    # Renders template text (with macro calls) for this page; the adapter supplies Jinja.
    render: Callable[[str], str] = field(default=lambda text: text)


def macro(function):
    MACROS[function.__name__] = function
    return function


def _page(ctx: PageContext, src: str) -> Page:
    if src not in ctx.handbook.pages:
        raise UnknownReference(f"no page '{src}' in docs/ (pages are named by their path in docs/)")
    return ctx.handbook.pages[src]


@macro
def indicator_table(ctx: PageContext, group_id: str, linked_to: str) -> str:
    """Table of an indicator group whose rows link to the same rows on page `linked_to`."""
    group = ctx.handbook.indicators.group(group_id)
    target = _page(ctx, linked_to)
    return indicators.indicator_table(group, page=ctx.page.src, linked_to=linked_to,
                                      linked_title=target.meta.title)


@macro
def consent_summary(ctx: PageContext) -> str:
    return legal.consent_summary(ctx.handbook.legal)


@macro
def consent_history(ctx: PageContext) -> str:
    return legal.consent_history(ctx.handbook.legal)


@macro
def legal_statement(ctx: PageContext, provision_id: str) -> str:
    return legal.legal_statement(ctx.handbook.legal, ctx.handbook.legal.provision(provision_id))


@macro
def resource_link(ctx: PageContext, resource_id: str, text: str | None = None) -> str:
    return resources.resource_link(ctx.handbook.resources.resource(resource_id), text)


@macro
def chapter_resources(ctx: PageContext) -> str:
    """The resources listed in this chapter's front matter."""
    if not ctx.page.is_chapter:
        raise UnknownReference("chapter_resources() is for chapters (pages in docs/chapters/)")
    data = ctx.handbook.resources
    return resources.resource_list([data.resource(rid) for rid in ctx.page.meta.resources])


@macro
def all_resources(ctx: PageContext) -> str:
    return resources.resources_by_topic(ctx.handbook.resources)


@macro
def glossary_entries(ctx: PageContext) -> str:
    return glossary.glossary_page(ctx.handbook.glossary)


@macro
def contact(ctx: PageContext, contact_id: str) -> str:
    return partnership.contact_line(ctx.handbook.partnership.contact(contact_id))


@macro
def contacts(ctx: PageContext) -> str:
    return partnership.contacts_table(ctx.handbook.partnership)


@macro
def accessibility_known_issues(ctx: PageContext) -> str:
    return partnership.accessibility_known_issues(ctx.handbook.partnership.accessibility)


@macro
def accessibility_contact(ctx: PageContext) -> str:
    return partnership.accessibility_contact(ctx.handbook.partnership.accessibility)


@macro
def accessibility_last_tested(ctx: PageContext) -> str:
    return partnership.accessibility_last_tested(ctx.handbook.partnership.accessibility)


@macro
def amendments_register(ctx: PageContext) -> str:
    return _register(list(ctx.handbook.pages.values()), ctx.handbook.editions, here=ctx.page.src)


@macro
def editions_list(ctx: PageContext) -> str:
    """Every edition, newest first, with a link to read it (archived editions in site/editions/)."""
    register = next((page.src for page in ctx.handbook.pages.values()
                     if "amendments_register(" in page.body), None)
    return editions.editions_list(ctx.handbook.editions, here=ctx.page.src, amendments_page=register)


@macro
def chapter_excerpt(ctx: PageContext, chapter: str, name: str) -> str:
    """The text between `<!-- excerpt:NAME -->` and `<!-- /excerpt:NAME -->` in a chapter,
    so that a summary page quotes the chapter instead of a copy that could drift."""
    body = _page(ctx, chapter).body
    match = re.search(rf"<!-- excerpt:{re.escape(name)} -->\n(.*?)<!-- /excerpt:{re.escape(name)} -->",
                      body, flags=re.S)
    if not match:
        raise UnknownReference(f"no excerpt '{name}' marked in '{chapter}'")
    # Left out of search: a search should lead to the chapter, not to the quotation.
    return (f'<div class="hb-excerpt hb-no-search" markdown>\n\n'
            f"{ctx.render(match.group(1).strip())}\n\n</div>")


# Names pages may use besides the macros: {{ partnership.name }} and the like.
def variables(handbook: Handbook) -> dict[str, object]:
    return {"partnership": handbook.partnership}


@macro
def chapters_list(ctx: PageContext) -> str:
    """Every chapter in the editor's order (`order`): its title linked, and its summary
    (Home's "In this handbook"), so a new chapter appears without editing the page."""
    def link_text(title: str) -> str:  # a bracket in a title must not end the link
        return text_of(title).replace("[", "\\[").replace("]", "\\]")
    return "\n".join(f"- [{link_text(page.meta.title)}]({relative_link(ctx.page.src, page.src)}): "
                     f"{text_of(page.meta.summary)}"
                     for page in in_order(ctx.handbook.chapters))
