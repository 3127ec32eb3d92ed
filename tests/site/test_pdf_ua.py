"""PDF/UA-1 (ISO 14289-1), checked on the real PDFs the handbook builds: the whole handbook
and a chapter. No full PDF/UA validator can be installed from the registries here
(veraPDF is not in them; guides/testing.md says what was looked at and why PyPI's partial
`pdfua` is not used), so each requirement a machine can check is tested here on the files
themselves, with pypdf: tagged, language, title shown, PDF/UA identification, fonts
embedded, alternative text, headings, tables, reading order, and page furniture marked as
artifacts. What only a person can judge (that the alternative text and the reading
order make sense) is not claimed."""
from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.support import CHAPTER
from tests.support.pdf_structure import (
    HEADING_ROLES,
    fonts,
    page_marked_content,
    structure_elements,
    tree_marked_content,
    xmp,
)

HANDBOOK_PDF = "bedfordshire-safeguarding-children-handbook.pdf"
CHAPTER_PDF = "chapters/" + Path(CHAPTER).with_suffix(".pdf").name


@pytest.fixture(scope="module")
def handbook():
    from handbook.content.model import load_handbook
    from tests.support import REPO

    return load_handbook(REPO)


@pytest.fixture(scope="module", params=[HANDBOOK_PDF, CHAPTER_PDF], ids=["whole handbook", "chapter"])
def pdf(request, built_output) -> PdfReader:
    return PdfReader(built_output / "dist" / request.param)


@pytest.fixture(scope="module")
def elements(pdf):
    return structure_elements(pdf)


def test_tagged_with_a_structure_tree_and_marked(pdf, elements):
    root = pdf.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert "/ParentTree" in root["/StructTreeRoot"].get_object()
    assert elements[0].role == "/Document" and elements[0].parent is None
    assert {e.role for e in elements} >= {"/P", "/H1", "/H2", "/L", "/LI", "/Link"}
    # Every page with content says where its marked content sits in the structure tree.
    assert all("/StructParents" in page for page in pdf.pages)


def test_document_language_is_the_partnerships(pdf, handbook):
    assert pdf.trailer["/Root"]["/Lang"] == handbook.partnership.language


def test_title_is_set_and_shown_instead_of_the_file_name(pdf, handbook):
    assert bool(pdf.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]) is True
    title = pdf.metadata.title
    handbook_title = handbook.partnership.handbook_title
    assert title in {handbook_title, *(f"{c.meta.title} — {handbook_title}" for c in handbook.chapters)}, title
    dc_title = re.search(r"<dc:title>.*?<rdf:li[^>]*>(.*?)</rdf:li>", xmp(pdf), flags=re.S)
    assert dc_title and dc_title.group(1) == title


def test_identified_as_pdf_ua_1_in_the_metadata(pdf):
    assert re.search(r'pdfuaid:part(="1"|>1<)', xmp(pdf))


def test_every_font_is_embedded(pdf):
    used = list(fonts(pdf))
    assert used, "no font found: the check would prove nothing"
    not_embedded = set()
    for page, name, font in used:
        if font.get("/Subtype") in ("/Type0", "/Type3"):
            continue  # a composite font's glyphs are in its descendant; Type 3 glyphs are drawn
        descriptor = font["/FontDescriptor"].get_object()
        if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
            not_embedded.add((page, name))
    assert not_embedded == set()


def test_every_figure_has_alternative_text(elements):
    # The handbook prints no images today: any figure that appears must say what it shows.
    for element in elements:
        if element.role == "/Figure":
            assert str(element.node.get("/Alt", "")).strip() or element.node.get("/ActualText")


def test_headings_are_tagged_h1_to_h6_in_order_with_no_level_skipped(elements):
    levels = [HEADING_ROLES[e.role] for e in elements if e.role in HEADING_ROLES]
    assert levels[0] == 1, levels[:3]
    skipped = [(before, after) for before, after in pairwise(levels) if after > before + 1]
    assert skipped == [], levels
    assert not any(e.role in ("/H", "/Hn") for e in elements)  # numbered levels only


def test_tables_are_tagged_table_rows_and_header_and_data_cells(elements):
    tables = [e for e in elements if e.role == "/Table"]
    assert tables, "no table found: the check would prove nothing"
    for element in elements:
        if element.role == "/Table":
            assert set(element.children) <= {"/THead", "/TBody", "/TFoot", "/TR", "/Caption"}
        elif element.role in ("/THead", "/TBody", "/TFoot"):
            assert element.parent == "/Table" and set(element.children) <= {"/TR"}
        elif element.role == "/TR":
            assert element.parent in ("/Table", "/THead", "/TBody", "/TFoot")
            assert element.children and set(element.children) <= {"/TH", "/TD"}
        elif element.role in ("/TH", "/TD"):
            assert element.parent == "/TR"
    # Each data cell names its column's header cell (Headers/IDs, PDF/UA-1 7.5).
    header_ids = {str(e.node["/ID"]) for e in elements if e.role == "/TH" and "/ID" in e.node}
    assert len(header_ids) == sum(e.role == "/TH" for e in elements)
    for cell in (e for e in elements if e.role == "/TD"):
        headers = [str(h) for h in cell.node["/A"].get_object().get("/Headers", [])]
        assert headers and set(headers) <= header_ids, headers


def test_reading_order_is_the_order_of_the_text_and_nothing_is_left_untagged(pdf, elements):
    # A list item is its label (the bullet or number), then its body.
    for element in elements:
        if element.role == "/LI":
            assert element.children in (["/Lbl", "/LBody"], ["/LBody"]), element.children
    in_tree = tree_marked_content(pdf)
    without_labels = tree_marked_content(pdf, leaving_out=frozenset({"/Lbl"}))
    for number, page in enumerate(pdf.pages, start=1):
        drawn = page_marked_content(pdf, page)
        assert drawn.text_outside == 0, f"page {number}: text neither tagged nor an artifact"
        referenced = in_tree.get(page.indirect_reference.idnum, [])
        assert len(referenced) == len(set(referenced)) and set(referenced) <= set(drawn.tagged), \
            f"page {number}: the structure tree refers to content twice, or to content not drawn"
        # The tree reads the page's text in the order it is set on the page (WeasyPrint
        # draws list bullets after their list, so labels are left out of the comparison;
        # the tree puts each one before its item, checked above).
        read = without_labels.get(page.indirect_reference.idnum, [])
        assert read == [mcid for mcid in drawn.tagged if mcid in set(read)], f"page {number}"


def test_page_furniture_is_marked_as_an_artifact(pdf):
    # The page margins (stamp, running header, "Page X of Y"), which WeasyPrint 70.0 tags
    # and leaves out of the tree, are made artifacts: handbook/paper/pdf_artifacts.py.
    in_tree = tree_marked_content(pdf)
    for number, page in enumerate(pdf.pages, start=1):
        drawn = page_marked_content(pdf, page)
        untagged = set(drawn.tagged) - set(in_tree.get(page.indirect_reference.idnum, []))
        assert untagged == set(), f"page {number}: marked content missing from the structure tree"
        assert drawn.artifact_text > 0, f"page {number}: no text marked as an artifact: where is the stamp?"
