"""One way to name content by what it is: a digest of a list of parts. The build's memo
(build/memo.py) names its entries so, and the renderer's dependency record
(templating/dependencies.py) compares what a page read so."""
from __future__ import annotations

import hashlib
from pathlib import Path


def digest(*parts: str | bytes) -> str:
    """One digest of `parts`, each length-prefixed so that no two lists of parts collide."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def folder_digest(folder: Path | str | None) -> str:
    """One digest of every file under `folder` (names and bytes); "" when there is none."""
    if not folder or not Path(folder).is_dir():
        return ""
    return digest(*[part for path in sorted(Path(folder).rglob("*")) if path.is_file()
                    for part in (path.relative_to(folder).as_posix(), path.read_bytes())])
