"""Reading a tagged PDF's accessibility structure (pypdf), for the PDF/UA checks: the
structure tree's elements in reading order, the marked content each page draws and the
structure tree's references to it, the fonts every page uses, and the XMP metadata."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, NameObject

HEADING_ROLES = {f"/H{level}": level for level in range(1, 7)}


@dataclass
class Element:
    """One element of the structure tree: its role (/P, /H1, /Table...), its dictionary,
    its parent's role and its children's roles."""
    role: str
    node: DictionaryObject
    parent: str | None
    children: list[str] = field(default_factory=list)


def _object(item):
    return item.get_object() if hasattr(item, "get_object") else item


def _is_element(node) -> bool:
    return (isinstance(node, DictionaryObject) and "/MCID" not in node
            and node.get("/Type") not in ("/MCR", "/OBJR"))


def structure_elements(reader: PdfReader) -> list[Element]:
    """Every element of the structure tree, depth first: the order a screen reader reads."""
    found: list[Element] = []

    def kids(node) -> list:
        k = _object(node.get("/K")) if isinstance(node, DictionaryObject) else node
        if k is None:
            return []
        return [_object(item) for item in (k if isinstance(k, ArrayObject) else [k])]

    def walk(node, parent: str | None) -> None:
        element = Element(str(node["/S"]), node, parent)
        found.append(element)
        for child in kids(node):
            if _is_element(child):
                element.children.append(str(child["/S"]))
                walk(child, element.role)

    root = _object(reader.trailer["/Root"]["/StructTreeRoot"])
    for top in kids(root):
        if _is_element(top):
            walk(top, None)
    return found


def tree_marked_content(reader: PdfReader, *, leaving_out: frozenset[str] = frozenset()
                        ) -> dict[int, list[int]]:
    """For each page (its object number), the marked-content ids the structure tree refers
    to, in the tree's order; `leaving_out` names roles (/Lbl) whose content is not listed."""
    by_page: dict[int, list[int]] = {}

    def walk(node, page) -> None:
        node = _object(node)
        if isinstance(node, ArrayObject):
            for item in node:
                walk(item, page)
        elif isinstance(node, int):
            by_page.setdefault(page, []).append(int(node))
        elif isinstance(node, DictionaryObject):
            page = node.raw_get("/Pg").idnum if "/Pg" in node else page
            if "/MCID" in node:
                by_page.setdefault(page, []).append(int(node["/MCID"]))
            elif "/K" in node and node.get("/Type") != "/OBJR" and str(node.get("/S")) not in leaving_out:
                walk(node["/K"], page)

    walk(_object(reader.trailer["/Root"]["/StructTreeRoot"])["/K"], None)
    return by_page


@dataclass
class MarkedContent:
    tagged: list[int]    # marked-content ids, in the order the page draws them
    artifacts: int       # sequences marked as artifacts (page furniture, not read out)
    artifact_text: int   # text-showing operations inside artifacts
    text_outside: int    # text drawn outside any marked content (neither tagged nor artifact)


def page_marked_content(reader: PdfReader, page) -> MarkedContent:
    content = ContentStream(page.get_contents(), reader)
    tagged, artifacts, artifact_text, outside = [], 0, 0, 0
    open_sequences: list[bool] = []  # for each open sequence: is it an artifact?
    for operands, operator in content.operations:
        if operator in (b"BDC", b"BMC"):
            properties = operands[1] if operator == b"BDC" and len(operands) > 1 else None
            is_artifact = operands[0] == NameObject("/Artifact")
            open_sequences.append(is_artifact)
            if is_artifact:
                artifacts += 1
            elif isinstance(properties, DictionaryObject) and "/MCID" in properties:
                tagged.append(int(properties["/MCID"]))
        elif operator == b"EMC":
            open_sequences.pop()
        elif operator in (b"Tj", b"TJ", b"'", b'"'):
            if not open_sequences:
                outside += 1
            elif any(open_sequences):
                artifact_text += 1
    return MarkedContent(tagged, artifacts, artifact_text, outside)


def fonts(reader: PdfReader) -> Iterator[tuple[int, str, DictionaryObject]]:
    """Every font the pages use, with the (1-based) page: (page, base font name, font),
    including the fonts of form XObjects and the descendants of composite fonts."""
    def from_resources(resources, number, seen):
        resources = _object(resources) or DictionaryObject()
        for font in (_object(resources.get("/Font")) or {}).values():
            font = _object(font)
            for part in [font, *(_object(d) for d in _object(font.get("/DescendantFonts", ArrayObject())))]:
                yield number, str(part.get("/BaseFont")), part
        for xobject in (_object(resources.get("/XObject")) or {}).values():
            xobject = _object(xobject)
            if xobject.get("/Subtype") == "/Form" and id(xobject) not in seen:
                seen.add(id(xobject))
                yield from from_resources(xobject.get("/Resources"), number, seen)

    for number, page in enumerate(reader.pages, start=1):
        yield from from_resources(page.get("/Resources"), number, set())


def xmp(reader: PdfReader) -> str:
    return _object(reader.trailer["/Root"]["/Metadata"]).get_data().decode("utf-8")
