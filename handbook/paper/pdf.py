"""The handbook on paper: a PDF of the whole handbook and one per chapter, rendered by
WeasyPrint from the built site's own HTML (each page's article) and the print stylesheets.

The PDFs are only as current as their inputs, so each is rebuilt only when what goes into
it changed: its pages' HTML (which holds the data the macros put there), the stamp's data,
the stylesheets, this engine or WeasyPrint. A small manifest in the output folder keeps
the fingerprint of every PDF.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from handbook import REPOSITORY
from handbook.addresses import SOURCE_SUFFIX, built_path, file_slug, resolve, source_path
from handbook.build.navigation import build_nav
from handbook.content.model import Handbook
from handbook.content.pages import Page
from handbook.paper.print_stamp import (
    SITE_PDF_FOLDER,
    PrintStamp,
    chapter_pdf_name,
    handbook_pdf_name,
    print_stamp,
    stamp_css,
)

ASSETS = REPOSITORY / "overrides" / "assets"
# print.css is shared with the browser's print (Ctrl+P); pdf.css adds the book around it.
STYLESHEETS = [ASSETS / "print.css", ASSETS / "pdf.css"]
ENGINE_FILES = [Path(__file__), Path(__file__).with_name("print_stamp.py")]
CHAPTERS_FOLDER = "chapters"        # dist/chapters/<name>.pdf
MANIFEST = ".pdf-fingerprints.json"  # in dist/: not a deliverable, never in git
EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel"}


@dataclass
class PdfResult:
    path: Path
    rebuilt: bool
    pages: int | None = None      # known when rebuilt
    seconds: float | None = None


@dataclass
class Entry:
    """One line of the whole handbook's contents: a group heading or a page."""
    depth: int
    label: str
    page: Page | None = None


def build_pdfs(handbook: Handbook, site_dir: Path, dist_dir: Path, generated: dt.datetime,
               progress: Callable[[str], None] = print) -> list[PdfResult]:
    """Render the PDFs from the site built in `site_dir` into `dist_dir`, then copy the
    chapter PDFs into `site_dir`/pdf/ where the chapter pages link to them."""
    from weasyprint import __version__ as weasyprint_version

    site_dir, dist_dir = Path(site_dir), Path(dist_dir)
    stamp = print_stamp(handbook, generated)
    entries = reading_order(handbook)
    articles = {entry.page.src: _read_article(site_dir, entry.page) for entry in entries if entry.page}
    styles = [path.read_text(encoding="utf-8") for path in STYLESHEETS]
    engine = [weasyprint_version] + [path.read_text(encoding="utf-8") for path in ENGINE_FILES]

    jobs: list[tuple[Path, str]] = []
    for page in handbook.chapters:
        jobs.append((dist_dir / CHAPTERS_FOLDER / chapter_pdf_name(page),
                     chapter_document(handbook, page, articles[page.src], stamp)))
    jobs.append((dist_dir / handbook_pdf_name(handbook),
                 handbook_document(handbook, entries, articles, stamp)))

    manifest = _Manifest(dist_dir / MANIFEST)
    results = []
    for number, (output, html) in enumerate(jobs, start=1):
        shown = output.relative_to(dist_dir).as_posix()
        fingerprint = _fingerprint(html, stamp, styles, engine)
        if output.is_file() and manifest.get(shown) == fingerprint:
            results.append(PdfResult(output, rebuilt=False))
            progress(f"pdf [{number}/{len(jobs)}] {shown}: unchanged")
            continue
        started = time.perf_counter()
        count = _render(html, stamp, site_dir, output)
        seconds = time.perf_counter() - started
        manifest.set(shown, fingerprint)
        manifest.save()  # after every PDF: an interrupted run keeps what it finished
        results.append(PdfResult(output, rebuilt=True, pages=count, seconds=seconds))
        progress(f"pdf [{number}/{len(jobs)}] {shown}: {count} pages in {seconds:.1f} s")

    # A chapter that was removed or renamed takes its old PDF with it.
    produced = {output.relative_to(dist_dir).as_posix() for output, _ in jobs}
    for stale in manifest.names() - produced:
        (dist_dir / stale).unlink(missing_ok=True)
        manifest.forget(stale)
    manifest.save()

    for page in handbook.chapters:
        name = chapter_pdf_name(page)
        target = site_dir / SITE_PDF_FOLDER / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(dist_dir / CHAPTERS_FOLDER / name, target)
    return results


def reading_order(handbook: Handbook) -> list[Entry]:
    """The handbook as the navigation orders it: group headings and pages."""
    entries: list[Entry] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            (label, value), = item.items()
            if isinstance(value, list):
                entries.append(Entry(depth, label))
                walk(value, depth + 1)
            else:
                entries.append(Entry(depth, handbook.pages[value].meta.title, handbook.pages[value]))

    walk(build_nav(handbook), 0)
    return entries


# --- The documents ---------------------------------------------------------------------

def chapter_document(handbook: Handbook, page: Page, article: str, stamp: PrintStamp) -> str:
    """One chapter on its own: its title first, the stamp on every page."""
    soup = _skeleton(handbook, f"{page.meta.title} — {stamp.handbook_title}", page.meta.summary)
    soup.body.append(_page_article(page, article, included={page.src: _key(page)},
                                   handbook=handbook))
    return str(soup)


def handbook_document(handbook: Handbook, entries: list[Entry], articles: dict[str, str],
                      stamp: PrintStamp) -> str:
    """The whole handbook: cover, contents with page numbers, then every page in the order
    of the navigation, each starting on a new page."""
    soup = _skeleton(handbook, stamp.handbook_title,
                     f"{stamp.handbook_title}, edition of {stamp.edition}")
    included = {entry.page.src: _key(entry.page) for entry in entries if entry.page}
    soup.body.append(_cover(soup, handbook, stamp))
    soup.body.append(_contents(soup, entries, included))
    for entry in entries:
        if entry.page:
            soup.body.append(_page_article(entry.page, articles[entry.page.src],
                                           included=included, handbook=handbook))
    return str(soup)


def _skeleton(handbook: Handbook, title: str, description: str):
    from bs4 import BeautifulSoup

    partnership = handbook.partnership
    soup = BeautifulSoup("<!DOCTYPE html><html><head></head><body></body></html>", "html.parser")
    soup.html["lang"] = partnership.language
    soup.head.append(_tag(soup, "meta", charset="utf-8"))
    soup.head.append(_tag(soup, "title", text=title))
    soup.head.append(_tag(soup, "meta", name="author", content=partnership.name))
    soup.head.append(_tag(soup, "meta", name="description", content=description))
    return soup


def _cover(soup, handbook: Handbook, stamp: PrintStamp):
    # No build time here: it is in the stamp at the foot of the page, and leaving it out of
    # the document keeps the fingerprint of an unchanged handbook unchanged.
    edition = handbook.editions.current
    cover = _tag(soup, "section", **{"class": "hb-cover"})
    cover.append(_tag(soup, "p", text=handbook.partnership.name, **{"class": "hb-cover-partnership"}))
    cover.append(_tag(soup, "p", text=stamp.handbook_title, **{"class": "hb-cover-title"}))
    cover.append(_tag(soup, "p", text=f"{edition.title} ({stamp.edition})", **{"class": "hb-cover-edition"}))
    cover.append(_tag(soup, "p", text=f"Online version: {stamp.online_address}",
                      **{"class": "hb-cover-address"}))
    cover.append(_tag(soup, "p", text=stamp.statement, **{"class": "hb-cover-statement"}))
    return cover


def _contents(soup, entries: list[Entry], included: dict[str, str]):
    nav = _tag(soup, "nav", **{"class": "hb-contents", "aria-label": "Contents"})
    nav.append(_tag(soup, "h1", text="Contents"))
    listing = _tag(soup, "ul")
    for entry in entries:
        kind = "page" if entry.page else "group"
        item = _tag(soup, "li", **{"class": f"hb-contents-{kind} hb-contents-depth-{entry.depth}"})
        if entry.page:
            item.append(_tag(soup, "a", text=entry.label, href=f"#{included[entry.page.src]}"))
        else:
            item.string = entry.label
        listing.append(item)
    nav.append(listing)
    return nav


def _page_article(page: Page, article_html: str, *, included: dict[str, str],
                  handbook: Handbook):
    """A page's article, made fit for paper: ids made unique across pages, links turned
    into links inside the PDF where their target is in it, web-only furniture removed."""
    from bs4 import BeautifulSoup

    article = BeautifulSoup(article_html, "html.parser").article
    for selector in (".headerlink", ".hb-pdf-link", ".md-content__button", "script"):
        for element in article.select(selector):
            element.decompose()
    for details in article.find_all("details"):
        details["open"] = ""
    key = included[page.src]
    for element in article.find_all(id=True):
        element["id"] = f"{key}--{element['id']}"
    page_url = built_path(page.src)
    for link in article.find_all("a", href=True):
        _retarget(link, page_url, included, handbook)
    for image in article.find_all("img", src=True):
        image["src"] = resolve(page_url, image["src"])  # relative to the site's root
    article.attrs = {"id": key, "class": "hb-page"}
    return article


def _retarget(link, page_url: str, included: dict[str, str], handbook: Handbook) -> None:
    href = link["href"]
    scheme = urlsplit(href).scheme
    if scheme in EXTERNAL_SCHEMES:
        if link.get_text(strip=True) == href:
            link["class"] = link.get("class", []) + ["hb-bare-url"]  # the address is the text
        return
    target, fragment = urldefrag(resolve(page_url, href))
    source = source_path(target)
    if source in included:
        key = included[source]
        link["href"] = f"#{key}--{fragment}" if fragment else f"#{key}"
        if source != source_path(page_url) or fragment:
            link["class"] = link.get("class", []) + ["hb-xref"]
        return
    site_url = handbook.partnership.site_url
    if site_url:  # elsewhere on the site: the online address, printed after the text
        link["href"] = urljoin(site_url.rstrip("/") + "/", target) + (f"#{fragment}" if fragment else "")
    else:  # no online address to give: keep the words, drop a link that would lead nowhere
        link.name = "span"
        link.attrs = {"class": "hb-offline-link"}


def _key(page: Page) -> str:
    """An id for the page inside a PDF: 'chapters/x.md' -> 'page-chapters-x'."""
    return "page-" + file_slug(page.src.removesuffix(SOURCE_SUFFIX))


def _tag(soup, element: str, text: str | None = None, **attrs):
    tag = soup.new_tag(element, attrs=attrs)
    if text is not None:
        tag.string = text
    return tag


def _read_article(site_dir: Path, page: Page) -> str:
    from bs4 import BeautifulSoup

    built = site_dir / built_path(page.src)
    article = BeautifulSoup(built.read_text(encoding="utf-8"), "html.parser").select_one(
        "article.md-content__inner")
    if article is None:  # the theme changed shape: an engine problem, not an editor's
        raise RuntimeError(f"no <article class='md-content__inner'> in {built}")
    return str(article)


# --- Rendering -------------------------------------------------------------------------

def _render(html: str, stamp: PrintStamp, site_dir: Path, output: Path) -> int:
    """Render with WeasyPrint into `output`, atomically; return the number of pages."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    # Only files of the site itself: a PDF build never reaches for another host.
    fetcher = URLFetcher(allowed_protocols={"file", "data"})
    stylesheets = [CSS(filename=str(path), url_fetcher=fetcher) for path in STYLESHEETS]
    stylesheets.append(CSS(string=stamp_css(stamp)))
    document = HTML(string=html, base_url=str(site_dir.resolve()) + "/",
                    url_fetcher=fetcher).render(stylesheets=stylesheets)
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{output.name}-", dir=output.parent)
    os.close(handle)
    try:
        document.write_pdf(temporary, pdf_variant="pdf/ua-1")
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide the PDF from a web server
        os.replace(temporary, output)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return len(document.pages)


def _fingerprint(html: str, stamp: PrintStamp, styles: list[str], engine: list[str]) -> str:
    digest = hashlib.sha256()
    for part in [html, repr(stamp.without_time()), *styles, *engine]:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


class _Manifest:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.fingerprints = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.fingerprints = {}

    def get(self, name: str) -> str | None:
        return self.fingerprints.get(name)

    def set(self, name: str, fingerprint: str) -> None:
        self.fingerprints[name] = fingerprint

    def names(self) -> set[str]:
        return set(self.fingerprints)

    def forget(self, name: str) -> None:
        self.fingerprints.pop(name, None)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.fingerprints, indent=1, sort_keys=True), encoding="utf-8")
