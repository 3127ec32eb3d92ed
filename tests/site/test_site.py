"""Build the real handbook once and read what a reader would get."""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.support import CHAPTER

CHAPTER_HTML = CHAPTER.replace(".md", ".html")


def page(site, path) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_all_handbook_pages_are_built(built_site):
    for name in ["index", "using-this-handbook", "amendments", "indicators", "consent-and-the-law",
                 "further-information", "glossary", "contacts", "accessibility"]:
        assert (built_site / f"{name}.html").is_file(), name
    assert (built_site / CHAPTER_HTML).is_file()


def test_stable_section_anchors_do_not_depend_on_numbers(built_site):
    html = page(built_site, CHAPTER_HTML)
    ids = {tag["id"] for tag in html.select("h2[id], h3[id]")}
    assert {"definition", "who-is-at-risk", "indicators", "consent", "online-exploitation",
            "working-with-exploited-children", "missing", "protection-and-action",
            "supporting-children-and-families", "the-child", "parents-and-carers",
            "further-information"} <= ids


@pytest.mark.parametrize("group", ["indicators", "coercion"])
def test_indicator_rows_have_anchors_and_link_both_ways(built_site, group):
    chapter = page(built_site, CHAPTER_HTML)
    glance = page(built_site, "indicators.html")
    chapter_rows = chapter.select(f'span[id^="{group}-"]')
    glance_rows = glance.select(f'span[id^="{group}-"]')
    assert len(chapter_rows) == 13 and len(glance_rows) == 13
    for anchor in chapter_rows:
        row = anchor.find_parent("tr")
        assert row.find("a", href=f"../indicators.html#{anchor['id']}"), anchor["id"]
    for anchor in glance_rows:
        row = anchor.find_parent("tr")
        assert row.find("a", href=f"{CHAPTER_HTML}#{anchor['id']}"), anchor["id"]
    # The row's own words are the link (no column of links beside them), and one link above
    # each table leads to the same table, captioned, on the other page.
    for rows, other in [(chapter_rows, "../indicators.html"), (glance_rows, CHAPTER_HTML)]:
        for anchor in rows:
            (cell,) = anchor.find_parent("tr").find_all("td")
            assert cell.find("a").get_text() == cell.get_text(), anchor["id"]
        table = rows[0].find_parent("table")
        assert table.caption["id"] == f"{group}--table"
        assert table.find_previous("p").find("a", href=f"{other}#{group}--table")


def test_consent_summary_shows_current_law_and_superseded_only_as_history(built_site):
    html = page(built_site, "consent-and-the-law.html")
    table_text = html.find("table").get_text(" ")
    assert "ss.66B-66D" in table_text and "31 January 2024" in table_text
    assert "2015 s.33" not in table_text
    heading = html.select_one("article h2#law-no-longer-in-force")
    assert heading.get_text().startswith("History: law no longer in force")
    assert heading.find_previous("table"), "the history comes after the law in force"
    history = heading.find_next_sibling()
    assert history.name == "ul"
    assert "Criminal Justice and Courts Act 2015 s.33" in history.get_text()
    assert html.find("a", href="https://www.legislation.gov.uk/ukpga/2003/42/section/66B")


def test_chapter_section_5_states_the_law_now_in_force(built_site):
    section = page(built_site, CHAPTER_HTML).find(id="online-exploitation")
    text = "".join(str(s) for s in section.find_next_siblings(limit=8))
    assert "ss.66B-66D" in text and "no longer in force" in text
    assert "With effect from 29 June 2021, section 69" not in text


def test_every_resource_is_listed_with_its_address(built_site):
    from handbook.content.model import load_handbook
    from tests.support import REPO

    html = page(built_site, "further-information.html")
    for resource in load_handbook(REPO).resources.resources:
        link = html.find("a", href=resource.url)
        assert link is not None, resource.id
        assert resource.publisher in link.find_parent("li").get_text()
        if not resource.url_confirmed:
            assert "address not confirmed" in link.find_parent("li").get_text()


def test_abbreviation_tooltips_on_every_page(built_site):
    """Wherever a glossary abbreviation appears in a page's text, it carries its tooltip."""
    from handbook.content.model import load_handbook
    from tests.support import REPO

    current = load_handbook(REPO).glossary.abbreviations
    archived = {}  # an archived edition's pages carry that edition's own glossary
    pages_with_tooltips = 0
    for html_file in built_site.rglob("*.html"):
        relative = html_file.relative_to(built_site).parts
        if relative[0] == "editions" and len(relative) > 2:
            if relative[1] not in archived:
                archived[relative[1]] = load_handbook(REPO / "editions" / relative[1], archived=True)
            abbreviations = archived[relative[1]].glossary.abbreviations
        else:
            abbreviations = current
        article = page(built_site, html_file.relative_to(built_site)).find("article")
        if article is None:
            continue
        tooltips = {abbr.get_text(): abbr["title"] for abbr in article.select("abbr[title]")}
        pages_with_tooltips += bool(tooltips)
        text = article.get_text(" ")
        for item in abbreviations:
            if re.search(rf"(?<![\w-]){re.escape(item.abbr)}(?![\w-])", text):
                assert tooltips.get(item.tooltip_key) == item.expansion, f"{item.abbr} in {html_file.name}"
    assert pages_with_tooltips >= 4
    chapter = {abbr.get_text(): abbr["title"] for abbr in page(built_site, CHAPTER_HTML).select("abbr")}
    assert chapter["CPS"] == "Crown Prosecution Service"
    assert chapter["LGBTQ"].startswith("Lesbian, gay")


def test_amendment_note_from_front_matter(built_site):
    note = page(built_site, CHAPTER_HTML).find("details", class_="hb-about")
    summary = note.find("summary").get_text(" ")
    assert "Guidance last changed 29 November 2026: 5. Online Child Sexual Exploitation" in summary
    text = note.get_text(" ")
    assert "May 2024" in text and "This chapter was revised where required." in text
    assert "29 November 2026" in text and "revenge porn" in text
    assert "Changes to the guidance (4)" in text and "Editorial corrections (12)" in text
    assert note.find("a", href="#online-exploitation").get_text() == "5. Online Child Sexual Exploitation"
    assert "see section" not in text


def test_meta_description_is_the_summary(built_site):
    from handbook.content.model import load_handbook
    from tests.support import REPO

    pages = load_handbook(REPO).pages
    for src, source_page in pages.items():
        html = page(built_site, src.replace(".md", ".html"))
        assert html.find("meta", attrs={"name": "description"})["content"] == source_page.meta.summary
    # A page with no source of its own (the 404 page) is described as the home page is.
    not_found = page(built_site, "404.html").find("meta", attrs={"name": "description"})
    assert not_found["content"] == pages["index.md"].meta.summary


def test_site_name_comes_from_partnership_data(built_site):
    assert page(built_site, "index.html").title.get_text().endswith("Bedfordshire Safeguarding Children Handbook")


def test_home_page_quotes_section_8_and_lists_contacts(built_site):
    html = page(built_site, "index.html")
    text = html.find("article").get_text(" ")
    assert "they should contact Children's Social Care" in text
    assert "outweighs the duty of confidentiality" in text
    assert "0808 800 5000" in text


def test_corrections_are_in_the_text(built_site):
    article = page(built_site, CHAPTER_HTML).find("article")
    article.find("details").decompose()  # the amendment note quotes the old wording
    text = article.get_text(" ")
    assert "outweighs the duty of where the public interest" not in text
    assert "involved in developing" in text and "involve in developing" not in text
    assert "issues identified" in text and "issues identifies" not in text
    joined = " ".join(article.get_text().split())  # "(MSHTU)" holds an <abbr>: no spaces added
    assert "Modern Slavery Human Trafficking Unit (MSHTU)" in joined
    assert "Modern Slavery and Human Trafficking Unit" not in joined


def test_section_7_says_the_procedures_are_to_be_confirmed(built_site):
    article = page(built_site, CHAPTER_HTML).find("article")
    heading = article.find(id="missing")
    section = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        section.append(sibling.get_text(" "))
    text = " ".join(" ".join(section).split())
    assert "the procedures to be followed are to be confirmed by the partnership" in text
    assert "should be followed:" not in text


def test_no_review_date_and_no_unconfirmed_owner_on_the_chapter(built_site):
    html = page(built_site, CHAPTER_HTML)
    status = " ".join(html.select_one(".hb-chapter-status").get_text(" ").split())
    assert status == ("Last reviewed May 2024 ; no review date set. "
                      "Owner: not yet confirmed by the partnership.")
    assert html.select_one(".hb-review-due") is None
    assert html.select_one(".hb-review-overdue-built") is None


def test_the_unconfirmed_printing_policy_is_not_given_as_the_partnerships(built_site):
    from handbook.content.partnership import UNCONFIRMED_PRINTING

    text = " ".join(page(built_site, "using-this-handbook.html").find("article").get_text(" ").split())
    assert UNCONFIRMED_PRINTING in text
    assert "72 hours" not in text and "how long a printed copy is valid" not in text


def test_a_pdf_built_after_the_due_date_says_the_review_is_overdue(tmp_path):
    """Once the partnership sets an interval (here 12 months: due by May 2025), the pages
    and PDFs built after the due date say the review is overdue as of the build date."""
    from tests.support import copy_project, run_handbook
    from tests.support.pdf_reading import page_texts

    project = copy_project(tmp_path / "project")
    data = project / "data" / "partnership.yml"
    data.write_text(data.read_text().replace("review_interval_months: null", "review_interval_months: 12"))
    site, dist = project / "site", project / "dist"
    pdf = dist / CHAPTER.replace(".md", ".pdf")  # dist/chapters/<name>.pdf

    def build(day: str) -> str:
        epoch = int(dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC).timestamp())
        result = run_handbook("--project", str(project), "build", "--site-dir", str(site),
                              "--dist-dir", str(dist), env={"SOURCE_DATE_EPOCH": str(epoch)})
        assert result.returncode == 0, result.stderr
        return " ".join(page_texts(pdf))

    on_time = build("2025-05-31T12:00")
    assert "Review overdue" not in on_time and "next review due May 2025" in on_time
    assert page(site, CHAPTER_HTML).select_one(".hb-review-overdue-built") is None

    late = build("2026-11-29T12:00")
    assert ("As of 29 November 2026 (the date of this copy's source), this chapter was overdue for review: "
            "it was due for review by May 2025.") in late
    note = page(site, CHAPTER_HTML).select_one(".hb-review-overdue-built")
    assert note is not None and "admonition" in note["class"]


REMOTE = re.compile(r"""(?:src|href|action|poster|data)\s*=\s*["']\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import\s+["']?(?:https?:)?//""", re.I)


def test_no_page_stylesheet_or_script_loads_anything_from_another_host(built_site):
    """Links to external resources (<a href>) are fine; anything the browser would fetch
    by itself from another host is not."""
    offenders = []
    for file in built_site.rglob("*"):
        if file.suffix == ".html":
            html = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
            for tag in html.find_all(["script", "link", "img", "iframe", "source", "audio", "video"]):
                for attribute in ("src", "href", "srcset"):
                    value = tag.get(attribute)
                    if value and urlsplit(str(value).split()[0]).netloc:
                        if tag.name == "link" and "canonical" in tag.get("rel", []):
                            continue
                        offenders.append(f"{file.name}: <{tag.name} {attribute}={value}>")
        elif file.suffix == ".css":
            if re.search(r"url\(\s*[\"']?(?:https?:)?//|@import", file.read_text(encoding="utf-8")):
                offenders.append(file.name)
    assert offenders == []
    assert "fonts.googleapis" not in (built_site / "index.html").read_text()
