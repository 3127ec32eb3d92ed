"""The editor's lint: everything `make check` finds in a loaded handbook, without building.

One function per check; each reads only the model (pages, data and their line maps) and
returns Problems with the file and line to look at. Errors are what would break the site;
warnings are what a careful editor would want to know, each saying what to do.
"""
from __future__ import annotations

import datetime as dt
import re

from handbook.checks.amendments import check_amendment_dates, check_amendments
from handbook.checks.links import check_unlinked_chapters
from handbook.checks.prose import Block, page_blocks, reading_grade, sentences, words
from handbook.checks.search_vocabulary import check_search_vocabulary
from handbook.checks.structure import check_heading_anchors, check_title_line
from handbook.content.editorial_settings import Editorial
from handbook.content.legal import Citation, Provision
from handbook.content.model import Handbook
from handbook.content.pages import Page, overdue_chapters, unconfirmed_owners
from handbook.problems import Problem
from handbook.templating.renderer import PageRenderer


def run_checks(handbook: Handbook, *, today: dt.date, renderer: PageRenderer | None = None) -> list[Problem]:
    """The warnings for a handbook that passed site.validate_project (which finds the
    errors: invalid input, unknown ids, broken links); the model's own warnings (unset
    contacts, unconfirmed addresses) come first."""
    problems = list(handbook.warnings)
    problems += check_review_dates(handbook, today)
    problems += [p for p in check_unconfirmed_owners(handbook) if p not in problems]
    problems += check_amendments(handbook)
    problems += check_amendment_dates(handbook, today)
    problems += check_unlinked_chapters(handbook, renderer or PageRenderer(handbook))
    problems += check_search_vocabulary(handbook)
    settings = handbook.editorial
    if settings is None:
        problems.append(Problem("data/editorial.yml", None, "warning",
                                "no editorial settings: the checks of wording, headings, "
                                "repetition and readability were skipped (copy the file "
                                "from the handbook's repository)"))
    for page in handbook.pages.values():
        problems += check_title_line(page)
        problems += check_heading_anchors(page)
        blocks = page_blocks(page)
        problems += check_section_numbering(page, blocks)
        problems += check_brackets(page, blocks)
        problems += check_abbreviations(page, blocks, handbook)
        problems += check_superseded_citations(page, blocks, handbook)
        if settings is None:
            continue
        problems += check_dangling_colons(page, blocks, settings)
        problems += check_verb_forms(page, blocks, settings)
        if page.is_chapter:
            problems += check_heading_matches_text(page, blocks, settings)
            problems += check_repetition(page, blocks, settings)
            problems += check_readability(page, blocks, settings)
    return problems


def _prose(blocks: list[Block]) -> list[Block]:
    return [block for block in blocks if block.kind in ("paragraph", "item")]


def _warning(page: Page, line: int | None, message: str) -> Problem:
    return Problem(page.path, line, "warning", message)


# --- Dates ----------------------------------------------------------------------------

def check_review_dates(handbook: Handbook, today: dt.date) -> list[Problem]:
    """One warning per chapter whose review was due before `today`, most overdue first
    (also `python -m handbook overdue`). A chapter with no review date set (no interval of
    its own and none in the partnership data) is never overdue: the missing interval is one
    warning on data/partnership.yml instead."""
    found = []
    chapters = [page for page in handbook.chapters if not page.stand_in]
    for item in overdue_chapters(chapters, handbook.partnership.review_interval_months, today):
        page = item.page
        field = "review_due" if page.meta.review_due else "last_reviewed"
        found.append(_warning(page, page.field_line(field),
                              f"past its review date: review was due by {item.due.human()} "
                              f"(last reviewed {page.meta.last_reviewed.human()}); review the "
                              "chapter, then update last_reviewed and add an amendment"))
    return found


def check_unconfirmed_owners(handbook: Handbook) -> list[Problem]:
    """Chapters whose owner the partnership has not confirmed (`owner_confirmed: false`);
    reported once even if the model's own warnings (handbook.warnings) carry them too."""
    return unconfirmed_owners(handbook.chapters)


# --- Structure ------------------------------------------------------------------------

_NUMBERED = re.compile(r"^(\d+)\.\s+\S")


def check_section_numbering(page: Page, blocks: list[Block]) -> list[Problem]:
    """Numbered headings count 1, 2, 3... at each level, within their parent section."""
    found = []
    last: dict[int, int] = {}
    for block in blocks:
        if block.kind != "heading":
            continue
        for level in [lvl for lvl in last if lvl > block.level]:
            del last[level]
        match = _NUMBERED.match(block.text)
        if not match:
            continue
        number, previous = int(match.group(1)), last.get(block.level)
        if previous is None and number != 1:
            found.append(_warning(page, block.line, f"section numbering starts at {number}, "
                                  "not 1: renumber, or add the sections before it"))
        elif previous is not None and number == previous:
            found.append(_warning(page, block.line, f"section number {number} is used twice: "
                                  "renumber the sections"))
        elif previous is not None and number != previous + 1:
            gap = (f"jumps from {previous} to {number} (no section {previous + 1})"
                   if number > previous else f"goes back from {previous} to {number}")
            found.append(_warning(page, block.line, f"section numbering {gap}: renumber the "
                                  "sections, or add the missing one"))
        last[block.level] = number
    return found


def _stem(word: str) -> str:
    """A crude stem, the first five letters: 'protection' matches 'protecting'."""
    return word.lower()[:5]


def check_heading_matches_text(page: Page, blocks: list[Block], settings: Editorial) -> list[Problem]:
    """A heading none of whose own words appear in its section is probably over the wrong
    text (a section moved, or a heading kept when the text was replaced). Words of the
    chapter's title and the data's ignored words don't count: they fit every section."""
    ignored = {word.lower() for word in settings.heading_words_ignored}
    title_stems = {_stem(w) for w in words(page.meta.title)}
    found = []
    for index, block in enumerate(blocks):
        if block.kind != "heading":
            continue
        section = []
        for later in blocks[index + 1:]:
            if later.kind == "heading" and later.level <= block.level:
                break
            if later.kind in ("paragraph", "item", "heading"):
                section.append(later.text)
        section_words = {w.lower() for text in section for w in re.split(r"[^A-Za-z]+", text) if w}
        if len(section_words) < 20:
            continue  # too little text of its own to judge (a list made by a macro, say)
        own = [w for w in re.split(r"[^A-Za-z]+", re.sub(r"^\d+\.\s*", "", block.text))
               if len(w) > 2 and w.lower() not in ignored and _stem(w) not in title_stems]
        if own and not any(any(sw.startswith(_stem(w)) for sw in section_words) for w in own):
            found.append(_warning(page, block.line,
                                  f"heading '{block.text}' may be over the wrong text: none of its "
                                  f"words ({', '.join(dict.fromkeys(w.lower() for w in own))}) appear "
                                  "in the section; check that the heading says what the section is about"))
    return found


def check_dangling_colons(page: Page, blocks: list[Block], settings: Editorial) -> list[Problem]:
    """Text ending in a colon that introduces a list, with no list after it."""
    cues = [cue.lower() for cue in settings.list_cues]
    found = []
    for index, block in enumerate(blocks):
        if block.kind not in ("paragraph", "item") or not block.text.rstrip().endswith(":"):
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        last_sentence = sentences(block)[-1].text.lower()
        line = block.lines[-1][0]
        if following is None or following.kind == "heading":
            found.append(_warning(page, line, "ends in a colon but nothing follows it before the "
                                  f"{'end of the page' if following is None else 'next heading'}: "
                                  "a list may have been lost; add it, or end the sentence"))
        elif following.kind == "paragraph" and any(
                re.search(rf"\b{re.escape(cue)}\b", last_sentence) for cue in cues):
            found.append(_warning(page, line, "announces a list but a paragraph follows: a list "
                                  "may have been lost; add it, or end the sentence"))
    return found


# --- Wording --------------------------------------------------------------------------

_OPENING = {"(": ")", "[": "]"}
_CLOSING = {close: open_ for open_, close in _OPENING.items()}
_ENUMERATOR = re.compile(r"^\(?[a-z0-9]{1,3}\)\s")  # "a) ..." or "(iv) ..." starting an item


def check_brackets(page: Page, blocks: list[Block]) -> list[Problem]:
    found = []
    for block in _prose(blocks):
        text = block.text
        start = m.end() if (m := _ENUMERATOR.match(text)) else 0
        stack: list[tuple[str, int]] = []
        for offset in range(start, len(text)):
            char = text[offset]
            if char in _OPENING:
                stack.append((char, offset))
            elif char in _CLOSING:
                if stack and stack[-1][0] == _CLOSING[char]:
                    stack.pop()
                else:
                    found.append(_warning(page, block.line_at(offset),
                                          f"unbalanced bracket: '{char}' with no '{_CLOSING[char]}' "
                                          f"before it (near '{_near(text, offset)}')"))
                    break
        else:
            for char, offset in stack[:1]:
                found.append(_warning(page, block.line_at(offset),
                                      f"unbalanced bracket: '{char}' is never closed "
                                      f"(near '{_near(text, offset)}')"))
    return found


def _near(text: str, offset: int, width: int = 30) -> str:
    return text[max(0, offset - width):offset + 1].strip()


def check_verb_forms(page: Page, blocks: list[Block], settings: Editorial) -> list[Problem]:
    """'are involve in' for 'are involved in'; 'issues identifies' for 'issues identified'."""
    by_base = {v.base.lower(): v for v in settings.verb_forms}
    by_third = {v.third_person.lower(): v for v in settings.verb_forms}
    after_be = re.compile(r"\b(am|is|are|was|were|be|been|being)\s+(" +
                          "|".join(map(re.escape, by_base)) + r")\b", re.I)
    after_plural = re.compile(r"\b([a-z]{3,}s)\s+(" + "|".join(map(re.escape, by_third)) + r")\b", re.I)
    not_plural = {word.lower() for word in settings.not_plurals}
    found = []
    for block in _prose(blocks):
        for sentence in sentences(block):
            for match in after_be.finditer(sentence.text):
                verb = by_base[match.group(2).lower()]
                found.append(_warning(page, sentence.line,
                                      f"'{match.group(0)}': after '{match.group(1)}' the verb needs "
                                      f"its participle: '{match.group(1)} {verb.participle}'"))
            for match in after_plural.finditer(sentence.text):
                noun = match.group(1)
                if noun.lower().endswith(("ss", "us", "is")) or noun.lower() in not_plural:
                    continue
                verb = by_third[match.group(2).lower()]
                found.append(_warning(page, sentence.line,
                                      f"'{match.group(0)}': a plural before a singular verb; did you "
                                      f"mean '{noun} {verb.participle}' or '{noun} {verb.base}'?"))
    return found


def check_repetition(page: Page, blocks: list[Block], settings: Editorial) -> list[Problem]:
    """A run of words seen twice in one sentence (a slip when editing), or a sentence that
    repeats text from earlier in the chapter."""
    size = settings.repetition.min_words
    seen: dict[tuple[str, ...], int] = {}
    found = []
    for block in _prose(blocks):
        for sentence in sentences(block):
            tokens = [w.lower() for w in words(sentence.text)]
            grams = [tuple(tokens[i:i + size]) for i in range(len(tokens) - size + 1)]
            inside = _repeated_within(tokens, size)
            if inside:
                found.append(_warning(page, sentence.line,
                                      f"text repeated within one sentence: '{' '.join(inside)}' "
                                      "appears twice; remove one"))
            else:
                for run, first_line in _runs_seen_before(tokens, grams, seen, size):
                    found.append(_warning(page, sentence.line,
                                          f"repeats text from line {first_line}: '{' '.join(run)}'; "
                                          "keep one, or say it differently"))
            for gram in grams:
                seen.setdefault(gram, sentence.line)
    return found


def _repeated_within(tokens: list[str], size: int) -> list[str] | None:
    """The longest-from-first run of at least `size` words that appears twice, without
    overlapping itself, in `tokens`."""
    first: dict[tuple[str, ...], int] = {}
    for later in range(len(tokens) - size + 1):
        gram = tuple(tokens[later:later + size])
        earlier = first.setdefault(gram, later)
        if later - earlier >= size:
            length = size
            while (later + length < len(tokens) and earlier + length < later
                   and tokens[earlier + length] == tokens[later + length]):
                length += 1
            return tokens[earlier:earlier + length]
    return None


def _runs_seen_before(tokens, grams, seen, size) -> list[tuple[list[str], int]]:
    """Maximal runs of this sentence's words that were seen earlier, with the line where."""
    runs: list[list[int]] = []
    for index, gram in enumerate(grams):
        if gram in seen:
            if runs and runs[-1][1] == index - 1:
                runs[-1][1] = index
            else:
                runs.append([index, index])
    return [(tokens[start:end + size], seen[grams[start]]) for start, end in runs]


# --- Data the text must agree with -----------------------------------------------------

_ABBREVIATION = re.compile(r"(?<![\w.])([A-Z][A-Za-z]*(?:\.[A-Z][A-Za-z]*)*\+?)(?![\w])")
_ROMAN = re.compile(r"^[IVXLC]+$")


def _looks_like_abbreviation(token: str) -> bool:
    letters = token.replace(".", "").rstrip("+")
    upper = sum(1 for c in letters if c.isupper())
    return upper >= 2 and upper >= len(letters) - upper and not _ROMAN.match(letters)


def check_abbreviations(page: Page, blocks: list[Block], handbook: Handbook) -> list[Problem]:
    """Abbreviations in the text that the glossary does not define (so get no tooltip)."""
    known = set()
    for item in handbook.glossary.abbreviations:
        known.update({item.abbr, item.tooltip_key})
    found, reported = [], set()
    for block in blocks:
        if block.kind not in ("paragraph", "item", "heading"):
            continue
        for match in _ABBREVIATION.finditer(block.text):
            token = match.group(1)
            if not _looks_like_abbreviation(token) or token in reported:
                continue
            bare = token.rstrip("+")
            singular = bare[:-1] if bare.endswith("s") and bare[:-1].isupper() else bare
            if {token, bare, singular} & known:
                continue
            reported.add(token)
            found.append(_warning(page, block.line_at(match.start()),
                                  f"'{token}' looks like an abbreviation that the glossary "
                                  "does not define: add it to data/glossary.yml (it then gets a "
                                  "tooltip), or write it out"))
    return found


_SECTION_REF = re.compile(r"\b(?:sections?|ss?\.)\s*(\d+[A-Z]*)(?:\s*(?:-|–|to)\s*(\d+[A-Z]*))?", re.I)
_SECTION_NUMBER = re.compile(r"(\d+)([A-Z]*)")


def _section_key(text: str) -> tuple[int, str]:
    match = _SECTION_NUMBER.match(text.upper())
    return int(match.group(1)), match.group(2)


def _section_ranges(sections: str) -> list[tuple[tuple[int, str], tuple[int, str]]]:
    """'ss.66B-66D' -> [((66,'B'), (66,'D'))]; 'ss.1, 74-76' -> [((1,''),(1,'')), ((74,''),(76,''))]."""
    ranges = []
    for part in re.split(r",|\band\b", re.sub(r"^\s*ss?\.\s*|\(\d+\)", "", sections)):
        bounds = [b for b in re.split(r"\s*(?:-|–|to)\s*", part.strip()) if _SECTION_NUMBER.match(b)]
        if bounds:
            ranges.append((_section_key(bounds[0]), _section_key(bounds[-1])))
    return ranges


def _cites(sentence: str, citation: Citation) -> bool:
    flat = " ".join(sentence.split())
    if citation.act.lower() not in flat.lower():
        return False
    wanted = _section_ranges(citation.sections)
    for ref in _SECTION_REF.finditer(flat):
        low = _section_key(ref.group(1))
        high = _section_key(ref.group(2)) if ref.group(2) else low
        if any(not (high < start or low > end) for start, end in wanted):
            return True
    return False


def check_superseded_citations(page: Page, blocks: list[Block], handbook: Handbook) -> list[Problem]:
    """Text citing (by Act and section) a provision that data/legal.yml marks superseded."""
    superseded = [p for p in handbook.legal.provisions if p.status == "superseded"]
    found = []
    for block in _prose(blocks):
        for sentence in sentences(block):
            for provision in superseded:
                citation = next((c for c in provision.citations if _cites(sentence.text, c)), None)
                if citation:
                    found.append(_warning(page, sentence.line,
                                          _superseded_message(handbook, provision, citation)))
    return found


def _superseded_message(handbook: Handbook, provision: Provision, citation: Citation) -> str:
    current = handbook.legal.provision(provision.superseded_by)
    return (f"cites {citation.act} {citation.sections}, which data/legal.yml marks as superseded "
            f"on {provision.superseded_on.human()} by {current.citation}: state the law in force, "
            f"for example with {{{{ legal_statement(\"{current.id}\") }}}}")


# --- Readability ----------------------------------------------------------------------

def check_readability(page: Page, blocks: list[Block], settings: Editorial) -> list[Problem]:
    texts = [s.text for block in _prose(blocks) for s in sentences(block)]
    grade = reading_grade(texts)
    limit = settings.readability.max_grade
    if grade is None or grade <= limit:
        return []
    return [_warning(page, page.field_line("title"),
                     f"reading grade {grade:.1f} (Flesch-Kincaid) is above the limit of {limit:g} "
                     "set in data/editorial.yml: shorter sentences and plainer words bring it down")]
