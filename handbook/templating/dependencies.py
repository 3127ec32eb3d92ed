"""What a page's macros read, recorded while they run, so that an incremental build can
prove a page's rendered markdown unchanged without rendering it again.

The renderer gives the macros (and the page's own template code, and the template check) a
`RecordingHandbook` instead of the handbook: every data set they read (partnership,
indicators, legal, resources, glossary, editions, search, ...), and every other page they
read (`pages[src]`, `pages.get(src)`: an excerpt, a link target), or all of them (`pages`
walked through, `chapters`: the amendments register), is noted by name. Nothing here knows
which macros exist: a new macro's reads are recorded the same way.

`Dependencies.digest(names)` gives one digest of the current values of those names; a
page whose source and whose dependencies' digest are what they were gives the markdown it
gave. A value with no stable description (an object shown only by its address) cannot be
proven unchanged: its digest is None, and the page is rendered again.
"""
from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterable

from handbook.digests import digest

ALL_PAGES = "pages:*"
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def page_digest(page) -> str:
    """Everything of a page a macro can read: where it is, its front matter and its body.
    Front matter read leniently, with a mistake in it (checks.editorial reports it), may not
    serialise: such a page gets a digest no later build can match, so nothing is reused."""
    try:
        meta = page.meta.model_dump_json()
    except ValueError:  # pydantic's serialisation errors are ValueErrors
        meta = secrets.token_hex(16)
    return digest(page.src, page.path, str(page.body_first_line), meta,
                  type(page.meta).__name__, page.body)


class RecordingPages(dict):
    """The handbook's pages, noting which are read: one by name, or all of them."""

    def __init__(self, pages: dict, read: set[str]):
        super().__init__(pages)
        self._read = read

    def __getitem__(self, src):
        self._read.add(f"page:{src}")
        return super().__getitem__(src)

    def get(self, src, default=None):
        self._read.add(f"page:{src}")
        return super().get(src, default)

    def __contains__(self, src):
        self._read.add(f"page:{src}")
        return super().__contains__(src)

    def _all(self):
        self._read.add(ALL_PAGES)

    def __iter__(self):
        self._all()
        return super().__iter__()

    def __len__(self):
        self._all()
        return super().__len__()

    def keys(self):
        self._all()
        return super().keys()

    def values(self):
        self._all()
        return super().values()

    def items(self):
        self._all()
        return super().items()


class RecordingHandbook:
    """The handbook as macros see it, noting in `read` every part of it they read."""

    def __init__(self, handbook, read: set[str]):
        self._handbook = handbook
        self._read = read
        self._pages = RecordingPages(handbook.pages, read)

    @property
    def pages(self) -> RecordingPages:
        return self._pages

    @property
    def chapters(self) -> list:
        self._read.add(ALL_PAGES)
        return self._handbook.chapters

    def page(self, src: str):
        return self._pages[src]

    def __getattr__(self, name: str):
        self._read.add(f"data:{name}")
        return getattr(self._handbook, name)


class Dependencies:
    """The current digests of a handbook's parts, each worked out once, when first asked for."""

    def __init__(self, handbook):
        self.handbook = handbook
        self._digests: dict[str, str | None] = {}

    def digest(self, names: Iterable[str]) -> str | None:
        parts = []
        for name in sorted(names):
            value = self._digest_of(name)
            if value is None:
                return None
            parts += [name, value]
        return digest(*parts)

    def _digest_of(self, name: str) -> str | None:
        if name not in self._digests:
            self._digests[name] = self._work_out(name)
        return self._digests[name]

    def _work_out(self, name: str) -> str | None:
        kind, _, key = name.partition(":")
        pages = self.handbook.pages
        if name == ALL_PAGES:
            return digest(*[part for src in sorted(pages) for part in (src, self._digest_of(f"page:{src}"))])
        if kind == "page":
            return page_digest(pages[key]) if key in pages else "absent"
        if kind == "data":
            return _value_digest(getattr(self.handbook, key, None))
        return None


def _value_digest(value) -> str | None:
    if hasattr(value, "model_dump_json"):
        return digest(type(value).__qualname__, value.model_dump_json())
    try:
        described = json.dumps(value, sort_keys=True, default=_describe)
    except _Unstable:
        return None
    return digest(described)


class _Unstable(Exception):
    pass


def _describe(value):
    if hasattr(value, "model_dump"):
        return [type(value).__qualname__, value.model_dump(mode="json")]
    text = repr(value)
    if _ADDRESS.search(text):
        raise _Unstable(text)
    return [type(value).__qualname__, text]
