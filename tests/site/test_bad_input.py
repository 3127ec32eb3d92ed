"""Every mistake an editor can make stops the build with one readable line that names
the file and line, exits non-zero, prints no traceback and leaves the last site alone."""
from __future__ import annotations

import re

import pytest

from tests.support import CHAPTER, run_handbook

CH = f"docs/{CHAPTER}"

# (file, text to replace, replacement, what the error line must start with, and say)
CASES = {
    "malformed-yaml-data": ("data/legal.yml", "provisions:\n", "provisions: [\n",
                            "data/legal.yml:", "not valid YAML"),
    "malformed-front-matter": (CH, "owner: Safeguarding", "owner: [Safeguarding",
                               f"{CH}:", "not valid YAML"),
    "front-matter-wrong-type": (CH, "last_reviewed: 2024-05", "last_reviewed: last spring",
                                f"{CH}:7:", "field 'last_reviewed'"),
    "front-matter-unknown-field": (CH, "owner: Safeguarding", "reviewer: Jo\nowner: Safeguarding",
                                   f"{CH}:6:", "unknown field 'reviewer'"),
    "data-wrong-type": ("data/indicators.yml", "text: Fear\n", "text: [Fear]\n",
                        "data/indicators.yml:", "field 'groups.1.items.11.text'"),
    "data-unknown-field": ("data/resources.yml", "    url_confirmed: true\n    description: Research",
                           "    url_confirmed: true\n    adress: x\n    description: Research",
                           "data/resources.yml:", "unknown field 'resources.2.adress'"),
    "macro-unknown-id": (CH, 'legal_statement("sharing-intimate-images")', 'legal_statement("revenge-porn")',
                         f"{CH}:", "no legal provision with id 'revenge-porn'"),
    "macro-unknown-name": ("docs/accessibility.md", "{{ partnership.name }}", "{{ partnership_name }}",
                           "docs/accessibility.md:", "unknown name 'partnership_name'"),
    "broken-link": (CH, "(../consent-and-the-law.md)", "(../consent-law.md)",
                    f"{CH}:", "broken link '../consent-law.md'"),
    "broken-anchor": ("docs/index.md", "#protection-and-action)", "#protection)",
                      "docs/index.md:", "broken link"),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_bad_input_gives_one_clear_line(project_copy, tmp_path, case):
    relative, old, new, where, says = case
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build")
    path = project_copy / relative
    text = path.read_text()
    assert old in text, f"test setup: {old!r} not found in {relative}"
    path.write_text(text.replace(old, new, 1))

    result = run_handbook("--project", str(project_copy), "build", "--site-dir", str(site))

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(where) and says in errors[0], errors[0]
    assert re.match(r"^[^:]+:\d+: error: ", errors[0]), "the line number is missing"
    assert result.stderr.splitlines()[-1].startswith("1 error(s)")
    # The previous site is untouched and no half-built folder is left beside it.
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text() == "previous build"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]
