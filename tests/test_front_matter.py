"""Every page's front matter has what readers, search engines and reviewers rely on.

The fields: ``title``; ``description`` (at most 160 characters, it becomes the
meta description); ``tags`` from the vocabulary in includes/tags.yml;
``last_reviewed`` (a date, not in the future); and, on pages with figures that
go stale (salaries, prices, certifications, regulation), ``review_by`` (a
date after ``last_reviewed``). Errors name the page and the field.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
TAGS_FILE = ROOT / "includes" / "tags.yml"
MAX_DESCRIPTION = 160
_FRONT_MATTER = re.compile(r"\A---\n(?P<yaml>.*?)\n---\n", re.S)


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    match = _FRONT_MATTER.match(text)
    if not match:
        pytest.fail(f"{path.relative_to(ROOT)}: no front matter; the page must start with a '---' block")
    try:
        meta = yaml.safe_load(match["yaml"]) or {}
    except yaml.YAMLError as error:
        pytest.fail(f"{path.relative_to(ROOT)}: front matter is not valid YAML: {error}")
    if not isinstance(meta, dict):
        pytest.fail(f"{path.relative_to(ROOT)}: front matter must be 'key: value' lines")
    return meta


def problems(path: Path, meta: dict, allowed_tags: set[str], today: dt.date) -> list[str]:
    """What is wrong with one page's front matter, each message naming the page and the field."""
    page = path.relative_to(ROOT).as_posix()
    found = []
    if not str(meta.get("title") or "").strip():
        found.append(f"{page}: 'title' is missing")
    description = str(meta.get("description") or "").strip()
    if not description:
        found.append(f"{page}: 'description' is missing")
    elif len(description) > MAX_DESCRIPTION:
        found.append(f"{page}: 'description' has {len(description)} characters; the limit is {MAX_DESCRIPTION}")
    tags = meta.get("tags")
    if not isinstance(tags, list) or not tags:
        found.append(f"{page}: 'tags' must be a non-empty list, e.g. tags: [skills, data]")
    else:
        unknown = [tag for tag in tags if tag not in allowed_tags]
        if unknown:
            found.append(f"{page}: 'tags' has {unknown}, not in includes/tags.yml (known: {', '.join(sorted(allowed_tags))})")
    reviewed = meta.get("last_reviewed")
    if not isinstance(reviewed, dt.date):
        found.append(f"{page}: 'last_reviewed' must be a date written YYYY-MM-DD, not {reviewed!r}")
    elif reviewed > today:
        found.append(f"{page}: 'last_reviewed' {reviewed} is in the future")
    review_by = meta.get("review_by")
    if review_by is not None:
        if not isinstance(review_by, dt.date):
            found.append(f"{page}: 'review_by' must be a date written YYYY-MM-DD, not {review_by!r}")
        elif isinstance(reviewed, dt.date) and review_by <= reviewed:
            found.append(f"{page}: 'review_by' {review_by} is not after 'last_reviewed' {reviewed}")
    return found


def allowed() -> set[str]:
    return set(yaml.safe_load(TAGS_FILE.read_text(encoding="utf-8")))


def test_every_page_has_complete_front_matter() -> None:
    tags, today = allowed(), dt.date.today()
    pages = sorted(DOCS.rglob("*.md"))
    assert len(pages) > 40, f"only {len(pages)} pages found under {DOCS}"
    found = [problem for path in pages for problem in problems(path, front_matter(path), tags, today)]
    assert not found, "front matter problems:\n" + "\n".join(found)


def test_the_check_names_the_page_and_the_field() -> None:
    path = DOCS / "skills" / "made-up.md"
    meta = {"title": "A page", "description": "x" * 161, "tags": ["modelling"], "last_reviewed": "last week",
            "review_by": dt.date(2020, 1, 1)}
    found = problems(path, meta, allowed(), dt.date(2026, 11, 29))
    assert found == [
        "docs/skills/made-up.md: 'description' has 161 characters; the limit is 160",
        f"docs/skills/made-up.md: 'tags' has ['modelling'], not in includes/tags.yml (known: {', '.join(sorted(allowed()))})",
        "docs/skills/made-up.md: 'last_reviewed' must be a date written YYYY-MM-DD, not 'last week'",
    ]
    assert problems(path, {"title": "t", "description": "d", "tags": ["skills"], "last_reviewed": dt.date(2026, 1, 2),
                           "review_by": dt.date(2026, 1, 1)}, allowed(), dt.date(2026, 11, 29)) == [
        "docs/skills/made-up.md: 'review_by' 2026-01-01 is not after 'last_reviewed' 2026-01-02"
    ]


def test_pages_with_volatile_figures_carry_a_review_by_date() -> None:
    # Salaries, certifications, cloud services and prices, regulation: wrong within a year if nobody looks.
    volatile = ["careers/salaries.md", "careers/certifications.md", "careers/education.md", "cloud/providers.md",
                "cloud/cost.md", "ethics/regulation.md"]
    missing = [page for page in volatile if "review_by" not in front_matter(DOCS / page)]
    assert not missing, f"pages with volatile facts but no review_by date: {missing}"
