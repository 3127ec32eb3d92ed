"""`python -m handbook check` (make check) as an editor runs it: on the untouched source
chapter it reports every defect the partnership's editors listed; on the corrected
handbook it reports no error."""
from __future__ import annotations

import json
import re
import shutil

import pytest

from tests.support import CHAPTER, REPO, copy_project, run_handbook

# The May 2024 edition is the source chapter as received (shared/seed/), converted to
# markdown with its words and defects untouched (see editions/2024-05/README.md).
SEED = REPO / "editions" / "2024-05"
LINE = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+): (?P<severity>error|warning): (?P<message>.+)$")


@pytest.fixture(scope="module")
def seed_project(tmp_path_factory):
    """The uncorrected chapter (converted to markdown, words untouched) with the
    handbook's data: the law and glossary it is checked against."""
    project = copy_project(tmp_path_factory.mktemp("seed") / "project", folders=("data", "editions"))
    shutil.copytree(SEED / "docs", project / "docs")
    # The two fields a current chapter must have that the May 2024 edition predates: the
    # section that says what to do, and what kind of change its one amendment was (the
    # lines the checks report are found in this copy, so the two added lines move nothing).
    chapter = project / "docs" / CHAPTER
    text = chapter.read_text(encoding="utf-8")
    front, body = text.split("\n---\n", 1)
    assert front.endswith("    summary: This chapter was revised where required."), "test setup"
    chapter.write_text(front + "\n    kind: guidance\naction_section: protection-and-action\n---\n" + body,
                       encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def seed_findings(seed_project):
    result = run_handbook("--project", str(seed_project), "check", "--as-of", "2026-11-29", "--all-warnings")
    assert "Traceback" not in result.stderr
    return result, [LINE.match(line).groupdict() for line in result.stderr.splitlines()[:-1]]


def seed_line(seed_project, text: str) -> int:
    """The line of the fixture chapter that holds `text` (found, not hard-coded)."""
    lines = (seed_project / "docs" / CHAPTER).read_text(encoding="utf-8").splitlines()
    (number,) = [i for i, line in enumerate(lines, start=1) if text in line]
    return number


# Each defect listed in shared/seed/README.md: the text on its line, and what the check says.
SEED_DEFECTS = {
    "numbering-3-to-5": ("## 5. Online Child Sexual Exploitation",
                         "section numbering jumps from 3 to 5 (no section 4)"),
    "section-6-heading-over-wrong-text": ("## 6. Child-on-Child Abuse",
                                          "heading '6. Child-on-Child Abuse' may be over the wrong text"),
    "section-7-lost-list": ("the following procedures should be followed:",
                            "ends in a colon but nothing follows it before the next heading"),
    "section-8-repeated-clause": ("outweighs the duty of where the public interest",
                                  "text repeated within one sentence: 'where the public interest "
                                  "served by protecting the child from harm outweighs the duty of'"),
    "typo-involve-in": ("are involve in developing", "'are involve': after 'are' the verb needs its "
                        "participle: 'are involved'"),
    "typo-issues-identifies": ("issues identifies in this chapter", "'issues identifies'"),
    "unbalanced-bracket": ("online abuse etc.);", "unbalanced bracket: ')' with no '('"),
    "superseded-revenge-porn": ("section 69 Domestic Abuse Act 2021",
                                "cites Domestic Abuse Act 2021 s.69, which data/legal.yml marks as "
                                "superseded on 31 January 2024 by Sexual Offences Act 2003 ss.66B-66D"),
}


@pytest.mark.parametrize("defect", SEED_DEFECTS.values(), ids=SEED_DEFECTS.keys())
def test_every_listed_defect_of_the_source_chapter_is_reported(seed_project, seed_findings, defect):
    text, says = defect
    _, findings = seed_findings
    line = seed_line(seed_project, text)
    at_line = [f for f in findings if f["path"] == f"docs/{CHAPTER}" and int(f["line"]) == line]
    assert any(says in f["message"] and f["severity"] == "warning" for f in at_line), \
        f"nothing saying {says!r} at line {line}; found there: {at_line}"


def test_source_chapter_has_warnings_only_and_a_count(seed_findings):
    result, findings = seed_findings
    assert result.returncode == 0, result.stderr
    assert {f["severity"] for f in findings} == {"warning"}
    assert result.stderr.splitlines()[-1] == f"0 error(s), {len(findings)} warning(s)"


def test_the_corrected_handbook_has_no_error_and_none_of_the_seed_defects():
    result = run_handbook("check", "--as-of", "2026-11-29", "--all-warnings")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[-1].startswith("0 error(s), ")
    assert all(LINE.match(line) for line in lines[:-1]), lines
    chapter = "\n".join(line for line in lines if line.startswith(f"docs/{CHAPTER}"))
    for _, says in SEED_DEFECTS.values():
        assert says not in chapter
    # The chapter was last reviewed in May 2024, but nobody has said how often chapters are
    # reviewed: no review date, so nothing overdue; the missing interval is one warning.
    assert "past its review date" not in result.stderr


def partnership_line(text: str) -> int:
    lines = (REPO / "data" / "partnership.yml").read_text(encoding="utf-8").splitlines()
    (number,) = [i for i, line in enumerate(lines, start=1) if line.startswith(text)]
    return number


def chapter_line(project, text: str) -> int:
    lines = (project / "docs" / CHAPTER).read_text(encoding="utf-8").splitlines()
    (number,) = [i for i, line in enumerate(lines, start=1) if line.startswith(text)]
    return number


def test_unset_and_unconfirmed_partnership_facts_are_warnings_not_an_overdue_review():
    result = run_handbook("check", "--as-of", "2040-01-01", "--all-warnings")
    lines = result.stderr.splitlines()
    assert not [line for line in lines if "past its review date" in line]
    assert [line for line in lines if "review" in line and "data/partnership.yml" in line] == [
        f"data/partnership.yml:{partnership_line('review_interval_months:')}: warning: no review date "
        "set: review_interval_months is not set, so chapters without a review_interval_months or "
        "review_due of their own show no review date and are never reported overdue; set it once "
        "the partnership has said how often chapters are reviewed"]
    assert any(line.startswith(f"data/partnership.yml:{partnership_line('  confirmed: false')}: warning: "
                               "the printing policy (printed copies valid for 72 hours) is not confirmed")
               for line in lines)
    assert any(line.startswith(f"docs/{CHAPTER}:{chapter_line(REPO, 'owner_confirmed:')}: warning: owner "
                               "'Safeguarding children partnerships' procedures editor' is not confirmed")
               for line in lines)


def test_overdue_agrees_with_check_when_no_review_date_is_set():
    result = run_handbook("overdue", "--as-of", "2040-01-01")
    assert result.returncode == 0
    assert result.stdout.splitlines() == ["0 chapter(s) overdue for review as of 2040-01-01"]


def test_review_date_follows_as_of_once_the_partnership_sets_an_interval(project_copy):
    data = project_copy / "data" / "partnership.yml"
    data.write_text(data.read_text().replace("review_interval_months: null", "review_interval_months: 12"))
    before = run_handbook("--project", str(project_copy), "check", "--as-of", "2025-05-31")
    after = run_handbook("--project", str(project_copy), "check", "--as-of", "2025-06-01")
    assert "past its review date" not in before.stderr and "no review date set" not in before.stderr
    warning = (f"docs/{CHAPTER}:{chapter_line(project_copy, 'last_reviewed:')}: warning: past its review "
               "date: review was due by May 2025 (last reviewed May 2024)")
    assert [line for line in after.stderr.splitlines() if "past its review date" in line][0].startswith(warning)
    overdue = run_handbook("--project", str(project_copy), "overdue", "--as-of", "2025-06-01")
    assert overdue.stdout.splitlines()[0].startswith(warning)
    assert overdue.stdout.splitlines()[-1] == "1 chapter(s) overdue for review as of 2025-06-01"


def test_a_change_without_an_amendment_is_a_warning_at_its_section(project_copy):
    chapter = project_copy / "docs" / CHAPTER
    text = chapter.read_text(encoding="utf-8")
    sentence = "All practitioners should work on the basis that it is happening in their area."
    assert sentence in text
    chapter.write_text(text.replace(sentence, "All practitioners should assume it happens in their area."),
                       encoding="utf-8")
    result = run_handbook("--project", str(project_copy), "check", "--as-of", "2026-11-29")
    assert result.returncode == 0, result.stderr
    line = chapter_line(project_copy, "## 2. Who is at Risk?")
    assert (f"docs/{CHAPTER}:{line}: warning: section '2. Who is at Risk?' changed since the May 2024 "
            "edition and no amendment since names it") in result.stderr


def test_json_gives_the_same_findings(seed_project, seed_findings):
    text_result, findings = seed_findings
    result = run_handbook("--project", str(seed_project), "check", "--as-of", "2026-11-29",
                          "--all-warnings", "--format", "json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["errors"] == 0 and report["warnings"] == len(findings)
    assert [f"{p['path']}:{p['line']}: {p['severity']}: {p['message']}" for p in report["problems"]] \
        == text_result.stderr.splitlines()[:-1]


def test_an_error_exits_1_in_both_formats(project_copy):
    page = project_copy / "docs" / "indicators.md"
    page.write_text(page.read_text().replace("#indicators)", "#indicaters)"))
    text = run_handbook("--project", str(project_copy), "check")
    assert text.returncode == 1
    (error,) = [line for line in text.stderr.splitlines() if ": error: " in line]
    line = page.read_text().splitlines().index(next(
        t for t in page.read_text().splitlines() if "#indicaters)" in t)) + 1
    assert error.startswith(f"docs/indicators.md:{line}: error: broken link "
                            "'chapters/safeguarding-children-from-sexual-exploitation.md#indicaters'")
    as_json = run_handbook("--project", str(project_copy), "check", "--format", "json")
    assert as_json.returncode == 1
    assert json.loads(as_json.stdout)["errors"] == 1


def test_invalid_data_is_reported_as_json_too(project_copy):
    data = project_copy / "data" / "legal.yml"
    data.write_text(data.read_text().replace("status: superseded", "status: repealed"))
    result = run_handbook("--project", str(project_copy), "check", "--format", "json")
    assert result.returncode == 1
    # One error, found with the warnings (every check runs on what could be read).
    (problem,) = [p for p in json.loads(result.stdout)["problems"] if p["severity"] == "error"]
    assert problem["path"] == "data/legal.yml" and problem["severity"] == "error"
    assert "status" in problem["message"] and problem["line"]


def test_a_bad_as_of_date_is_a_usage_error_not_a_traceback():
    result = run_handbook("check", "--as-of", "31/12/2026")
    assert result.returncode == 2
    assert "not a date written YYYY-MM-DD" in result.stderr and "Traceback" not in result.stderr


def test_standing_warnings_are_one_line_and_new_ones_are_printed_in_full(project_copy):
    """The facts waiting for confirmation (data/standing-warnings.yml) are summarised with
    the command that lists them; a warning the change caused is printed in full."""
    quiet = run_handbook("--project", str(project_copy), "check", "--as-of", "2026-11-29")
    listed = run_handbook("--project", str(project_copy), "check", "--as-of", "2026-11-29", "--all-warnings")
    assert quiet.returncode == listed.returncode == 0
    standing = [line for line in listed.stderr.splitlines()
                if LINE.match(line) and line not in quiet.stderr.splitlines()]
    assert len(standing) >= 10 and any("site_url is not set" in line for line in standing)
    assert f"{len(standing)} standing warning(s) not shown (known to the partnership, listed in " \
           "data/standing-warnings.yml): make check CHECK_ARGS=--all-warnings lists them" in quiet.stderr
    assert quiet.stderr.splitlines()[-1] == listed.stderr.splitlines()[-1]  # the same count
    # A new warning, caused by the change being made, is printed in full.
    chapter = project_copy / "docs" / CHAPTER
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(
        "## 3. Indicators {#indicators}", "## 3. Indicators"), encoding="utf-8")
    changed = run_handbook("--project", str(project_copy), "check", "--as-of", "2026-11-29")
    line = chapter_line(project_copy, "## 3. Indicators")
    assert f"docs/{CHAPTER}:{line}: warning: numbered heading '3. Indicators' has no {{#anchor}}" in changed.stderr


def test_strict_turns_every_warning_into_an_error():
    result = run_handbook("check", "--as-of", "2026-11-29", "--strict")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert all(LINE.match(line) and LINE.match(line)["severity"] == "error" for line in lines[:-1]), lines
    assert any("site_url is not set" in line for line in lines)  # standing ones too
    assert lines[-1] == f"{len(lines) - 1} error(s), 0 warning(s)"


def test_update_standing_acknowledges_the_warnings_read(project_copy):
    chapter = project_copy / "docs" / CHAPTER
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(
        "## 3. Indicators {#indicators}", "## 3. Indicators {#indicators}\n\n## 4. Notes"), encoding="utf-8")
    new = run_handbook("--project", str(project_copy), "check", "--as-of", "2026-11-29")
    assert "numbered heading '4. Notes' has no {#anchor}" in new.stderr
    written = run_handbook("--project", str(project_copy), "check", "--as-of", "2026-11-29", "--update-standing")
    assert written.returncode == 0, written.stderr
    after = run_handbook("--project", str(project_copy), "check", "--as-of", "2026-11-29")
    assert "numbered heading '4. Notes'" not in after.stderr
    assert re.search(r"^\d+ standing warning\(s\) not shown", after.stderr, re.M)
    assert after.stderr.splitlines()[-1] == new.stderr.splitlines()[-1]  # the same findings, counted
