"""The PDFs, read as a reader (or a screen reader) gets them: the whole handbook and each
chapter, built with the site by `python -m handbook build`."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from pypdf import PdfReader

from tests.support import CHAPTER, REPO, run_handbook
from tests.support.pdf_reading import (
    assert_every_page_stamped,
    expected_stamp,
    outline_pages,
    page_texts,
    page_titles,
    runs,
)

TEST_OUTPUT = REPO / "test-output" / "pdf"
HANDBOOK_PDF = "bedfordshire-safeguarding-children-handbook.pdf"


@pytest.fixture(scope="module")
def handbook():
    from handbook.content.model import load_handbook

    return load_handbook(REPO)


@pytest.fixture(scope="module")
def dist(built_output) -> Path:
    return built_output / "dist"


@pytest.fixture(scope="module")
def whole(dist) -> Path:
    return dist / HANDBOOK_PDF


@pytest.fixture(scope="module")
def whole_texts(whole) -> list[str]:
    return page_texts(whole)


@pytest.fixture(scope="module")
def chapter_pdf(dist) -> Path:
    return dist / "chapters" / Path(CHAPTER).with_suffix(".pdf").name


@pytest.fixture(scope="module")
def chapter_texts(chapter_pdf) -> list[str]:
    return page_texts(chapter_pdf)


def test_outline_lists_every_chapter_with_its_sections(whole, handbook):
    outline = PdfReader(whole).outline  # [entry, [its sub-entries], entry, ...]
    top = {item.title: index for index, item in enumerate(outline) if not isinstance(item, list)}
    for chapter in handbook.chapters:
        assert chapter.meta.title in top
    sections = [item.title for item in outline[top[handbook.chapters[0].meta.title] + 1]
                if not isinstance(item, list)]
    assert "1. Definition" in sections and "8. Protection and Action to be Taken" in sections


def test_contents_page_numbers_are_the_pages_the_titles_are_printed_on(whole, whole_texts, handbook):
    contents = next(text for text in whole_texts if text.startswith("Contents"))
    printed_on = page_titles(whole)
    listed = [page for page in handbook.pages.values()]
    assert len(listed) >= 10
    for page in listed:
        title = page.meta.title
        entry = re.search(re.escape(title) + r"[ .]*?(\d+)(?= |$)", contents)
        assert entry, f"{title!r} is not in the contents"
        assert int(entry.group(1)) == printed_on[title], title
    # Each page of the handbook starts on a new sheet, in the navigation's order.
    assert len(set(printed_on.values())) == len(printed_on)


def test_every_page_carries_the_stamp_and_its_number(whole_texts, handbook):
    texts = whole_texts
    assert len(texts) > 10
    assert_every_page_stamped(texts, handbook)


def test_stamp_names_the_commit_and_its_date_not_a_generation_time(whole_texts, chapter_texts):
    """The build time is the last commit's (reproducible builds), so a printout says it is
    the source's date, with the commit, rather than "Generated" at that time."""
    for number, text in enumerate(whole_texts + chapter_texts, start=1):
        assert "Generated" not in text, number
        found = re.search(r"Source as of (\d{1,2} [A-Z][a-z]+ \d{4}), commit ([0-9a-f]{7,})", text)
        assert found, f"page {number}: no source and commit"
        day, commit = found.groups()
        shown = subprocess.run(["git", "show", "-s", "--format=%ct", commit], cwd=REPO,
                               capture_output=True, text=True)
        assert shown.returncode == 0, f"{commit} is not a commit of this repository"
        committed = dt.datetime.fromtimestamp(int(shown.stdout), dt.UTC)
        assert day == f"{committed.day} {committed:%B %Y}"


def test_running_header_names_the_page_being_read(whole, whole_texts):
    starts = sorted((number, title) for title, number in page_titles(whole).items())
    for (start, title), (end, _) in zip(starts, starts[1:] + [(len(whole_texts) + 1, "")], strict=False):
        for number in range(start, end):
            assert whole_texts[number - 1].count(title) >= (2 if number == start else 1), (number, title)


def test_cover_names_partnership_title_edition_and_policy(whole_texts, handbook):
    cover = whole_texts[0]
    partnership = handbook.partnership
    assert partnership.name in cover and partnership.handbook_title in cover
    assert handbook.editions.current.date.human() in cover
    assert " ".join(partnership.printing_policy.notice.split()) in cover


def test_without_an_online_address_paper_says_who_has_the_current_version(whole_texts, chapter_texts, handbook):
    partnership = handbook.partnership
    assert partnership.site_url is None, "test setup: data/partnership.yml gives no site_url"
    assert (f"No online address is given for this handbook: check the current version with "
            f"{partnership.name}.") in whole_texts[0]
    for number, text in enumerate(whole_texts + chapter_texts, start=1):
        assert f"Check the current version with {partnership.name}" in text, number
        assert "not configured" not in text, number


def test_contents_list_each_chapters_sections_with_the_pages_they_are_on(whole, whole_texts, handbook):
    contents = " ".join(text for text in whole_texts if text.startswith("Contents"))
    outline = outline_pages(whole)  # (level, title, page): h1 at level 1, h2 at level 2
    chapters = {chapter.meta.title for chapter in handbook.chapters}
    listed = 0
    for index, (level, title, _) in enumerate(outline):
        if level != 1 or title not in chapters:
            continue
        position = contents.index(title) + len(title)
        for section_level, section, page in outline[index + 1:]:
            if section_level == 1:
                break
            if section_level != 2:
                continue
            entry = re.compile(re.escape(section) + r"[ .]*?(\d+)(?= |$)").search(contents, position)
            assert entry, f"{title}: section {section!r} is not in the contents"
            assert int(entry.group(1)) == page, section
            position, listed = entry.end(), listed + 1
    assert listed >= 9  # the sections of Safeguarding Children from Sexual Exploitation at least


def test_external_links_are_followed_by_their_address(whole_texts, handbook):
    text = "".join("".join(whole_texts).split())  # long addresses wrap across lines
    resources = handbook.resources.resources
    printed = [r.url for r in resources if f"({r.url})" in text]
    assert len(printed) == len(resources), set(r.url for r in resources) - set(printed)


def test_metadata_language_and_tags(whole, handbook):
    reader = PdfReader(whole)
    assert reader.metadata.title == handbook.partnership.handbook_title
    assert reader.metadata.author == handbook.partnership.name
    root = reader.trailer["/Root"]
    assert root["/Lang"] == handbook.partnership.language
    # Tagged: a structure tree a screen reader follows, and the document marked as tagged.
    assert bool(root["/MarkInfo"]["/Marked"])
    tree = root["/StructTreeRoot"].get_object()
    assert tree["/K"], "the structure tree is empty"


def test_no_navigation_search_or_buttons_in_print(whole_texts):
    text = " ".join(whole_texts)
    for chrome in ["Download this chapter as PDF", "Type to start searching", "Skip to content",
                   "Back to top", "Link to this section"]:
        assert chrome not in text


@pytest.mark.parametrize("chapter", [CHAPTER])
def test_chapter_pdf_is_linked_from_its_page_and_starts_with_its_title(built_site, dist, handbook, chapter):
    html_path = built_site / chapter.replace(".md", ".html")
    html = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    link = html.find("a", string="Download this chapter as PDF")
    assert link is not None
    assert not link["href"].startswith(("/", "http")), "must work from file:// too"
    linked = Path(urljoin(html_path.as_uri(), link["href"]).removeprefix("file://"))
    built = dist / "chapters" / Path(chapter).with_suffix(".pdf").name
    assert linked.is_file() and linked.read_bytes() == built.read_bytes()
    title = handbook.page(chapter).meta.title
    first = runs(PdfReader(built).pages[0])
    assert first[0].text == title, [run.text for run in first[:3]]
    assert first[0].points == max(run.points for run in first)
    texts = page_texts(built)
    for number, text in enumerate(texts, start=1):
        assert all(words in text for words in expected_stamp(handbook)), number
        assert f"Page {number} of {len(texts)}" in text
    assert PdfReader(built).metadata.title.startswith(title)


def _article(built_site: Path, src: str):
    from handbook.addresses import built_path

    html = (built_site / built_path(src)).read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").select_one("article.md-content__inner")


def test_a_chapter_pdf_names_the_handbook_page_a_link_leads_to(built_site, chapter_texts, handbook):
    """In a chapter's own PDF, a link to another page of the handbook cannot say "page N"
    and (with no online address) cannot give an address: it names the page instead."""
    from handbook.addresses import built_path, resolve, source_path

    text = " ".join(chapter_texts)
    named = 0
    for link in _article(built_site, CHAPTER).find_all("a", href=True):
        target = source_path(resolve(built_path(CHAPTER), link["href"]).partition("#")[0])
        if (target == CHAPTER or target not in handbook.pages or link.find_parent("table")
                or link.find_parent(class_="hb-report")):  # not printed (print.css)
            continue
        words, title = " ".join(link.get_text().split()), handbook.pages[target].meta.title
        where = "(in the handbook)" if words.casefold() == title.casefold() else f"({title}, in the handbook)"
        assert f"{words} {where}" in text
        named += 1
    assert named >= 1, "test setup: the chapter links another page of the handbook"


@pytest.mark.parametrize("pdf", ["whole", "chapter"])
def test_indicator_rows_print_as_words_under_one_link_to_the_other_page(pdf, whole_texts, chapter_texts,
                                                                       handbook):
    """On screen each indicator links to the same indicator on the other page; on paper that
    would print the other page's name (or number) after every row: the rows are printed as
    words, and the one line above each table names the other page."""
    text = " ".join(chapter_texts if pdf == "chapter" else whole_texts)
    tables = [src for src, page in handbook.pages.items() if "indicator_table(" in page.body
              and (pdf == "whole" or src == CHAPTER) for _ in range(page.body.count("indicator_table("))]
    assert len(tables) >= 2, "test setup: the chapter's indicator tables"
    assert text.count("The same list in ") == len(tables)
    after_link = r" \((?:page \d+|[^)]*in the handbook)\)"
    assert len(re.findall(r"The same list in [^.(]+" + after_link, text)) == len(tables)
    assert "each line below links" not in text
    for group in handbook.indicators.groups:
        assert group.title in text  # the caption
        for item in group.items:
            words = " ".join(item.text.split())
            assert words in text, words  # the row is printed ...
            assert not re.search(re.escape(words) + after_link, text), words  # ... with nothing after it


def test_pages_rendered_to_png_for_a_person_to_look_at(whole, dist):
    """Page 1 of the handbook and the first page of the chapter, in test-output/pdf/."""
    TEST_OUTPUT.mkdir(parents=True, exist_ok=True)
    chapter = dist / "chapters" / Path(CHAPTER).with_suffix(".pdf").name
    for pdf, page, name in [(whole, 1, "handbook-cover"), (whole, 4, "handbook-chapter-start"),
                            (chapter, 1, "chapter-page-1")]:
        subprocess.run(["pdftoppm", "-r", "80", "-f", str(page), "-l", str(page), "-png",
                        "-singlefile", str(pdf), str(TEST_OUTPUT / name)], check=True)
        image = Image.open(TEST_OUTPUT / f"{name}.png").convert("L")
        assert image.size[1] > image.size[0] > 600  # portrait A4 at 80 dpi
        low, high = image.getextrema()
        assert low < 64 and high > 192, f"{name}: the page is blank"


# --- Rebuilding only what changed -----------------------------------------------------

FIXTURE = REPO / "tests" / "fixtures" / "other-partnership"
SECOND_CHAPTER = """---
title: Working with families
summary: How practitioners work with the families of exploited children.
owner: Northmoor procedures group
last_reviewed: 2026-06
action_section: families
amendments:
  - date: 2026-06
    kind: guidance
    summary: First published.
---

## Families {#families}

Families are partners in keeping a child safe.
"""


def _epoch(*day: int) -> int:
    return int(dt.datetime(*day, 9, 30, tzinfo=dt.UTC).timestamp())


def _fingerprints(dist: Path) -> dict[str, tuple[int, bytes]]:
    return {p.relative_to(dist).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
            for p in dist.rglob("*.pdf")}


def test_only_what_changed_is_rebuilt(tmp_path):
    import shutil

    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    (project / "docs" / "chapters" / "families.md").write_text(SECOND_CHAPTER)
    site, dist = tmp_path / "site", tmp_path / "dist"

    warnings = []

    def build(epoch: int):
        result = run_handbook("--project", str(project), "build", "--site-dir", str(site),
                              "--dist-dir", str(dist), env={"SOURCE_DATE_EPOCH": str(epoch)})
        assert result.returncode == 0, result.stderr
        warnings.append(result.stderr)
        return result.stdout

    first = build(_epoch(2026, 11, 19))
    # No site_url: the editor is told, on the line that leaves it out, what paper lacks.
    assert re.search(r"^data/partnership\.yml:\d+: warning: site_url is not set: printouts cannot "
                     r"give the online address$", warnings[0], re.MULTILINE), warnings[0]
    assert "pdf [1/3]" in first and "3 rebuilt" in first
    before = _fingerprints(dist)
    assert set(before) == {"chapters/signs.pdf", "chapters/families.pdf", "northmoor-children-s-procedures.pdf"}

    # An edit not yet committed: the build time (the last commit's) is the same.
    chapter = project / "docs" / "chapters" / "families.md"
    chapter.write_text(chapter.read_text() + "\nGrandparents often help too.\n")
    second = build(_epoch(2026, 11, 19))
    after = _fingerprints(dist)
    assert "chapters/signs.pdf: unchanged" in second
    assert after["chapters/signs.pdf"] == before["chapters/signs.pdf"]  # not even rewritten
    assert after["chapters/families.pdf"] != before["chapters/families.pdf"]
    families = " ".join(page_texts(dist / "chapters" / "families.pdf"))
    # Outside git, SOURCE_DATE_EPOCH is all that is known: the source's date, no commit.
    assert "Grandparents often help too." in families and "Source as of 19 November 2026, 09:30 UTC" in families
    assert "Grandparents often help too." in " ".join(page_texts(dist / "northmoor-children-s-procedures.pdf"))
    # The site links the current PDFs (the unchanged one copied from dist/).
    assert (site / "pdf" / "signs.pdf").read_bytes() == after["chapters/signs.pdf"][1]
    assert (site / "pdf" / "families.pdf").read_bytes() == after["chapters/families.pdf"][1]

    # The stamp's data (and the build time it prints) changed: every PDF says so. A chapter
    # removed: its PDF goes too, from dist/ and from the site.
    partnership = project / "data" / "partnership.yml"
    text = partnership.read_text()
    assert "valid_for_hours: 24" in text, "test setup"
    partnership.write_text(text.replace("valid_for_hours: 24", "valid_for_hours: 48"))
    chapter.unlink()
    third = build(_epoch(2026, 11, 27))
    assert "2 rebuilt" in third and "0 unchanged" in third
    remaining = _fingerprints(dist)
    assert set(remaining) == {"chapters/signs.pdf", "northmoor-children-s-procedures.pdf"}
    for pdf in remaining:
        assert "valid for at most 48 hours" in " ".join(page_texts(dist / pdf)), pdf
    assert not (site / "pdf" / "families.pdf").exists()


# --- What a page cannot do to a PDF ---------------------------------------------------

GENERATED = dt.datetime(2026, 11, 19, 9, 30, tzinfo=dt.UTC)
SECRET = "OUTSIDE-THE-SITE"
NESTED_100_DEEP = "<ul><li>deep" * 100 + "</li></ul>" * 100


def articles_site(tmp_path: Path, handbook, bodies: dict[str, str]) -> Path:
    """A built site as the PDFs read it: each page's <article>, with `bodies` in some."""
    from handbook.addresses import built_path

    site = tmp_path / "site"
    for src in handbook.pages:
        built = site / built_path(src)
        built.parent.mkdir(parents=True, exist_ok=True)
        built.write_text('<html><body><article class="md-content__inner md-typeset"><h1>Title</h1>'
                         f"{bodies.get(src, '<p>Text.</p>')}</article></body></html>", encoding="utf-8")
    return site


def test_a_page_cannot_put_files_from_outside_the_site_into_a_pdf(tmp_path):
    from handbook.content.model import load_handbook
    from handbook.paper.pdf import build_pdfs

    handbook = load_handbook(FIXTURE)
    secret = tmp_path / "secret.svg"  # beside the site: a file of the machine, as /etc/passwd is
    secret.write_text(f'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40">'
                      f'<text x="0" y="30" font-size="20">{SECRET}</text></svg>')
    site = articles_site(tmp_path, handbook, {"chapters/signs.md": f"""
        <link rel="attachment" href="{secret.as_uri()}">
        <p><a rel="attachment" href="{secret.as_uri()}">attached</a>
        <img src="{secret.as_uri()}" alt="absolute"> <img src="../../secret.svg" alt="relative">
        <img src="../leak.svg" alt="through a link"> <img src="http://127.0.0.1:9/x.svg" alt="web">
        <span style="background: url({secret.as_uri()})">styled</span></p>"""})
    (site / "leak.svg").symlink_to(secret)
    dist = tmp_path / "dist"

    results = build_pdfs(handbook, site, dist, GENERATED, progress=lambda line: None)

    assert len(results) == 2
    for pdf in [*dist.rglob("*.pdf"), *(site / "pdf").rglob("*.pdf")]:
        reader = PdfReader(pdf)
        assert reader.attachments == {}, pdf
        assert "/EmbeddedFiles" not in reader.trailer["/Root"].get("/Names", {}), pdf
        subtypes = [annotation.get_object()["/Subtype"] for page in reader.pages
                    for annotation in page.get("/Annots", [])]
        assert "/FileAttachment" not in subtypes, pdf
        assert SECRET not in " ".join(page_texts(pdf)), pdf
        assert "attached" in " ".join(page_texts(pdf)), pdf  # the words stay


@pytest.mark.parametrize("src", ["chapters/signs.md", "index.md"], ids=["in-a-chapter", "in-the-whole-handbook-only"])
def test_a_page_nested_too_deeply_to_print_is_named(tmp_path, src):
    from handbook.content.model import load_handbook
    from handbook.paper.pdf import build_pdfs
    from handbook.problems import HandbookError

    handbook = load_handbook(FIXTURE)
    site = articles_site(tmp_path, handbook, {src: NESTED_100_DEEP})

    with pytest.raises(HandbookError) as failure:
        build_pdfs(handbook, site, tmp_path / "dist", GENERATED, progress=lambda line: None)

    (problem,) = failure.value.problems
    assert (problem.path, problem.line, problem.severity) == (handbook.pages[src].path, 1, "error")
    assert problem.message.startswith("too deeply nested to print")


def test_a_chapter_pdf_gives_where_links_to_other_pages_lead(tmp_path):
    """With an online address a link to another page prints that page's address; without
    one, the page's title; the whole handbook gives the page it is on."""
    from handbook.content.model import load_handbook
    from handbook.paper.pdf import build_pdfs

    offline = load_handbook(FIXTURE)
    online = dataclasses.replace(offline, partnership=offline.partnership.model_copy(
        update={"site_url": "https://handbook.example.org/"}))
    site = articles_site(tmp_path, offline, {"chapters/signs.md":
        '<p>Start at <a href="../index.html">the beginning</a>; see '
        '<a href="../signs-at-a-glance.html">Signs at a glance</a>.</p>'})
    start, glance = offline.page("index.md").meta.title, offline.page("signs-at-a-glance.md").meta.title
    # Both builds copy their chapter PDF into the one site: the second replaces, and does
    # not write through, the first's (a hard link to the first's dist/).
    for handbook, dist in [(online, tmp_path / "online"), (offline, tmp_path / "offline")]:
        build_pdfs(handbook, site, dist, GENERATED, progress=lambda line: None)
    chapter = {name: " ".join(page_texts(tmp_path / name / "chapters" / "signs.pdf"))
               for name in ("offline", "online")}
    assert f"the beginning ({start}, in the handbook)" in chapter["offline"]
    assert "Signs at a glance (in the handbook)" in chapter["offline"]
    assert "the beginning (https://handbook.example.org/index.html)" in chapter["online"]
    assert "Online version: https://handbook.example.org/" in chapter["online"]
    whole = page_texts(tmp_path / "online" / "northmoor-children-s-procedures.pdf")
    assert "Online version: https://handbook.example.org/" in whole[0]  # on the cover
    assert re.search(r"the beginning \(page \d+\)", " ".join(whole))
    assert glance in " ".join(whole)
