"""Every mistake an editor can make stops the build with one readable line that names
the file and line, exits non-zero, prints no traceback and leaves the last site alone."""
from __future__ import annotations

import re
import time

import pytest

from tests.support import CHAPTER, REPO, run_handbook

CH = f"docs/{CHAPTER}"

# (file, text to replace, replacement, what the error line must start with, and say)
CASES = {
    "malformed-yaml-data": ("data/legal.yml", "provisions:\n", "provisions: [\n",
                            "data/legal.yml:", "not valid YAML"),
    "malformed-front-matter": (CH, "owner: Safeguarding", "owner: [Safeguarding",
                               f"{CH}:", "not valid YAML"),
    "front-matter-wrong-type": (CH, "last_reviewed: 2024-05", "last_reviewed: last spring",
                                f"{CH}:9:", "field 'last_reviewed'"),
    "front-matter-unknown-field": (CH, "owner: Safeguarding", "reviewer: Jo\nowner: Safeguarding",
                                   f"{CH}:8:", "unknown field 'reviewer'"),
    "data-wrong-type": ("data/indicators.yml", "text: Fear\n", "text: [Fear]\n",
                        "data/indicators.yml:", "field 'text' of item 'fear' in group 'coercion'"),
    "data-unknown-field": ("data/resources.yml", "    url_confirmed: true\n    description: Research",
                           "    url_confirmed: true\n    adress: x\n    description: Research",
                           "data/resources.yml:", "unknown field 'adress' of resource 'csa-centre'; check its spelling"),
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


# --- Input that is unsafe or unreadable rather than wrong ------------------------------
# Each case changes the project (a function of the project folder and a folder outside
# it) and gives the start of the one error line that `check` and `build` must print.

def _replace(relative: str, old: str, new: str):
    def change(project, outside):
        path = project / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"test setup: {old!r} not found in {relative}"
        # (a surrogate such as "\udcff" in `new` is written as that byte, which UTF-8 never uses)
        path.write_text(text.replace(old, new, 1), encoding="utf-8", errors="surrogateescape")
    return change


def _append(relative: str, addition: str):
    def change(project, outside):
        with open(project / relative, "a", encoding="utf-8") as file:
            file.write(addition)
    return change


def _write_bytes(relative: str, data: bytes):
    return lambda project, outside: (project / relative).write_bytes(data)


def _link(relative: str, target):
    """A symbolic link at `relative` to `target(project, outside)`."""
    def change(project, outside):
        (outside / "page.md").write_text((project / "docs" / "index.md").read_text())
        (project / relative).unlink(missing_ok=True)
        (project / relative).symlink_to(target(project, outside))
    return change


ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))
# docs/index.md's lines: text appended to it starts two lines later (after a blank line).
INDEX_LINES = len((REPO / "docs" / "index.md").read_text(encoding="utf-8").splitlines())
LINK_MESSAGE = "error: symbolic links are not allowed: copy the file in"
UNSAFE_CASES = {
    "alias-bomb": (_write_bytes("data/glossary.yml", ALIAS_BOMB.encode()),
                   "data/glossary.yml:1: error: YAML anchors and aliases (&a) are not allowed"),
    "anchor-in-front-matter": (_replace(CH, "owner: Safeguarding", "owner: &who Safeguarding"),
                               f"{CH}:8: error: YAML anchors and aliases (&who) are not allowed"),
    "data-file-too-large": (_append("data/resources.yml", "#" * 1_000_000 + "\n"),
                            "data/resources.yml:1: error: the file is larger than the limit of 1,000,000 bytes"),
    "page-too-large": (_append(CH, "word " * 200_000),
                       f"{CH}:1: error: the file is larger than the limit of 1,000,000 bytes"),
    "list-nested-100-deep": (_append("docs/index.md", "\n" + "\n".join("    " * i + "- item" for i in range(100))),
                             f"docs/index.md:{INDEX_LINES + 2 + 12}: error: lists, quotes and HTML elements nest "
                             "more than 12 levels deep"),
    "quote-nested-100-deep": (_append("docs/index.md", "\n" + "> " * 100 + "quoted\n"),
                              f"docs/index.md:{INDEX_LINES + 2}: error: lists, quotes and HTML elements nest"),
    "html-nested-100-deep": (_append("docs/index.md", "\n" + "<div>\n" * 100 + "</div>\n" * 100),
                             f"docs/index.md:{INDEX_LINES + 2 + 12}: error: lists, quotes and HTML elements nest"),
    "impossible-date-in-page": (_replace(CH, "last_reviewed: 2024-05", "last_reviewed: 2024-02-30"),
                                f"{CH}:9: error: '2024-02-30' is not a real date"),
    "impossible-date-in-data": (_replace("data/editions.yml", "date: 2026-11-29", "date: 2026-02-30"),
                                "data/editions.yml:8: error: '2026-02-30' is not a real date"),
    "not-utf8-data": (_replace("data/legal.yml", "#   source_confirmed", "#   source\udcff_confirmed"),
                      "data/legal.yml:5: error: not UTF-8 text (byte 0xff"),
    "not-utf8-page": (_replace(CH, "owner: Safeguarding", "owner: Safeguarding \udcff"),
                      f"{CH}:8: error: not UTF-8 text (byte 0xff"),
    "empty-data-file": (_write_bytes("data/legal.yml", b"\n# nothing yet\n"),
                        "data/legal.yml:1: error: the file is empty"),
    "link-to-file-outside": (_link("docs/outside.md", lambda project, outside: outside / "page.md"),
                             f"docs/outside.md:1: {LINK_MESSAGE}"),
    "link-to-folder-inside": (_link("docs/more", lambda project, outside: project / "docs" / "chapters"),
                              f"docs/more:1: {LINK_MESSAGE}"),
    "link-to-folder-outside": (_link("docs/more", lambda project, outside: outside),
                               f"docs/more:1: {LINK_MESSAGE}"),
    "data-file-linked": (_link("data/search.yml", lambda project, outside: REPO / "data" / "search.yml"),
                         f"data/search.yml:1: {LINK_MESSAGE}"),
}


@pytest.mark.parametrize("case", UNSAFE_CASES.values(), ids=UNSAFE_CASES.keys())
def test_unsafe_or_unreadable_input_gives_one_clear_line(project_copy, tmp_path, case):
    change, expected = case
    outside = tmp_path / "outside"
    outside.mkdir()
    change(project_copy, outside)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build")

    for command in (["check"], ["build", "--site-dir", str(site)]):
        started = time.monotonic()
        result = run_handbook("--project", str(project_copy), *command)
        output = result.stdout + result.stderr
        assert time.monotonic() - started < 30, f"{command[0]} took too long"
        assert result.returncode == 1, output
        assert "Traceback" not in output and "internal error" not in output, output
        errors = [line for line in result.stderr.splitlines() if ": error: " in line]
        assert len(errors) == 1 and errors[0].startswith(expected), output
        assert re.match(r"^[^:]+:\d+: error: ", errors[0])
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text() == "previous build"


def test_byte_order_mark_is_accepted(project_copy):
    """Some editors start UTF-8 files with a byte-order mark: it is read past, not reported."""
    for relative in ("data/legal.yml", CH, "docs/index.md"):
        path = project_copy / relative
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())

    result = run_handbook("--project", str(project_copy), "check")

    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1].startswith("0 error(s)"), result.stderr
