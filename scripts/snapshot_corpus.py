#!/usr/bin/env python3
"""Snapshot the handbook's pages as plain text, one JSON object per section.

The LLM notebooks search, chunk and train on the handbook's own text, and a
notebook cannot see docs/ (it runs in a copy of examples/), so this script
writes a frozen copy to examples/data/handbook-corpus.jsonl:

    {"page": "skills/evaluation.md", "heading": "Cross-validation",
     "anchor": "cross-validation", "text": "k-fold cross-validation splits ..."}

One object per H2 section of every page in docs/, in page order, plus one for
the opening of each page (the text between the H1 and the first H2: heading
is the page's H1, anchor is ""). Link a section as page#anchor, or just page
when the anchor is empty.

What is kept and dropped:

- Dropped: the front matter; the sections "Key skills", "Check yourself" and
  "Further reading"; Mermaid blocks; HTML tags; admonition and tab markers
  (their titles stay when they say something, "In short" does not); attribute
  lists such as ``{ #id }``; emoji shortcodes; images; footnote markers.
- Kept as plain text: prose (wrapped lines joined into one line per
  paragraph), list items and table rows (one per line), H3-H6 headings (as a
  line of their own), code blocks (verbatim, without the fences), footnote
  text, and math as written (LaTeX between dollar signs).
- Inline markup is flattened: ``[text](url)`` becomes text, ``**bold**`` and
  backticks lose their markers.

The anchor is the id MkDocs gives the heading: Python-Markdown's toc slugify
(lower case, punctuation removed, spaces to hyphens), made unique within the
page with "_1", "_2" the way the toc extension does. Generated pages (the
glossary and the sources list, which hooks fill in at build time) are
skipped.

Usage:
    scripts/snapshot_corpus.py                      # write examples/data/handbook-corpus.jsonl
    scripts/snapshot_corpus.py --check              # exit 1 if the snapshot is out of date
    scripts/snapshot_corpus.py --output other.jsonl --docs docs

`make corpus` runs the first form with the project's virtual environment.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from markdown.extensions.toc import slugify, unique

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
OUTPUT = ROOT / "examples" / "data" / "handbook-corpus.jsonl"
MAX_BYTES = 1_000_000

# Sections that are not reading text: a checklist, the quiz, the references.
DROPPED_SECTIONS = {"Key skills", "Check yourself", "Further reading"}
# Pages whose body a build hook writes; their Markdown is only a stub.
GENERATED_PAGES = {"reference/glossary.md", "reference/sources.md"}
# Admonition titles that carry no content of their own.
EMPTY_TITLES = {"In short"}

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?P<lang>[\w+-]*)")
_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
_ADMONITION = re.compile(r'^\s*(?:!!!|\?\?\?\+?)\s+[\w-]+(?:\s+[\w-]+)*\s*(?:"(?P<title>[^"]*)")?\s*$')
_TAB = re.compile(r'^\s*===\+?\s+"(?P<title>[^"]*)"\s*$')
_ATTR_LIST = re.compile(r"\{\s*[#.:][^}]*\}")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_EMOJI = re.compile(r":[a-z0-9]+(?:-[a-z0-9]+)+:")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\([^)]*\)")
_REF_LINK = re.compile(r"\[(?P<text>[^\]^][^\]]*)\]\[[^\]]*\]")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]]+\](?!:)")
_FOOTNOTE_DEF = re.compile(r"^\[\^[^\]]+\]:\s*")
_ABBREVIATION = re.compile(r"^\*\[[^\]]+\]:")
_TASK = re.compile(r"^(\s*[-*+]\s+)\[[ xX]\]\s+")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_CODE_SPAN = re.compile(r"`+([^`]*)`+")
_SPACES = re.compile(r"[ \t]+")


def flatten_inline(text: str) -> str:
    """Plain text of one line of Markdown: links to their text, no emphasis markers, no HTML."""
    # Protect code spans first: their content is literal (it may contain <, * or _).
    spans: list[str] = []

    def stash(match: re.Match) -> str:
        spans.append(match.group(1))
        return f"\x00{len(spans) - 1}\x00"

    text = _CODE_SPAN.sub(stash, text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: m["text"], text)
    text = _REF_LINK.sub(lambda m: m["text"], text)
    text = _FOOTNOTE_REF.sub("", text)
    text = _ATTR_LIST.sub("", text)
    text = _HTML_TAG.sub("", text)
    text = _EMOJI.sub("", text)
    text = _BOLD.sub(r"\2", text)
    text = _EMPHASIS.sub(r"\1", text)
    text = text.replace("\\$", "$").replace("\\*", "*").replace("\\_", "_")
    text = re.sub(r"\x00(\d+)\x00", lambda m: spans[int(m.group(1))], text)
    return _SPACES.sub(" ", text).strip()


def heading_text(raw: str) -> str:
    """The text the toc extension slugifies: rendered heading text, without an attribute list."""
    return flatten_inline(_ATTR_LIST.sub("", raw))


class Section:
    """One H2 section (or a page's opening) as it is being read."""

    def __init__(self, heading: str, anchor: str) -> None:
        self.heading = heading
        self.anchor = anchor
        self.lines: list[str] = []  # finished lines; "" is a paragraph break
        self.open_paragraph = False  # may the next prose line be joined to the last one?

    def add_prose(self, line: str) -> None:
        if not line:
            return
        if self.open_paragraph and self.lines:
            self.lines[-1] += " " + line
        else:
            self.lines.append(line)
        self.open_paragraph = True

    def add_line(self, line: str, joinable: bool = False) -> None:
        """A line that starts a new line of its own (list item, table row, heading, code)."""
        self.lines.append(line)
        self.open_paragraph = joinable

    def add_break(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
        self.open_paragraph = False

    def text(self) -> str:
        return "\n".join(self.lines).strip().replace("\n\n\n", "\n\n")


def read_page(markdown: str) -> tuple[str, list[Section]]:
    """The page's H1 title and its sections, each with heading, anchor and plain text."""
    body = _FRONT_MATTER.sub("", markdown, count=1)
    used_ids: set[str] = set()
    title = ""
    opening = Section("", "")
    sections = [opening]
    current: Section | None = opening
    fence: str | None = None  # the fence string while inside a code block
    fence_indent = 0
    drop_fence = False  # inside a Mermaid block

    for raw in body.splitlines():
        if fence is not None:
            stripped = raw.strip()
            if stripped.startswith(fence) and set(stripped) <= set(fence[0]):
                fence = None
                if current is not None and not drop_fence:
                    current.add_break()
                continue
            if current is not None and not drop_fence:
                line = raw[fence_indent:] if raw[:fence_indent].strip() == "" else raw.lstrip()
                current.add_line(line.rstrip())
            continue

        match = _FENCE.match(raw)
        if match:
            fence = match["fence"]
            fence_indent = len(match["indent"])
            drop_fence = match["lang"] == "mermaid"
            if current is not None:
                current.add_break()
            continue

        heading = _HEADING.match(raw)
        if heading:
            level = len(heading["hashes"])
            text = heading_text(heading["text"])
            explicit = re.search(r"\{\s*#([\w-]+)[^}]*\}", heading["text"])
            anchor = explicit.group(1) if explicit else unique(slugify(text, "-"), used_ids)
            if explicit:
                used_ids.add(anchor)
            if level == 1:
                title = text
                opening.heading = text
            elif level == 2:
                current = None if text in DROPPED_SECTIONS else Section(text, anchor)
                if current is not None:
                    sections.append(current)
            elif current is not None:
                current.add_break()
                current.add_line(text)
                current.add_break()
            continue

        if current is None:
            continue
        if not raw.strip():
            current.add_break()
            continue
        admonition = _ADMONITION.match(raw) or _TAB.match(raw)
        if admonition:
            current.add_break()
            label = (admonition["title"] or "").strip()
            if label and label not in EMPTY_TITLES:
                current.add_line(flatten_inline(label))
                current.add_break()
            continue
        stripped = raw.strip()
        if (
            _TABLE_RULE.match(stripped)
            or _RULE.match(stripped)
            or _ABBREVIATION.match(stripped)
            or re.fullmatch(r"</?\w+[^>]*>", stripped)
            or re.fullmatch(r"\{[^}]*\}", stripped)
        ):
            continue
        stripped = _TASK.sub(r"\1", stripped)
        stripped = _FOOTNOTE_DEF.sub("", stripped)
        if stripped.startswith("|"):
            cells = [flatten_inline(cell) for cell in stripped.strip("|").split("|")]
            current.add_line(" | ".join(cells))
        elif _LIST_ITEM.match(stripped):
            current.add_line(flatten_inline(stripped), joinable=True)
        elif stripped.startswith(">"):
            current.add_prose(flatten_inline(stripped.lstrip("> ")))
        else:
            current.add_prose(flatten_inline(stripped))

    if not opening.heading:
        opening.heading = title
    return title, [s for s in sections if s.text()]


def snapshot(docs: Path) -> list[dict]:
    """Every kept section of every page under docs/, sorted by page path."""
    records = []
    for path in sorted(docs.rglob("*.md")):
        page = path.relative_to(docs).as_posix()
        if page in GENERATED_PAGES:
            continue
        _, sections = read_page(path.read_text(encoding="utf-8"))
        for section in sections:
            records.append({"page": page, "heading": section.heading, "anchor": section.anchor, "text": section.text()})
    return records


def encode(records: list[dict]) -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write the handbook's pages as plain text, one JSON object per H2 section "
        "(page, heading, anchor, text), for the example notebooks.",
    )
    parser.add_argument("--docs", type=Path, default=DOCS, help="the Markdown sources (default: docs/)")
    parser.add_argument(
        "--output", type=Path, default=OUTPUT, help="the JSONL file to write (default: examples/data/handbook-corpus.jsonl)"
    )
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if the output differs from a fresh snapshot")
    args = parser.parse_args(argv)

    records = snapshot(args.docs)
    content = encode(records)
    size = len(content.encode("utf-8"))
    if size > MAX_BYTES:
        print(f"The snapshot is {size:,} bytes, over the {MAX_BYTES:,}-byte budget for examples/data/.", file=sys.stderr)
        return 1
    pages = len({r["page"] for r in records})
    words = sum(len(r["text"].split()) for r in records)
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != content:
            print(f"{args.output} is out of date; run `make corpus`.", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date: {len(records)} sections from {pages} pages.")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(content, encoding="utf-8")
    print(f"Wrote {args.output}: {len(records)} sections from {pages} pages, {words:,} words, {size:,} bytes.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
