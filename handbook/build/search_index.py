"""The handbook's search: a prebuilt, sharded index that the browser loads on demand.

Material's own search downloads the whole index and builds it in the browser on every
page load (about 8 s at 500 chapters on a throttled phone). Instead, the build writes:

  search/hb-manifest.js    small: counts, kinds of page, vocabulary, stop words
  search/hb-terms-XX.js    postings of the terms whose stem starts with XX
  search/hb-docs-N.js      titles, addresses and text of page N's sections for snippets
  search/hb-words.js       the handbook's words, commonest first (typos, close spellings)

as JavaScript files (not JSON), because `importScripts` can load them in a real worker,
in the iframe shim that stands in for a worker under file://, and from a service worker's
cache alike. `overrides/assets/javascripts/search/engine.js` answers Material's search box
with them.

Words: the Snowball English stemmer (Porter2), `snowballstemmer` here and the vendored
port `search/snowball-english.js` in the browser, so that word forms meet the same way
at build time and in the browser (tests compare the two on every word of the index).

Ranking: BM25F (Robertson and Zaragoza, "The Probabilistic Relevance Framework: BM25 and
Beyond", 2009): a word's occurrences in a section's heading, its page's title and its
text are weighted per field (data/search.yml), the text's count normalised by its length;
at query time the browser adds up the counts of a concept's alternatives (a word and its
synonyms, as one term), saturates the sum and weighs it by the concept's rarity (IDF). Phrases
that the vocabulary names ("county lines", "drink or drugs", every abbreviation's
expansion) are indexed as phrases, so that they match only with their words together.
"""
from __future__ import annotations

import fnmatch
import json
import math
import multiprocessing
import re
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from handbook.build.processes import cores, start_method, worth_sharing
from handbook.build.staging import write_staged
from handbook.content.search_vocabulary import SearchData, phrase_key, stem, tokenize
from handbook.digests import digest

TEXT_KEPT = 20_000        # characters of a section's text kept for snippets (the longest
                          # section of the real chapter has about 5,500)
BM25_K1, BM25_B = 1.2, 0.75  # the usual values (Robertson and Zaragoza 2009)
INDEX_FOLDER = "search"
MANIFEST = "hb-manifest.js"
WORDS = "hb-words.js"
TITLE_MARK = "^"          # "^term": the sections whose own heading holds the term
SYNONYM_WEIGHT = 0.7      # a synonym or an everyday word counts a little less than the
ABBREVIATION_WEIGHT = 1.0  # words typed; an abbreviation means exactly its expansion,
WORD_FORM_WEIGHT = 1.0    # and an irregular form is the same word


# --- Words ----------------------------------------------------------------------------

SHARD_SPLIT_BYTES = 24_000  # a file of terms larger than this is split by three letters


def shard_of(term: str, split: set[str] = frozenset()) -> str:
    """The file a term's postings are in: its first two letters, or three where the
    two-letter file would be large (`split`: those two-letter prefixes)."""
    return term[:3] if term[:2] in split and len(term) >= 3 else term[:2]


# --- Reading the built pages ---------------------------------------------------------

@dataclass
class Section:
    location: str       # page address relative to the site root, with #anchor for sections
    title: str
    page_title: str
    text: str
    is_page: bool
    page_index: int = -1
    kind: int = -1      # index into the data's page kinds; -1: guidance
    words: list[str] = field(default_factory=list)


# Parts of a page that are about the page, not guidance: notes kept out of search
# (hb-no-search), the chapter's review and edition status, its PDF link, the "report a
# problem" line, and heading permalinks.
_SKIPPED_CLASSES = {"hb-no-search", "headerlink", "hb-report", "hb-chapter-status", "hb-pdf-link"}


class _ArticleReader(HTMLParser):
    """Splits a built page's article into the page's introduction and its h2/h3 sections,
    skipping permalinks, scripts and the parts listed in _SKIPPED_CLASSES."""

    SKIP = {"script", "style", "template"}
    HEADINGS = {"h1", "h2", "h3"}
    BREAKS = {"p", "li", "td", "th", "dt", "dd", "tr", "div", "blockquote", "br", "h1", "h2", "h3", "h4"}

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
        classes = set((attributes.get("class") or "").split())
        if tag in self.SKIP or classes & _SKIPPED_CLASSES:
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
            elif self.in_article and not self.skip_depth and closed in self.BREAKS:
                self.parts[-1]["text"].append(" ")  # cells and items do not run together
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


ARTICLE_START = '<article class="md-content__inner'


def read_sections(html: str, location: str, fallback_title: str) -> list[Section]:
    reader = _ArticleReader()
    # Nothing before the article (header, navigation, table of contents) is indexed, and it
    # is two fifths of a page: start reading where the article starts.
    start = html.find(ARTICLE_START)
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


# --- The vocabulary --------------------------------------------------------------------

def synonym_groups(data: SearchData, glossary) -> list[dict]:
    """Groups of words and phrases that find each other: the data's synonyms and irregular
    word forms, and every abbreviation with its expansion."""
    groups = [{"phrases": list(group), "weight": SYNONYM_WEIGHT} for group in data.synonyms]
    groups += [{"phrases": list(group), "weight": WORD_FORM_WEIGHT} for group in data.word_forms]
    for item in glossary.abbreviations:
        expansion = item.expansion.split(" (")[0]
        groups.append({"phrases": [item.abbr, expansion], "weight": ABBREVIATION_WEIGHT})
    return groups


def one_way_groups(data: SearchData) -> list[dict]:
    return [{"words": list(entry.words), "finds": list(entry.finds), "weight": SYNONYM_WEIGHT}
            for entry in data.everyday_words]


def vocabulary_phrases(data: SearchData, glossary) -> set[str]:
    """Every word or phrase the vocabulary names, as written."""
    phrases = {phrase for group in synonym_groups(data, glossary) for phrase in group["phrases"]}
    for group in one_way_groups(data):
        phrases.update(group["words"] + group["finds"])
    return phrases


# --- Kinds of page ---------------------------------------------------------------------

def source_of(location: str) -> str:
    """The docs/ file (and #anchor) a built address comes from: chapters/x.html#a gives
    chapters/x.md#a."""
    page, _, anchor = location.partition("#")
    source = re.sub(r"\.html$", ".md", page)
    return f"{source}#{anchor}" if anchor else source


def kind_of(location: str, data: SearchData) -> int:
    """The first of the data's page kinds whose patterns name this section or its page;
    -1 (guidance) if none does."""
    source = source_of(location)
    page = source.partition("#")[0]
    for index, kind in enumerate(data.page_kinds):
        for pattern in kind.pages:
            if fnmatch.fnmatchcase(source if "#" in pattern else page, pattern):
                return index
    return -1


# --- Writing the index ---------------------------------------------------------------

def _phrase_counts(stems: list[str], phrases: dict[str, list[tuple[str, ...]]]) -> Counter:
    """Occurrences of the vocabulary's phrases (their stems, keyed by the first) in a
    sequence of stems."""
    found: Counter = Counter()
    for position in [index for index, first in enumerate(stems) if first in phrases]:
        for phrase in phrases[stems[position]]:
            if tuple(stems[position:position + len(phrase)]) == phrase:
                found[" ".join(phrase)] += 1
    return found


def _field_terms(words: list[str], stop_words: set[str], phrases) -> tuple[Counter, int]:
    """A field's terms and their counts (words other than stop words, and the
    vocabulary's phrases), and its length in words other than stop words."""
    stems = list(map(stem, words))
    kept = [s for word, s in zip(words, stems, strict=True) if word not in stop_words]
    counts = Counter(kept)
    counts.update(_phrase_counts(stems, phrases))
    return counts, len(kept)


def _page_terms(html: str, relative: str, title: str, stop_words: set[str],
                phrases) -> tuple[list[Section], list[tuple[Counter, Counter, int]], Counter]:
    """A built page's sections and, for each, its heading's terms and its text's terms and
    length; and every word in the page (for the list of the handbook's words)."""
    sections = read_sections(html, relative, title)
    terms = []
    words: Counter = Counter()
    for section in sections:
        title_words, text_words = tokenize(section.title), tokenize(section.text)
        heading, _ = _field_terms(title_words, stop_words, phrases)
        body, length = _field_terms(text_words, stop_words, phrases)
        terms.append((heading, body, length))
        words.update(title_words)
        words.update(text_words)
    return sections, terms, words


PAGE_TERMS = "search-page-terms"      # the memo's name for _page_terms' results
PAGE_LENGTHS = "search-page-lengths"  # a page's sections' text lengths (for the average)
PAGE_INDEX = "search-page-index"      # a page's part of every index file (_PageIndex)
AVERAGE_STEP = 1.01  # the average length is rounded to a power of this (below)


@dataclass
class _PageIndex:
    """A page's part of the index files, ready to join with the other pages': its postings
    and heading marks as JSON text by term, its sections' rows for its docs file, every
    word in it, and the kind of each of its sections."""
    postings: dict[str, str]
    in_heading: dict[str, str]
    rows: str
    words: Counter
    kinds: list[int]
    locations: list[str]


def rounded_average(lengths: list[int]) -> float:
    """The sections' average text length (BM25's length normalisation), rounded to a power
    of AVERAGE_STEP: every posting depends on it, and rounded, an edit that lengthens one
    section by a few words leaves the other pages' postings (and their memo entries) as
    they were. Rounding moves it by at most half a per cent, far less than changes a
    ranking."""
    average = sum(lengths) / max(len(lengths), 1)
    return round(AVERAGE_STEP ** round(math.log(max(average, 1), AVERAGE_STEP)), 2)


def build_search_index(site_dir: Path, pages: list[tuple[str, str]], data: SearchData,
                       glossary, memo=None) -> None:
    """Index the built pages (`(html file relative to site_dir, page title)`) and write the
    index files into site_dir/search/. `memo` (build.memo.BuildMemo), if given, keeps each
    page's terms and its part of the index files for the next build: a page whose HTML,
    title, vocabulary and place in the index are the same is not read again."""
    stop_words = {word.lower() for word in data.stop_words}
    phrases: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for phrase in sorted(vocabulary_phrases(data, glossary)):
        key = tuple(phrase_key(phrase).split())
        if len(key) > 1 and key not in phrases[key[0]]:
            phrases[key[0]].append(key)
    vocabulary_key = json.dumps([sorted(stop_words), sorted(phrases.items())])
    found: dict[str, tuple] = {}  # a page's sections and terms, read in this build and not yet used

    def terms_of(relative: str, title: str, key: str | None) -> tuple:
        if relative not in found:
            found.update(_read_pages(site_dir, [(relative, title, key)], stop_words, phrases, memo))
        return found[relative]

    # First the sections' lengths, for the average; each page's key by what it reads.
    keys: dict[str, str | None] = {}
    page_lengths: dict[str, list[int]] = {}
    for relative, title in pages:
        keys[relative] = memo and _memo_key((site_dir / relative).read_text(encoding="utf-8"),
                                            relative, title, vocabulary_key)
        if memo and (known := memo.get(PAGE_LENGTHS, keys[relative])) is not None:
            page_lengths[relative] = known
    # The pages not known are read now, on every core when there are many (a clean build).
    found.update(_read_pages(site_dir, [(relative, title, keys[relative]) for relative, title in pages
                                        if relative not in page_lengths], stop_words, phrases, memo))
    lengths = []
    for relative, _ in pages:
        if relative not in page_lengths:
            page_lengths[relative] = [max(terms[2], 1) for terms in found[relative][1]]
            if memo:
                memo.put(PAGE_LENGTHS, keys[relative], page_lengths[relative])
        lengths += page_lengths[relative]
    average = rounded_average(lengths)
    settings = json.dumps([average, data.fields.model_dump(), [kind.model_dump() for kind in data.page_kinds]],
                          sort_keys=True, default=str)

    # Then each page's part of the index files, joined.
    postings: dict[str, list[str]] = defaultdict(list)
    in_heading: dict[str, list[str]] = defaultdict(list)
    word_counts: Counter = Counter()
    starts: list[int] = []
    kinds: list[int] = []
    rows: list[str] = []
    locations: list[str] = []
    for relative, title in pages:
        start = len(kinds)
        part_key = memo and digest(keys[relative], str(start), settings)
        part = memo.get(PAGE_INDEX, part_key) if memo else None
        if part is None:
            part = _page_index(*terms_of(relative, title, keys[relative]), start=start,
                               average=average, data=data, stop_words=stop_words, phrases=phrases)
            if memo:
                memo.put(PAGE_INDEX, part_key, part)
        elif memo:  # its terms, for when the page moves in the index (a section added above it)
            memo.keep(PAGE_TERMS, keys[relative])
        found.pop(relative, None)  # used: not kept in memory for the rest of the build
        starts.append(start)
        kinds += part.kinds
        locations += part.locations
        rows.append(part.rows)
        word_counts.update(part.words)
        for term, posting in part.postings.items():
            postings[term].append(posting)
        for term, marks in part.in_heading.items():
            in_heading[term].append(marks)
    _write_index(site_dir / INDEX_FOLDER, postings, in_heading, rows, word_counts, data, glossary,
                 starts=starts, kinds=kinds, locations=locations, average=average, stop_words=stop_words)


def _page_index(sections: list[Section], terms: list, words: Counter, *, start: int, average: float,
                data: SearchData, stop_words: set[str], phrases) -> _PageIndex:
    """A page's part of the index files, its first section being document `start`.
    BM25F: each term's count in each field, weighted by the field, the text's count
    normalised by the text's length. The browser adds up a concept's alternatives (a word
    and its synonyms), then saturates (k1) and weighs by rarity (IDF)."""
    weights = data.fields
    page_title = Counter()
    if sections:
        page_title = _field_terms(tokenize(sections[0].page_title), stop_words, phrases)[0]
    postings: dict[str, list[str]] = defaultdict(list)
    in_heading: dict[str, list[str]] = defaultdict(list)
    for doc, (section, (heading, body, length)) in enumerate(zip(sections, terms, strict=True), start=start):
        title_terms = Counter() if section.is_page else page_title
        norm = 1 - BM25_B + BM25_B * max(length, 1) / average
        for term in set(heading) | set(title_terms) | set(body):
            tf = (weights.heading * heading[term] + weights.page_title * title_terms[term]
                  + weights.body * body[term] / norm)
            postings[term].append(f"{doc},{round(tf, 3)!r}")
        for term in heading:
            in_heading[term].append(str(doc))
    rows = [[s.location, s.title, s.text[:TEXT_KEPT]] for s in sections]
    return _PageIndex(postings={term: ",".join(values) for term, values in postings.items()},
                      in_heading={term: ",".join(values) for term, values in in_heading.items()},
                      rows=_json(rows), words=words,
                      kinds=[kind_of(section.location, data) for section in sections],
                      locations=[section.location for section in sections])


def _write_index(folder: Path, postings: dict[str, list[str]], in_heading: dict[str, list[str]],
                 rows: list[str], word_counts: Counter, data: SearchData, glossary, *, starts: list[int],
                 kinds: list[int], locations: list[str], average: float, stop_words: set[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    entries = {term: ",".join(parts) for term, parts in postings.items()}
    headings = {TITLE_MARK + term: ",".join(parts) for term, parts in in_heading.items()}
    sizes: Counter = Counter()
    for term, entry in entries.items():
        sizes[shard_of(term)] += len(term) + len(entry) + 4  # what the JSON takes
    split = {prefix for prefix, size in sizes.items() if size > SHARD_SPLIT_BYTES}
    shards: dict[str, dict[str, str]] = defaultdict(dict)
    for term in sorted(entries):
        shards[shard_of(term, split)][term] = entries[term]
    for key in sorted(headings):
        shards[shard_of(key[len(TITLE_MARK):], split)][key] = headings[key]
    for name, terms in sorted(shards.items()):
        body = "{" + ",".join(f"{_json(key)}:[{terms[key]}]" for key in sorted(terms)) + "}"
        _write_js_text(folder / f"hb-terms-{_safe(name)}.js", f"self.__hbSearch.terms[{json.dumps(name)}]", body)
    # The text of a page's sections in one file per page: results are grouped by page, so
    # the first results need about one small file per page shown.
    for ordinal, page_rows in enumerate(rows):
        _write_js_text(folder / f"hb-docs-{ordinal}.js", f"self.__hbSearch.docs[{ordinal}]", page_rows)
    # The handbook's words, commonest first, and the vocabulary's: loaded only to correct
    # a word that finds nothing and to offer close spellings.
    vocabulary = {word for phrase in vocabulary_phrases(data, glossary) for word in tokenize(phrase)}
    words = sorted(word_counts, key=lambda word: (-word_counts[word], word))
    words += sorted(vocabulary - set(word_counts))
    _write_js(folder / WORDS, "self.__hbSearch.words", " ".join(words))

    page_kinds = [kinds[start] for start in starts]
    first_sections = set(starts)
    page_of = [ordinal for ordinal, (start, end) in enumerate(zip(starts, starts[1:] + [len(kinds)], strict=False))
               for _ in range(start, end)]
    manifest = {
        "documents": len(kinds),
        "averageLength": average,
        "pages": starts,
        "pageKinds": page_kinds,
        # Sections whose kind is not their page's ("chapters/*.md#further-information").
        "sectionKinds": {str(index): kind for index, kind in enumerate(kinds)
                         if index not in first_sections and kind != page_kinds[page_of[index]]},
        "kinds": [{"kind": kind.kind, "weight": kind.weight, "last": kind.last} for kind in data.page_kinds],
        "shards": {name: _safe(name) for name in sorted(shards)},
        "synonyms": synonym_groups(data, glossary),
        # The vocabulary's words and phrases that the handbook has: the browser loads no
        # file for the others.
        "present": sorted({key for key in map(phrase_key, vocabulary_phrases(data, glossary)) if key in entries}),
        "oneWay": one_way_groups(data),
        "stopWords": sorted(stop_words),
        "noResults": [start for wanted in data.no_results for start in starts
                      if source_of(locations[start]) == wanted],
        "k1": BM25_K1, "b": BM25_B,
    }
    _write_js(folder / MANIFEST, "self.__hbSearch.manifest", manifest)


def _read_pages(site_dir: Path, wanted: list[tuple[str, str, str | None]], stop_words: set[str], phrases,
                memo) -> dict[str, tuple]:
    """Each wanted page's sections and terms (_page_terms), from the memo or read from its
    built HTML; many pages are read in processes of their own, one per core (reading is
    Python work, which threads would take in turns)."""
    result, unread = {}, []
    for relative, title, key in wanted:
        stored = memo.get(PAGE_TERMS, key) if memo else None
        if stored is not None:
            result[relative] = stored
        else:
            unread.append((relative, title, key))
    jobs = [(str(site_dir / relative), relative, title, stop_words, phrases) for relative, title, _ in unread]
    if worth_sharing(len(jobs)):
        workers = cores()
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(start_method())) as pool:
            read = list(pool.map(_terms_of_file, jobs, chunksize=max(1, len(jobs) // (workers * 4))))
    else:
        read = [_terms_of_file(job) for job in jobs]
    for (relative, _, key), terms in zip(unread, read, strict=True):
        result[relative] = terms
        if memo:
            memo.put(PAGE_TERMS, key, terms)
    return result


def _terms_of_file(job: tuple) -> tuple:
    path, relative, title, stop_words, phrases = job
    return _page_terms(Path(path).read_text(encoding="utf-8"), relative, title, stop_words, phrases)


def _memo_key(html: str, relative: str, title: str, vocabulary_key: str) -> str:
    # What read_sections reads: from the article on (the navigation before it, which a
    # retitled chapter changes on many pages, is never read).
    start = html.find(ARTICLE_START)
    return digest(html[start:] if start > 0 else html, relative, title, vocabulary_key)


def _safe(name: str) -> str:
    """A shard name usable in a file name on every file system (ASCII letters and digits)."""
    return "".join(ch if ch.isascii() and ch.isalnum() else f"_{ord(ch):x}" for ch in name)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _write_js(path: Path, target: str, value) -> None:
    _write_js_text(path, target, _json(value))


def _write_js_text(path: Path, target: str, body: str) -> None:
    write_staged(path, f"self.__hbSearch=self.__hbSearch||{{terms:{{}},docs:{{}}}};{target}={body};\n".encode())
