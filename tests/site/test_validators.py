"""The W3C's Nu Html Checker (npm vnu-jar, run with the Java runtime from Debian) on every
built page: zero errors on every page kind. Its counts per page kind are printed."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from tests.support.outside_checkers import VNU_JAR, built_pages, report_counts, required


def test_nu_html_checker_finds_no_error_on_any_page_kind(built_site):
    java = shutil.which("java")
    if java is None:
        pytest.fail("no Java runtime: run `make test`, which installs default-jre-headless")
    pages = built_pages(built_site)
    result = subprocess.run([java, "-jar", str(required(VNU_JAR)), "--errors-only", "--format", "json",
                             *(str(built_site / page) for page in pages)],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr)["messages"]  # the checker reports on standard error
    problems = []
    for message in messages:
        page = Path(unquote(urlparse(message.get("url", "")).path)).relative_to(built_site).as_posix()
        problems.append((page, f"{message['type']} line {message.get('lastLine')}: {message['message']}"))
    assert problems == [], report_counts("Nu Html Checker", pages, problems)
    assert result.returncode == 0, result.stderr
    print(report_counts("Nu Html Checker", pages, problems))
