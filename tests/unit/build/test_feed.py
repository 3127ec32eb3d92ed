"""The Atom feed's links: absolute when the site's address is known, relative to the feed
itself (and no invented address) when it is not."""
import xml.etree.ElementTree as ET

from handbook.build.feed import ATOM, amendments_feed
from handbook.content.model import load_handbook

LINK = f"{{{ATOM}}}link"


def links(feed: str) -> list[str]:
    return [link.get("href") for link in ET.fromstring(feed).iter(LINK)]


def test_links_are_absolute_when_the_site_address_is_known(project_copy):
    partnership = project_copy / "data" / "partnership.yml"
    partnership.write_text(partnership.read_text().replace("site_url: null", "site_url: https://handbook.example.org/"))
    feed = amendments_feed(load_handbook(project_copy), register_page="amendments.md")
    hrefs = links(feed)
    assert hrefs and all(href.startswith("https://handbook.example.org/") for href in hrefs), hrefs
    assert "https://handbook.example.org/amendments.xml" in hrefs  # rel="self" too


def test_links_stay_relative_without_an_address(project_copy):
    feed = amendments_feed(load_handbook(project_copy), register_page="amendments.md")
    assert all(not href.startswith(("http", "/")) for href in links(feed))
    assert "xml:base" not in feed
