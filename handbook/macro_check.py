"""Check every macro call in every page before building: unknown macros, unknown names and
ids that are not in the data are reported with the page's file and line."""
from __future__ import annotations

import jinja2
from jinja2 import nodes

from .macro_api import JINJA_SYNTAX, MACROS, PageContext, variables
from .model import Handbook
from .problems import Problem
from .records import UnknownReference


def check_macro_calls(handbook: Handbook) -> list[Problem]:
    problems: list[Problem] = []
    known_variables = variables(handbook)
    environment = jinja2.Environment(**JINJA_SYNTAX)
    for page in handbook.pages.values():
        offset = page.body_first_line - 1
        try:
            tree = environment.parse(page.body)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(Problem(page.path, exc.lineno + offset, "error",
                                    f"macro syntax: {exc.message}"))
            continue
        assigned = {name.name for name in tree.find_all(nodes.Name) if name.ctx in ("store", "param")}
        called = set()
        for call in tree.find_all(nodes.Call):
            if not isinstance(call.node, nodes.Name):
                continue
            called.add(id(call.node))
            problems += _check_call(handbook, page, call, offset)
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
                value = known_variables[attribute.node.name]
                if not hasattr(value, attribute.attr):
                    problems.append(Problem(page.path, attribute.lineno + offset, "error",
                                            f"'{attribute.node.name}' has no field '{attribute.attr}'"))
    return problems


def _check_call(handbook: Handbook, page, call: nodes.Call, offset: int) -> list[Problem]:
    line = call.lineno + offset
    name = call.node.name
    if name not in MACROS:
        return [Problem(page.path, line, "error",
                        f"unknown macro '{name}' (known: {', '.join(sorted(MACROS))})")]
    if not all(isinstance(arg, nodes.Const) for arg in call.args) or not all(
            isinstance(kw.value, nodes.Const) for kw in call.kwargs):
        return [Problem(page.path, line, "error", f"{name}(...) takes plain text values only")]
    args = [arg.value for arg in call.args]
    kwargs = {kw.key: kw.value.value for kw in call.kwargs}
    try:
        MACROS[name](PageContext(handbook, page), *args, **kwargs)
    except UnknownReference as exc:
        return [Problem(page.path, line, "error", f"{name}: {exc}")]
    except TypeError as exc:
        return [Problem(page.path, line, "error", f"{name} called with the wrong values: {exc}")]
    return []
