"""Content is input, not code: a page's template can only call the handbook's macros, data
and front matter are escaped wherever they are written, raw HTML that runs code or embeds
files is refused, and every page carries the site's Content-Security-Policy."""
from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest
from bs4 import BeautifulSoup

from handbook.build.security import meta_content_security_policy
from handbook.content.model import load_handbook
from handbook.templating.renderer import PageRenderer
from tests.support import CHAPTER, REPO, run_handbook

CH = f"docs/{CHAPTER}"
MARKER = "hb-attack-marker"

# One payload per class of template attack: each must stop `check` and `build` with an
# error at its line, and nothing of it may run.
TEMPLATE_PAYLOADS = {
    "attribute-chain": "{{ partnership.__class__.__mro__[1].__subclasses__() }}",
    "globals-of-a-function": "{{ contact.__globals__ }}",
    "attr-filter": '{{ partnership|attr("__class__") }}',
    "item-access": '{{ partnership["name"] }}',
    "set-statement": "{% set x = partnership %}",
    "for-statement": "{% for x in partnership.contacts %}{{ x }}{% endfor %}",
    "include": '{% include "/etc/passwd" %}',
    "import": '{% import "os" as os %}',
    "jinja-internals": "{{ cycler.__init__.__globals__.os.popen('touch " + MARKER + "').read() }}",
    "self": "{{ self }}",
    "private-field": "{{ partnership.model_config }}",
    "field-of-a-string": "{{ partnership.name.__class__ }}",
    "computed-argument": '{{ contact(partnership.name) }}',
}


def add_to_page(project: Path, text: str, page: str = "docs/accessibility.md") -> int:
    """Append `text` to a page; return the file line it starts on."""
    path = project / page
    body = path.read_text(encoding="utf-8")
    path.write_text(body + "\n\n" + text + "\n", encoding="utf-8")
    return body.count("\n") + 3


@pytest.mark.parametrize("payload", TEMPLATE_PAYLOADS.values(), ids=TEMPLATE_PAYLOADS.keys())
def test_a_page_template_can_only_call_macros(project_copy, tmp_path, payload):
    line = add_to_page(project_copy, payload)
    for command in (["check"], ["build", "--no-pdf", "--site-dir", str(tmp_path / "site"),
                                "--dist-dir", str(tmp_path / "dist")]):
        result = run_handbook("--project", str(project_copy), *command)
        assert result.returncode == 1, result.stderr
        assert f"docs/accessibility.md:{line}: error:" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
        assert "root:" not in result.stderr + result.stdout  # nothing of /etc/passwd
    assert not (tmp_path / "site").exists()
    assert not (REPO / MARKER).exists() and not (project_copy / MARKER).exists()


def test_the_renderer_is_a_sandbox_even_without_the_check():
    """Defence in depth: the environment pages are rendered in refuses Python internals."""
    environment = PageRenderer(load_handbook(REPO)).environment
    with pytest.raises(jinja2.exceptions.SecurityError):
        environment.from_string("{{ ''.__class__.__mro__[1].__subclasses__() }}").render()
    assert environment.from_string("{{ x }}").render(x="<b>&") == "&lt;b&gt;&amp;"  # data is escaped


def test_allowed_template_text_still_renders(project_copy, tmp_path):
    add_to_page(project_copy, 'Call {{ partnership.name }} or see {{ contact("emergency") }}. {## a note ##}')
    result = run_handbook("--project", str(project_copy), "build", "--no-pdf",
                          "--site-dir", str(tmp_path / "site"), "--dist-dir", str(tmp_path / "dist"))
    assert result.returncode == 0, result.stderr
    text = BeautifulSoup((tmp_path / "site" / "accessibility.html").read_text(), "html.parser").get_text()
    assert "Call Bedford Borough" in text and "a note" not in text


# Raw HTML that runs code, embeds or attaches a file: refused at its line.
MARKUP_PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "event-handler": '<img src="x.png" alt="" onerror="alert(1)">',
    "javascript-href": '<a href="javascript:alert(1)">x</a>',
    "javascript-markdown-link": "[click](javascript:alert(1))",
    "attachment": '<link rel="attachment" href="file:///etc/passwd">',
    "iframe": '<iframe src="https://example.org"></iframe>',
    "object": '<object data="file:///etc/passwd"></object>',
    "embed": '<embed src="file:///etc/passwd">',
    "style": "<style>.hb-exit { display: none }</style>",
}


@pytest.mark.parametrize("payload", MARKUP_PAYLOADS.values(), ids=MARKUP_PAYLOADS.keys())
def test_markup_that_runs_or_embeds_is_refused(project_copy, payload):
    line = add_to_page(project_copy, "Some text.\n\n" + payload, page=CH) + 2
    result = run_handbook("--project", str(project_copy), "check")
    assert result.returncode == 1
    assert f"{CH}:{line}: error:" in result.stderr, result.stderr
    assert "not allowed in pages" in result.stderr


def test_markup_in_code_is_text_not_markup(project_copy):
    add_to_page(project_copy, "Write `<script>` in code, or:\n\n```\n<iframe></iframe>\n```", page=CH)
    result = run_handbook("--project", str(project_copy), "check")
    assert "not allowed in pages" not in result.stderr, result.stderr


# Data and front matter values that try to become markup, and where each must show as text.
def plant_markup_in_data(project: Path) -> None:
    def replace(relative: str, old: str, new: str) -> None:
        path = project / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    replace(CH, "title: Safeguarding Children from Sexual Exploitation",
            "title: 'Safeguarding <script>alert(\"title\")</script> & Exploitation'")
    replace(CH, "summary: >-\n", 'summary: >-\n  Breaks "out" <script>alert("summary")</script>\n')
    replace("data/partnership.yml", "handbook_title: ",
            "handbook_title: 'Handbook </title><script>alert(\"site\")</script>' # ")
    replace("data/glossary.yml", "expansion: ", "expansion: '<img src=x onerror=alert(\"glossary\")>' # ")
    replace("data/indicators.yml", "text: Fear\n", "text: '<script>alert(\"indicator\")</script> Fear'\n")


def test_data_and_front_matter_are_shown_as_text(project_copy, tmp_path):
    plant_markup_in_data(project_copy)
    site = tmp_path / "site"
    result = run_handbook("--project", str(project_copy), "build", "--no-pdf", "--site-dir", str(site),
                          "--dist-dir", str(tmp_path / "dist"))
    assert result.returncode == 0, result.stderr
    pages = list(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            assert "alert" not in script.get_text(), (page, script)
        for element in soup.find_all(True):
            assert not any(name.startswith("on") for name in element.attrs), (page, element)
    chapter = BeautifulSoup((site / CHAPTER.replace(".md", ".html")).read_text(), "html.parser")
    assert 'Safeguarding <script>alert("title")</script> & Exploitation' in chapter.h1.get_text()
    assert chapter.find("meta", attrs={"name": "description"})["content"].startswith('Breaks "out"')
    assert chapter.title.get_text().endswith('Handbook </title><script>alert("site")</script>')


@pytest.mark.parametrize("field, value", [
    ("exit_page url", 'https://www.bbc.co.uk/weather" onclick="alert(1)'),
    ("resource url", "https://example.org/a)(javascript:alert(1)"),
    ("contact_email", 'a@b.org" onmouseover="alert(1)'),
])
def test_addresses_are_validated(project_copy, field, value):
    path = {"exit_page url": "data/partnership.yml", "contact_email": "data/partnership.yml",
            "resource url": "data/resources.yml"}[field]
    text = (project_copy / path).read_text(encoding="utf-8")
    key = {"exit_page url": r"(exit_page:\s*\n\s*url: )\S+", "contact_email": r"(contact_email: )\S+",
           "resource url": r"(\n    url: )\S+"}[field]
    changed, count = re.subn(key, lambda m: m.group(1) + "'" + value + "'", text, count=1)
    assert count == 1
    (project_copy / path).write_text(changed, encoding="utf-8")
    result = run_handbook("--project", str(project_copy), "check")
    assert result.returncode == 1
    assert re.search(rf"^{re.escape(path)}:\d+: error: field '", result.stderr, re.M), result.stderr


def test_every_page_carries_the_content_security_policy(built_site):
    policy = meta_content_security_policy()
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "frame-ancestors" not in policy  # not allowed in a <meta> policy
    for page in built_site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta is not None and meta["content"] == policy, page


def test_planted_markup_runs_nothing_from_file(project_copy, tmp_path, browser):
    """The offline copy has no CSP header: opened from file://, no planted script runs."""
    plant_markup_in_data(project_copy)
    site = tmp_path / "site"
    result = run_handbook("--project", str(project_copy), "build", "--no-pdf", "--site-dir", str(site),
                          "--dist-dir", str(tmp_path / "dist"))
    assert result.returncode == 0, result.stderr
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for name in ("index.html", CHAPTER.replace(".md", ".html"), "glossary.html", "indicators.html"):
        page.goto((site / name).as_uri())
        page.wait_for_timeout(300)
    page.close()
    assert dialogs == []
