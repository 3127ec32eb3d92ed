"""The content of earlier editions: a folder of the project, or a git tag of its repository,
read as a project folder (docs/ and data/) that the current engine can build."""
from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from handbook.content.editions import Edition
from handbook.problems import HandbookError, Problem

CONTENT = ("docs", "data")


def source_problem(root: Path, edition: Edition) -> str | None:
    """Why an earlier edition's content cannot be read, or None when it can."""
    if edition.folder:
        folder = Path(root) / edition.folder
        missing = [name for name in CONTENT if not (folder / name).is_dir()]
        if missing:
            return f"folder '{edition.folder}' has no {' or '.join(m + '/' for m in missing)}"
        return None
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{edition.git_tag}^{{commit}}")
    except HandbookError:
        return f"git tag '{edition.git_tag}' is not in this repository (fetch tags with `git fetch --tags`)"
    return None


def shown_as(edition: Edition) -> str:
    """The prefix that names a file of the edition's content in a message:
    'editions/2024-05/' or, like git's own tree:path, 'edition-2024-05:'."""
    return f"{edition.folder.rstrip('/')}/" if edition.folder else f"{edition.git_tag}:"


@contextmanager
def edition_project(root: Path, edition: Edition) -> Iterator[Path]:
    """The edition's content as a project folder holding docs/ and data/."""
    if edition.folder:
        yield Path(root) / edition.folder
        return
    archive = _git(root, "archive", "--format=tar", f"{edition.git_tag}:{_prefix(root)}", *CONTENT)
    with tempfile.TemporaryDirectory(prefix=f"handbook-{edition.anchor}-") as folder:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        yield Path(folder)


def edition_pages(root: Path, edition: Edition) -> set[str]:
    """The pages (docs-relative paths) an earlier edition holds, without extracting it."""
    if edition.folder:
        docs = Path(root) / edition.folder / "docs"
        return {file.relative_to(docs).as_posix() for file in docs.rglob("*.md")}
    listing = _git(root, "ls-tree", "-r", "--name-only", f"{edition.git_tag}:{_prefix(root)}docs")
    return {name for name in listing.decode().splitlines() if name.endswith(".md")}


def _prefix(root: Path) -> str:
    """The project folder's path inside its repository ('' at the top), for tree-ish paths."""
    return _git(root, "rev-parse", "--show-prefix").decode().strip()


def _git(root: Path, *args: str) -> bytes:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True)
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip().splitlines()
        raise HandbookError([Problem("git", None, "error",
                                     f"git {args[0]}: {message[-1] if message else 'failed'}")])
    return result.stdout
