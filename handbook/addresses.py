"""Every address decision in one place, as MkDocs keeps them in `File.url` and
`get_relative_url`: where a page's source ('chapters/x.md', relative to docs/) is built
('chapters/x.html'), the way from a page back to the site's root, links from one page or
file of the site to another, and the slugs that become anchors and file names.

Paths here are POSIX paths relative to docs/ or to the built site (the two mirror each
other: every address ends in .html, so a site works the same from a server and file://).
"""
from __future__ import annotations

import posixpath
import re

from markdown.extensions.toc import slugify, unique

SOURCE_SUFFIX = ".md"
BUILT_SUFFIX = ".html"


def built_path(src: str, anchor: str | None = None) -> str:
    """'chapters/x.md' -> 'chapters/x.html' (+ '#anchor'): where the page is built."""
    path = src.removesuffix(SOURCE_SUFFIX) + BUILT_SUFFIX
    return f"{path}#{anchor}" if anchor else path


def source_path(built: str) -> str:
    """'chapters/x.html' -> 'chapters/x.md': the page a built address comes from."""
    return built.removesuffix(BUILT_SUFFIX) + SOURCE_SUFFIX


def to_site_root(path: str) -> str:
    """From the folder of `path` (a page or file, relative to the site) back to the site's
    root: '' for 'index.html', '../' for 'chapters/x.html'."""
    return "../" * path.count("/")


def relative_url(from_path: str, to_path: str) -> str:
    """The relative address of site file `to_path` as written in site file `from_path`."""
    return posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")


def resolve(from_path: str, href: str) -> str:
    """A relative address written in `from_path`, as a path from the root (+ '#fragment');
    '#x' alone is a place in the same page. A result starting '..' is outside the root."""
    path, _, fragment = href.partition("#")
    path = posixpath.normpath(posixpath.join(posixpath.dirname(from_path), path)) if path else from_path
    return f"{path}#{fragment}" if fragment else path


def relative_link(from_page: str, to_page: str, anchor: str = "") -> str:
    """Markdown link target from one docs-relative source file to another (+ #anchor),
    written between source files so that MkDocs checks it (and turns it into .html)."""
    if from_page == to_page:
        path = ""
    else:
        # Both are normalised paths inside docs/, so plain string work does what
        # posixpath.relpath does without its two calls to os.getcwd() per link.
        here = from_page.split("/")[:-1]
        there = to_page.split("/")
        common = 0
        while common < min(len(here), len(there) - 1) and here[common] == there[common]:
            common += 1
        path = "/".join([".."] * (len(here) - common) + there[common:])
    return f"{path}#{anchor}" if anchor else path


def heading_slug(title: str, taken: set[str]) -> str:
    """The anchor MkDocs' toc extension gives a heading without `{#id}` (unique on its page)."""
    return unique(slugify(title, "-"), taken)


def file_slug(text: str) -> str:
    """Text as a file name or id part: 'Bedfordshire Handbook' -> 'bedfordshire-handbook'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
