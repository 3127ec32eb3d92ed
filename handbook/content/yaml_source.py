"""Read YAML (data files and front matter) keeping the line of every value, and validate
it with a pydantic model, turning validation errors into one readable line each."""
from __future__ import annotations

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
        problems = [
            Problem(source.path, source.line_of(tuple(err["loc"])), "error", _explain(err, what))
            for err in exc.errors()
        ]
        raise HandbookError(problems) from None


def _explain(err: dict, what: str) -> str:
    """A pydantic error in an editor's words."""
    loc = [str(part) for part in err["loc"] if not str(part).startswith("function-")]
    name = ".".join(loc) if loc else (what or "file")
    kind = err["type"]
    if kind == "extra_forbidden":
        return f"unknown field '{name}' (check its spelling, or remove it)"
    if kind == "missing":
        return f"missing required field '{name}'"
    given = err.get("input")
    shown = repr(given) if not isinstance(given, (dict, list)) else type(given).__name__
    message = err["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    return f"field '{name}': {message} (got {shown})"
