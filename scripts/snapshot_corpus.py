#!/usr/bin/env python3
"""Write examples/data/handbook-corpus.jsonl: the handbook's own pages as plain text, one line per section.

The LLM notebooks train small language models and search engines on text the
repository ships, and they cannot read docs/ (each runs in a copy of
examples/). This script takes every docs/**/*.md, drops what is markup rather
than prose (front matter, admonition and tab markers, HTML tags, code fences,
emphasis and code markers, table rules, the quiz heading, link targets, glossary
includes), and splits each page at
its headings. Each line of the output is one section:

    {"page": "skills/evaluation.md", "heading": "Train, validation and test sets",
     "anchor": "train-validation-and-test-sets", "text": "A score on training data ..."}

``anchor`` is the heading's id as the site builds it, so a notebook can link a
hit back to ``../docs/PAGE#ANCHOR``. The text is CC BY 4.0, like the pages.
Run it again (and commit the result) when the pages change enough to matter.

Usage: scripts/snapshot_corpus.py [--output PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from markdown.extensions.toc import slugify

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
OUTPUT = ROOT / "examples" / "data" / "handbook-corpus.jsonl"
SKIPPED_HEADINGS = {"Check yourself"}  # filled in from PAGE.quiz.yml at build time: no prose here
MAX_BYTES = 1_000_000

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(\{[^}]*\})?\s*$")
_MARKERS = re.compile(r"^\s*(!!!|\?\?\?\+?|===)\s*.*$")  # admonition, collapsible and tab openers
_HTML = re.compile(r"<[^>]+>")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")  # keep a link's text, drop its target
_ATTRS = re.compile(r"\{[:.#][^}]*\}")
_TASK = re.compile(r"^(\s*)[-*] \[[ xX]\] ")
_SNIPPET = re.compile(r"^\s*--8<--")
_EMPHASIS = re.compile(r"\*+|`")  # bold and italic markers, code ticks (prose writes multiplication as ×)
_TABLE_RULE = re.compile(r"^\s*\|?[\s:|-]+\|[\s:|-]*$")  # the |---|:---:| line under a table header


def clean(line: str) -> str:
    """One line of Markdown as prose: markers, HTML, link targets and attribute lists removed."""
    line = _LINK.sub(r"\1", line)
    line = _HTML.sub("", line)
    line = _ATTRS.sub("", line)
    line = _TASK.sub(r"\1- ", line)
    line = _EMPHASIS.sub("", line)
    if line.lstrip().startswith("|"):  # a table row becomes its cells, comma-separated
        line = ", ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
    return line.strip()


def sections(page: str, markdown: str) -> list[dict]:
    """The sections of one page, each with its heading, anchor and cleaned text."""
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 4)
        if end == -1:
            raise ValueError(f"docs/{page}:1: front matter is not closed by a '---' line")
        markdown = markdown[end + 5 :]
    found, heading, lines, in_fence = [], None, [], False

    def flush() -> None:
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
        if heading is not None and heading not in SKIPPED_HEADINGS and text:
            found.append({"page": page, "heading": heading, "anchor": slugify(heading, "-"), "text": text})

    for raw in markdown.splitlines():
        if raw.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence or _MARKERS.match(raw) or _SNIPPET.match(raw) or _TABLE_RULE.match(raw) or raw.startswith("*["):
            continue
        match = _HEADING.match(raw)
        if match:
            flush()
            heading, lines = clean(match.group(2)), []
            continue
        lines.append(clean(raw))
    flush()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"default: {OUTPUT.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    records = []
    for path in sorted(DOCS.rglob("*.md")):
        records += sections(path.relative_to(DOCS).as_posix(), path.read_text(encoding="utf-8"))
    body = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    size = len(body.encode("utf-8"))
    if size > MAX_BYTES:
        print(f"{args.output}: {size:,} bytes is over the {MAX_BYTES:,}-byte limit for examples/data/", file=sys.stderr)
        return 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(body, encoding="utf-8")
    pages = len({record["page"] for record in records})
    print(f"{args.output}: {len(records)} sections from {pages} pages, {size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
