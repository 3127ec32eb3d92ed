"""What every printed page carries, and where the PDFs live.

The provenance stamp is built here from data (the partnership's printing policy, the
current edition, the online address) and the build time. It becomes CSS page-margin
content, so that the same stamp is printed by WeasyPrint in the PDFs and by a browser
when a reader prints a page (Ctrl+P): one text, two printers.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from handbook.addresses import SOURCE_SUFFIX, file_slug, relative_url
from handbook.content.model import Handbook
from handbook.content.pages import CHAPTER_FOLDER, Page

# Inside the built site: the chapter PDFs, so that the site and the offline zip link them.
SITE_PDF_FOLDER = "pdf"
# The generated stylesheet with the stamp, linked by overrides/main.html for printing.
STAMP_STYLESHEET = "assets/print-stamp.css"
NO_ADDRESS = "online address not configured"


@dataclass(frozen=True)
class PrintStamp:
    handbook_title: str
    edition: str          # "29 November 2026"
    valid_for_hours: int
    statement: str
    online_address: str   # the site's address, or NO_ADDRESS
    generated: str        # "29 November 2026, 14:03 UTC"

    @property
    def lines(self) -> list[str]:
        """The two lines at the foot of every printed page."""
        return [
            f"{self.handbook_title} · Edition of {self.edition} · Generated {self.generated}",
            f"UNCONTROLLED WHEN PRINTED: valid for at most {self.valid_for_hours} hours after "
            f"printing · Online version: {self.online_address}",
        ]


def print_stamp(handbook: Handbook, generated: dt.datetime) -> PrintStamp:
    partnership = handbook.partnership
    policy = partnership.printing_policy
    return PrintStamp(
        handbook_title=partnership.handbook_title,
        edition=handbook.editions.current.date.human(),
        valid_for_hours=policy.valid_for_hours,
        statement=policy.statement,
        online_address=partnership.site_url or NO_ADDRESS,
        generated=f"{generated.day} {generated:%B %Y, %H:%M} UTC",
    )


def stamp_css(stamp: PrintStamp) -> str:
    """Page-margin content for every printed page: the stamp at the foot, 'Page X of Y',
    and the printing policy's statement at the head of the first page. The layout of
    these boxes is in overrides/assets/print.css."""
    return (
        "/* Generated from data/partnership.yml and data/editions.yml at build time. */\n"
        "@page {\n"
        f"  @bottom-left {{ content: {css_string(chr(10).join(stamp.lines))}; }}\n"
        '  @bottom-right { content: "Page " counter(page) " of " counter(pages); }\n'
        "}\n"
        "@page :first {\n"
        f"  @top-left {{ content: {css_string(stamp.statement)}; }}\n"
        "}\n"
    )


def css_string(text: str) -> str:
    """`text` as a quoted CSS string; line breaks become CSS's \\A (shown with white-space: pre-line)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return f'"{escaped}"'


def chapter_pdf_name(page: Page) -> str:
    """'chapters/part/name.md' -> 'part/name.pdf': the chapter's PDF, under dist/chapters/
    and under the site's pdf/ folder."""
    return page.src[len(CHAPTER_FOLDER):].removesuffix(SOURCE_SUFFIX) + ".pdf"


def chapter_pdf_link(page: Page) -> str:
    """The download link at the top of a chapter: raw HTML, so that MkDocs does not look
    for the PDF among the documentation files (it is added after MkDocs has run), and
    relative, so that it works on a web server and from file:// alike."""
    target = relative_url(page.src, f"{SITE_PDF_FOLDER}/{chapter_pdf_name(page)}")
    return (f'<p class="hb-pdf-link"><a href="{target}" type="application/pdf">'
            "Download this chapter as PDF</a></p>\n")


def handbook_pdf_name(handbook: Handbook) -> str:
    """'Bedfordshire Safeguarding Children Handbook' -> 'bedfordshire-safeguarding-children-handbook.pdf'."""
    return f"{file_slug(handbook.partnership.handbook_title) or 'handbook'}.pdf"
