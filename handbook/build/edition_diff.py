""""What changed in this edition": a chapter compared with the same chapter in the previous
edition, word by word, on the text a reader sees (macros carried out, markdown rendered).

Insertions and deletions are marked with <ins> and <del>, which are underlined and struck
through (not colour alone), and each carries visually hidden words ("inserted:", "deleted:")
because screen readers do not announce <ins> and <del> by themselves.
"""
from __future__ import annotations

import difflib
import html
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown

from handbook.addresses import built_path, relative_link, to_site_root
from handbook.build.memo import BuildMemo
from handbook.content.editions import Edition
from handbook.content.pages import Page
from handbook.digests import digest
from handbook.escaping import attribute, text
from handbook.templating.renderer import PageRenderer

CHANGES_FOLDER = "changes"  # changes/<chapter src>: the "What changed" page of a chapter
CHANGES_PAGE = "changes-page"  # the build memo's name for such a page's markdown source
# Python-Markdown extensions the chapters use (as in mkdocs.yml), enough to read the text.
_EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables"]
_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "tr", "dt", "dd", "pre"}
_CELLS = {"td", "th"}
_SIMILAR = 0.4  # blocks more alike than this are shown as one changed block, not delete+insert
_CONTEXT_KINDS = {"h2", "h3"}  # unchanged headings are kept, so that a change has its section


@dataclass(frozen=True)
class Block:
    kind: str   # the HTML element: h2, p, li, tr, ...
    text: str   # its words, separated by single spaces
    # What is compared between editions: the words without the cells that only link
    # elsewhere (the indicators' "At a glance" column is made by the macro, not written)
    # and without the punctuation that ends a list item (";" in a list, none in a table),
    # so that a list becoming a table, or a row added, changes only what the reader is told.
    key: str = ""

    @property
    def compared(self) -> str:
        return self.key or self.text


_ITEM_END = re.compile(r"[\s;,.:]+$")


class _TextBlocks(HTMLParser):
    """The text of each block (paragraph, heading, list item, table row) of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._open: list[str] = []
        self._words: list[str] = []
        self._key: list[str] = []       # the words compared (see Block.key)
        self._cell: list[tuple[str, bool]] | None = None  # a table cell's text: (text, in a link)
        self._links = 0

    def _flush(self) -> None:
        self._end_cell()
        words = "".join(self._words).split()
        while words and words[0] == "|":  # table cells that hold only an anchor or a link
            words.pop(0)
        while words and words[-1] == "|":
            words.pop()
        text = " ".join(words)
        key = " ".join(w for w in "".join(self._key).split() if w != "|")
        if text and self._open:
            kind = self._open[-1]
            self.blocks.append(Block(kind, text, _ITEM_END.sub("", key) if kind in ("li", "tr") else key))
        self._words, self._key = [], []

    def _end_cell(self) -> None:
        """A cell's text goes to the words shown; to the words compared only if some of it
        is not a link (a cell that is only a link is a column made by a macro)."""
        if self._cell is None:
            return
        cell, self._cell = self._cell, None
        text = "".join(part for part, _ in cell)
        if any(part.strip() and not linked for part, linked in cell):
            self._key.append(" | " + text)

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self._flush()
            self._open.append(tag)
        elif tag in _CELLS:
            self._end_cell()
            if self._words:
                self._words.append(" | ")
            self._cell = []
        elif tag == "a":
            self._links += 1

    def handle_endtag(self, tag):
        if tag in _CELLS:
            self._end_cell()
        elif tag == "a" and self._links:
            self._links -= 1
        if tag in _BLOCKS and tag in self._open:
            self._flush()
            while self._open and self._open.pop() != tag:
                pass

    def handle_data(self, data):
        self._words.append(data)
        if self._cell is not None:
            self._cell.append((data, self._links > 0))
        else:
            self._key.append(data)


def blocks_of(text: str) -> list[Block]:
    """The blocks a reader sees in a chapter's rendered markdown."""
    # Heading anchors ({#id}) and HTML comments are not part of what a reader sees.
    parser = _TextBlocks()
    parser.feed(markdown.markdown(text, extensions=_EXTENSIONS))
    parser.close()
    return parser.blocks


@dataclass(frozen=True)
class ChangedBlock:
    kind: str
    status: str       # "same", "changed", "inserted", "deleted"
    html: str         # the block's text as HTML, with <ins>/<del>


def compare(old: list[Block], new: list[Block]) -> list[ChangedBlock]:
    """Align the blocks of two editions, then mark the words changed inside each block.
    Blocks are compared on their words (Block.key): a list item that became a table row
    with the same words is the same; a row added is one inserted block."""
    out: list[ChangedBlock] = []
    matcher = difflib.SequenceMatcher(None, [b.compared for b in old], [b.compared for b in new],
                                      autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += [ChangedBlock(b.kind, "same", html.escape(b.text)) for b in new[j1:j2]]
        else:
            out += _pair(old[i1:i2], new[j1:j2])
    return out


def _pair(old: list[Block], new: list[Block]) -> list[ChangedBlock]:
    """Within a changed stretch, the most alike old and new blocks are one changed block;
    what is left on either side is compared the same way; the rest is deleted or inserted."""
    likeness = {}
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    for j, b in enumerate(new):
        matcher.set_seq2(b.compared.split())
        for i, a in enumerate(old):
            matcher.set_seq1(a.compared.split())
            if matcher.real_quick_ratio() > _SIMILAR and matcher.quick_ratio() > _SIMILAR:
                likeness[i, j] = matcher.ratio()
    return _pair_within(old, new, 0, len(old), 0, len(new), likeness)


def _pair_within(old, new, i1, i2, j1, j2, likeness) -> list[ChangedBlock]:
    candidates = [(ratio, pair) for pair, ratio in likeness.items()
                  if ratio > _SIMILAR and i1 <= pair[0] < i2 and j1 <= pair[1] < j2]
    if not candidates:
        return ([ChangedBlock(b.kind, "deleted", _mark("del", b.text)) for b in old[i1:i2]]
                + [ChangedBlock(b.kind, "inserted", _mark("ins", b.text)) for b in new[j1:j2]])
    _, (i, j) = max(candidates)
    return (_pair_within(old, new, i1, i, j1, j, likeness)
            + [ChangedBlock(new[j].kind, "changed", _word_diff(old[i].compared, new[j].compared))]
            + _pair_within(old, new, i + 1, i2, j + 1, j2, likeness))


def _word_diff(old: str, new: str) -> str:
    a, b = old.split(), new.split()
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(html.escape(" ".join(b[j1:j2])))
            continue
        if i2 > i1:
            parts.append(_mark("del", " ".join(a[i1:i2])))
        if j2 > j1:
            parts.append(_mark("ins", " ".join(b[j1:j2])))
    return " ".join(parts)


_LABELS = {"ins": ("inserted: ", " (end of insertion)"), "del": ("deleted: ", " (end of deletion)")}


def _mark(tag: str, text: str) -> str:
    start, end = _LABELS[tag]
    return (f'<{tag}><span class="hb-visually-hidden">{start}</span>{html.escape(text)}'
            f'<span class="hb-visually-hidden">{end}</span></{tag}>')


def changes_path(src: str) -> str:
    return f"{CHANGES_FOLDER}/{src}"


def _render_blocks(blocks: list[ChangedBlock]) -> list[str]:
    """Changed blocks in full; unchanged stretches folded to a count, keeping their headings."""
    out, skipped = [], 0

    def fold():
        nonlocal skipped
        if skipped:
            out.append(f'<p class="hb-diff-same">({skipped} unchanged passage{"s" * (skipped > 1)})</p>')
        skipped = 0

    for block in blocks:
        if block.status == "same" and block.kind not in _CONTEXT_KINDS:
            skipped += 1
            continue
        fold()
        tag = block.kind if block.kind in _CONTEXT_KINDS else "p"
        prefix = "• " if block.kind == "li" else ""
        out.append(f'<{tag} class="hb-diff-{block.status}">{prefix}{block.html}</{tag}>')
    fold()
    return out


def _explain_abbreviations(fragment: str, abbreviations: dict[str, str]) -> str:
    """Wrap each abbreviation in the text (not the tags) of an HTML fragment in <abbr>, as
    Markdown's abbr extension does for every other page: it does not reach raw HTML."""
    if not abbreviations:
        return fragment
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(a) for a in sorted(abbreviations, key=len, reverse=True))
                         + r")(?![\w-])")
    parts = re.split(r"(<[^>]+>)", fragment)
    for index in range(0, len(parts), 2):
        parts[index] = pattern.sub(lambda m: f'<abbr title="{html.escape(abbreviations[m.group(1)])}">'
                                             f"{m.group(1)}</abbr>", parts[index])
    return "".join(parts)


def chapter_changes_page(chapter: Page, old_chapter: Page, renderer: PageRenderer, old_renderer: PageRenderer,
                         current: Edition, previous: Edition, abbreviations: dict[str, str],
                         memo: BuildMemo | None = None) -> str:
    """The markdown source of `chapter`'s "What changed" page: its text compared with that of
    `old_chapter`, the same chapter in the `previous` edition, each as its edition's
    renderer gives it. With `memo`, a page whose every input is as an earlier build found
    it is not made again: an edition of hundreds of chapters made every build compare them
    all again (markdown, then a word-by-word comparison), though an edit changes one."""
    new_text = renderer.render(chapter).markdown
    old_text = old_renderer.render(old_chapter).markdown
    key = memo and digest(old_text, new_text, chapter.src, chapter.meta.title, current.model_dump_json(),
                          previous.model_dump_json(), json.dumps(abbreviations, sort_keys=True))
    stored = memo.get(CHANGES_PAGE, key) if memo else None
    if stored is not None:
        return stored
    page = changes_page(chapter, compare(blocks_of(old_text), blocks_of(new_text)), current, previous,
                        abbreviations)
    if memo:
        memo.put(CHANGES_PAGE, key, page)
    return page


def changes_page(page: Page, blocks: list[ChangedBlock], current: Edition, previous: Edition,
                 abbreviations: dict[str, str]) -> str:
    """The markdown source of a chapter's "What changed in this edition" page."""
    src = changes_path(page.src)
    changed = sum(block.status != "same" for block in blocks)
    old_href = to_site_root(src) + previous.site_path + built_path(page.src)
    # Material prints the title and description as they are: escaped here.
    front = {"title": attribute(f"What changed: {page.meta.title}"),
             "description": attribute(f"What changed in {page.meta.title} in the {current.title}, "
                                      f"compared with the {previous.title}."),
             "render_macros": False, "search": {"exclude": True}}
    intro = (f"This is {text(page.meta.title)} in the **{text(current.title)}** compared word by word "
             f"with the "
             f'<a href="{html.escape(old_href)}">{text(previous.title)}</a>. '
             f"Inserted words are underlined, deleted words are struck through; screen readers "
             f'announce them as "inserted" and "deleted". {changed} passage{"s" * (changed != 1)} changed. '
             f"[Back to the chapter]({relative_link(src, page.src)}).")
    body = _explain_abbreviations("\n".join(_render_blocks(blocks)), abbreviations)
    return (f"---\n{json.dumps(front)}\n---\n\n{intro}\n\n"
            f'<div class="hb-diff">\n{body}\n</div>\n')  # raw HTML: not read as markdown
