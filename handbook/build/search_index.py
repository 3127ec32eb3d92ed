"""The handbook's search: a prebuilt, sharded index that the browser loads on demand.

Material's own search downloads the whole index and builds it in the browser on every
page load (about 8 s at 500 chapters on a throttled phone). Instead, the build writes:

  search/hb-manifest.js    small: counts, term weights' inputs, synonyms, stop words
  search/hb-terms-XX.js    postings of the terms whose stem starts with XX
  search/hb-docs-N.js      titles, addresses and text of page N's sections for snippets

as JavaScript files (not JSON), because `importScripts` can load them in a real worker,
in the iframe shim that stands in for a worker under file://, and from a service worker's
cache alike. `overrides/assets/javascripts/search/worker.js` answers Material's
search box with them, using the same tokenizer and stemmer as this module (keep the two
in step: tests compare them).
"""
from __future__ import annotations

import functools
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from handbook.content.search_vocabulary import SearchData

TEXT_KEPT = 800           # characters of a section's text kept for snippets
TITLE_WEIGHT = 3.0        # a word in a heading counts as much as three in the text
PAGE_TITLE_WEIGHT = 0.5   # a section also matches, weakly, on its page's title
BM25_K1, BM25_B = 1.2, 0.75
INDEX_FOLDER = "search"
MANIFEST = "hb-manifest.js"


# --- Words ----------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_SUFFIXES = ("ings", "ing", "ers", "ies", "ied", "es", "ed", "er", "ly", "s", "e")


def tokenize(text: str) -> list[str]:
    """Lower-case words of two characters or more ("child's" gives "child")."""
    return [word for word in _WORD.findall(text.lower()) if len(word) > 1]


@functools.cache  # a large handbook stems the same words a million times
def stem(word: str) -> str:
    """A light English stemmer: share, shares, shared and sharing all give 'shar'.
    Deliberately simple so that the JavaScript copy is identical."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]
    return word


def shard_of(term: str) -> str:
    return term[:2]


# --- Reading the built pages ---------------------------------------------------------

@dataclass
class Section:
    location: str       # page address relative to the site root, with #anchor for sections
    title: str
    page_title: str
    text: str
    is_page: bool
    page_index: int = -1
    words: list[str] = field(default_factory=list)


class _ArticleReader(HTMLParser):
    """Splits a built page's article into the page's introduction and its h2/h3 sections,
    skipping permalinks, scripts and anything with the class `hb-no-search` (quotations
    and notes about the page, which a search should not lead to)."""

    SKIP = {"script", "style", "template"}
    HEADINGS = {"h1", "h2", "h3"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_article = 0
        self.skip_depth = 0
        self.heading: dict | None = None
        self.page_title = ""
        self.parts: list[dict] = [{"id": None, "title": "", "text": []}]
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("br", "img", "hr", "input", "meta", "link", "wbr"):
            return
        self.stack.append(tag)
        if tag == "article" and "md-content__inner" in (attributes.get("class") or ""):
            self.in_article = len(self.stack)
            return
        if not self.in_article:
            return
        if self.skip_depth:
            return
        classes = attributes.get("class") or ""
        if tag in self.SKIP or "hb-no-search" in classes.split() or "headerlink" in classes.split():
            self.skip_depth = len(self.stack)
            return
        if tag in self.HEADINGS:
            self.heading = {"tag": tag, "id": attributes.get("id"), "text": []}

    def handle_endtag(self, tag):
        if tag not in self.stack:
            return
        while self.stack:
            closed = self.stack.pop()
            depth = len(self.stack) + 1
            if self.skip_depth and depth <= self.skip_depth:
                self.skip_depth = 0
            if self.in_article and depth <= self.in_article:
                self.in_article = 0
            if self.heading and closed == self.heading["tag"]:
                self._close_heading()
            if closed == tag:
                break

    def _close_heading(self):
        heading, self.heading = self.heading, None
        title = " ".join("".join(heading["text"]).split())
        if heading["tag"] == "h1":
            self.page_title = title
        else:
            self.parts.append({"id": heading["id"], "title": title, "text": []})

    def handle_data(self, data):
        if not self.in_article or self.skip_depth:
            return
        if self.heading is not None:
            self.heading["text"].append(data)
        else:
            self.parts[-1]["text"].append(data)


def read_sections(html: str, location: str, fallback_title: str) -> list[Section]:
    reader = _ArticleReader()
    # Nothing before the article (header, navigation, table of contents) is indexed, and it
    # is two fifths of a page: start reading where the article starts.
    start = html.find('<article class="md-content__inner')
    reader.feed(html[start:] if start > 0 else html)
    reader.close()
    page_title = reader.page_title or fallback_title
    sections = []
    for index, part in enumerate(reader.parts):
        text = " ".join("".join(part["text"]).split())
        if index == 0:
            sections.append(Section(location, page_title, page_title, text, is_page=True))
        elif part["id"]:
            sections.append(Section(f"{location}#{part['id']}", part["title"], page_title, text,
                                    is_page=False))
    return sections


# --- Writing the index ---------------------------------------------------------------

SYNONYM_WEIGHT = 0.7       # a synonym counts a little less than the words typed...
ABBREVIATION_WEIGHT = 1.0  # ...but an abbreviation means exactly its expansion


def synonym_groups(data: SearchData, glossary) -> list[dict]:
    """Synonym groups from the search data, plus every abbreviation with its expansion."""
    groups = [{"phrases": list(group), "weight": SYNONYM_WEIGHT} for group in data.synonyms]
    for item in glossary.abbreviations:
        expansion = item.expansion.split(" (")[0]
        groups.append({"phrases": [item.abbr, expansion], "weight": ABBREVIATION_WEIGHT})
    return groups


def build_search_index(site_dir: Path, pages: list[tuple[str, str]], data: SearchData,
                       glossary) -> None:
    """Index the built pages (`(html file relative to site_dir, page title)`) and write the
    index files into site_dir/search/."""
    sections: list[Section] = []
    for relative, title in pages:
        html = (site_dir / relative).read_text(encoding="utf-8")
        page_sections = read_sections(html, relative, title)
        page_index = len(sections)
        for section in page_sections:
            section.page_index = page_index
        sections += page_sections

    stop_words = {word.lower() for word in data.stop_words}
    lengths = []
    term_weights: list[Counter] = []
    for section in sections:
        counts: Counter = Counter()
        text_words = [stem(w) for w in tokenize(section.text) if w not in stop_words]
        for term in text_words:
            counts[term] += 1.0
        for term in (stem(w) for w in tokenize(section.title) if w not in stop_words):
            counts[term] += TITLE_WEIGHT
        if not section.is_page:
            for term in (stem(w) for w in tokenize(section.page_title) if w not in stop_words):
                counts[term] += PAGE_TITLE_WEIGHT
        lengths.append(max(len(text_words), 1))
        term_weights.append(counts)
    average = sum(lengths) / max(len(lengths), 1)

    postings: dict[str, list] = defaultdict(list)
    for doc, counts in enumerate(term_weights):
        norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths[doc] / average)
        for term, tf in sorted(counts.items()):
            weight = tf * (BM25_K1 + 1) / (tf + norm)
            postings[term] += [doc, round(weight, 3)]

    folder = site_dir / INDEX_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    shards: dict[str, dict] = defaultdict(dict)
    for term in sorted(postings):
        shards[shard_of(term)][term] = postings[term]
    for name, terms in sorted(shards.items()):
        _write_js(folder / f"hb-terms-{_safe(name)}.js", f"self.__hbSearch.terms[{json.dumps(name)}]", terms)
    # The text of a page's sections in one file per page: results are grouped by page, so
    # the first results need about one small file per page shown.
    starts = [index for index, section in enumerate(sections) if section.is_page]
    for ordinal, (start, end) in enumerate(zip(starts, starts[1:] + [len(sections)], strict=False)):
        rows = [[s.location, s.title, s.text[:TEXT_KEPT]] for s in sections[start:end]]
        _write_js(folder / f"hb-docs-{ordinal}.js", f"self.__hbSearch.docs[{ordinal}]", rows)
    manifest = {
        "documents": len(sections),
        "pages": starts,
        "shards": {name: _safe(name) for name in sorted(shards)},
        "synonyms": synonym_groups(data, glossary),
        "stopWords": sorted(stop_words),
    }
    _write_js(folder / MANIFEST, "self.__hbSearch.manifest", manifest)


def _safe(name: str) -> str:
    """A shard name usable in a file name on every file system (ASCII letters and digits)."""
    return "".join(ch if ch.isascii() and ch.isalnum() else f"_{ord(ch):x}" for ch in name)


def _write_js(path: Path, target: str, value) -> None:
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    path.write_text(f"self.__hbSearch=self.__hbSearch||{{terms:{{}},docs:{{}}}};{target}={body};\n",
                    encoding="utf-8")
