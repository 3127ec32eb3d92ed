"""The PDF documents as HTML, before WeasyPrint: what a page becomes on paper, and what
WeasyPrint may read to print it."""
import dataclasses
import datetime as dt

import pytest
from bs4 import BeautifulSoup

from handbook.content.model import load_handbook
from handbook.paper.pdf import chapter_document, handbook_document, reading_order, site_only_fetcher
from handbook.paper.print_stamp import print_stamp
from tests.support import CHAPTER, REPO

ARTICLE = """<article class="md-content__inner md-typeset">
<h1 id="top">Title<a class="headerlink" href="#top">#</a></h1>
<p class="hb-pdf-link"><a href="../pdf/x.pdf">Download this chapter as PDF</a></p>
<details class="note"><summary>Amendment</summary><p>Changed.</p></details>
<h2 id="consent">Consent</h2>
<p><a href="#consent">here</a>, <a href="../indicators.html#indicators-fear">At a glance</a>,
<a href="https://example.org/guide">the guide</a>, <a href="https://example.org/">https://example.org/</a></p>
</article>"""


@pytest.fixture(scope="module")
def handbook():
    return load_handbook(REPO)


def chapter_html(handbook) -> BeautifulSoup:
    stamp = print_stamp(handbook, dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    return BeautifulSoup(chapter_document(handbook, handbook.page(CHAPTER), ARTICLE, stamp), "html.parser")


def test_a_chapter_on_paper_keeps_its_words_and_drops_the_web_furniture(handbook):
    html = chapter_html(handbook)
    assert html.html["lang"] == "en-GB"
    assert html.find("meta", attrs={"name": "author"})["content"] == handbook.partnership.name
    assert html.select(".headerlink, .hb-pdf-link") == []
    assert html.find("details").has_attr("open")
    key = html.article["id"]
    assert html.find("h2")["id"] == f"{key}--consent"
    assert html.find("a", string="here")["href"] == f"#{key}--consent"
    # Indicators at a glance is not in a chapter's PDF and there is no online address: the
    # words stay, and the page they lead to is named.
    glance = html.find(string="At a glance").parent
    assert glance.name == "span" and not glance.has_attr("href")
    assert glance.get_text() == "At a glance (Indicators at a glance, in the handbook)"
    assert html.find("a", string="the guide")["href"] == "https://example.org/guide"
    assert "hb-bare-url" in html.find("a", string="https://example.org/")["class"]


def test_with_an_online_address_other_pages_are_linked_there(handbook):
    online = dataclasses.replace(handbook, partnership=handbook.partnership.model_copy(
        update={"site_url": "https://handbook.example.org/"}))
    link = chapter_html(online).find("a", string="At a glance")
    assert link["href"] == "https://handbook.example.org/indicators.html#indicators-fear"


def test_whole_handbook_links_pages_inside_the_pdf(handbook):
    stamp = print_stamp(handbook, dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    entries = reading_order(handbook)
    articles = {e.page.src: ARTICLE for e in entries if e.page}
    html = BeautifulSoup(handbook_document(handbook, entries, articles, stamp), "html.parser")
    pages = html.select("article.hb-page")
    assert [p["id"] for p in pages] == [a["href"][1:] for a in html.select(".hb-contents-page > a")]
    chapter = html.find(id="page-chapters-safeguarding-children-from-sexual-exploitation")
    glance = chapter.find("a", string="At a glance")
    assert glance["href"] == "#page-indicators--indicators-fear" and "hb-xref" in glance["class"]
    assert html.select_one(".hb-cover-statement").get_text() == handbook.partnership.printing_policy.notice


def test_attachments_are_left_out_of_a_page_on_paper(handbook):
    stamp = print_stamp(handbook, dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    article = ARTICLE.replace("</article>", """<link rel="attachment" href="file:///etc/passwd">
<p><a rel="attachment nofollow" href="file:///etc/passwd">passwords</a></p></article>""")
    html = BeautifulSoup(chapter_document(handbook, handbook.page(CHAPTER), article, stamp), "html.parser")
    assert html.find_all("link") == []
    assert html.select("a[rel]") == []
    assert "passwords" in html.get_text()


def test_weasyprint_reads_only_data_urls_and_the_sites_own_files(tmp_path):
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "assets" / "logo.svg").write_text("<svg/>")
    (tmp_path / "secret.txt").write_text("secret")
    (site / "leak.txt").symlink_to(tmp_path / "secret.txt")
    fetcher = site_only_fetcher(site)

    assert fetcher.fetch((site / "assets" / "logo.svg").as_uri()).read() == b"<svg/>"
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    assert fetcher.fetched == {(site / "assets" / "logo.svg").resolve()}
    for refused in ["file:///etc/passwd", (tmp_path / "secret.txt").as_uri(), (site / "leak.txt").as_uri(),
                    (site / "assets" / ".." / ".." / "secret.txt").as_uri(),
                    f"file://elsewhere{site}/assets/logo.svg", "http://127.0.0.1:9/x.png", "https://example.org/"]:
        with pytest.raises(ValueError, match="not read for a PDF"):
            fetcher.fetch(refused)


INDICATORS = """<article class="md-content__inner md-typeset"><h1 id="t">Title</h1>
<p>The same list in <a href="../indicators.html#signs--table">Indicators at a glance</a><span
class="hb-screen-only">: each line below links to its place there</span>.</p>
<table><caption id="signs--table">Signs</caption><thead><tr><th>Sign</th></tr></thead><tbody>
<tr><td><span id="signs-gifts" class="hb-row-anchor"></span><a class="hb-counterpart"
href="../indicators.html#signs-gifts">Gifts</a></td></tr>
<tr><td><span id="signs-missing" class="hb-row-anchor"></span><a class="hb-counterpart"
href="#signs-missing">Going missing</a></td></tr></tbody></table>
<p>See <a href="../indicators.html">At a glance</a> and <a href="tel:101">101</a>.</p>
</article>"""


def test_on_paper_indicator_rows_are_words_and_the_link_above_names_the_page(handbook):
    """Each row's link to the same row on the other page would print that page's name (or
    a page number) on every row: the rows print as words; the one link above the table
    names the page, once; the words saying each line is a link are left out."""
    stamp = print_stamp(handbook, dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    html = BeautifulSoup(chapter_document(handbook, handbook.page(CHAPTER), INDICATORS, stamp), "html.parser")
    cells = [" ".join(td.get_text().split()) for td in html.select("tbody td")]
    assert cells == ["Gifts", "Going missing"]
    assert html.select("td a") == [] and len(html.select("td span.hb-row-anchor[id]")) == 2
    above = html.find("table").find_previous_sibling("p")
    assert " ".join(above.get_text().split()) == ("The same list in Indicators at a glance "
                                                  "(in the handbook).")
    assert html.select(".hb-screen-only") == []
    assert html.find("caption").get_text() == "Signs"
    # Links that are not a row's counterpart are kept as any other link.
    assert " ".join(html.find_all("p")[-1].get_text().split()) == (
        "See At a glance (Indicators at a glance, in the handbook) and 101.")
    assert html.find("a", href="tel:101")


def test_whole_handbook_contents_list_each_chapters_sections(handbook):
    stamp = print_stamp(handbook, dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    entries = reading_order(handbook)
    articles = {e.page.src: ARTICLE for e in entries if e.page}
    html = BeautifulSoup(handbook_document(handbook, entries, articles, stamp), "html.parser")
    chapter = handbook.chapters[0]
    item = html.find("a", string=chapter.meta.title).parent
    sections = item.select(".hb-contents-sections a")
    assert [a.get_text() for a in sections] == ["Consent"]
    assert html.find(id=sections[0]["href"][1:]).name == "h2"  # a target-counter's target
    others = [a.parent for a in html.select(".hb-contents-page > a") if a.get_text() != chapter.meta.title]
    assert others and not any(page.select(".hb-contents-sections") for page in others)  # chapters only
