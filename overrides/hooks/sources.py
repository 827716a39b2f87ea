"""List every reference the handbook cites on the sources page.

Each page ends with a "## Further reading" list. A page whose front matter
says ``references: true`` gets, where it says ``<!-- handbook-references -->``,
those lists gathered from every page in nav order, under the page's title.
Relative links inside an item are rewritten to work from the sources page.
So the sources page cannot drift from the pages: it is made from them.
"""

from __future__ import annotations

import posixpath
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

MARKER = "<!-- handbook-references -->"
_SECTION = re.compile(r"^## Further reading[ \t]*\n(?P<body>.*?)(?=^## |^\[\^|\Z)", re.M | re.S)
_RELATIVE_LINK = re.compile(r"\]\((?![a-z][a-z0-9+.-]*:|#|/)(?P<target>[^)#\s]+)(?P<anchor>#[^)\s]*)?\)")

_order: list[str] = []  # src_uri of the Markdown pages, in nav order


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    _order[:] = [page.file.src_uri for page in nav.pages if page.file.src_uri.endswith(".md")]
    return nav


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not page.meta.get("references"):
        return markdown
    if MARKER not in markdown:
        raise PluginError(f"docs/{page.file.src_uri}: 'references: true' is set but the page lacks the line {MARKER}")
    here = posixpath.dirname(page.file.src_uri)
    sections, total = [], 0
    for src_uri in _order:
        if src_uri == page.file.src_uri:
            continue
        source = files.get_file_from_path(src_uri)
        body, meta = get_data(source.content_string)
        found = _SECTION.search(body)
        if not found:
            continue
        items = [line for line in found["body"].splitlines() if line.strip()]
        there = posixpath.dirname(src_uri)

        def relink(match: re.Match, there: str = there) -> str:
            target = posixpath.normpath(posixpath.join(there, match["target"]))
            return f"]({posixpath.relpath(target, here)}{match['anchor'] or ''})"

        total += sum(1 for line in items if line.lstrip().startswith("- "))
        title = meta.get("title") or src_uri
        sections.append(
            f"### {title}\n\nFrom [{title}]({posixpath.relpath(src_uri, here)}):\n\n"
            + "\n".join(_RELATIVE_LINK.sub(relink, line) for line in items)
            + "\n"
        )
    summary = f'{total} references from {len(sections)} pages, gathered from their "Further reading" sections when the site is built.\n\n'
    return markdown.replace(MARKER, summary + "\n".join(sections))
