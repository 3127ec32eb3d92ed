"""The PDFs' page furniture marked as artifacts (PDF/UA-1, ISO 14289-1, 7.1-3).

WeasyPrint 70.0 tags the text of page-margin boxes (the provenance stamp, the running
header, "Page X of Y") as marked content, builds structure elements for it and then leaves
them out of the structure tree (weasyprint/pdf/tags.py, MarginBox): content that is
neither in the tree nor an artifact. Repeated on every sheet, it is pagination, which
PDF/UA wants marked as an artifact, so that a screen reader reads the page's text and not
the margins of every sheet. This is done as a WeasyPrint `finisher`, on the PDF objects
before they are written: each marked-content sequence that the structure tree does not
reach becomes `/Artifact <</Type /Pagination>>`, and the parent tree forgets it."""
from __future__ import annotations

import pydyf


def _number(reference) -> int:
    """The object number of a pydyf reference (b'12 0 R' or '12 0 R')."""
    text = reference.decode("ascii") if isinstance(reference, bytes) else str(reference)
    return int(text.split()[0])


def _is_reference(item) -> bool:
    return isinstance(item, (bytes, str)) and (item.endswith(b" R") if isinstance(item, bytes)
                                               else item.endswith(" R"))


def _resolve(pdf: pydyf.PDF, item):
    return pdf.objects[_number(item)] if _is_reference(item) else item


def _tree_content(pdf: pydyf.PDF) -> set[tuple[int, int]]:
    """(page object number, marked-content id) of every content the structure tree reaches."""
    reached: set[tuple[int, int]] = set()
    pending = [_resolve(pdf, pdf.catalog["StructTreeRoot"])]
    while pending:
        element = pending.pop()
        kids = element.get("K", [])
        for kid in kids if isinstance(kids, (list, pydyf.Array)) else [kids]:
            if isinstance(kid, int):
                reached.add((_number(element["Pg"]), kid))
            elif _is_reference(kid):
                child = _resolve(pdf, kid)
                if isinstance(child, pydyf.Dictionary) and child.get("Type") != "/OBJR":
                    pending.append(child)
    return reached


def page_furniture_as_artifacts(document, pdf: pydyf.PDF) -> None:
    """WeasyPrint finisher: marked content the structure tree does not reach becomes a
    pagination artifact. Pages' content streams are pydyf streams of operands and
    operators: `/Span`, `<</MCID n>>`, `BDC`."""
    if "StructTreeRoot" not in pdf.catalog:
        return
    reached = _tree_content(pdf)
    root = _resolve(pdf, pdf.catalog["StructTreeRoot"])
    parent_tree = _resolve(pdf, root["ParentTree"])["Nums"]
    parents = {parent_tree[i]: parent_tree[i + 1] for i in range(0, len(parent_tree), 2)}
    for page in pdf.objects:
        if not (isinstance(page, pydyf.Dictionary) and page.get("Type") == "/Page"):
            continue
        page_number = page.number
        stream = _resolve(pdf, page["Contents"]).stream
        marked = _resolve(pdf, parents.get(page.get("StructParents")))
        for index, item in enumerate(stream[:-1]):
            if (isinstance(item, pydyf.Dictionary) and "MCID" in item and stream[index + 1] == b"BDC"
                    and (page_number, item["MCID"]) not in reached):
                mcid = item["MCID"]
                stream[index - 1] = "/Artifact"
                stream[index] = pydyf.Dictionary({"Type": "/Pagination"})
                if marked is not None and mcid < len(marked):
                    marked[mcid] = "null"  # the parent tree no longer maps it
