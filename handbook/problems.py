"""Problems found in the handbook's input, reported the way compilers report them.

Every failure an editor can cause ends as one line `path:line: error: message`: no
traceback, no half-written site.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int | None
    severity: str  # "error" or "warning"
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


class HandbookError(Exception):
    """Raised with the problems that stop a build; str() gives one line per problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: Path, root: Path | None = None) -> str:
    """The path as an editor would type it: relative to the project where possible."""
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return str(Path(path).resolve().relative_to(Path(base).resolve()))
        except ValueError:
            pass
    return str(path)
