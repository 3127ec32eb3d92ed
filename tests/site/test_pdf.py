"""The PDFs, read as a reader (or a screen reader) gets them: the whole handbook and each
chapter, built with the site by `python -m handbook build`."""
from __future__ import annotations

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
from tests.support.pdf_reading import assert_every_page_stamped, expected_stamp, page_texts, page_titles, runs

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
    assert " ".join(partnership.printing_policy.statement.split()) in cover


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
amendments:
  - date: 2026-06
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

    def build(epoch: int):
        result = run_handbook("--project", str(project), "build", "--site-dir", str(site),
                              "--dist-dir", str(dist), env={"SOURCE_DATE_EPOCH": str(epoch)})
        assert result.returncode == 0, result.stderr
        return result.stdout

    first = build(_epoch(2026, 11, 19))
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
    assert "Grandparents often help too." in families and "Generated 19 November 2026" in families
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
