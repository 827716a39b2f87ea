#!/usr/bin/env python3
"""Create a new page or example notebook from the templates in templates/.

    scripts/new.py page skills/feature-stores "Feature stores" --tags tooling,production
    scripts/new.py example churn-survival "Predict when customers leave" --chapter skills/algorithms.md

A page goes to docs/<path>.md with complete front matter, and its Check
yourself quiz to docs/<path>.quiz.yml; an example goes to
examples/<name>.ipynb with its handbook metadata and no outputs. Both refuse
to overwrite a file, check names, tags and chapters up front, and print what
to do next (the nav entry, the link from the chapter, the command to run).
`make new-page` and `make new-example` call this script.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import front_matter  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class ScaffoldError(Exception):
    pass


def _placeholder_description(title: str) -> str:
    return "TODO - one sentence of at most 160 characters on what this teaches and for whom."


def new_page(path: str, title: str, tags: list[str], root: Path = ROOT, today: dt.date | None = None) -> Path:
    path = path.removeprefix("docs/").removesuffix(".md")
    parts = path.split("/")
    if len(parts) != 2 or not all(_SLUG.fullmatch(part) for part in parts):
        raise ScaffoldError(f"'{path}': give the page as <part>/<name> in lowercase-with-dashes, e.g. skills/feature-stores")
    if not (root / "docs" / parts[0]).is_dir():
        parts_known = sorted(p.name for p in (root / "docs").iterdir() if p.is_dir())
        raise ScaffoldError(f"docs/{parts[0]}/ does not exist; the parts are: {', '.join(parts_known)}")
    allowed = front_matter.allowed_tags(root / "includes" / "tags.yml")
    unknown = [tag for tag in tags if tag not in allowed]
    if not tags or unknown:
        raise ScaffoldError(f"tags {unknown or '(none)'} are not in includes/tags.yml; choose from: {', '.join(sorted(allowed))}")
    target = root / "docs" / f"{path}.md"
    quiz = root / "docs" / f"{path}.quiz.yml"
    for existing in (target, quiz):
        if existing.exists():
            raise ScaffoldError(f"{existing.relative_to(root)} already exists")
    text = (
        (TEMPLATES / "page.md")
        .read_text(encoding="utf-8")
        .format(
            title=title,
            description=_placeholder_description(title),
            tags=", ".join(tags),
            today=(today or dt.date.today()).isoformat(),
            name=quiz.name,
        )
    )
    target.write_text(text, encoding="utf-8")
    quiz.write_text((TEMPLATES / "quiz.yml").read_text(encoding="utf-8").format(page=f"docs/{path}.md"), encoding="utf-8")
    return target


def new_example(name: str, title: str, chapter: str, root: Path = ROOT) -> Path:
    name = name.removeprefix("examples/").removesuffix(".ipynb")
    if not _SLUG.fullmatch(name):
        raise ScaffoldError(f"'{name}': name the notebook in lowercase-with-dashes, e.g. churn-survival")
    chapter = chapter.removeprefix("docs/")
    chapter_path = root / "docs" / chapter
    if not chapter_path.is_file():
        raise ScaffoldError(
            f"chapter docs/{chapter} does not exist; give the page the notebook practises, e.g. skills/algorithms.md"
        )
    target = root / "examples" / f"{name}.ipynb"
    if target.exists():
        raise ScaffoldError(f"{target.relative_to(root)} already exists")
    chapter_title = front_matter.read(chapter_path, root).get("title") or chapter

    def text(value: str) -> str:  # a value placed inside a JSON string
        return json.dumps(value)[1:-1]

    notebook = (TEMPLATES / "notebook.ipynb").read_text(encoding="utf-8")
    for key, value in {
        "{title}": title,
        "{chapter_title}": chapter_title,
        "{chapter}": chapter,
        "{description}": _placeholder_description(title),
    }.items():
        notebook = notebook.replace(key, text(value))
    json.loads(notebook)  # still valid JSON
    target.write_text(notebook, encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="kind", required=True)
    page = sub.add_parser("page", help="a new page in docs/")
    page.add_argument("path", help="<part>/<name>, e.g. skills/feature-stores")
    page.add_argument("title", help="the page title, e.g. 'Feature stores'")
    page.add_argument("--tags", required=True, help="comma-separated tags from includes/tags.yml")
    example = sub.add_parser("example", help="a new notebook in examples/")
    example.add_argument("name", help="file name without .ipynb, e.g. churn-survival")
    example.add_argument("title", help="the notebook title, e.g. 'Predict when customers leave'")
    example.add_argument("--chapter", required=True, help="the page it practises, e.g. skills/algorithms.md")
    args = parser.parse_args(argv)
    try:
        if args.kind == "page":
            target = new_page(args.path, args.title, [t.strip() for t in args.tags.split(",") if t.strip()])
            relative = target.relative_to(ROOT / "docs").as_posix()
            print(
                f"Created {target.relative_to(ROOT)} and its quiz {target.with_suffix('.quiz.yml').relative_to(ROOT)}. Next:\n"
                f"  1. Replace the TODO description, the placeholder text and the quiz's TODO questions.\n"
                f"  2. Add it to the nav in mkdocs.yml, e.g.   - {args.title}: {relative}\n"
                f"  3. Add new terms of art to includes/abbreviations.md.\n"
                f"  4. make serve to read it, make test before you open a pull request."
            )
        else:
            target = new_example(args.name, args.title, args.chapter)
            chapter = args.chapter.removeprefix("docs/")
            link = Path("..", "examples", target.name).as_posix() if chapter.count("/") == 1 else f"examples/{target.name}"
            print(
                f"Created {target.relative_to(ROOT)}. Next:\n"
                f"  1. Replace the TODO description in its metadata and write the cells (CONTRIBUTING.md has the rules).\n"
                f"  2. Add it to the nav in mkdocs.yml under Examples:   - {args.title}: examples/{target.name}\n"
                f"  3. Link it from docs/{chapter} under '## Try it', e.g. [the {args.title.lower()} notebook]({link})\n"
                f"  4. make example NB={target.stem} to run it. Commit it without outputs: .venv/bin/nbstripout --keep-id {target.relative_to(ROOT)}"
            )
    except ScaffoldError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
