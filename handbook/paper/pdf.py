"""The handbook on paper: a PDF of the whole handbook and one per chapter, rendered by
WeasyPrint from the built site's own HTML (each page's article) and the print stylesheets.

The PDFs are only as current as their inputs, so each is rebuilt only when what goes into
it changed: its pages' HTML (which holds the data the macros put there), the stamp (its
data and the build time it prints), the stylesheets, the site's files it shows, this engine
or WeasyPrint. A small manifest in dist/ keeps the fingerprint of every PDF; an unchanged
PDF is taken from the previous dist/ into the new one, so that an incremental build and a
clean build give the same files.

WeasyPrint reads nothing but `data:` URLs and the files of the site being built: a page
cannot put a file of the machine, or of another host, into a PDF.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.request import url2pathname

from handbook import REPOSITORY
from handbook.addresses import SOURCE_SUFFIX, built_path, file_slug, resolve, source_path
from handbook.build.navigation import build_nav
from handbook.content import indicators
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
from handbook.problems import HandbookError, Problem

ASSETS = REPOSITORY / "overrides" / "assets"
# print.css is shared with the browser's print (Ctrl+P); pdf.css adds the book around it.
STYLESHEETS = [ASSETS / "print.css", ASSETS / "pdf.css"]
ENGINE_FILES = [Path(__file__), Path(__file__).with_name("print_stamp.py"),
                Path(__file__).with_name("pdf_artifacts.py")]
CHAPTERS_FOLDER = "chapters"        # dist/chapters/<name>.pdf
MANIFEST = ".pdf-fingerprints.json"  # in dist/: not a deliverable, never in git
EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel"}


@dataclass
class PdfResult:
    name: str                     # inside dist/: "chapters/x.pdf"
    rebuilt: bool
    pages: int | None = None      # known when rebuilt
    seconds: float | None = None


@dataclass
class Job:
    name: str          # inside dist/
    html: str
    printed_pages: list[Page]  # a failure is reported on one of them


@dataclass
class Entry:
    """One line of the whole handbook's contents: a group heading or a page."""
    depth: int
    label: str
    page: Page | None = None


def build_pdfs(handbook: Handbook, site_dir: Path, dist_dir: Path, generated: dt.datetime,
               previous_dist: Path | None = None,
               progress: Callable[[str], None] = print) -> list[PdfResult]:
    """Render the PDFs from the site built in `site_dir` into `dist_dir`, then copy the
    chapter PDFs into `site_dir`/pdf/ where the chapter pages link to them. A PDF whose
    inputs are those of its copy in `previous_dist` (the last build's dist/) is taken from
    there instead of being rendered again."""
    from weasyprint import __version__ as weasyprint_version

    site_dir, dist_dir = Path(site_dir), Path(dist_dir)
    stamp = print_stamp(handbook, generated)
    entries = reading_order(handbook)
    articles = {entry.page.src: _read_article(site_dir, entry.page) for entry in entries if entry.page}
    styles = [path.read_text(encoding="utf-8") for path in STYLESHEETS]
    engine = [weasyprint_version] + [path.read_text(encoding="utf-8") for path in ENGINE_FILES]

    jobs = [Job(f"{CHAPTERS_FOLDER}/{chapter_pdf_name(page)}",
                chapter_document(handbook, page, articles[page.src], stamp), [page])
            for page in handbook.chapters]
    jobs.append(Job(handbook_pdf_name(handbook), handbook_document(handbook, entries, articles, stamp),
                    [entry.page for entry in entries if entry.page]))

    previous = _read_manifest(previous_dist / MANIFEST) if previous_dist else {}
    manifest, results = {}, []
    for number, job in enumerate(jobs, start=1):
        output = dist_dir / job.name
        output.parent.mkdir(parents=True, exist_ok=True)
        fingerprint = _fingerprint(job.html, stamp, styles, engine)
        if _is_current(previous.get(job.name), fingerprint, site_dir) and (previous_dist / job.name).is_file():
            _link_or_copy(previous_dist / job.name, output)
            manifest[job.name] = previous[job.name]
            results.append(PdfResult(job.name, rebuilt=False))
            progress(f"pdf [{number}/{len(jobs)}] {job.name}: unchanged")
            continue
        started = time.perf_counter()
        count, shown_files = _render_job(handbook, job, articles, stamp, site_dir, output)
        seconds = time.perf_counter() - started
        manifest[job.name] = {"fingerprint": fingerprint, "files": _digests(shown_files, site_dir)}
        results.append(PdfResult(job.name, rebuilt=True, pages=count, seconds=seconds))
        progress(f"pdf [{number}/{len(jobs)}] {job.name}: {count} pages in {seconds:.1f} s")
    (dist_dir / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")

    for page in handbook.chapters:
        name = chapter_pdf_name(page)
        (site_dir / SITE_PDF_FOLDER / name).parent.mkdir(parents=True, exist_ok=True)
        _link_or_copy(dist_dir / CHAPTERS_FOLDER / name, site_dir / SITE_PDF_FOLDER / name)
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
    """The whole handbook: cover, contents with page numbers (the chapters' numbered
    sections too), then every page in the order of the navigation, each starting on a new
    page."""
    soup = _skeleton(handbook, stamp.handbook_title,
                     f"{stamp.handbook_title}, edition of {stamp.edition}")
    included = {entry.page.src: _key(entry.page) for entry in entries if entry.page}
    pages = [_page_article(entry.page, articles[entry.page.src], included=included, handbook=handbook)
             for entry in entries if entry.page]
    chapters = {page.src for page in handbook.chapters}
    sections = {entry.page.src: _sections(article) for entry, article
                in zip((entry for entry in entries if entry.page), pages, strict=True)
                if entry.page.src in chapters}
    soup.body.append(_cover(soup, handbook, stamp))
    soup.body.append(_contents(soup, entries, included, sections))
    for article in pages:
        soup.body.append(article)
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
    where = (stamp.current_version if stamp.online_address else  # no address to print
             f"No online address is given for this handbook: check the current version with "
             f"{stamp.partnership}.")
    cover.append(_tag(soup, "p", text=where, **{"class": "hb-cover-address"}))
    cover.append(_tag(soup, "p", text=stamp.statement, **{"class": "hb-cover-statement"}))
    return cover


def _contents(soup, entries: list[Entry], included: dict[str, str],
              sections: dict[str, list[tuple[str, str]]]):
    """Every group and page, and under each chapter its sections; pdf.css adds the page
    numbers (target-counter of each link)."""
    nav = _tag(soup, "nav", **{"class": "hb-contents", "aria-label": "Contents"})
    nav.append(_tag(soup, "h1", text="Contents"))
    listing = _tag(soup, "ul")
    for entry in entries:
        kind = "page" if entry.page else "group"
        item = _tag(soup, "li", **{"class": f"hb-contents-{kind} hb-contents-depth-{entry.depth}"})
        if entry.page:
            item.append(_tag(soup, "a", text=entry.label, href=f"#{included[entry.page.src]}"))
            if sections.get(entry.page.src):
                inner = _tag(soup, "ul", **{"class": "hb-contents-sections"})
                for anchor, heading in sections[entry.page.src]:
                    line = _tag(soup, "li", **{"class": "hb-contents-section"})
                    line.append(_tag(soup, "a", text=heading, href=f"#{anchor}"))
                    inner.append(line)
                item.append(inner)
        else:
            item.string = entry.label
        listing.append(item)
    nav.append(listing)
    return nav


def _sections(article) -> list[tuple[str, str]]:
    """(id, words) of a page's sections on paper: its h2 headings (ids already made
    unique in the PDF)."""
    return [(heading["id"], " ".join(heading.get_text(" ").split()))
            for heading in article.find_all("h2", id=True) if heading.get_text(strip=True)]


def _page_article(page: Page, article_html: str, *, included: dict[str, str],
                  handbook: Handbook):
    """A page's article, made fit for paper: ids made unique across pages, links turned
    into links inside the PDF where their target is in it, web-only furniture removed."""
    from bs4 import BeautifulSoup

    document = BeautifulSoup(article_html, "html.parser")
    article = document.article
    for selector in (".headerlink", ".hb-pdf-link", ".md-content__button", "script", "link"):
        for element in article.select(selector):  # <link rel="attachment"> would embed a file
            element.decompose()
    for link in article.find_all("a", rel=True):
        del link["rel"]  # so would <a rel="attachment">
    for details in article.find_all("details"):
        details["open"] = ""
    _unlink_counterparts(article)
    key = included[page.src]
    for element in article.find_all(id=True):
        element["id"] = f"{key}--{element['id']}"
    page_url = built_path(page.src)
    for link in article.find_all("a", href=True):
        _retarget(document, link, page_url, included, handbook)
    for image in article.find_all("img", src=True):
        if not urlsplit(image["src"]).scheme:  # data: and the like stay as they are
            image["src"] = resolve(page_url, image["src"])  # relative to the site's root
    article.attrs = {"id": key, "class": "hb-page"}
    return article


def _retarget(soup, link, page_url: str, included: dict[str, str], handbook: Handbook) -> None:
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
        return
    # No online address to give: keep the words, drop a link that would lead nowhere, and
    # name the handbook's page it led to, which a reader of paper can look up.
    link.name = "span"
    link.attrs = {"class": "hb-offline-link"}
    page = handbook.pages.get(source)
    if page is not None:
        title = page.meta.title
        named = " ".join(link.get_text().split()).casefold() == title.casefold()
        link.append(_tag(soup, "span", text=" (in the handbook)" if named else f" ({title}, in the handbook)",
                         **{"class": "hb-where"}))


def _unlink_counterparts(article) -> None:
    """An indicator's link to the same row on the other page (chapter, summary) leads, on
    paper, to a page every row would name again: the words stay, the link goes. The words
    that say so on screen go too. The one link above the table stays, naming the page."""
    for link in article.select(f"a.{indicators.COUNTERPART_CLASS}"):
        link.unwrap()
    for element in article.select(f".{indicators.SCREEN_ONLY_CLASS}"):
        element.decompose()


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

def _render_job(handbook: Handbook, job: Job, articles: dict[str, str], stamp: PrintStamp,
                site_dir: Path, output: Path) -> tuple[int, set[Path]]:
    """_render, with a page WeasyPrint cannot print reported as the editor's problem."""
    try:
        return _render(job.html, stamp, site_dir, output)
    except Exception as exc:  # WeasyPrint gave up: RecursionError on deeply nested markup
        if len(job.printed_pages) == 1:
            raise HandbookError([_unprintable(job.printed_pages[0], exc)]) from None
        chapters = {page.src for page in handbook.chapters}  # already printed on their own
        for page in job.printed_pages:
            if page.src not in chapters:
                try:
                    _render(chapter_document(handbook, page, articles[page.src], stamp), stamp, site_dir)
                except Exception as alone:
                    raise HandbookError([_unprintable(page, alone)]) from None
        raise  # no page fails on its own: an engine problem


def _unprintable(page: Page, exc: Exception) -> Problem:
    if isinstance(exc, RecursionError):
        reason = ("too deeply nested to print: lists, quotes or tables are put inside one "
                  "another too many times for the PDF's layout; make the page flatter")
    else:
        reason = f"cannot be printed: the PDF's layout failed ({type(exc).__name__}: {exc})"
    return Problem(page.path, 1, "error", reason)


def _render(html: str, stamp: PrintStamp, site_dir: Path, output: Path | None = None) -> tuple[int, set[Path]]:
    """Render with WeasyPrint into `output` (None: only try); return the number of pages
    and the site's files the PDF shows."""
    from weasyprint import CSS, HTML

    from handbook.paper.pdf_artifacts import page_furniture_as_artifacts

    fetcher = site_only_fetcher(site_dir)
    stylesheets = [CSS(filename=str(path), url_fetcher=fetcher) for path in STYLESHEETS]
    stylesheets.append(CSS(string=stamp_css(stamp)))
    document = HTML(string=html, base_url=str(site_dir.resolve()) + "/",
                    url_fetcher=fetcher).render(stylesheets=stylesheets)
    document.write_pdf(output, pdf_variant="pdf/ua-1", finisher=page_furniture_as_artifacts)
    return len(document.pages), fetcher.fetched


def site_only_fetcher(site_dir: Path):
    """A WeasyPrint URL fetcher for `data:` URLs and the files inside `site_dir` (symbolic
    links resolved), that notes the files it fetched. Anything else it refuses: WeasyPrint
    logs the refusal and leaves the image, stylesheet or attachment out."""
    from weasyprint.urls import URLFetcher

    root = Path(site_dir).resolve()

    class SiteOnlyFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"data", "file"})
            self.fetched: set[Path] = set()

        def fetch(self, url, headers=None):
            if urlsplit(url).scheme.lower() != "data":
                path = file_inside(url, root)
                if path is None:
                    raise ValueError(f"not read for a PDF (only data: and the site's own files): {url}")
                self.fetched.add(path)
            return super().fetch(url, headers)

    return SiteOnlyFetcher()


def file_inside(url: str, root: Path) -> Path | None:
    """The file a file: URL names, if it is inside `root` once symbolic links are resolved."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(url2pathname(parts.path)).resolve()
    return path if path.is_relative_to(root) else None


def _link_or_copy(source: Path, target: Path) -> None:
    """A hard link where the file system allows it (no copying of large PDFs), else a copy.
    A file already at `target` is replaced, never written through (it may be a hard link
    to another build's PDF)."""
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


# --- Fingerprints ----------------------------------------------------------------------

def _fingerprint(html: str, stamp: PrintStamp, styles: list[str], engine: list[str]) -> str:
    """What goes into a PDF, the build time its stamp prints included (an unchanged PDF
    from an earlier build would otherwise carry that build's time)."""
    digest = hashlib.sha256()
    for part in [html, repr(stamp), *styles, *engine]:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def _digests(files, site_dir: Path) -> dict[str, str | None]:
    """{path inside the site: SHA-256 of its bytes, or None if it is not there}."""
    root = Path(site_dir).resolve()
    found = {}
    for file in files:
        path = root / file  # absolute (as fetched) or inside the site (as in the manifest)
        found[path.relative_to(root).as_posix()] = (
            hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None)
    return found


def _is_current(entry, fingerprint: str, site_dir: Path) -> bool:
    """Whether a PDF of the last build was made from these very inputs."""
    return (isinstance(entry, dict) and entry.get("fingerprint") == fingerprint
            and isinstance(entry.get("files"), dict)
            and _digests(entry["files"], site_dir) == entry["files"])


def _read_manifest(path: Path) -> dict:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}
