"""Fail the build when a page shows an image without alt text.

A screen reader reads an image's alt text in its place; without one, the
reader hears the file name or nothing. Markdown's ``![](chart.png)`` renders
``alt=""``, which axe-core accepts as decorative, so the browser tests cannot
catch it: this hook does, naming the source file and line:

    docs/skills/evaluation.md:42: image without alt text (chart.png). Say what it shows, ...

An image that is decoration only says so with ``role="presentation"``
(``![](rule.png){ role=presentation }``). Notebook figures get theirs from the
cell's "alt" metadata (overrides/hooks/notebook_html.py).
"""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from third_party import source_of  # a sibling hook: MkDocs puts this folder on the path

_DECORATIVE = ({"role": "presentation"}, {"role": "none"}, {"aria-hidden": "true"})


def missing_alt(html: str) -> list[str]:
    """The src of every image in HTML that has no alt text and is not marked as decoration."""
    found = []
    for image in BeautifulSoup(html, "html.parser").find_all("img"):
        if any(image.get(name) == value for marker in _DECORATIVE for name, value in marker.items()):
            continue
        if not (image.get("alt") or "").strip():
            found.append(image.get("src") or "")
    return found


def line_of(text: str, src: str) -> str:
    """':LINE' of the first line of TEXT that names the image's file, or ''."""
    written = PurePosixPath(urlsplit(src).path).name  # as in the source, or percent-decoded
    names = {written, unquote(written)} - {""}
    if not names:
        return ""
    lines = enumerate(text.splitlines(), start=1)
    return next((f":{number}" for number, line in lines if any(name in line for name in names)), "")


def on_page_content(html: str, page: Page, config: MkDocsConfig, files) -> str:
    if "<img" not in html:
        return html
    offenders = missing_alt(html)
    if offenders:
        name, path = source_of(page, config)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        raise PluginError(
            "\n".join(
                f"{name}{line_of(text, src)}: image without alt text ({src}). Say what it shows, as in "
                "![Bar chart of churn by plan](churn.png), or mark pure decoration with { role=presentation }."
                for src in dict.fromkeys(offenders)
            )
        )
    return html
