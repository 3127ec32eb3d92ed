"""An editor's session, played end to end on a copy of the handbook: a new chapter from
`new-chapter`, one mistake of each kind an editor makes planted in the copy, ONE `check`
that reports every mistake exactly once at its line; then the mistakes fixed and the
handbook built, with the new chapter in the navigation, on Home, in search and in both
PDFs (the whole handbook and its own)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.support import StaticServer, copy_project, run_handbook
from tests.support.pdf_reading import outline_pages, page_texts
from tests.support.searching import search

TITLE = "Children Missing from Education"
SRC = "chapters/children-missing-from-education.md"
NEW = f"docs/{SRC}"
TODAY = "2026-11-29"
LINE = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+): (?P<severity>error|warning): (?P<message>.+)$")

# (file, text replaced, replacement) for each planted mistake, then where it is reported:
# (file, the text on the reported line, severity, what the line says).
PLANTED = {
    "misspelt-front-matter-field": (
        (NEW, "\nsummary:", "\nsumary:"),
        (NEW, "sumary:", "error", "unknown field 'sumary'; did you mean 'summary'?")),
    "misspelt-data-field": (
        ("data/indicators.yml", "        text: Fear\n", "        txet: Fear\n"),
        ("data/indicators.yml", "txet: Fear", "error",
         "unknown field 'txet' of item 'fear' in group 'coercion'; did you mean 'text'?")),
    "indicator-added-without-amendment": (
        ("data/indicators.yml", "      - id: physical-violence\n",
         "      - id: planted-indicator\n        text: An indicator planted by the editor session\n"
         "      - id: physical-violence\n"),
        ("data/indicators.yml", "id: planted-indicator", "warning",
         "indicator 'coercion/planted-indicator' was added since the May 2024 edition and no "
         "amendment since names it")),
    "amendment-in-the-future": (
        (NEW, "    summary: New chapter.\n",
         "    summary: New chapter.\n  - date: 2026-12-25\n    kind: editorial\n"
         "    summary: Planted, dated in the future.\n"),
        (NEW, "date: 2026-12-25", "error", "amendment dated 25 December 2026, after today")),
    "amendment-before-the-previous": (
        (NEW, "    summary: Planted, dated in the future.\n",
         "    summary: Planted, dated in the future.\n  - date: 2026-11-01\n    kind: editorial\n"
         "    summary: Planted, dated before the one above.\n"),
        (NEW, "date: 2026-11-01", "warning",
         "amendment dated 1 November 2026, before the amendment above it")),
    "title-line-in-body": (
        (NEW, "## 1. Introduction {#introduction}\n",
         f"# {TITLE}\n\n## 1. Introduction {{#introduction}}\n"),
        (NEW, f"# {TITLE}", "warning", "a '# ' title line in a chapter")),
    "broken-link": (
        (NEW, "<!-- What the chapter is about and who it is for. -->\n",
         "Read [the law by age](../consent-and-the-law.md#no-such-anchor).\n"),
        (NEW, "#no-such-anchor", "error",
         "broken link '../consent-and-the-law.md#no-such-anchor': 'consent-and-the-law.md' has no "
         "anchor '#no-such-anchor'")),
    "wording-slip": (
        (NEW, "Read [the law by age]", "Practitioners who are involve in schools read [the law by age]"),
        (NEW, "are involve in", "warning", "'are involve': after 'are' the verb needs its participle")),
    "duplicate-anchor": (
        (NEW, "## Further Information", "## 3. Next steps {#what-to-do}\n\n## Further Information"),
        (NEW, "## 3. Next steps {#what-to-do}", "error", "anchor '#what-to-do' is already used on this page")),
    "numbered-heading-without-anchor": (
        (NEW, "## Further Information", "## 4. Who to tell\n\n## Further Information"),
        (NEW, "## 4. Who to tell", "warning", "numbered heading '4. Who to tell' has no {#anchor}")),
    "chapter-no-page-links-to": (
        ("docs/index.md", "{{ chapters_list() }}\n",
         "- [Safeguarding Children from Sexual Exploitation](chapters/safeguarding-children-from-"
         "sexual-exploitation.md): typed by hand.\n"),
        (NEW, "title:", "warning", f"no page links to the chapter '{TITLE}'")),
}
# What `check` says about the new chapter that is not a mistake: its owner is not confirmed yet.
EXPECTED = [(NEW, "owner_confirmed: false", "warning", "owner 'To be confirmed by the partnership' is not confirmed")]


def line_of(project: Path, relative: str, text: str) -> int:
    lines = (project / relative).read_text(encoding="utf-8").splitlines()
    (number,) = [i for i, line in enumerate(lines, start=1) if text in line]
    return number


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("editor") / "project")
    written = run_handbook("--project", str(project), "new-chapter", TITLE, "--as-of", TODAY)
    assert written.returncode == 0, written.stderr
    assert written.stdout.startswith(f"wrote {NEW}")
    clean = {relative: (project / relative).read_text(encoding="utf-8")
             for relative in {plant[0][0] for plant in PLANTED.values()}}
    for (relative, old, new), _ in PLANTED.values():
        path = project / relative
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"test setup: {old!r} in {relative}"
        path.write_text(text.replace(old, new), encoding="utf-8")
    checked = run_handbook("--project", str(project), "check", "--as-of", TODAY)
    return project, clean, checked


def test_new_chapter_refuses_to_overwrite(session):
    project, _, _ = session
    before = (project / NEW).read_text(encoding="utf-8")
    again = run_handbook("--project", str(project), "new-chapter", TITLE)
    assert again.returncode == 1 and "Traceback" not in again.stderr
    assert again.stderr.splitlines() == [
        f"{NEW}:1: error: the file already exists: nothing was written (choose another title, "
        "or edit the chapter that is there)", "1 error(s), 0 warning(s)"]
    assert (project / NEW).read_text(encoding="utf-8") == before


def test_one_check_reports_every_mistake_once_at_its_line(session):
    project, _, checked = session
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    lines = checked.stderr.splitlines()
    assert lines[-1].startswith("5 error(s), ")
    problems = [LINE.match(line).groupdict() for line in lines
                if LINE.match(line)]
    for name, (_, (relative, text, severity, says)) in PLANTED.items():
        line = line_of(project, relative, text)
        reported = [p for p in problems if says in p["message"]]
        assert len(reported) == 1, f"{name}: {says!r} reported {len(reported)} times:\n{checked.stderr}"
        (problem,) = reported
        assert (problem["path"], int(problem["line"]), problem["severity"]) == (relative, line, severity), \
            f"{name}: {problem}"
    # Nothing else about the files the editor touched: no second line for one mistake
    # ("missing" beside "unknown"), no schema path such as groups.1.items.11.
    touched = {relative for (relative, _, _), _ in PLANTED.values()}
    expected = [where for _, where in PLANTED.values()] + EXPECTED
    others = [p for p in problems if p["path"] in touched
              and not any(says in p["message"] for _, _, _, says in expected)]
    assert others == [], others
    assert not re.search(r"\b\w+\.\d+\.\w+", "\n".join(p["message"] for p in problems
                                                        if p["path"] == "data/indicators.yml"))


@pytest.fixture(scope="module")
def fixed_build(session, tmp_path_factory):
    """The mistakes fixed as an editor would (the planted text taken out, a summary and a
    sentence written), then checked and built."""
    project, clean, _ = session
    for relative, text in clean.items():
        (project / relative).write_text(text, encoding="utf-8")
    chapter = project / NEW
    text = chapter.read_text(encoding="utf-8")
    text = text.replace(f'\nsummary: "{TITLE}"', '\nsummary: "A chapter written in the editor session test."')
    text = text.replace("<!-- What the chapter is about and who it is for. -->",
                        "This paragraph was written in the editor session test.")
    chapter.write_text(text, encoding="utf-8")
    checked = run_handbook("--project", str(project), "check", "--as-of", TODAY)
    out = tmp_path_factory.mktemp("editor-built")
    built = run_handbook("--project", str(project), "build", "--site-dir", str(out / "site"),
                         "--dist-dir", str(out / "dist"))
    return checked, built, out


def test_the_fixed_handbook_checks_with_only_the_expected_warnings(fixed_build):
    checked, _, _ = fixed_build
    assert checked.returncode == 0, checked.stderr
    lines = checked.stderr.splitlines()
    assert lines[-1].startswith("0 error(s), ")
    about_new = [line for line in lines if line.startswith(NEW)]
    assert len(about_new) == 1 and "owner 'To be confirmed by the partnership' is not confirmed" in about_new[0]
    assert any(line.startswith("19 standing warning(s) not shown") for line in lines)


def test_the_new_chapter_is_in_navigation_and_on_home(fixed_build):
    _, built, out = fixed_build
    assert built.returncode == 0, built.stderr
    home = BeautifulSoup((out / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    nav = [a.get_text(" ", strip=True) for a in home.select("nav.md-nav--primary a.md-nav__link")]
    assert TITLE in nav
    # The editor's order: the existing chapter (order 1) before the new one (order 2).
    assert nav.index("Safeguarding Children from Sexual Exploitation") < nav.index(TITLE)
    listed = home.find(id="in-this-handbook").find_next("ul")
    items = [" ".join(li.get_text().split()) for li in listed.find_all("li")]
    assert f"{TITLE}: A chapter written in the editor session test." in items
    link = listed.find("a", string=TITLE)
    assert link["href"] == "chapters/children-missing-from-education.html"


def test_the_new_chapter_is_found_by_search(fixed_build, browser):
    _, built, out = fixed_build
    assert built.returncode == 0, built.stderr
    server = StaticServer(out / "site")
    page = browser.new_page()
    try:
        page.goto(server.url + "index.html")
        titles = [result["title"] for result in search(page, "editor session")]
        assert titles and titles[0] == TITLE, titles
    finally:
        page.close()
        server.stop()


def test_the_new_chapter_is_in_both_pdfs(fixed_build):
    _, built, out = fixed_build
    assert built.returncode == 0, built.stderr
    (whole,) = [pdf for pdf in (out / "dist").glob("*.pdf")]
    outline = [title for level, title, _ in outline_pages(whole) if level == 1]
    assert TITLE in outline
    assert outline.index("Safeguarding Children from Sexual Exploitation") < outline.index(TITLE)
    own = out / "dist" / "chapters" / "children-missing-from-education.pdf"
    texts = page_texts(own)
    assert texts[0].startswith(TITLE) or TITLE in texts[0][:200], texts[0][:300]
    assert "This paragraph was written in the editor session test." in " ".join(texts)

