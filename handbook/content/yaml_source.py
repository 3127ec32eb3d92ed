"""Read YAML (data files and front matter) keeping the line of every value, and validate
it with a pydantic model, turning validation errors into one readable line each."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

import pydantic
import yaml

from handbook.problems import HandbookError, Problem

Model = TypeVar("Model", bound=pydantic.BaseModel)
# libyaml's parser, when PyYAML was built with it: the same nodes and marks, several times
# faster, which matters when a build reads the front matter of hundreds of chapters.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class YamlSource:
    """Parsed YAML plus where each value stands: path tuple -> 1-based line."""

    path: str
    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)

    def line_of(self, loc: tuple) -> int | None:
        """Line of the deepest part of `loc` that exists in the file."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return None


def parse_yaml(text: str, path: str, first_line: int = 1) -> YamlSource:
    """Parse `text`; `first_line` is the file line the text starts on (front matter)."""
    offset = first_line - 1
    try:
        loader = _LOADER(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else None
        problem = (exc.problem or exc.context or "not valid YAML").strip()
        raise HandbookError([Problem(path, line, "error", f"not valid YAML: {problem}")]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        line = text[:exc.position].count("\n") + first_line
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise HandbookError([Problem(path, line, "error", f"not valid YAML: the invisible "
                                     f"character U+{code:04X} is not allowed (delete it)")]) from None
    except yaml.YAMLError as exc:
        raise HandbookError([Problem(path, first_line, "error", f"not valid YAML: {exc}")]) from None
    source = YamlSource(path, data)
    if node is not None:
        _record_lines(node, (), source.lines, offset)
    return source


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
