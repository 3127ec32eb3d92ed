"""The benchmark's synthetic handbook: a valid project, chapters in parts, varied content."""
from __future__ import annotations

from collections import Counter

from bench.synthetic import REAL_CHAPTER, generate_project
from handbook.build.site import validate_project
from tests.support import REPO


def test_synthetic_handbook_validates_with_chapters_in_parts(tmp_path):
    project = generate_project(REPO, tmp_path / "project", chapters=90)

    handbook = validate_project(project)  # raises with file:line problems if anything is wrong

    chapters = handbook.chapters
    assert len(chapters) == 90
    assert REAL_CHAPTER in handbook.pages
    parts = Counter(page.src.split("/")[1] for page in chapters if page.src != REAL_CHAPTER)
    assert len(parts) == 3 and sum(parts.values()) == 89
    assert len({page.meta.title for page in chapters}) == 90
    sizes = sorted(len(page.body) for page in chapters)
    assert sizes[-1] > 3 * sizes[0]
    bodies = "\n".join(page.body for page in chapters)
    for group in handbook.indicators.groups:
        assert f'indicator_table("{group.id}"' in bodies
    provisions_used = {p.id for p in handbook.legal.provisions if f'legal_statement("{p.id}")' in bodies}
    assert len(provisions_used) > 3
    assert any(page.meta.related for page in chapters)
