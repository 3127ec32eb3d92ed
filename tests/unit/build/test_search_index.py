
import pytest

from handbook.build.search_index import read_sections, stem, tokenize

# Word forms that must meet (the JavaScript worker is checked against the same table in
# tests/browser/test_search.py).
STEMS = {
    "share": "shar", "shares": "shar", "shared": "shar", "sharing": "shar",
    "missing": "mis", "miss": "mis", "gifts": "gift", "gift": "gift",
    "images": "imag", "image": "imag", "parents": "parent", "consent": "consent",
    "grooming": "groom", "groomed": "groom", "exploited": "exploit", "cse": "cse",
}


@pytest.mark.parametrize("word, expected", STEMS.items())
def test_stem(word, expected):
    assert stem(word) == expected


def test_tokenize_lowercases_and_drops_single_letters():
    assert tokenize("The child's LGBTQ+ s.66B") == ["the", "child", "lgbtq", "66b"]


PAGE = """<html><body><nav><h2>Menu</h2></nav>
<article class="md-content__inner md-typeset">
<h1 id="t">Title<a class="headerlink" href="#t">#</a></h1><p>Intro words.</p>
<div class="hb-no-search"><p>Amendment note</p></div>
<h2 id="one">1. First<a class="headerlink" href="#one">#</a></h2><p>Alpha <b>beta</b>.</p><br>
<h3 id="sub">Sub</h3><p>Gamma.</p><script>var x = 1;</script>
</article><footer><p>Footer</p></footer></body></html>"""


def test_sections_of_a_built_page():
    sections = read_sections(PAGE, "p.html", "Fallback")
    assert [(s.location, s.title, s.text) for s in sections] == [
        ("p.html", "Title", "Intro words."),
        ("p.html#one", "1. First", "Alpha beta."),
        ("p.html#sub", "Sub", "Gamma."),
    ]
    assert sections[0].is_page and not sections[1].is_page


def test_index_of_the_built_handbook(built_site):
    search = built_site / "search"
    manifest = (search / "hb-manifest.js").read_text()
    assert '"pages":[0,' in manifest and '"CSE","Child sexual exploitation"' in manifest
    assert (search / "hb-terms-mi.js").read_text().count('"mis":') == 1
    # Material's own index is left empty: its box is answered from the handbook's index.
    assert '"docs":[]' in (search / "search_index.json").read_text()
    assert (search / "search_index.js").read_text().startswith("var __index = {")
