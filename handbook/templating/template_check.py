"""The checks of a page's template, made on the parsed page before it is rendered, so that
every mistake is reported with the page's file and line. Pages are input, not code: the
check is an allow-list (text, the handbook's macros with written-out values, public fields
of the partnership data); anything else (filters, item access, statements, includes,
attribute chains into Python) is an error. When rendering failed, it also runs each call on
its own to say which line names an id that is not in the data."""
from __future__ import annotations

from jinja2 import nodes

from handbook.content.fields import UnknownReference
from handbook.content.model import Handbook
from handbook.content.pages import Page
from handbook.problems import Problem
from handbook.templating.macros import MACROS, PageContext, variables

# What a page may write between {{ and }}: nothing else runs (pages are input, not code).
ALLOWED = ("text, macro calls with written-out values such as {{ contact(\"emergency\") }}, "
           "and partnership fields such as {{ partnership.name }}")

# Jinja constructs a page may not use, in an editor's words.
_REFUSED = {
    nodes.Filter: "filters ('|name') are not allowed in pages",
    nodes.Test: "tests ('is ...') are not allowed in pages",
    nodes.Getitem: "item access ('[...]') is not allowed in pages",
    nodes.Slice: "item access ('[...]') is not allowed in pages",
    nodes.For: "'{% for %}' is not allowed in pages",
    nodes.If: "'{% if %}' is not allowed in pages",
    nodes.Assign: "'{% set %}' is not allowed in pages",
    nodes.AssignBlock: "'{% set %}' is not allowed in pages",
    nodes.Include: "'{% include %}' is not allowed in pages",
    nodes.Import: "'{% import %}' is not allowed in pages",
    nodes.FromImport: "'{% from ... import %}' is not allowed in pages",
    nodes.Extends: "'{% extends %}' is not allowed in pages",
    nodes.Macro: "'{% macro %}' is not allowed in pages",
    nodes.CallBlock: "'{% call %}' is not allowed in pages",
    nodes.FilterBlock: "'{% filter %}' is not allowed in pages",
    nodes.With: "'{% with %}' is not allowed in pages",
    nodes.Block: "'{% block %}' is not allowed in pages",
    nodes.Scope: "blocks are not allowed in pages",
}


def check_template(handbook: Handbook, page: Page, tree: nodes.Template) -> list[Problem]:
    """Everything in the page's template that is not on the allow-list (ALLOWED), found
    before anything runs, one problem per construct with its line."""
    offset = page.body_first_line - 1
    known_variables = variables(handbook)
    problems: list[Problem] = []

    def refuse(node: nodes.Node, message: str) -> None:
        problems.append(Problem(page.path, (node.lineno or 1) + offset, "error", message))

    def expression(node: nodes.Node) -> None:
        if isinstance(node, (nodes.TemplateData, nodes.Const)):
            return
        if isinstance(node, nodes.Call):
            return call(node)
        if isinstance(node, nodes.Getattr):
            return field(node)
        if isinstance(node, nodes.Name):
            if node.name in MACROS:
                return refuse(node, f"'{node.name}' is a macro: call it as {node.name}(...)")
            if node.name in known_variables:
                return refuse(node, f"write one of '{node.name}''s fields, such as {node.name}.name")
            return refuse(node, f"unknown name '{node.name}'")
        refuse(node, _REFUSED.get(type(node), f"only {ALLOWED} may be used in a page"))

    def call(node: nodes.Call) -> None:
        if not isinstance(node.node, nodes.Name):
            return refuse(node, f"only the handbook's macros may be called: {ALLOWED}")
        name = node.node.name
        if name not in MACROS:
            return refuse(node, f"unknown macro '{name}' (known: {', '.join(sorted(MACROS))})")
        if not is_plain_call(node):
            refuse(node, f"{name}(...) takes plain text values only")

    def field(node: nodes.Getattr) -> None:
        chain = []
        while isinstance(node, nodes.Getattr):
            chain.insert(0, node.attr)
            node = node.node
        if not isinstance(node, nodes.Name) or node.name not in known_variables:
            return expression(node) if isinstance(node, nodes.Name) else refuse(
                node, f"only {ALLOWED} may be used in a page")
        value, path = known_variables[node.name], node.name
        for attribute in chain:
            fields = getattr(type(value), "model_fields", {})
            # A data field, or a value the data model works out (a public property of it).
            worked_out = not attribute.startswith("_") and isinstance(getattr(type(value), attribute, None), property)
            if attribute not in fields and not worked_out:
                return refuse(node, f"'{path}' has no field '{attribute}'")
            value, path = getattr(value, attribute), f"{path}.{attribute}"

    for statement in tree.body:
        if isinstance(statement, nodes.Output):
            for node in statement.nodes:
                expression(node)
        else:
            refuse(statement, _REFUSED.get(type(statement), f"only {ALLOWED} may be used in a page"))
    return problems


def is_plain_call(call: nodes.Call) -> bool:
    """A call whose values are all written out (the only kind pages may make)."""
    return (all(isinstance(arg, nodes.Const) for arg in call.args)
            and all(isinstance(kw.value, nodes.Const) for kw in call.kwargs))


def macro_calls(tree: nodes.Template) -> list[nodes.Call]:
    return [call for call in tree.find_all(nodes.Call)
            if isinstance(call.node, nodes.Name) and call.node.name in MACROS and is_plain_call(call)]


def call_values(call: nodes.Call) -> tuple[list, dict]:
    return [arg.value for arg in call.args], {kw.key: kw.value.value for kw in call.kwargs}


def locate_bad_calls(handbook: Handbook, page: Page, tree: nodes.Template) -> list[Problem]:
    """Run each macro call on its own to find the ones the data cannot answer, with their
    lines. Only needed when the page failed to render: the render says what, this says where."""
    offset = page.body_first_line - 1
    problems = []
    for call in macro_calls(tree):
        name, line = call.node.name, call.lineno + offset
        args, kwargs = call_values(call)
        try:
            MACROS[name](PageContext(handbook, page), *args, **kwargs)
        except UnknownReference as exc:
            problems.append(Problem(page.path, line, "error", f"{name}: {exc}"))
        except TypeError as exc:
            problems.append(Problem(page.path, line, "error", f"{name} called with the wrong values: {exc}"))
    return problems
