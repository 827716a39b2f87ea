"""Render the glossary page from includes/abbreviations.md.

includes/abbreviations.md is the one source of truth for terms: pymdownx.snippets
appends it to every page, which gives each term a tooltip wherever it appears,
and this hook lists the same entries, sorted and grouped by letter, on the page
whose front matter says ``glossary: true``. A malformed or duplicate entry
fails the build with the file and line.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

SOURCE = Path("includes") / "abbreviations.md"
_ENTRY = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s+(?P<definition>\S.*)$")


def read_entries(path: Path) -> dict[str, str]:
    """Parse ``*[TERM]: definition`` lines; blank lines and HTML comments are allowed."""
    entries: dict[str, str] = {}
    in_comment = False
    previous_was_entry = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if in_comment or stripped.startswith("<!--"):
            in_comment = "-->" not in stripped
            continue
        if not stripped:
            previous_was_entry = False
            continue
        if previous_was_entry:  # one block of many lines makes Markdown re-scan it per entry: 20x slower builds
            raise PluginError(f"{SOURCE}:{number}: leave a blank line between glossary entries")
        previous_was_entry = True
        match = _ENTRY.match(stripped)
        if not match:
            raise PluginError(f"{SOURCE}:{number}: expected '*[TERM]: definition', got {line!r}")
        term = match["term"]
        if term in entries:
            raise PluginError(f"{SOURCE}:{number}: '{term}' is defined twice")
        entries[term] = match["definition"]
    return entries


def render(entries: dict[str, str]) -> str:
    def letter(term: str) -> str:
        first = term[0].upper()
        return first if first.isalpha() else "#"

    ordered = sorted(entries, key=str.casefold)
    sections = []
    for initial, terms in itertools.groupby(ordered, key=letter):
        body = "\n\n".join(f"{term}\n:   {entries[term]}" for term in terms)
        sections.append(f"## {initial}\n\n{body}")
    return "\n\n".join(sections)


_project_dir = Path.cwd()


def on_config(config: MkDocsConfig) -> None:
    global _project_dir
    _project_dir = Path(config.config_file_path).resolve().parent


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files) -> str:
    if not page.meta.get("glossary"):
        return markdown
    entries = read_entries(_project_dir / SOURCE)
    return f"{markdown.rstrip()}\n\n{render(entries)}\n"
