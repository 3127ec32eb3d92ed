"""Read YAML (data files and front matter) keeping the line of every value, and validate
it with a pydantic model, turning validation errors into one readable line each."""
from __future__ import annotations

import copy
import difflib
import typing
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pydantic
import yaml

from handbook.content.limits import MAX_YAML_NESTING
from handbook.problems import HandbookError, Problem

Model = TypeVar("Model", bound=pydantic.BaseModel)
# libyaml's parser, when PyYAML was built with it: the same nodes and marks, several times
# faster, which matters when a build reads the front matter of hundreds of chapters.
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Refused(yaml.MarkedYAMLError):
    """YAML that parses but that the handbook does not accept; its message stands alone."""


class _Loader(_BASE_LOADER):
    def construct_object(self, node, deep=False):
        """A value Python cannot hold (2024-02-30, 0x_) is a mistake at the value's line."""
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, LookupError, AttributeError, TypeError, ArithmeticError) as exc:
            kind = node.tag.rsplit(":", 1)[-1]
            value = node.value if isinstance(node.value, str) else "this value"
            value = value if len(value) <= 40 else value[:40] + "..."
            message = (f"'{value}' is not a real date ({exc})" if kind == "timestamp"
                       else f"'{value}' cannot be read as {kind} ({exc})")
            raise _Refused(problem=message, problem_mark=node.start_mark) from None


@dataclass
class YamlSource:
    """Parsed YAML plus where each value stands: path tuple -> 1-based line."""

    path: str
    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)
    first_line: int = 1

    def line_of(self, loc: tuple) -> int:
        """Line of the deepest part of `loc` that exists in the file (else the first line)."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return self.first_line


def parse_yaml(text: str, path: str, first_line: int = 1) -> YamlSource:
    """Parse `text`; `first_line` is the file line the text starts on (front matter)."""
    offset = first_line - 1
    try:
        _refuse_before_parsing(text)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else first_line
        problem = (exc.problem or exc.context or "not valid YAML").strip()
        message = problem if isinstance(exc, _Refused) else f"not valid YAML: {problem}"
        raise HandbookError([Problem(path, line, "error", message)]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        line = text[:exc.position].count("\n") + first_line
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise HandbookError([Problem(path, line, "error", f"not valid YAML: the invisible "
                                     f"character U+{code:04X} is not allowed (delete it)")]) from None
    except yaml.YAMLError as exc:
        raise HandbookError([Problem(path, first_line, "error", f"not valid YAML: {exc}")]) from None
    source = YamlSource(path, data, first_line=first_line)
    if node is not None:
        _record_lines(node, (), source.lines, offset)
    return source


_OPENING = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken,
            yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)
_CLOSING = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


def _refuse_before_parsing(text: str) -> None:
    """What is refused from the tokens alone, before any value is built: anchors and
    aliases (&name, *name), as a few nested aliases expand to billions of values (an "alias
    bomb"), and nesting deeper than MAX_YAML_NESTING, which reading would recurse through."""
    scanner = _BASE_LOADER(text)
    depth = 0
    try:
        while (token := scanner.get_token()) is not None:
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                sign = "&" if isinstance(token, yaml.AnchorToken) else "*"
                raise _Refused(problem=f"YAML anchors and aliases ({sign}{token.value}) are not allowed: "
                               "write the value out in full", problem_mark=token.start_mark)
            depth += isinstance(token, _OPENING) - isinstance(token, _CLOSING)
            if depth > MAX_YAML_NESTING:
                raise _Refused(problem=f"values nested more than {MAX_YAML_NESTING} levels deep: "
                               "make the data flatter", problem_mark=token.start_mark)
    finally:
        scanner.dispose()


def _record_lines(node: yaml.Node, loc: tuple, lines: dict, offset: int) -> None:
    lines[loc] = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            lines[loc + (key,)] = key_node.start_mark.line + 1 + offset
            _record_lines(value_node, loc + (key,), lines, offset)
            lines[loc + (key,)] = key_node.start_mark.line + 1 + offset
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, loc + (index,), lines, offset)


def validate(model: type[Model], source: YamlSource, what: str = "") -> Model:
    """Validate `source.data` against `model`, or raise one problem per mistake."""
    try:
        return model.model_validate(source.data if source.data is not None else {})
    except pydantic.ValidationError as exc:
        raise HandbookError(explain_errors(model, source, exc.errors(), what)) from None


def validate_leniently(model: type[Model], source: YamlSource, what: str = "",
                       left_out: set[str] | None = None) -> tuple[Model | None, list[Problem]]:
    """As `validate`, but a mistake does not hide the rest of the handbook from the checks:
    the problems, and the data as far as it can be read without guessing (a misspelt field
    read under the name it was meant to have, an unknown field left out, a list item that
    is wrong left out), so that links and anchors can still be checked in the same run.
    None instead of the data when it cannot be read that way. The ids of the items left out
    are added to `left_out`, so that what refers to them is not reported as a second mistake."""
    try:
        return validate(model, source, what), []
    except HandbookError as exc:
        problems = exc.problems
    data = copy.deepcopy(source.data if source.data is not None else {})
    for _ in range(4):  # each round repairs what the last validation found
        try:
            return model.model_validate(data), problems
        except pydantic.ValidationError as exc:
            if not _repair(model, data, exc.errors(), left_out if left_out is not None else set()):
                return None, problems
    return None, problems


def explain_errors(model: type[pydantic.BaseModel], source: YamlSource, errors: list[dict],
                   what: str = "") -> list[Problem]:
    """Pydantic's errors as the editor's mistakes, one line each. A misspelt field is one
    mistake ("unknown field 'txet'; did you mean 'text'?"), not an unknown field and a
    missing one; list items are named by their id (or their line), never by a schema path."""
    errors = [dict(err, loc=_clean(err["loc"])) for err in errors]
    missing = {err["loc"] for err in errors if err["type"] == "missing"}
    problems: list[Problem] = []
    meant: set[tuple] = set()
    for err in errors:
        loc = err["loc"]
        if err["type"] == "extra_forbidden" and loc and isinstance(loc[-1], str):
            if guess := _meant(model, loc, missing):
                meant.add(loc[:-1] + (guess,))
    for err in errors:
        loc = err["loc"]
        if err["type"] == "missing" and loc in meant:
            continue  # said once, as the misspelt field it is
        message = _explain(err, model, source, missing, what)
        problems.append(Problem(source.path, source.line_of(loc), "error", message))
    return problems


def _clean(loc: tuple) -> tuple:
    """The location in the data: without the names pydantic gives validators and union
    members ('function-after[...]', 'str')."""
    return tuple(part for part in loc if isinstance(part, int) or not (
        str(part).startswith(("function-", "json-or-python[")) or "[" in str(part)))


def _fields_at(model: type[pydantic.BaseModel], loc: tuple) -> list[str]:
    """The field names the model allows at `loc` (the mapping that holds a field)."""
    current: type[pydantic.BaseModel] | None = model
    for part in loc:
        if current is None:
            return []
        if isinstance(part, int):
            continue  # an item of a list: the model found for the list's field
        field = current.model_fields.get(part)
        current = _model_in(field.annotation) if field else None
    return list(current.model_fields) if current else []


def _model_in(annotation: object) -> type[pydantic.BaseModel] | None:
    """The model inside `X | None`, `list[X]`, `Annotated[X, ...]` (the first one found)."""
    waiting = [annotation]
    while waiting:
        candidate = waiting.pop(0)
        if isinstance(candidate, type) and issubclass(candidate, pydantic.BaseModel):
            return candidate
        waiting += typing.get_args(candidate)
    return None


def _meant(model, loc: tuple, missing: set[tuple]) -> str | None:
    """The field an unknown field's name was probably meant to be: a required field that is
    missing beside it, or else any field allowed there."""
    parent, name = loc[:-1], str(loc[-1])
    beside = [str(m[-1]) for m in missing if m[:-1] == parent and isinstance(m[-1], str)]
    for candidates in (beside, _fields_at(model, parent)):
        if found := difflib.get_close_matches(name, candidates, n=1, cutoff=0.75):
            return found[0]
    return None


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _named(data: object, loc: tuple, source: YamlSource) -> str:
    """Where `loc` is, in an editor's words: " of item 'fear' in group 'coercion'", " of the
    amendment at line 14", " of 'licence'" (a list item named by its id, else by its line;
    the noun is the list's name made singular)."""
    parts: list[str] = []
    current = data
    for index, part in enumerate(loc):
        if isinstance(part, int):
            noun = _singular(str(loc[index - 1])) if index and isinstance(loc[index - 1], str) else "item"
            item = current[part] if isinstance(current, list) and part < len(current) else None
            label = None
            if isinstance(item, dict):  # what names an item: its id (a glossary entry: its words)
                label = next((item[key] for key in ("id", "abbr", "term")
                              if isinstance(item.get(key), (str, int))), None)
            if label is not None:
                parts.append(f"{noun} '{label}'")
            else:
                parts.append(f"the {noun} at line {source.line_of(loc[:index + 1])}")
            current = item
        else:
            if index + 1 < len(loc) and not isinstance(loc[index + 1], int):
                parts.append(f"'{part}'")
            current = current.get(part) if isinstance(current, dict) else None
    return (" of " + " in ".join(reversed(parts))) if parts else ""


def _explain(err: dict, model, source: YamlSource, missing: set[tuple], what: str) -> str:
    """A pydantic error in an editor's words."""
    loc = err["loc"]
    if loc and isinstance(loc[-1], int) and len(loc) > 1 and isinstance(loc[-2], str):
        name, where = str(loc[-2]), _named(source.data, loc[:-2], source)  # an entry of a list of values
    elif loc and isinstance(loc[-1], str):
        name, where = str(loc[-1]), _named(source.data, loc[:-1], source)
    else:
        name, where = (what or "file") if not loc else "value", _named(source.data, loc, source)
    kind = err["type"]
    if kind == "extra_forbidden":
        guess = _meant(model, loc, missing)
        advice = f"did you mean '{guess}'?" if guess else "check its spelling, or remove it"
        known = _fields_at(model, loc[:-1])
        listing = f" (fields here: {', '.join(known)})" if known and not guess else ""
        return f"unknown field '{name}'{where}; {advice}{listing}"
    if kind == "missing":
        return f"missing required field '{name}'{where}"
    given = err.get("input")
    shown = repr(given) if not isinstance(given, (dict, list)) else type(given).__name__
    message = err["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    if not loc:
        return f"{message}"
    return f"field '{name}'{where}: {message} (got {shown})"


def _repair(model, data: object, errors: list[dict], left_out: set[str]) -> bool:
    """Make `data` readable without guessing what was meant beyond a misspelt field name:
    rename a misspelt field to the missing one it was meant to be, drop an unknown field,
    drop a list item that is wrong. False when nothing can be done."""
    errors = [dict(err, loc=_clean(err["loc"])) for err in errors]
    missing = {err["loc"] for err in errors if err["type"] == "missing"}
    renamed: set[tuple] = set()
    dropped_items: dict[int, tuple[list, set[int]]] = {}
    changed = False
    for err in errors:
        loc = err["loc"]
        if err["type"] == "extra_forbidden" and loc and isinstance(loc[-1], str):
            parent = _at(data, loc[:-1])
            if isinstance(parent, dict) and loc[-1] in parent:
                value = parent.pop(loc[-1])
                guess = _meant(model, loc, missing)
                if guess and loc[:-1] + (guess,) in missing:
                    parent[guess] = value
                    renamed.add(loc[:-1] + (guess,))
                changed = True
    for err in errors:
        loc = err["loc"]
        if err["type"] == "extra_forbidden" or loc in renamed:
            continue
        indices = [i for i, part in enumerate(loc) if isinstance(part, int)]
        if not indices:
            return False  # a field of the file itself: nothing to fall back on
        last = indices[-1]
        holder = _at(data, loc[:last])
        if not isinstance(holder, list):
            return False
        dropped_items.setdefault(id(holder), (holder, set()))[1].add(loc[last])
    for holder, indices in dropped_items.values():
        for index in sorted(indices, reverse=True):
            if index < len(holder):
                item = holder.pop(index)
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    left_out.add(item["id"])
                changed = True
    return changed


def _at(data: object, loc: tuple) -> object:
    for part in loc:
        if isinstance(data, dict) and not isinstance(part, int):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data
