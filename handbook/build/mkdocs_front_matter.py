"""MkDocs' reading of each page's front matter, looked up in the build memo (build/memo.py).

MkDocs parses every page's YAML front matter on every build (mkdocs.utils.meta.get_data):
at 500 chapters, with their amendment lists, a fifth of a second of a build after an edit.
While the block of `front_matter_memo` runs, get_data finds the result for the same YAML
text (by its digest) in one memo entry per docs/ folder, read once; a YAML text not seen
before is parsed by MkDocs' own get_data. Each page gets objects of its own (the result is
kept pickled), as from a parse. The entry is written back, holding only the current pages'
front matter, when something was added or dropped.
"""
from __future__ import annotations

import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from handbook.build.memo import BuildMemo
from handbook.digests import digest

FRONT_MATTER = "front-matter"  # the memo's name: by YAML text's digest, what get_data made of it


@contextmanager
def front_matter_memo(memo: BuildMemo | None, docs_dir: Path) -> Iterator[None]:
    if memo is None:
        yield
        return
    from mkdocs.utils import meta
    record_key = digest(str(Path(docs_dir).resolve()))
    known: dict[str, bytes] = memo.get(FRONT_MATTER, record_key) or {}
    used: dict[str, bytes] = {}  # what this build's pages have: the entry written back
    parse = meta.get_data

    def get_data(doc: str):
        found = meta.YAML_RE.match(doc)
        if found is None:  # no YAML front matter: MkDocs' other (MultiMarkdown) reading
            return parse(doc)
        key = digest(found.group(1))
        kept = used.get(key) or known.get(key)
        if kept is None:
            rest, data = parse(doc)
            # MkDocs strips the front matter only when its YAML is a mapping.
            used[key] = pickle.dumps((data, rest is not doc), protocol=pickle.HIGHEST_PROTOCOL)
            return rest, data
        used[key] = kept
        data, stripped = pickle.loads(kept)
        return (doc[found.end():].lstrip("\n") if stripped else doc), data

    meta.get_data = get_data
    try:
        yield
    finally:
        meta.get_data = parse
    if used.keys() != known.keys():  # a text parsed afresh, or one no page has any more
        memo.put(FRONT_MATTER, record_key, used)
    else:
        memo.keep(FRONT_MATTER, record_key)
