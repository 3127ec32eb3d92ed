"""One way to name content by what it is: a digest of a list of parts. The build's memo
(build/memo.py) names its entries so, and the renderer's dependency record
(templating/dependencies.py) compares what a page read so."""
from __future__ import annotations

import hashlib


def digest(*parts: str | bytes) -> str:
    """One digest of `parts`, each length-prefixed so that no two lists of parts collide."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()
