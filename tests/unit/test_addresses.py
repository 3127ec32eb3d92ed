import itertools
import posixpath

import pytest

from handbook.addresses import relative_link

PAGES = ["index.md", "glossary.md", "chapters/a.md", "chapters/b.md", "chapters/part-1/c.md",
         "chapters/part-1/d.md", "chapters/part-2/c.md", "more/deep/e.md"]


@pytest.mark.parametrize("here, there", [pair for pair in itertools.product(PAGES, PAGES) if pair[0] != pair[1]])
def test_relative_link_is_the_path_from_one_page_folder_to_the_other(here, there):
    assert relative_link(here, there) == posixpath.relpath(there, posixpath.dirname(here) or ".")


def test_relative_link_to_the_same_page_is_the_anchor_alone():
    assert relative_link("chapters/a.md", "chapters/a.md", "consent") == "#consent"
    assert relative_link("index.md", "chapters/part-1/c.md", "x") == "chapters/part-1/c.md#x"
