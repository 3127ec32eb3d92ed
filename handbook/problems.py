"""Problems found in the handbook's input, reported the way compilers report them.

Every failure an editor can cause ends as one line `path:line: error: message`: no
traceback, no half-written site.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    severity: str  # "error" or "warning"
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {' '.join(self.message.split())}"  # always one line

    def sort_key(self) -> tuple:
        """File, then line (a problem with no line first), then errors before warnings."""
        return (self.path, self.line or 0, self.severity != "error", self.message)

    def as_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "severity": self.severity,
                "message": self.message}


class HandbookError(Exception):
    """Raised with the problems that stop a build; str() gives one line per problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=Problem.sort_key)
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
