"""The reader's first minute on a phone (issue 14), in Chromium: a phone (360x740, touch),
the same phone with text at 200 % (180 CSS px wide), and a 1280 px screen at 200 % and
400 % zoom (640 and 320 px wide). From a chapter's first screen, the emergency number and
the link to what to do are in view; "Exit this page" covers no text and no other control
at any scroll position, on any page, online and in the offline copy."""
from __future__ import annotations

import zipfile

import pytest

from tests.support import CHAPTER, REPO

CHAPTER_HTML = CHAPTER.replace(".md", ".html")
PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
TEXT_200 = {"viewport": {"width": 180, "height": 370}, "device_scale_factor": 4, "is_mobile": True, "has_touch": True}
SIZES = {
    "phone": PHONE,
    "phone-text-200": TEXT_200,
    "zoom-200": {"viewport": {"width": 640, "height": 400}},
    "zoom-400": {"viewport": {"width": 320, "height": 256}},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}

# What Exit this page covers at the current scroll position: every text element or control
# whose visible part (below the header bar, which the page scrolls under) overlaps the
# button, and every other control in the bar that overlaps it; and whether the button is
# inside the bar, and the bar as wide as the screen.
COVERED = r"""() => {
  const button = document.querySelector('.hb-exit__button');
  const bar = document.querySelector('.md-header');
  const b = button.getBoundingClientRect(), h = bar.getBoundingClientRect();
  const overlaps = (r, top) => Math.min(b.right, r.right) - Math.max(b.left, r.left) > 1
    && Math.min(b.bottom, r.bottom) - Math.max(b.top, Math.max(r.top, top)) > 1;
  const shown = el => { const s = getComputedStyle(el);
    return s.visibility !== 'hidden' && s.display !== 'none' && el.getClientRects().length > 0; };
  const found = [];
  const texts = 'p, li, td, th, h1, h2, h3, dt, dd, summary, a, button, input, label, .md-top';
  for (const el of document.querySelectorAll(texts)) {
    if (!shown(el) || el.closest('.hb-exit') || el.contains(button)) continue;
    const inBar = bar.contains(el);
    if (el.closest('.md-sidebar--primary') && !document.getElementById('__drawer').checked) continue;
    const r = el.getBoundingClientRect(), top = inBar ? -Infinity : h.bottom;
    if (!overlaps(r, top)) continue;
    // Would the reader see it there without the button? (Not when it is clipped away, as
    // Material's closed search field is.)
    const x = (Math.max(b.left, r.left) + Math.min(b.right, r.right)) / 2;
    const y = (Math.max(b.top, r.top, top) + Math.min(b.bottom, r.bottom)) / 2;
    button.style.visibility = 'hidden';
    const under = document.elementFromPoint(x, y);
    button.style.visibility = '';
    if (under && el.contains(under))
      found.push(el.tagName.toLowerCase() + '.' + el.className + ' "' + (el.textContent || '').trim().slice(0, 30) + '"');
  }
  return {found, inside: b.top >= h.top - 0.5 && b.bottom <= h.bottom + 0.5,
          barWidth: h.width, width: innerWidth, buttonHeight: b.height};
}"""


def pages(site):
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if not p.relative_to(site).as_posix().startswith("editions/"))


def exit_problems(page, label: str) -> list[str]:
    problems = []
    height = page.evaluate("innerHeight")
    total = page.evaluate("document.documentElement.scrollHeight")
    positions = [int(i * height * 0.7) for i in range(int(min(total, 30 * height) // (height * 0.7)) + 1)]
    for y in positions + positions[::-1][1:4]:  # down the page, then back up (Back to top shows)
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(40)
        result = page.evaluate(COVERED)
        if not result["inside"] or result["barWidth"] < result["width"] - 1:
            problems.append(f"{label} at {y}: the button is not inside the full-width header bar")
        if result["buttonHeight"] < 24:
            problems.append(f"{label}: the button is {result['buttonHeight']} px tall")
        problems += [f"{label} at {y}: covers {what}" for what in result["found"]]
    return problems


@pytest.mark.parametrize("size", SIZES, ids=SIZES)
def test_exit_this_page_covers_nothing_on_any_page(browser, built_site, site_server, size):
    context = browser.new_context(**SIZES[size])
    page = context.new_page()
    problems = []
    for path in pages(built_site):
        page.goto(site_server + path)
        problems += exit_problems(page, path)
    context.close()
    assert problems == []


@pytest.mark.parametrize("size", ["phone", "phone-text-200"])
def test_exit_this_page_stays_clear_with_the_drawer_or_search_open(browser, site_server, size):
    context = browser.new_context(**SIZES[size])
    page = context.new_page()
    page.goto(site_server + CHAPTER_HTML)
    page.locator(".md-header__inner > label[for=__drawer]").click()
    page.wait_for_timeout(400)
    assert exit_problems(page, "drawer open")[:1] == []
    page.locator(".md-header__inner > label[for=__drawer]").click()
    page.locator(".md-header__inner > label[for=__search]").click()
    page.keyboard.type("consent")
    page.locator(".md-search-result__link").first.wait_for()
    result = page.evaluate(COVERED)
    assert result["found"] == [] and page.locator(".hb-exit__button").is_visible()
    context.close()


def test_exit_this_page_covers_nothing_in_the_offline_copy(browser, built_output, tmp_path):
    (archive,) = (built_output / "dist").glob("*-offline.zip")
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(tmp_path)
    (folder,) = tmp_path.iterdir()
    context = browser.new_context(offline=True, **PHONE)
    page = context.new_page()
    problems = []
    for path in ["index.html", CHAPTER_HTML, "contacts.html"]:
        page.goto((folder / path).as_uri())
        assert page.locator("#hb-offline-banner").is_visible()
        problems += exit_problems(page, path)
    context.close()
    assert problems == []


@pytest.mark.parametrize("size", ["phone", "phone-text-200"])
def test_a_chapters_first_screen_says_what_to_do(browser, site_server, size):
    context = browser.new_context(**SIZES[size])
    page = context.new_page()
    page.goto(site_server + CHAPTER_HTML)
    height = SIZES[size]["viewport"]["height"]

    def first_line_bottom(locator):
        return locator.evaluate("el => el.getClientRects()[0].bottom")

    call = page.locator(".hb-act a[href='tel:999']")
    assert call.inner_text() == "999" and first_line_bottom(call) <= height
    action = page.locator(".hb-act a[href='#protection-and-action']")
    assert action.inner_text() == "8. Protection and Action to be Taken"
    assert first_line_bottom(action) <= height
    action.click()
    page.wait_for_timeout(300)
    heading = page.locator("#protection-and-action").bounding_box()
    header = page.locator(".md-header").bounding_box()
    assert heading["y"] >= header["y"] + header["height"] - 1  # the heading lands clear of the bar
    # The sections are listed on the page, without opening the drawer.
    listed = page.locator("nav.hb-on-this-page a")
    assert listed.count() >= 10 and listed.first.is_visible()
    context.close()


TABLE_PAGES = ["contacts.html", "consent-and-the-law.html", "indicators.html", "amendments.html",
               "chapters/safeguarding-children-from-sexual-exploitation.html"]


@pytest.mark.parametrize("width", [320, 180], ids=["320px", "text-200pc"])
def test_tables_read_as_cards_with_nothing_to_scroll_sideways(browser, site_server, width):
    """On a narrow screen (or a phone at 200% text) each row of a data table is a card of
    labelled cells; nothing inside a table scrolls sideways; Contacts shows the number first."""
    page = browser.new_page(viewport={"width": width, "height": 740})
    for path in TABLE_PAGES:
        page.goto(site_server + path)
        tables = page.locator("article table")
        assert tables.count() > 0, path
        for index in range(tables.count()):
            table = tables.nth(index)
            wraps = table.evaluate("""t => { const wide = [];
                for (let e = t; e && e.tagName !== 'ARTICLE'; e = e.parentElement)
                    if (e.scrollWidth > e.clientWidth + 1) wide.push(e.className || e.tagName);
                return wide; }""")
            assert wraps == [], (path, wraps)
            cell = table.locator("tbody td").first
            assert cell.evaluate("td => getComputedStyle(td).display") == "block", path
            label = cell.evaluate("td => getComputedStyle(td, '::before').content")
            headers = table.locator("thead th")
            if headers.count() > 1:  # each cell under its column's heading
                header = headers.first.inner_text().strip()
                assert label == f'"{header}"', (path, label, header)
            else:  # one column: no label repeated on every card; the caption names the rows
                assert label == "none", (path, label)
            # Every table is named by its caption: shown above the cards, or visually hidden
            # where the heading above says the same.
            caption = table.locator("caption")
            assert caption.count() == 1 and caption.inner_text().strip(), path
            if "hb-visually-hidden" not in (caption.get_attribute("class") or ""):
                box, first = caption.bounding_box(), table.locator("tbody tr").first.bounding_box()
                assert box["width"] > 0 and box["y"] + box["height"] <= first["y"] + 1, path
                assert box["x"] >= 0 and box["x"] + box["width"] <= width, path
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    page.goto(site_server + "contacts.html")
    first = page.locator("article table tbody tr").first.locator("td").first
    assert first.get_attribute("data-label") == "Number" and "999" in first.inner_text()
    page.close()


@pytest.fixture(scope="module")
def handbook():
    from handbook.content.model import load_handbook

    return load_handbook(REPO)


# Where the handbook's name is shown, and whether all of it is: the bar's title (in full
# or the short name) or the line under the bar, whichever is drawn.
NAME_SHOWN = r"""() => {
  const drawn = el => el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const title = document.querySelector('.md-header__title');
  const names = [...document.querySelectorAll('.md-header__topic:first-child .hb-name-full, .md-header__topic:first-child .hb-name-short, .hb-site-name .hb-name-full, .hb-site-name .hb-name-short')];
  return names.filter(el => drawn(el) && (!title.contains(el) || drawn(title))).map(el => {
    const box = el.closest('.md-ellipsis, .hb-site-name');
    const r = el.getBoundingClientRect();
    return {text: el.textContent.trim(), inBar: title.contains(el), cut: box.scrollWidth > box.clientWidth + 1,
            left: r.left, right: r.right, height: r.height};
  });
}"""

# Words of headings (and of the handbook's name) broken across two lines.
SPLIT_WORDS = r"""() => { const split = [];
  for (const el of document.querySelectorAll('article h1, article h2, article h3, article h4, .hb-site-name')) {
    if (!el.getClientRects().length) continue;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index); range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) split.push(el.tagName + ' "' + match[0] + '"');
      }
    }
  }
  return split; }"""


@pytest.mark.parametrize("size", SIZES, ids=SIZES)
def test_the_handbook_names_itself_readably_at_every_size(browser, site_server, size, handbook):
    """The bar's title would show a letter or two on a phone: there the name is the page's
    first line (the short name with text at 200 %); wherever it is, it is whole."""
    context = browser.new_context(**SIZES[size])
    page = context.new_page()
    width = SIZES[size]["viewport"]["width"]
    for path in ["index.html", CHAPTER_HTML, "404.html"]:
        page.goto(site_server + path)
        (shown,) = page.evaluate(NAME_SHOWN)
        assert shown["text"] in (handbook.partnership.handbook_title, handbook.partnership.short_name)
        assert not shown["cut"] and 0 <= shown["left"] and shown["right"] <= width, (path, shown)
        if width >= 736:
            assert shown["inBar"] and shown["text"] == handbook.partnership.handbook_title
        assert page.evaluate(SPLIT_WORDS) == [], path
    context.close()


def test_headings_keep_their_words_whole_with_text_at_200_percent(browser, built_site, site_server):
    """Text at 200 % on a phone two ways: the page zoomed (180 CSS px wide) and the text
    itself doubled on a 360 px screen (Android's font size): no heading word is broken."""
    problems = []
    for viewport, text_size in [({"width": 180, "height": 370}, None), ({"width": 360, "height": 740}, "250%")]:
        context = browser.new_context(viewport=viewport, is_mobile=True, has_touch=True)
        page = context.new_page()
        for path in pages(built_site):
            page.goto(site_server + path)
            if text_size:  # Material's root size is 125 %: text at 200 % is 250 %
                page.evaluate("size => { document.documentElement.style.fontSize = size; }", text_size)
            problems += [f"{viewport['width']} px {path}: {word}" for word in page.evaluate(SPLIT_WORDS)]
        context.close()
    assert problems == []
