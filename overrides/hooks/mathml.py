"""Convert LaTeX math to MathML at build time, so no page needs a math CDN.

Current browsers render MathML natively and screen readers read it. Two
sources of math are handled:

* Markdown pages: pymdownx.arithmatex (``generic: true``) wraps ``$...$`` in
  ``<span class="arithmatex">\\(...\\)</span>`` and ``$$...$$`` in
  ``<div class="arithmatex">\\[...\\]</div>``;
* notebook pages: nbconvert leaves ``$...$`` and ``$$...$$`` as text inside
  the rendered Markdown cells (``.nb-markdown`` once notebooks.py has slimmed
  the page).

A formula latex2mathml cannot parse fails the build with the page's name.
"""

from __future__ import annotations

import html
import re

from bs4 import BeautifulSoup
from latex2mathml.converter import convert
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

_ARITHMATEX = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*\\(?P<open>[(\[])(?P<tex>.*?)\\[)\]]\s*</(?P=tag)>',
    re.S,
)
# Jupyter's rules: $$display$$, or $inline$ with no space just inside the dollars.
_NOTEBOOK_MATH = re.compile(r"\$\$(?P<display>.+?)\$\$|(?<![\\$])\$(?P<inline>[^\s$](?:[^$\n]*?[^\s\\$])?)\$(?!\d)", re.S)


# A display formula sits in its own box, which scrolls sideways when the formula
# is wider than the column (a phone, a wide math font). Chromium does not scroll
# a <math> element itself, and axe does not count a focusable <math> as
# reachable, so the box is an HTML element; accessibility.js gives it
# tabindex="0" when, and only when, it overflows. A <span> (made a block in
# extra.css), because in a notebook's Markdown a formula can sit inside a <p>.
DISPLAY_BOX = '<span class="math-display">{}</span>'


# An inline formula cannot wrap (no browser breaks MathML lines), so a long one
# in running text pushes a phone's page wider than its screen: about 30
# characters fit a 390 px screen with room for a wider math font than ours.
# Inside a table cell it may be longer: the table scrolls in its own box.
MAX_INLINE_CHARACTERS = 30
_TAG = re.compile(r"<[^>]+>")


def rendered_length(mathml: str) -> int:
    """How many characters a MathML formula shows."""
    return len(html.unescape(_TAG.sub("", mathml)).strip())


def to_mathml(tex: str, display: bool, where: str, in_table: bool = False) -> str:
    try:
        mathml = convert(tex.strip(), display="block" if display else "inline")
    except Exception as error:  # latex2mathml raises many different types
        raise PluginError(f"{where}: cannot convert the formula {tex.strip()!r} to MathML: {error}") from None
    if display:
        return DISPLAY_BOX.format(mathml)
    if not in_table and rendered_length(mathml) > MAX_INLINE_CHARACTERS:
        raise PluginError(
            f"{where}: the inline formula ${tex.strip()}$ shows {rendered_length(mathml)} characters; inline math "
            f"cannot wrap, so more than {MAX_INLINE_CHARACTERS} overflow a phone's screen. Split it, or make it a "
            "display formula ($$ on lines of their own), which scrolls in its own box."
        )
    return mathml


def _in_table_cell(content: str, position: int) -> bool:
    before = content[:position]
    opened = max(before.rfind("<td"), before.rfind("<th"))
    return opened > max(before.rfind("</td>"), before.rfind("</th>"))


def markdown_math(content: str, where: str) -> str:
    def replace(match: re.Match) -> str:
        return to_mathml(html.unescape(match["tex"]), match["open"] == "[", where, _in_table_cell(content, match.start()))

    return _ARITHMATEX.sub(replace, content)


def notebook_math(content: str, where: str) -> str:
    if "$" not in content:
        return content
    soup = BeautifulSoup(content, "html.parser")
    for cell in soup.select(".nb-markdown"):
        for text in list(cell.find_all(string=True)):
            if "$" not in text or text.find_parent(["code", "pre", "script", "style"]):
                continue
            raw, parts, last = str(text), [], 0
            for match in _NOTEBOOK_MATH.finditer(raw):
                parts.append(html.escape(raw[last : match.start()], quote=False))
                display = match["display"] is not None
                in_table = text.find_parent(["td", "th"]) is not None
                parts.append(to_mathml(match["display"] if display else match["inline"], display, where, in_table))
                last = match.end()
            if parts:
                parts.append(html.escape(raw[last:], quote=False))
                text.replace_with(BeautifulSoup("".join(parts), "html.parser"))
    return str(soup)


@event_priority(-50)  # after mkdocs-jupyter has rendered the notebook
def on_page_content(content: str, page: Page, config, files) -> str:
    where = page.file.src_uri
    if page.file.src_uri.endswith(".ipynb"):
        return notebook_math(content, f"examples/{page.file.name}.ipynb")
    if 'class="arithmatex"' in content:
        return markdown_math(content, f"docs/{where}")
    return content
