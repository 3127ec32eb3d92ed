"""The Atom feed of amendments (RFC 4287): one entry per amendment, newest first, so that
readers and intranet portals can subscribe instead of registering for e-mails.

Atom needs permanent ids that are URIs. The partnership's address may be unknown
(site_url: null), and a tag: URI needs a domain or e-mail address that the partnership
owns, so ids are urn:uuid: values derived from the partnership's name and the amendment
(same content, same id, on every build). Links are relative: readers resolve them against
the feed's own address, or against xml:base when site_url is set.
"""
from __future__ import annotations

import uuid
from xml.etree import ElementTree as ET

from handbook.addresses import built_path
from handbook.content.model import Handbook
from handbook.content.pages import KIND_WORDS

FEED_FILE = "amendments.xml"
ATOM = "http://www.w3.org/2005/Atom"
# The category scheme saying what kind of amendment an entry is (guidance or editorial).
KIND_SCHEME = "urn:handbook:amendment-kind"
_XML = "http://www.w3.org/XML/1998/namespace"


def _timestamp(date) -> str:
    return f"{date.first_day.isoformat()}T00:00:00Z"


def amendments_feed(handbook: Handbook, *, register_page: str | None = None) -> str:
    partnership = handbook.partnership
    feed_id = uuid.uuid5(uuid.NAMESPACE_URL, f"urn:handbook-amendments:{partnership.name}")
    entries = []
    for page in handbook.chapters:
        seen: dict[tuple, int] = {}
        for amendment in page.meta.amendments:
            key = (amendment.date.iso(), amendment.section or "")
            seen[key] = seen.get(key, 0) + 1
            entry_id = uuid.uuid5(feed_id, f"{page.src}|{key[0]}|{key[1]}|{seen[key]}")
            entries.append((amendment, page, entry_id))
    entries.sort(key=lambda item: (item[0].date.first_day, item[1].meta.title), reverse=True)

    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {f"{{{_XML}}}lang": partnership.language})
    # With the site's address known, every link is absolute (a reader that copies the file
    # elsewhere can still follow it); without it, links stay relative to the feed itself and
    # no address is invented.
    base = partnership.site_url.rstrip("/") + "/" if partnership.site_url else ""
    if base:
        feed.set(f"{{{_XML}}}base", base)
    _add(feed, "id", f"urn:uuid:{feed_id}")
    _add(feed, "title", f"{partnership.handbook_title}: amendments")
    _add(feed, "subtitle", f"Every change to the guidance, by the {partnership.name}.")
    # The newest amendment's date, not the build's: the same content gives the same feed.
    _add(feed, "updated", _timestamp(entries[0][0].date if entries else handbook.editions.current.date))
    author = _add(feed, "author")
    _add(author, "name", partnership.name)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=base + FEED_FILE)
    if register_page:
        ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html",
                      href=base + built_path(register_page))
    for amendment, page, entry_id in entries:
        entry = _add(feed, "entry")
        _add(entry, "id", f"urn:uuid:{entry_id}")
        where = page.section_title(amendment.section) if amendment.section else None
        title = f"{page.meta.title}: {where}" if where else page.meta.title
        kind = KIND_WORDS.get(amendment.kind)
        _add(entry, "title", f"{kind}: {title}" if kind else title)
        _add(entry, "updated", _timestamp(amendment.date))
        _add(entry, "published", _timestamp(amendment.date))
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html",
                      href=base + built_path(page.src, amendment.section))
        edition = handbook.editions.edition_of(amendment.date)
        if edition:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=edition.anchor, label=edition.title)
        if kind:  # guidance or editorial, as the register and the chapter's note say
            ET.SubElement(entry, f"{{{ATOM}}}category", scheme=KIND_SCHEME, term=amendment.kind, label=kind)
        _add(entry, "summary", amendment.summary)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def _add(parent: ET.Element, name: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}")
    if text is not None:
        element.text = text
    return element
