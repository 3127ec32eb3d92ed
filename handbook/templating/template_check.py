"""The checks of a page's template (its macro calls and names), made on the parsed page
before it is rendered, so that every mistake is reported with the page's file and line:
unknown macros and names, fields a variable does not have, calls with values other than
plain text, and (when rendering failed on one) ids that are not in the data."""
from __future__ import annotations

from jinja2 import nodes

from handbook.content.fields import UnknownReference
from handbook.content.model import Handbook
from handbook.content.pages import Page
from handbook.problems import Problem
from handbook.templating.macros import MACROS, PageContext, variables


def check_template(handbook: Handbook, page: Page, tree: nodes.Template) -> list[Problem]:
    """What is wrong with the page's template before anything runs."""
    offset = page.body_first_line - 1
    known_variables = variables(handbook)
    problems: list[Problem] = []
    assigned = {name.name for name in tree.find_all(nodes.Name) if name.ctx in ("store", "param")}
    called = set()
    for call in tree.find_all(nodes.Call):
        if not isinstance(call.node, nodes.Name):
            continue
        called.add(id(call.node))
        name, line = call.node.name, call.lineno + offset
        if name not in MACROS:
            problems.append(Problem(page.path, line, "error",
                                    f"unknown macro '{name}' (known: {', '.join(sorted(MACROS))})"))
        elif not is_plain_call(call):
            problems.append(Problem(page.path, line, "error", f"{name}(...) takes plain text values only"))
    for name in tree.find_all(nodes.Name):
        if id(name) in called or name.ctx != "load":
            continue
        if name.name in MACROS:
            problems.append(Problem(page.path, name.lineno + offset, "error",
                                    f"'{name.name}' is a macro: call it as {name.name}(...)"))
        elif name.name not in known_variables and name.name not in assigned:
            problems.append(Problem(page.path, name.lineno + offset, "error",
                                    f"unknown name '{name.name}'"))
    for attribute in tree.find_all(nodes.Getattr):
        if isinstance(attribute.node, nodes.Name) and attribute.node.name in known_variables:
            if not hasattr(known_variables[attribute.node.name], attribute.attr):
                problems.append(Problem(page.path, attribute.lineno + offset, "error",
                                        f"'{attribute.node.name}' has no field '{attribute.attr}'"))
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
