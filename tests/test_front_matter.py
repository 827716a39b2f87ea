"""Every page's front matter has what readers, search engines and reviewers rely on.

The rules live in scripts/front_matter.py (title; description of at most 160
characters; tags from includes/tags.yml; last_reviewed; review_by after it),
which also lists the pages due for review (`make stale`). Errors name the page
and the field.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import front_matter as fm  # noqa: E402

PAGE = "docs/skills/made-up.md"
GOOD = {"title": "A page", "description": "What it teaches.", "tags": ["skills"], "last_reviewed": dt.date(2026, 1, 2)}


def test_every_page_has_complete_front_matter() -> None:
    tags, today = fm.allowed_tags(), dt.date.today()
    pages = sorted(fm.DOCS.rglob("*.md"))
    assert len(pages) > 40, f"only {len(pages)} pages found under {fm.DOCS}"
    found = []
    for path in pages:
        try:
            found += fm.problems(path.relative_to(fm.ROOT).as_posix(), fm.read(path), tags, today)
        except fm.FrontMatterError as error:
            found.append(str(error))
    assert not found, "front matter problems:\n" + "\n".join(found)


def test_a_correct_page_has_no_problems() -> None:
    assert fm.problems(PAGE, GOOD, fm.allowed_tags(), dt.date(2026, 11, 29)) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "'title' is missing"),
        ({"description": ""}, "'description' is missing"),
        ({"description": "x" * 161}, "'description' has 161 characters; the limit is 160"),
        ({"tags": "skills"}, "'tags' must be a non-empty list"),
        ({"tags": ["modelling"]}, "'tags' has ['modelling'], not in includes/tags.yml"),
        ({"last_reviewed": "last week"}, "'last_reviewed' must be a date written YYYY-MM-DD, not 'last week'"),
        ({"last_reviewed": dt.date(2027, 1, 1)}, "'last_reviewed' 2027-01-01 is in the future"),
        ({"review_by": dt.date(2026, 1, 1)}, "'review_by' 2026-01-01 is not after 'last_reviewed' 2026-01-02"),
    ],
)
def test_each_problem_names_the_page_and_the_field(change: dict, message: str) -> None:
    found = fm.problems(PAGE, GOOD | change, fm.allowed_tags(), dt.date(2026, 11, 29))
    assert len(found) == 1 and found[0].startswith(f"{PAGE}: {message}"), found


def test_unreadable_front_matter_names_the_page(tmp_path: Path) -> None:
    page = tmp_path / "docs" / "broken.md"
    page.parent.mkdir()
    page.write_text("---\ntitle: [unclosed\n---\n# Broken\n", encoding="utf-8")
    with pytest.raises(fm.FrontMatterError, match=r"^docs/broken\.md: front matter is not valid YAML"):
        fm.read(page, root=tmp_path)


def test_pages_with_volatile_figures_carry_a_review_by_date() -> None:
    # Salaries, certifications, cloud services and prices, regulation: wrong within a year if nobody looks.
    volatile = [
        "careers/salaries.md",
        "careers/certifications.md",
        "careers/education.md",
        "cloud/providers.md",
        "cloud/cost.md",
        "ethics/regulation.md",
    ]
    missing = [page for page in volatile if "review_by" not in fm.read(fm.DOCS / page)]
    assert not missing, f"pages with volatile facts but no review_by date: {missing}"


def test_stale_lists_passed_review_dates_and_year_old_reviews() -> None:
    today = dt.date(2026, 11, 29)
    assert fm.due_for_review(GOOD, PAGE, today) is None
    assert fm.due_for_review(GOOD | {"review_by": dt.date(2026, 11, 1)}, PAGE, today).reason == "review_by 2026-11-01 has passed"
    old = fm.due_for_review(GOOD | {"last_reviewed": dt.date(2025, 11, 1)}, PAGE, today)
    assert old.reason == "last reviewed 2025-11-01, more than a year ago"


def test_stale_command_reports_without_failing_unless_asked() -> None:
    script = [sys.executable, str(fm.ROOT / "scripts" / "front_matter.py"), "stale", "--today", "2030-01-01"]
    report = subprocess.run(script, capture_output=True, text=True, check=False)
    assert report.returncode == 0 and "due for review as of 2030-01-01" in report.stdout, report.stdout + report.stderr
    assert "docs/careers/salaries.md: review_by" in report.stdout
    assert subprocess.run([*script, "--fail"], capture_output=True, check=False).returncode == 1
