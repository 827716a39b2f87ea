"""Point MkDocs' link warnings at the exact file and line.

MkDocs reports a broken link as ``Doc file 'skills/index.md' contains a link
'missing.md', but ...``: it names the page, not the line. This hook adds a
``docs/skills/index.md:42:`` prefix, the form editors and CI logs make
clickable, by finding the first line of the page that contains the link.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

_DOC_LINK = re.compile(
    r"^Doc file '(?P<page>[^']+)' contains (?:a|an absolute|an unrecognized relative) link (?:to )?'(?P<link>[^']+)'"
)


class _AddLineNumbers(logging.Filter):
    def __init__(self, docs_dir: Path) -> None:
        super().__init__()
        self.docs_dir = docs_dir

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        match = _DOC_LINK.match(message)
        if match:
            location = locate(self.docs_dir, match["page"], match["link"])
            record.msg, record.args = f"{location}: {message}", ()
        return True


def locate(docs_dir: Path, page: str, link: str) -> str:
    """Return 'docs/PAGE:LINE' for the first line that contains LINK."""
    path = docs_dir / page
    shown = f"{docs_dir.name}/{page}"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return shown
    # MkDocs reports the link as written, possibly with its #anchor.
    for candidates in (link, link.split("#")[0] or link):
        for number, line in enumerate(lines, start=1):
            if f"({candidates}" in line or f"]: {candidates}" in line or f'"{candidates}' in line:
                return f"{shown}:{number}"
    return shown


_installed: _AddLineNumbers | None = None


def on_config(config: MkDocsConfig) -> None:
    global _installed
    logger = logging.getLogger("mkdocs.structure.pages")
    if _installed is not None:  # `mkdocs serve` calls on_config on every rebuild
        logger.removeFilter(_installed)
    _installed = _AddLineNumbers(Path(config.docs_dir))
    logger.addFilter(_installed)
