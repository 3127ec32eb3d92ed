"""A page's text as an editor wrote it, in blocks (headings, paragraphs, list items) with
file lines, and split into sentences and words: what the wording checks read.

Macro calls are left out (their text comes from data, which has its own checks), and so
are code, HTML comments, link addresses and anchors: only the words a reader reads.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from handbook.content.pages import Page

MACRO_MARK = "\x00"  # stands where a macro call was, so that a block knows it had one

_JINJA = re.compile(r"\{##.*?##\}|\{\{.*?\}\}|\{%.*?%\}", re.S)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s+")
_ADMONITION = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s")
_ABBREVIATION_DEFINITION = re.compile(r"^\s*\*\[[^\]]+\]:")
_ATTR_LIST = re.compile(r"\s*\{:?\s*[#.][^}]*\}")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_CODE = re.compile(r"`[^`]*`")
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3})(?=\S)(.+?)(?<=\S)\1")
_SENTENCE_END = re.compile(r"(?<=[.!?;])[\"')’”]*\s+(?=[\"'(‘“]?[A-Z0-9])")
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*")


@dataclass
class Block:
    kind: str                      # heading | paragraph | item | table | html | macro
    lines: list[tuple[int, str]]   # (file line, cleaned text) of each source line
    level: int = 0                 # headings: 1 for '#', 2 for '##', ...
    _starts: list[int] = field(default_factory=list, repr=False)

    @property
    def line(self) -> int:
        return self.lines[0][0]

    @property
    def text(self) -> str:
        return " ".join(text.strip() for _, text in self.lines if text.strip())

    def line_at(self, offset: int) -> int:
        """File line of the character at `offset` in `text`."""
        if not self._starts:
            position = 0
            for _, text in self.lines:
                self._starts.append(position)
                if text.strip():
                    position += len(text.strip()) + 1
        return self.lines[max(0, bisect.bisect_right(self._starts, offset) - 1)][0]

    @property
    def has_macro(self) -> bool:
        return any(MACRO_MARK in text for _, text in self.lines)


@dataclass
class Sentence:
    text: str
    line: int


def _blank_keeping_lines(match: re.Match, mark: str = "") -> str:
    text = match.group(0)
    return mark + "\n" * text.count("\n")


def clean_inline(text: str) -> str:
    """Markdown inline syntax reduced to the words a reader sees."""
    text = _ATTR_LIST.sub("", text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _REF_LINK.sub(lambda m: m.group(1), text)
    text = _CODE.sub("", text)
    text = _TAG.sub("", text)
    for _ in range(2):
        text = _EMPHASIS.sub(lambda m: m.group(2), text)
    return text


def page_blocks(page: Page) -> list[Block]:
    body = _JINJA.sub(lambda m: _blank_keeping_lines(m, MACRO_MARK), page.body)
    body = _HTML_COMMENT.sub(_blank_keeping_lines, body)
    blocks: list[Block] = []
    current: Block | None = None
    in_fence = False
    for number, raw in enumerate(body.split("\n"), start=page.body_first_line):
        if _FENCE.match(raw):
            in_fence = not in_fence
            current = None
            continue
        if in_fence or _ABBREVIATION_DEFINITION.match(raw):
            current = None
            continue
        stripped = raw.strip()
        if not stripped:
            current = None
            continue
        if heading := _HEADING.match(raw):
            blocks.append(Block("heading", [(number, clean_inline(heading.group(2)))],
                                level=len(heading.group(1))))
            current = None
            continue
        if _ADMONITION.match(raw):
            current = None
            continue
        if item := _LIST_ITEM.match(raw):
            current = Block("item", [(number, clean_inline(raw[item.end():]))])
            blocks.append(current)
            continue
        if stripped.startswith("|"):
            kind = "table"
        elif stripped.replace(MACRO_MARK, "").strip() == "":
            kind = "macro"
        elif stripped.startswith("<") and not stripped.startswith("<http"):
            kind = "html"
        else:
            kind = "paragraph"
        if current is not None and current.kind in ("paragraph", "item") and kind == "paragraph":
            current.lines.append((number, clean_inline(stripped)))
            continue
        current = Block(kind, [(number, clean_inline(stripped) if kind != "table" else stripped)])
        blocks.append(current)
    return blocks


def prose_text(text: str) -> str:
    return text.replace(MACRO_MARK, " ")


def sentences(block: Block) -> list[Sentence]:
    """The sentences of a paragraph or list item, each with the line it starts on."""
    text = block.text
    found, start = [], 0
    for boundary in [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]:
        piece = prose_text(text[start:boundary]).strip()
        if piece:
            found.append(Sentence(piece, block.line_at(start)))
        start = boundary
    return found


def words(text: str) -> list[str]:
    return WORD.findall(text)


def syllables(word: str) -> int:
    """An estimate good enough for a reading grade: groups of vowels, less a silent e."""
    word = word.lower().strip("'’")
    count = len(re.findall(r"[aeiouy]+", word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(1, count)


def reading_grade(texts: list[str]) -> float | None:
    """Flesch-Kincaid grade of the given sentences, or None if there are no words."""
    all_words = [w for text in texts for w in words(text)]
    if not all_words or not texts:
        return None
    syllable_count = sum(syllables(w) for w in all_words)
    return 0.39 * len(all_words) / len(texts) + 11.8 * syllable_count / len(all_words) - 15.59
