"""Standing warnings: what `make check` and `make build` already said and the partnership
knows about (numbers to be confirmed, an owner not yet named, a printing policy not yet
adopted...). They are data, listed in `data/standing-warnings.yml` (path and message of
each), and are summarised in one line, so that a warning caused by the change being made
is not lost among them. A warning is matched by its file and its message with the numbers
in it left out (a line number or a reading grade that moves is still the same warning);
its line is not compared. `check --all-warnings` lists them all; `check --strict` counts
every warning, standing or not, as an error (for a release); `check --update-standing`
writes the current warnings into the file (after a person has read them).
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from handbook.content.fields import Record, Text
from handbook.content.yaml_source import parse_yaml, validate
from handbook.problems import HandbookError, Problem, display_path

FILE = Path("data") / "standing-warnings.yml"
LIST_COMMAND = "make check CHECK_ARGS=--all-warnings"

_HEADER = """\
# Standing warnings: warnings of `make check` the partnership knows about and is waiting on
# (facts to be confirmed, known issues of the text as received). `make check` summarises
# them in one line, so that a new warning stands out; `make check CHECK_ARGS=--all-warnings`
# lists them. Written by `python -m handbook check --update-standing` after the warnings
# were read: remove an entry once it is dealt with (the check then stops matching it anyway).
"""


class StandingWarning(Record):
    path: Text
    message: Text


class StandingWarnings(Record):
    standing: list[StandingWarning] = []


def _key(path: str, message: str) -> tuple[str, str]:
    return path, re.sub(r"\d+(?:\.\d+)?", "N", " ".join(message.split()))


def read_standing(project: Path) -> set[tuple[str, str]]:
    """The keys of the standing warnings (none if the file is missing); a mistake in the
    file is one error line."""
    path = project / FILE
    if not path.exists():
        return set()
    source = parse_yaml(path.read_text(encoding="utf-8"), display_path(path, project))
    if source.data is None:
        return set()
    data = validate(StandingWarnings, source)
    return {_key(item.path, item.message) for item in data.standing}


def is_standing(problem: Problem, standing: set[tuple[str, str]]) -> bool:
    return problem.severity == "warning" and _key(problem.path, problem.message) in standing


def summary(count: int) -> str:
    return (f"{count} standing warning(s) not shown (known to the partnership, listed in {FILE}): "
            f"{LIST_COMMAND} lists them")


def write_standing(project: Path, problems: list[Problem]) -> int:
    """Write every warning of `problems` as standing; the number written."""
    items = [{"path": p.path, "message": " ".join(p.message.split())}
             for p in problems if p.severity == "warning"]
    items = list({_key(i["path"], i["message"]): i for i in items}.values())
    text = _HEADER + yaml.safe_dump({"standing": items}, sort_keys=False, allow_unicode=True, width=100)
    try:
        (project / FILE).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise HandbookError([Problem(str(FILE), None, "error", f"cannot write the file: {exc}")]) from None
    return len(items)
