"""Everything partnership-specific comes from data: a fictional partnership's handbook,
built by the same engine, has none of Bedfordshire's names in it."""
from __future__ import annotations

from bs4 import BeautifulSoup

from tests.support import REPO, run_handbook

FIXTURE = REPO / "tests" / "fixtures" / "other-partnership"
BEDFORDSHIRE_NAMES = ["bedford", "luton", "bavex", "proceduresonline"]


def test_fictional_partnership_has_none_of_bedfordshires_names(tmp_path):
    site = tmp_path / "site"
    result = run_handbook("--project", str(FIXTURE), "build", "--site-dir", str(site),
                          "--dist-dir", str(tmp_path / "dist"))
    assert result.returncode == 0, result.stderr
    files = [path for path in site.rglob("*") if path.is_file() and path.suffix in {".html", ".json", ".xml", ".css", ".js"}]
    assert len(files) > 5
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace").lower()
        for name in BEDFORDSHIRE_NAMES:
            assert name not in text, f"{name!r} in {path.relative_to(site)}"
    home = (site / "index.html").read_text()
    shown = BeautifulSoup(home, "html.parser")
    assert shown.title.get_text().endswith("Northmoor Children's Procedures")
    assert "Northmoor Children's Procedures" in shown.select_one(".md-header__topic").get_text()
    assert "Northmoor procedures" in home
    assert "Not yet confirmed by the partnership" in home
    # The partnership's own review interval (6 months) is the one used.
    assert "next review due <span" in (site / "chapters" / "signs.html").read_text()
    assert "December 2026" in (site / "chapters" / "signs.html").read_text()
    assert "children's social care, northmoor" in result.stderr.lower()
