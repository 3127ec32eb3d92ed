"""What every printed page carries, and where the PDFs live.

The provenance stamp is built here from data (the partnership's printing policy, the
current edition, the online address) and what the build was made from (the source's date
and commit, see handbook.build.staging.build_source). It becomes CSS page-margin content,
so that the same stamp is printed by WeasyPrint in the PDFs and by a browser when a reader
prints a page (Ctrl+P): one text, two printers. The day a page is printed from a browser
is the reader's to know: page/print-date.js writes it into the page when printing.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from handbook.addresses import SOURCE_SUFFIX, file_slug, relative_url
from handbook.build.staging import BuildSource, build_source
from handbook.content.model import Handbook
from handbook.content.pages import CHAPTER_FOLDER, Page

# Inside the built site: the chapter PDFs, so that the site and the offline zip link them.
SITE_PDF_FOLDER = "pdf"
# The generated stylesheet with the stamp, linked by overrides/main.html for printing.
STAMP_STYLESHEET = "assets/print-stamp.css"


@dataclass(frozen=True)
class PrintStamp:
    handbook_title: str
    edition: str          # "29 November 2026"
    valid_for_hours: int | None  # None while the partnership has not confirmed its policy
    statement: str
    online_address: str | None  # the site's address (site_url); None when it is not set
    partnership: str      # who to ask for the current version when there is no address
    source: str           # "Source as of 29 November 2026, commit 1a2b3c4" (see source_words)

    @property
    def current_version(self) -> str:
        """Where a reader of paper finds the current version: the online address, or
        (without one, which a printout cannot make up) the partnership."""
        if self.online_address:
            return f"Online version: {self.online_address}"
        return f"Check the current version with {self.partnership}"

    @property
    def validity(self) -> str:
        if self.valid_for_hours is None:
            return ("UNCONTROLLED WHEN PRINTED: the partnership has not set how long a printed copy is "
                    "valid; check the current version before relying on it")
        return f"UNCONTROLLED WHEN PRINTED: valid for at most {self.valid_for_hours} hours after printing"

    @property
    def lines(self) -> list[str]:
        """The lines at the foot of every printed page: which handbook, edition and source;
        how long paper is valid; where the current version is."""
        return [
            f"{self.handbook_title} · Edition of {self.edition} · {self.source}",
            self.validity,
            self.current_version,
        ]


def print_stamp(handbook: Handbook, generated: dt.datetime, source: BuildSource | None = None) -> PrintStamp:
    """The stamp of a build of `handbook` at `generated` (its build_time); `source` says
    what that time is (by default, build_source of the handbook's folder)."""
    partnership = handbook.partnership
    policy = partnership.printing_policy
    return PrintStamp(
        handbook_title=partnership.handbook_title,
        edition=handbook.editions.current.date.human(),
        valid_for_hours=policy.valid_for_hours if policy.confirmed else None,
        statement=policy.notice,
        online_address=partnership.site_url or None,
        partnership=partnership.name,
        source=source_words(source or build_source(handbook.root), generated),
    )


def source_words(source: BuildSource, generated: dt.datetime) -> str:
    """What a printout was made from, never claiming more than is known. The build time is
    the source's (SOURCE_DATE_EPOCH or the last commit's: reproducible builds), not the
    moment the PDF was written, so it is printed as the source's date:

    - in a git checkout: "Source as of 29 November 2026, commit 1a2b3c4" (", with
      uncommitted changes" when the files differ from that commit);
    - with SOURCE_DATE_EPOCH outside git: "Source as of 29 November 2026, 14:03 UTC";
    - with neither, the clock: "Built 29 November 2026, 14:03 UTC"."""
    day = f"{generated.day} {generated:%B %Y}"
    if source.commit:
        changed = ", with uncommitted changes" if source.changed else ""
        return f"Source as of {day}, commit {source.commit}{changed}"
    at = f"{day}, {generated:%H:%M} UTC"
    return f"Built {at}" if source.clock else f"Source as of {at}"


def stamp_css(stamp: PrintStamp) -> str:
    """Page-margin content for every printed page: the stamp at the foot, 'Page X of Y',
    and the printing policy's statement at the head of the first page. The layout of
    these boxes is in overrides/assets/print.css."""
    return (
        "/* Generated from data/partnership.yml, data/editions.yml and the build's source. */\n"
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
