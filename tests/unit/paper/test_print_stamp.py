import pytest

from handbook.content.pages import ChapterMeta, Page
from handbook.paper.print_stamp import NO_ADDRESS, PrintStamp, chapter_pdf_link, css_string, stamp_css

STAMP = PrintStamp(handbook_title="Northmoor Procedures", edition="1 June 2026", valid_for_hours=24,
                   statement='Printed copies are "uncontrolled".', online_address=NO_ADDRESS,
                   generated="2 June 2026, 10:00 UTC")


def chapter(src):
    meta = ChapterMeta.model_validate(dict(title="T", summary="S", owner="O", last_reviewed="2026-06",
                                           amendments=[{"date": "2026-06", "summary": "First."}]))
    return Page(src=src, path=f"docs/{src}", meta=meta, body="", body_first_line=1)


def test_stamp_says_when_which_edition_how_long_and_where():
    assert STAMP.lines == [
        "Northmoor Procedures · Edition of 1 June 2026 · Generated 2 June 2026, 10:00 UTC",
        "UNCONTROLLED WHEN PRINTED: valid for at most 24 hours after printing · "
        "Online version: online address not configured",
    ]


def test_stamp_css_quotes_the_data_safely():
    css = stamp_css(STAMP)
    assert r'content: "Printed copies are \"uncontrolled\"."' in css
    assert r"10:00 UTC\A UNCONTROLLED" in css
    assert css_string('a\\b"\nc') == r'"a\\b\"\A c"'


@pytest.mark.parametrize("src, href", [
    ("chapters/signs.md", "../pdf/signs.pdf"),
    ("chapters/part-one/signs.md", "../../pdf/part-one/signs.pdf"),
])
def test_chapter_pdf_link_is_relative(src, href):
    assert f'href="{href}"' in chapter_pdf_link(chapter(src))
