import json
import shutil

import pytest

from handbook.build.search_index import build_search_index, kind_of, read_sections, stem, tokenize
from handbook.content.glossary import Glossary
from handbook.content.search_vocabulary import SearchData

# Word forms that must meet (the JavaScript worker is checked against the same table, and
# against every word of the built index, in tests/browser/test_search.py). The Snowball
# English stemmer: word forms, not a dictionary (child and children stay apart; the data's
# word_forms join them).
STEMS = {
    "share": "share", "shares": "share", "shared": "share", "sharing": "share",
    "missing": "miss", "miss": "miss", "gifts": "gift", "gift": "gift",
    "images": "imag", "image": "imag", "parents": "parent", "consent": "consent",
    "consenting": "consent", "grooming": "groom", "groomed": "groom", "exploited": "exploit",
    "exploitation": "exploit", "cse": "cse", "nudes": "nude", "sexting": "sext",
    "emergency": "emergenc", "international": "internat", "dying": "die", "added": "add",
}


@pytest.mark.parametrize("word, expected", STEMS.items())
def test_stem(word, expected):
    assert stem(word) == expected


def test_tokenize_lowercases_and_drops_single_letters():
    assert tokenize("The child's LGBTQ+ s.66B") == ["the", "child", "lgbtq", "66b"]


PAGE = """<html><body><nav><h2>Menu</h2></nav>
<article class="md-content__inner md-typeset">
<h1 id="t">Title<a class="headerlink" href="#t">#</a></h1><p class="hb-chapter-status">Last reviewed May 2024</p><p>Intro words.</p>
<div class="hb-no-search"><p>Amendment note</p></div>
<h2 id="one">1. First<a class="headerlink" href="#one">#</a></h2><p>Alpha <b>beta</b>.</p><br>
<h3 id="sub">Sub</h3><p>Gamma.</p><script>var x = 1;</script><table><tr><td>Cell</td><td>next</td></tr></table>
<p class="hb-report"><a href="#">Report a problem with this page</a></p>
</article><footer><p>Footer</p></footer></body></html>"""


def test_sections_of_a_built_page():
    sections = read_sections(PAGE, "p.html", "Fallback")
    assert [(s.location, s.title, s.text) for s in sections] == [
        ("p.html", "Title", "Intro words."),
        ("p.html#one", "1. First", "Alpha beta."),
        ("p.html#sub", "Sub", "Gamma. Cell next"),
    ]
    assert sections[0].is_page and not sections[1].is_page


def test_kinds_of_page_come_from_the_data():
    data = SearchData(synonyms=[], stop_words=[], page_kinds=[
        {"kind": "reference", "weight": 0.5, "pages": ["glossary.md", "chapters/*.md#further-information"]},
        {"kind": "history", "weight": 0.2, "last": True, "pages": ["changes/*"]},
    ])
    assert kind_of("glossary.html", data) == 0
    assert kind_of("glossary.html#terms", data) == 0  # a page's sections are of its kind
    assert kind_of("chapters/a.html#further-information", data) == 0
    assert kind_of("chapters/a.html#consent", data) == -1  # guidance
    assert kind_of("chapters/a.html", data) == -1
    assert kind_of("changes/chapters/a.html", data) == 1


def _shard(folder, name):
    text = (folder / f"hb-terms-{name}.js").read_text(encoding="utf-8")
    return json.loads(text.split(f'self.__hbSearch.terms["{name}"]=', 1)[1].rstrip(";\n"))


def test_phrases_are_indexed_only_with_their_words_together(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    article = '<article class="md-content__inner md-typeset"><h1>{title}</h1><h2 id="s">Section</h2><p>{text}</p></article>'
    (site / "a.html").write_text(article.format(title="A", text="Disclosure may come years down the line."))
    (site / "b.html").write_text(article.format(title="B", text="Children drawn into county lines and its lines."))
    data = SearchData(synonyms=[["county lines", "criminal exploitation"]], stop_words=["the"])
    build_search_index(site, [("a.html", "A"), ("b.html", "B")], data, Glossary(abbreviations=[], terms=[]))

    folder = site / "search"
    # Documents: a.html (0), a.html#s (1), b.html (2), b.html#s (3).
    assert _shard(folder, "co")["counti line"][::2] == [3]
    assert _shard(folder, "li")["line"][::2] == [1, 3]
    assert _shard(folder, "se")["^section"] == [1, 3]  # sections whose own heading holds it
    manifest = (folder / "hb-manifest.js").read_text()
    assert '"pages":[0,2]' in manifest and '"county lines","criminal exploitation"' in manifest
    words = (folder / "hb-words.js").read_text()
    assert '"the ' not in words and " county " in words  # the vocabulary's words are known too


def test_index_of_the_built_handbook(built_site):
    search = built_site / "search"
    manifest = (search / "hb-manifest.js").read_text()
    assert '"pages":[0,' in manifest and '"CSE","Child sexual exploitation"' in manifest
    assert '"kinds":[{"kind":"history","last":true' in manifest
    terms = _shard(search, "mi")
    assert "miss" in terms and "^miss" in terms
    # Section 4: "incapacitated through drink or drugs", as one phrase.
    assert len(_shard(search, "dr")["drink or drug"]) >= 2
    assert "counti line" not in _shard(search, "co")
    # Nothing about the page itself: the review status and "Report a problem" are not text.
    docs = "".join(path.read_text() for path in search.glob("hb-docs-*.js"))
    assert "Report a problem with this page" not in docs and "Download this chapter as PDF" not in docs
    # Material's own index is left empty: its box is answered from the handbook's index.
    assert '"docs":[]' in (search / "search_index.json").read_text()
    assert (search / "search_index.js").read_text().startswith("var __index = {")


def test_an_edit_reads_again_only_the_page_it_changed(tmp_path):
    """With the build memo, a page's terms and its part of the index are kept: a section
    added to the first page moves every later page's documents, yet only the edited page
    is read again (even one not read in the build before), and the index is the one a
    build without the memo writes."""
    from handbook.build.memo import BuildMemo
    from handbook.build.search_index import PAGE_TERMS

    article = ('<article class="md-content__inner md-typeset"><h1>{0}</h1><h2 id="s">Section</h2>'
               '<p>{1}</p></article>')
    site, clean = tmp_path / "site", tmp_path / "clean"
    site.mkdir(), clean.mkdir()
    pages = [(f"{name}.html", name.upper()) for name in "abc"]
    texts = {"a": "Going missing from home.", "b": "Gifts and grooming.", "c": "Sharing images."}
    for name, text in texts.items():
        (site / f"{name}.html").write_text(article.format(name.upper(), text))
    data, glossary = SearchData(synonyms=[], stop_words=["and"]), Glossary(abbreviations=[], terms=[])

    def build() -> BuildMemo:
        shutil.rmtree(site / "search", ignore_errors=True)  # a build writes into a new folder
        memo = BuildMemo(tmp_path / "memo")
        build_search_index(site, pages, data, glossary, memo)
        memo.prune()  # as a build does: what it did not use is removed
        return memo

    build()
    (site / "c.html").write_text(article.format("C", "Sharing photos."))  # as long as before
    build()  # a and b are not read again
    (site / "a.html").write_text(article.format("A", texts["a"]).replace(
        "</article>", '<h2 id="t">Another</h2><p>Added.</p></article>'))
    memo = build()  # b and c now start one document later
    assert memo.missed[PAGE_TERMS] == 1, memo.missed
    for name in "abc":
        (clean / f"{name}.html").write_text((site / f"{name}.html").read_text())
    build_search_index(clean, pages, data, glossary)
    files = sorted(path.name for path in (clean / "search").iterdir())
    assert files == sorted(path.name for path in (site / "search").iterdir())
    for name in files:
        assert (site / "search" / name).read_text() == (clean / "search" / name).read_text(), name
