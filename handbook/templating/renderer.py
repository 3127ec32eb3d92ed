"""A page's markdown with its macros run, without MkDocs: what the checks read when they
need the text a reader gets (anchors made by macros, links made from data).

The same Jinja syntax and the same macros for the site build, `make serve` and the checks.
Pages are input, not code: each page's template is checked against an allow-list first
(template_check), then run in Jinja's immutable sandbox. Values from data written into a
page ({{ partnership.name }}) are HTML-escaped; macros escape the data they write and
return markup.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from handbook.content.fields import UnknownReference
from handbook.content.model import Handbook
from handbook.content.pages import Page
from handbook.problems import HandbookError, Problem
from handbook.templating.dependencies import Dependencies, RecordingHandbook, page_digest
from handbook.templating.macros import JINJA_SYNTAX, MACROS, PageContext, variables
from handbook.templating.template_check import call_values, check_template, locate_bad_calls, macro_calls


@dataclass
class RenderedPage:
    page: Page
    markdown: str                       # the body with every macro call replaced
    _outputs: Callable[[], list[tuple[int, str]]]

    @cached_property
    def macro_outputs(self) -> list[tuple[int, str]]:
        """(file line of a macro call, what it produced): worked out only when asked for
        (to say which line made a broken link), as it means parsing the page again."""
        return self._outputs()


def _environment() -> jinja2.Environment:
    # StrictUndefined: a name the page does not have is an error, never empty text.
    return ImmutableSandboxedEnvironment(**JINJA_SYNTAX, undefined=jinja2.StrictUndefined, autoescape=True)


MARKDOWN = "page-markdown"  # the memo's name for a page's rendered markdown


class PageRenderer:
    """Renders pages of one handbook; each page is rendered once and kept.

    With a `memo` (handbook/build/memo.py), what each page's macros read is recorded
    (templating/dependencies.py) and kept with its markdown: a page whose source and whose
    recorded reads are unchanged since an earlier build is not rendered again."""

    def __init__(self, handbook: Handbook, memo=None):
        self.handbook = handbook
        self.environment = _environment()
        self._done: dict[str, RenderedPage | HandbookError] = {}
        self.memo = memo
        self._dependencies = Dependencies(handbook)
        self._reading = handbook  # what the macros are given: the handbook, or a recording of it

    def render(self, page: Page) -> RenderedPage:
        """The page rendered; raises HandbookError with the page's line on a macro error.
        Each page is rendered once: its result, or its error, is kept."""
        if page.src not in self._done:
            try:
                self._done[page.src] = self._render(page)
            except HandbookError as exc:
                self._done[page.src] = exc
        result = self._done[page.src]
        if isinstance(result, HandbookError):
            raise HandbookError(result.problems)
        return result

    def _globals(self, page: Page) -> dict[str, object]:
        context = PageContext(self._reading, page, render=lambda text: self._render_text(page, text))
        bound = {name: _bind(function, context) for name, function in MACROS.items()}
        return {**variables(self._reading), **bound}

    def _render_text(self, page: Page, text: str) -> str:
        return self.environment.from_string(text, globals=self._globals(page)).render()

    def problems(self, pages) -> list[Problem]:
        """Every problem of rendering `pages`, each reported once."""
        found: list[Problem] = []
        for page in pages:
            try:
                self.render(page)
            except HandbookError as exc:
                found += exc.problems
        return list(dict.fromkeys(found))

    def _render(self, page: Page) -> RenderedPage:
        if self.memo is None:
            return self._render_now(page)
        key = page_digest(page)
        stored = self.memo.get(MARKDOWN, key)
        if stored is not None:
            names, reads, markdown = stored
            if reads is not None and self._dependencies.digest(names) == reads:
                return RenderedPage(page, markdown, lambda: self._outputs(page, self.environment.parse(page.body)))
            self.memo.stale(MARKDOWN)
        read: set[str] = set()
        self._reading = RecordingHandbook(self.handbook, read)
        try:
            rendered = self._render_now(page)
        finally:
            self._reading = self.handbook
        self.memo.put(MARKDOWN, key, (sorted(read), self._dependencies.digest(read), rendered.markdown))
        return rendered

    def _outputs(self, page: Page, tree) -> list[tuple[int, str]]:
        offset = page.body_first_line - 1
        return [(call.lineno + offset, self._render_call(page, call)) for call in macro_calls(tree)]

    def _render_now(self, page: Page) -> RenderedPage:
        """Parse the page once: check its template (template_check), then render that parse."""
        offset = page.body_first_line - 1
        try:
            tree = self.environment.parse(page.body)
        except jinja2.TemplateSyntaxError as exc:
            raise HandbookError([Problem(page.path, exc.lineno + offset, "error",
                                         f"macro syntax: {exc.message}")]) from None
        if problems := check_template(self._reading, page, tree):
            raise HandbookError(problems)
        try:
            markdown = self.environment.from_string(tree, globals=self._globals(page)).render()
        except UnknownReference as exc:
            located = locate_bad_calls(self.handbook, page, tree)
            raise HandbookError(located or [Problem(page.path, page.body_first_line, "error",
                                                    f"macro: {exc}")]) from None
        except jinja2.TemplateError as exc:
            line = getattr(exc, "lineno", None)
            raise HandbookError([Problem(page.path, line + offset if line else page.body_first_line,
                                         "error", f"macro: {exc.message or exc}")]) from None
        except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as exc:
            # Template expressions an editor wrote that fail when run: {{ name + 1 }} ...
            raise HandbookError([Problem(page.path, _template_line(exc, offset) or page.body_first_line,
                                         "error", f"macro: could not run the page's template code "
                                         f"({type(exc).__name__}: {exc})")]) from None
        return RenderedPage(page, markdown, lambda: self._outputs(page, tree))

    def _render_call(self, page: Page, call: nodes.Call) -> str:
        args, kwargs = call_values(call)
        return self._globals(page)[call.node.name](*args, **kwargs)


def _bind(function, context: PageContext):
    def call(*args, **kwargs):
        return Markup(function(context, *args, **kwargs))  # macros escape what they write
    call.__name__ = function.__name__
    return call


def _template_line(exc: BaseException, offset: int) -> int | None:
    """The page line where a template expression failed: Jinja's traceback frames for the
    template carry the template's own line numbers."""
    line, frame = None, exc.__traceback__
    while frame is not None:
        if frame.tb_frame.f_code.co_filename == "<template>":
            line = frame.tb_lineno + offset
        frame = frame.tb_next
    return line
