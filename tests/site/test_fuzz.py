"""The whole input surface fuzzed in-process: front matter, every data file and page bodies,
mutated and random (markup, Jinja, deep nesting, odd unicode, bytes that are not UTF-8).

Whatever an editor writes, loading and checking the project (validate_project, then
run_checks) either succeeds or raises HandbookError whose problems each name a file of the
project and a line; it never raises anything else, never takes more than a few seconds, and
never opens a file outside the project (a symbolic link or an include must not reach out)."""
from __future__ import annotations

import builtins
import contextlib
import datetime as dt
import io
import os
import signal
import site
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from handbook.build.site import validate_project
from handbook.checks.editorial import run_checks
from handbook.content import model
from handbook.problems import HandbookError
from tests.support import CHAPTER, REPO, copy_project, written

SECONDS_PER_CASE = 10  # a case takes well under a second; more means a hang
SETTINGS = dict(max_examples=100, deadline=None, derandomize=True, database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])
# Where loading and checking may read besides the project: Python's installation (today
# they read nothing but the project).
PYTHON_FOLDERS = [Path(sys.prefix), Path(sys.base_prefix), *map(Path, site.getsitepackages())]


@pytest.fixture(scope="module")
def project():
    with tempfile.TemporaryDirectory() as folder:
        yield copy_project(Path(folder) / "project")


class TookTooLong(BaseException):
    """Not an Exception: no `except Exception` in the engine can swallow it."""


@contextlib.contextmanager
def time_limit(seconds: int):
    def expire(*_):
        raise TookTooLong(f"one case took more than {seconds} s")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def files_opened(monkeypatch):
    """Record every path given to open() (builtin, io, os) and to os.scandir."""
    opened: list[str] = []

    def recording(function):
        def wrapper(path, *args, **kwargs):
            if isinstance(path, (str, bytes, os.PathLike)):
                opened.append(os.fsdecode(path))
            return function(path, *args, **kwargs)
        return wrapper

    with monkeypatch.context() as patch:
        for module, name in ((builtins, "open"), (io, "open"), (os, "open"), (os, "scandir")):
            patch.setattr(module, name, recording(getattr(module, name)))
        yield opened


def assert_only_project_files(opened: list[str], root: Path) -> None:
    allowed = [root.resolve(), *(folder.resolve() for folder in PYTHON_FOLDERS)]
    for name in opened:
        path = Path(name) if Path(name).is_absolute() else Path.cwd() / name
        path = Path(os.path.normpath(path))  # not resolved: a link must not be followed
        assert any(path.is_relative_to(folder) for folder in allowed), f"opened {name}"


def check_project(root: Path, monkeypatch) -> None:
    """Load and check `root` as `python -m handbook check` does, and judge the outcome."""
    model._pages_read.clear()  # pages are re-read by file state: a rewrite may keep size and time
    problems = []
    with files_opened(monkeypatch) as opened, time_limit(SECONDS_PER_CASE):
        try:
            problems = run_checks(validate_project(root), today=dt.date(2026, 11, 29))
        except HandbookError as exc:
            problems = exc.problems
    assert opened, "nothing recorded: the recorder is not in place"
    assert_only_project_files(opened, root)
    for problem in problems:
        assert problem.path and not Path(problem.path).is_absolute(), problem
        assert isinstance(problem.line, int) and problem.line >= 1, problem
        assert "\n" not in str(problem), problem



# --- What goes in ---------------------------------------------------------------------

odd_unicode = st.sampled_from(["\u202e", "\u200b", "\ufeff", "e\u0301", "\u0000", "\x85", "\u2028",
                               "\U0001f600", "\ud7ff", "\ufffd", "\x1b[31m", "\t", "\r", "\r\n"])
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
fragment = st.one_of(text, odd_unicode)
markup = st.sampled_from([
    "<script>alert(1)</script>", "<style>*{}</style>", "<div markdown>", "</div>", "<span>",
    '<a href="javascript:x">', '<img src="/etc/passwd">', "<!--", "-->", "<details>", "<br/>",
    "{{ partnership.name }}", "{{ '' }}", "{{ ''.__class__.__mro__ }}", "{{ 10**10**6 }}",
    "{% for x in range(10**9) %}{% endfor %}", "{% include '/etc/passwd' %}",
    "{% import 'x' as y %}", "{% raw %}", "{{", "}}", "{%", "%}", "{#", "#}", "```", "~~~",
    '{{ resource_link("bavex") }}', '{{ chapter_excerpt("../../etc/passwd", "x") }}',
    "[x](../../../etc/passwd)", "[x](file:///etc/passwd)", "![x](/etc/hostname)",
    "--8<-- \"/etc/passwd\"", "## 1. Heading", "# Title", "| a | b |\n| - | - |", "---",
])
nesting_depth = st.one_of(st.integers(0, 14), st.integers(0, 120))  # the limit is 12
deep_nesting = st.one_of(
    nesting_depth.map(lambda n: "\n".join("    " * i + "- item" for i in range(n))),
    nesting_depth.map(lambda n: "> " * n + "quote"),
    nesting_depth.map(lambda n: "<div>" * n + "x" + "</div>" * n),
    nesting_depth.map(lambda n: "\n".join(">" * i + " " + "    " * i + "1. x" for i in range(n))),
)
body = st.lists(st.one_of(fragment, fragment, markup, markup, deep_nesting), max_size=8).map("\n\n".join)
yaml_value = st.one_of(
    text, odd_unicode, markup,
    st.sampled_from(["&a x", "*a", "!!python/object/apply:os.system [ls]", "!!binary ???", "!!int x",
                     "!!timestamp x", "!custom x", "2024-02-30", "2024-13-01", "0000-01-01",
                     "0b_", "0x_", "1" * 5000, "[" * 2000, "{a: [b, {c: d}]}", "|", ">-", "? x",
                     "'unclosed", '"\\x"', "@", "`", "%YAML 1.1", "null", "~", "yes", "1e999"]),
    st.integers(0, 3000).map(lambda n: "[" * n + "]" * n),
)
FIELDS = ["title", "summary", "owner", "last_reviewed", "review_interval_months", "review_due",
          "amendments", "tags", "related", "resources", "hide", "nav_section", "nav_order"]
front_matter_line = st.one_of(
    st.tuples(st.sampled_from(FIELDS + ["reviewer", "<<", "&x title", "? [a]"]), yaml_value)
    .map(lambda pair: f"{pair[0]}: {pair[1]}"),
    yaml_value, st.just("amendments:\n  - date: 2024-05\n    summary: First."),
)
front_matter = st.lists(front_matter_line, max_size=8).map("\n".join)


def as_bytes(content: str, encoding_damage: int | None) -> bytes:
    """`content` as UTF-8, with a byte that UTF-8 never uses at `encoding_damage` if given."""
    data = content.encode("utf-8", "surrogatepass")
    if encoding_damage is None:
        return data
    at = encoding_damage % (len(data) + 1)
    return data[:at] + b"\xff" + data[at:]


damage = st.tuples(st.integers(0, 4), st.integers(0, 10**6)).map(  # one case in five
    lambda pair: pair[1] if pair[0] == 0 else None)
bom = st.sampled_from([b"", b"", b"\xef\xbb\xbf"])
PAGES = ["index.md", CHAPTER, "chapters/generated.md", "generated/deeper/page.md"]


@settings(**SETTINGS)
@given(where=st.sampled_from(PAGES), header=front_matter, content=body, broken=damage, mark=bom)
@example(where=CHAPTER, header="title: &a x\nsummary: *a", content="", broken=None, mark=b"")
@example(where=CHAPTER, header="last_reviewed: 2024-02-30", content="", broken=None, mark=b"")
@example(where="index.md", header="title: x\nsummary: y", content="\n".join(
    "    " * i + "- item" for i in range(100)), broken=None, mark=b"\xef\xbb\xbf")
def test_any_page_gives_a_result_or_clear_errors(project, monkeypatch, where, header, content, broken, mark):
    path = project / "docs" / where
    path.parent.mkdir(parents=True, exist_ok=True)
    with written(path, mark + as_bytes(f"---\n{header}\n---\n\n{content}\n", broken)):
        check_project(project, monkeypatch)


@settings(**SETTINGS)
@given(where=st.sampled_from(PAGES[:2]), content=body)
def test_any_page_body_under_valid_front_matter_gives_a_result_or_clear_errors(project, monkeypatch,
                                                                                where, content):
    path = project / "docs" / where
    original = path.read_text(encoding="utf-8")
    end = original.index("\n---\n", 4) + len("\n---\n")
    with written(path, (original[:end] + content + "\n" + original[end:]).encode("utf-8", "surrogatepass")):
        check_project(project, monkeypatch)


DATA_FILES = sorted(path.name for path in (REPO / "data").glob("*.yml"))
data_line = st.one_of(yaml_value, st.tuples(text, yaml_value).map(": ".join),
                      st.sampled_from(["  - id: bavex", "  - &a id: x", "- *a", "\t", ": :", "- ["]))
data_change = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, 400), data_line),
    st.tuples(st.just("value"), st.integers(0, 400), yaml_value),
    st.tuples(st.just("delete"), st.integers(0, 400), st.just("")),
    st.tuples(st.just("replace"), st.just(0), st.one_of(
        st.just(""), st.just("# only a comment"), front_matter,
        st.recursive(st.one_of(st.none(), text, st.integers()), lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(text, inner, max_size=3), max_leaves=8).map(yaml.safe_dump))),
)


def changed(original: str, change) -> str:
    kind, index, new = change
    lines = original.split("\n")
    index %= len(lines)
    if kind == "insert":
        lines.insert(index, new)
    elif kind == "value":
        lines[index] = lines[index].split(":", 1)[0] + ": " + new
    elif kind == "delete":
        del lines[index]
    else:
        return new
    return "\n".join(lines)


@settings(**SETTINGS)
@given(name=st.sampled_from(DATA_FILES), changes=st.lists(data_change, min_size=1, max_size=3),
       broken=damage, mark=bom)
@example(name="glossary.yml", changes=[("replace", 0, "a: &a [x, x, x, x, x, x, x, x, x]\n" + "\n".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]" for i in range(8)))],
    broken=None, mark=b"")
@example(name="legal.yml", changes=[("replace", 0, "")], broken=None, mark=b"\xef\xbb\xbf")
def test_any_data_file_gives_a_result_or_clear_errors(project, monkeypatch, name, changes, broken, mark):
    path = project / "data" / name
    content = path.read_text(encoding="utf-8")
    for change in changes:
        content = changed(content, change)
    with written(path, mark + as_bytes(content, broken)):
        check_project(project, monkeypatch)
