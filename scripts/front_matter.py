#!/usr/bin/env python3
"""Read and check the front matter of the handbook's pages; list stale pages.

Every page in docs/ starts with a YAML block that the site, search engines and
reviewers rely on:

    ---
    title: Evaluation and validation
    description: At most 160 characters; it becomes the meta description.
    tags: [skills, modeling]          # from includes/tags.yml
    last_reviewed: 2026-11-21         # when someone last checked the facts
    review_by: 2027-05-21             # optional: pages with figures that go stale
    ---

``check`` prints every problem as ``docs/page.md:LINE: message`` and exits 1
if there is one; `make lint` (pre-commit) runs it on the pages you changed and
tests/test_front_matter.py on all of them. ``stale`` lists the pages that are
due for review: ``review_by`` has passed, or ``last_reviewed`` is more than a
year old. It reports and exits 0, so a date alone never turns CI red;
``--fail`` makes it exit 1 when a page is due (the weekly freshness workflow
uses it so that the run shows red).

Usage: scripts/front_matter.py check [PAGE.md ...]
       scripts/front_matter.py stale [--today YYYY-MM-DD] [--fail] [--markdown]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from rules import MAX_DESCRIPTION

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
TAGS_FILE = ROOT / "includes" / "tags.yml"
REVIEW_EVERY = dt.timedelta(days=365)
_BLOCK = re.compile(r"\A---\n(?P<yaml>.*?)\n---\n", re.S)


class FrontMatterError(Exception):
    """The front matter cannot be read at all; the message names the page, ``line`` the line of the file."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


def read(path: Path, root: Path = ROOT) -> dict:
    page = path.relative_to(root).as_posix()
    match = _BLOCK.match(path.read_text(encoding="utf-8"))
    if not match:
        raise FrontMatterError(f"{page}: no front matter; the page must start with a '---' block")
    try:
        meta = yaml.safe_load(match["yaml"]) or {}
    except yaml.YAMLError as error:
        # PyYAML counts lines within the block; count them within the file (the opening '---' is line 1).
        for mark in (getattr(error, "context_mark", None), getattr(error, "problem_mark", None)):
            if mark is not None:
                mark.name, mark.line = page, mark.line + 1
        mark = getattr(error, "problem_mark", None)
        raise FrontMatterError(f"{page}: front matter is not valid YAML: {error}", mark.line + 1 if mark else 1) from None
    if not isinstance(meta, dict):
        raise FrontMatterError(f"{page}: front matter must be 'key: value' lines")
    return meta


def allowed_tags(path: Path = TAGS_FILE) -> set[str]:
    return set(yaml.safe_load(path.read_text(encoding="utf-8")))


def problems(page: str, meta: dict, tags_allowed: set[str], today: dt.date) -> list[str]:
    """What is wrong with one page's front matter, each message naming the page and the field."""
    found = []
    if not str(meta.get("title") or "").strip():
        found.append(f"{page}: 'title' is missing")
    description = str(meta.get("description") or "").strip()
    if not description:
        found.append(f"{page}: 'description' is missing")
    elif description.startswith("TODO"):
        found.append(f"{page}: 'description' is still the template's placeholder; write the page's own")
    elif len(description) > MAX_DESCRIPTION:
        found.append(f"{page}: 'description' has {len(description)} characters; the limit is {MAX_DESCRIPTION}")
    tags = meta.get("tags")
    if not isinstance(tags, list) or not tags:
        found.append(f"{page}: 'tags' must be a non-empty list, e.g. tags: [skills, data]")
    else:
        unknown = [tag for tag in tags if tag not in tags_allowed]
        if unknown:
            found.append(f"{page}: 'tags' has {unknown}, not in includes/tags.yml (known: {', '.join(sorted(tags_allowed))})")
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


@dataclass
class Due:
    page: str
    reason: str


def due_for_review(meta: dict, page: str, today: dt.date) -> Due | None:
    review_by, reviewed = meta.get("review_by"), meta.get("last_reviewed")
    if isinstance(review_by, dt.date) and review_by < today:
        return Due(page, f"review_by {review_by} has passed")
    if isinstance(reviewed, dt.date) and today - reviewed > REVIEW_EVERY:
        return Due(page, f"last reviewed {reviewed}, more than a year ago")
    return None


def stale(today: dt.date, docs: Path = DOCS, root: Path = ROOT) -> list[Due]:
    found = []
    for path in sorted(docs.rglob("*.md")):
        page = path.relative_to(root).as_posix()
        due = due_for_review(read(path, root), page, today)
        if due:
            found.append(due)
    return found


def field_line(path: Path, field: str) -> int:
    """The line of the file on which FIELD is set in the front matter, or 1 (the opening '---') if it is not."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            break
        if line.startswith(f"{field}:"):
            return number
    return 1


def check(paths: list[Path], root: Path = ROOT, today: dt.date | None = None) -> list[str]:
    """Every front-matter problem of PATHS, each as 'page:line: message'."""
    tags, today = allowed_tags(root / "includes" / "tags.yml"), today or dt.date.today()
    found = []
    for path in paths:
        page = path.resolve().relative_to(root).as_posix()
        try:
            messages = problems(page, read(path.resolve(), root), tags, today)
        except FrontMatterError as error:
            found.append(f"{page}:{error.line}: {str(error).removeprefix(page + ': ')}")
            continue
        for message in messages:
            rest = message.removeprefix(page + ": ")
            field = re.match(r"'(\w+)'", rest)
            found.append(f"{page}:{field_line(path, field[1]) if field else 1}: {rest}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    checker = sub.add_parser("check", help="check the front matter of the given pages (default: every page in docs/)")
    checker.add_argument("pages", nargs="*", type=Path, help="Markdown files under docs/")
    report = sub.add_parser("stale", help="list pages due for review")
    report.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(), help="pretend today is this date")
    report.add_argument("--fail", action="store_true", help="exit 1 when a page is due")
    report.add_argument("--markdown", action="store_true", help="print a Markdown table (for a CI run summary)")
    args = parser.parse_args(argv)
    if args.command == "check":
        found = check(args.pages or sorted(DOCS.rglob("*.md")))
        if found:
            print("\n".join(found), file=sys.stderr)
            print(
                "Front matter: see the example at the top of scripts/front_matter.py; tags come from includes/tags.yml.",
                file=sys.stderr,
            )
        return 1 if found else 0
    try:
        due = stale(args.today)
    except FrontMatterError as error:
        print(error, file=sys.stderr)
        return 2
    if not due:
        print(f"No page is due for review as of {args.today}.")
        return 0
    if args.markdown:
        print(f"## {len(due)} page(s) due for review as of {args.today}\n\n| Page | Why |\n| --- | --- |")
        print("\n".join(f"| `{item.page}` | {item.reason} |" for item in due))
    else:
        print(f"{len(due)} page(s) due for review as of {args.today}:")
        print("\n".join(f"  {item.page}: {item.reason}" for item in due))
        print("Check the facts, then update last_reviewed (and review_by) in the page's front matter.")
    return 1 if args.fail else 0


if __name__ == "__main__":
    sys.exit(main())
