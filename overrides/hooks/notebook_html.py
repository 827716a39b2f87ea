"""Turn mkdocs-jupyter's notebook HTML into light, Material-native markup.

mkdocs-jupyter renders a notebook with nbconvert's JupyterLab template: about
600 KB of inlined CSS, every code cell twice (highlighted, and again as text
for its own copy button), prompts, and images inlined as base64. This module
keeps what a reader needs and rebuilds the rest from the executed notebook:

* Markdown cells: mkdocs-jupyter's HTML, unchanged (its heading ids feed the
  table of contents), inside ``<div class="nb-markdown">``;
* code: the Pygments-highlighted source as a Material code block (Material's
  copy button, colors and dark scheme apply);
* outputs, from the notebook's own JSON: text as ``<pre>``; pandas tables
  without inline styles and with no empty header cells; images as separate
  PNG files with width, height and the alt text from the cell's ``alt``
  metadata (nbconvert's convention). Outputs carry ``data-search-exclude``, so
  search indexes prose and code, not tables of numbers.

It is a helper of notebooks.py, not a hook of its own.
"""

from __future__ import annotations

import base64
import html
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import nbformat
from bs4 import BeautifulSoup, Tag
from PIL import Image

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_WHITESPACE_SPAN = re.compile(r'<span class="w">(\s*)</span>')
# Material colors names (.n) with --md-code-hl-name-color, which is the plain
# code color in both schemes: the span changes nothing on screen.
_NAME_SPAN = re.compile(r'<span class="n">([^<]*)</span>')
_RICH_ORDER = ("image/png", "image/jpeg", "image/svg+xml", "text/html", "text/markdown", "text/latex", "text/plain")


class NotebookPageError(Exception):
    """Raised with a message that names the notebook and the cell."""


@dataclass
class Figure:
    name: str  # file name next to the page, e.g. "evaluate-a-classifier-cell-15-1.png"
    data: bytes


@dataclass
class SlimPage:
    html: str
    figures: list[Figure] = field(default_factory=list)


def slim(content: str, nb: nbformat.NotebookNode, source: Path) -> SlimPage:
    """Rebuild CONTENT (mkdocs-jupyter's HTML for NB) as light markup."""
    soup = BeautifulSoup(content, "html.parser")
    rendered = {element["id"].removeprefix("cell-id="): element for element in soup.select('[id^="cell-id="]')}
    if not rendered:
        raise NotebookPageError(f"{source}: mkdocs-jupyter's HTML has no cells with ids; has its template changed?")
    page = SlimPage("")
    parts = []
    for number, cell in enumerate(nb.cells, start=1):
        element = rendered.get(cell.get("id"))
        if element is None:
            raise NotebookPageError(f"{source}: cell {number} (id {cell.get('id')!r}) is missing from the rendered page.")
        if cell.cell_type == "markdown":
            parts.append(_markdown(element))
        elif cell.cell_type == "code":
            parts.append(_code(element))
            parts.append(_outputs(cell, number, source, page))
    page.html = '<div class="nb-notebook">\n' + "\n".join(part for part in parts if part) + "\n</div>"
    return page


def _markdown(element: Tag) -> str:
    body = element.select_one(".jp-RenderedMarkdown")
    if body is None:
        return ""
    for anchor in body.select("a.anchor-link"):  # Material styles its own permalink class
        anchor["class"] = "headerlink"
        anchor["title"] = "Permanent link"
    # A fenced block in a Markdown cell comes as <div class="highlight"><pre> without <code>: Material's
    # code-block styles, horizontal scrolling and copy button all hang on `pre > code`.
    for pre in body.select("div.highlight > pre"):
        if pre.find("code", recursive=False) is None:
            code = BeautifulSoup("<code></code>", "html.parser").code
            for child in list(pre.contents):
                code.append(child.extract())
            pre.append(code)
    return f'<div class="nb-markdown">{body.decode_contents()}</div>'


def _code(element: Tag) -> str:
    pre = element.select_one(".jp-InputArea .highlight-ipynb pre")
    if pre is None:  # input hidden by a cell tag
        return ""
    # Whitespace and name tokens look like plain code: drop their spans (a third of a code cell's bytes).
    source = _WHITESPACE_SPAN.sub(r"\1", pre.decode_contents()).removeprefix("<span></span>")
    source = _NAME_SPAN.sub(r"\1", source)
    return f'<div class="language-python highlight nb-input"><pre><code>{source}</code></pre></div>'


def _coalesced(outputs: list) -> list:
    """Join consecutive stream outputs of one stream: a busy kernel can split a print in two."""
    joined: list = []
    for output in outputs:
        previous = joined[-1] if joined else None
        if (
            output.get("output_type") == "stream"
            and previous is not None
            and previous.get("output_type") == "stream"
            and previous.get("name") == output.get("name")
        ):
            joined[-1] = dict(previous, text=previous.get("text", "") + output.get("text", ""))
        else:
            joined.append(output)
    return [output for output in joined if output.get("output_type") != "stream" or output.get("text", "").strip()]


def _outputs(cell: nbformat.NotebookNode, number: int, source: Path, page: SlimPage) -> str:
    parts, images = [], 0
    for output in _coalesced(cell.get("outputs", [])):
        kind = output.get("output_type")
        if kind == "stream":
            css = "nb-stderr" if output.get("name") == "stderr" else "nb-stdout"
            parts.append(f'<pre class="{css}">{html.escape(_ANSI.sub("", output.get("text", "")))}</pre>')
        elif kind in ("execute_result", "display_data"):
            data = output.get("data", {})
            mime = next((mime for mime in _RICH_ORDER if mime in data), None)
            if mime is None:
                raise NotebookPageError(
                    f"{source}: cell {number} has an output of type {sorted(data)} that a static page cannot show."
                )
            value = data[mime]
            value = "".join(value) if isinstance(value, list) else value
            if mime.startswith("image/"):
                images += 1
                alt = html.escape(_alt(cell, number, source, images), quote=True)
                if mime == "image/svg+xml":
                    parts.append(f'<figure class="nb-figure" role="img" aria-label="{alt}">{value}</figure>')
                else:
                    parts.append(_figure(base64.b64decode(value), mime, alt, f"{source.stem}-cell-{number}-{images}", page))
            elif mime == "text/html":
                parts.append(_html_output(value, number, source))
            elif mime == "text/markdown":  # IPython.display.Markdown, e.g. a generated model card
                parts.append(f'<div class="nb-rich">{markdown.markdown(value, extensions=["tables", "fenced_code"])}</div>')
            elif mime == "text/latex":
                parts.append(f'<div class="nb-rich">{value}</div>')
            else:
                parts.append(f'<pre class="nb-result">{html.escape(_ANSI.sub("", value))}</pre>')
    if not parts:
        return ""
    # A <section>, not a <div>: Material's search parser matches excluded
    # elements by tag name alone, so the first <div> closing inside an excluded
    # <div> ended the exclusion and later outputs reached the search index
    # (tests/test_theme_contract.py pins this).
    return '<section class="nb-output" data-search-exclude>\n' + "\n".join(parts) + "\n</section>"


def _alt(cell: nbformat.NotebookNode, number: int, source: Path, nth: int) -> str:
    """Alt text for the NTH image (from 1) of CELL, from its "alt" metadata (a string, or a list)."""
    alt = cell.metadata.get("alt")
    texts = alt if isinstance(alt, list) else [alt] if alt else []
    if nth > len(texts) or not str(texts[nth - 1]).strip():
        raise NotebookPageError(
            f"{source}: cell {number} shows an image without alt text. Say what it shows in the cell's "
            'metadata: "alt": "..." (a list of strings if the cell shows several images).'
        )
    return str(texts[nth - 1]).strip()


def _figure(data: bytes, mime: str, alt: str, stem: str, page: SlimPage) -> str:
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
        dpi = image.info.get("dpi", (72, 72))[0]
    # Matplotlib's retina figures carry twice the dpi: show them at their CSS pixel size.
    scale = 2 if round(float(dpi)) >= 144 else 1
    name = f"{stem}.{'png' if mime == 'image/png' else 'jpg'}"
    page.figures.append(Figure(name, data))
    return (
        f'<figure class="nb-figure"><img src="{name}" alt="{alt}" width="{width // scale}" '
        f'height="{height // scale}" loading="lazy" decoding="async"></figure>'
    )


def _html_output(value: str, number: int, source: Path) -> str:
    soup = BeautifulSoup(value, "html.parser")
    if soup.find("script"):
        raise NotebookPageError(
            f"{source}: cell {number} outputs HTML with a script (an interactive widget or plot?). "
            "Pages are static and offline: show a static image or a table instead."
        )
    for style in soup.find_all("style"):  # pandas' scoped style
        style.decompose()
    for table in soup.find_all("table"):
        table.attrs.pop("border", None)
        table["class"] = [c for c in table.get("class", []) if c != "dataframe"] + ["nb-table"]
        for element in table.find_all(True):
            element.attrs.pop("style", None)
            element.attrs.pop("valign", None)
            element.attrs.pop("halign", None)
        for header in table.find_all("th"):
            if not header.get_text(strip=True):  # an empty corner cell is not a header
                header.name = "td"
    # pandas wraps the table in a bare <div>; keep the table only.
    tables = soup.find_all("table")
    if len(tables) == 1 and not soup.get_text(strip=True).replace(tables[0].get_text(strip=True), ""):
        return str(tables[0])
    return f'<div class="nb-rich">{soup}</div>'
