"""The notebook pages of the built site: light, complete, accessible, searchable and linked both ways."""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import nbformat
import pytest
from mkdocs.structure.files import File
from nbformat.v4 import new_code_cell, new_output

from conftest import ROOT, BuiltPage, load_hook

sys.path.insert(0, str(ROOT / "scripts"))
import run_notebooks  # noqa: E402

# Issue 3's budget: 80 KB of HTML for a ~20-cell notebook, images aside. A
# notebook with more cells, or more source than a typical 20-cell one (about
# 20 KB of code and prose), gets a proportionally larger budget, so the limit
# catches markup bloat (inlined CSS, duplicated code) without forcing lessons
# to be short.
# The page's chrome is left out of the count: the <head>, the header (search,
# repository link), the tabs, the site navigation, the footer and the notebook
# facts box (chapter, download, Colab). It is the same on every page and grows
# with the handbook, its features and its configuration (a GitHub repository
# adds links), not with the notebook.
CHROME = ("head", "header.md-header", "nav.md-tabs", "nav.md-nav--primary", "footer.md-footer", ".nb-facts")
BYTES_PER_20_CELLS = 80_000
SOURCE_OF_20_CELLS = 20_000
NOTEBOOKS = run_notebooks.notebooks(ROOT)


@pytest.fixture(scope="module")
def notebook_pages(pages: list[BuiltPage]) -> dict[str, BuiltPage]:
    """Built page of each notebook, by notebook name."""
    found = {
        page.url.removeprefix("examples/").strip("/"): page
        for page in pages
        if page.url.startswith("examples/") and page.url != "examples/"
    }
    assert set(found) == {source.stem for source in NOTEBOOKS}, "every notebook, and nothing else, has a page under examples/"
    return found


def test_notebook_pages_are_light(notebook_pages: dict[str, BuiltPage]) -> None:
    for name, page in notebook_pages.items():
        shared = [page.soup.select_one(selector) for selector in CHROME]
        size = page.path.stat().st_size - sum(len(str(part).encode()) for part in shared if part)
        notebook = nbformat.read(ROOT / "examples" / f"{name}.ipynb", as_version=4)
        cells, source = len(notebook.cells), sum(len(cell.source.encode()) for cell in notebook.cells)
        limit = BYTES_PER_20_CELLS * max(1.0, cells / 20, source / SOURCE_OF_20_CELLS)
        assert size <= limit, (
            f"examples/{name}: {size:,} bytes of HTML besides the page's chrome, for {cells} cells and {source:,} bytes of source (limit {limit:,.0f})"
        )
        article = page.soup.select_one("article")
        assert not article.find("style"), f"examples/{name}: inline <style> in the page; styles belong in extra.css"
        assert "data:image" not in str(article), f"examples/{name}: an image is inlined as base64 instead of being a file"
        assert not article.select(".jp-Notebook, .jp-InputPrompt"), f"examples/{name}: JupyterLab markup was not slimmed"


def test_notebook_pages_show_code_and_outputs_as_material_blocks(notebook_pages: dict[str, BuiltPage]) -> None:
    for name, page in notebook_pages.items():
        nb = nbformat.read(ROOT / "examples" / f"{name}.ipynb", as_version=4)
        code_cells = [cell for cell in nb.cells if cell.cell_type == "code" and cell.source.strip()]
        assert len(page.soup.select(".nb-input.highlight pre > code")) == len(code_cells), (
            f"examples/{name}: not every code cell is shown"
        )
        outputs = page.soup.select(".nb-output")
        assert outputs, f"examples/{name}: rendered without outputs"
        assert all(output.has_attr("data-search-exclude") for output in outputs)


def test_notebook_figures_are_files_with_alt_text_and_size(notebook_pages: dict[str, BuiltPage]) -> None:
    for name, page in notebook_pages.items():
        for image in page.soup.select(".nb-figure img"):
            assert image.get("alt", "").strip(), f"examples/{name}: figure {image['src']} has no alt text"
            assert image.get("width") and image.get("height"), f"examples/{name}: figure {image['src']} has no width and height"
            assert (page.path.parent / image["src"]).is_file(), f"examples/{name}: figure {image['src']} was not written"


def test_notebook_tables_have_no_empty_header_cells(notebook_pages: dict[str, BuiltPage]) -> None:
    for name, page in notebook_pages.items():
        for table in page.soup.select(".nb-output table"):
            assert table.find("th"), f"examples/{name}: a table has no header cells"
            empty = [th for th in table.find_all("th") if not th.get_text(strip=True)]
            assert not empty, f"examples/{name}: a table has {len(empty)} empty header cell(s)"


def test_notebook_pages_offer_chapter_run_time_download_and_command(notebook_pages: dict[str, BuiltPage]) -> None:
    for name, page in notebook_pages.items():
        facts = page.soup.select_one(".nb-facts")
        assert facts is not None, f"examples/{name}: no header with chapter, run time and download"
        text = facts.get_text(" ", strip=True)
        assert f"make example NB={name}" in text
        assert "Run time:" in text and "Chapter:" in text
        download = facts.find("a", download=True)
        downloaded = page.path.parent / download["href"]
        assert downloaded.is_file(), f"examples/{name}: download link {download['href']} is broken"
        assert downloaded.read_bytes() == (ROOT / "examples" / f"{name}.ipynb").read_bytes(), (
            "the download is not the source notebook"
        )


def test_notebook_pages_open_in_colab_only_when_the_repository_is_on_github(notebook_pages: dict[str, BuiltPage]) -> None:
    """The same site/ either knows its GitHub repository (CI, a clone of it) or not (a copy with no remote)."""
    for name, page in notebook_pages.items():
        source = page.soup.select_one("a.md-source")
        repository = re.match(r"https://github\.com/([^/]+/[^/]+)$", source["href"]) if source else None
        links = [link["href"] for link in page.soup.select("article a.nb-colab")]
        if repository:
            assert len(links) == 1, f"examples/{name}: the site knows {repository[0]} but offers no Open in Colab link"
            assert links[0].startswith(f"https://colab.research.google.com/github/{repository[1]}/blob/")
            assert links[0].endswith(f"/examples/{name}.ipynb")
        else:
            assert links == [], f"examples/{name}: an Open in Colab link without a GitHub repository"
            assert not page.soup.select(".nb-colab-note")


def test_colab_link_needs_a_github_repository_and_names_the_files_to_upload(tmp_path: Path) -> None:
    notebooks = load_hook("notebooks")
    cache = tmp_path / "entry"
    (cache / "examples").mkdir(parents=True)
    (cache / "inputs.json").write_text(json.dumps({"inputs": {"churn_data.py": "x", "sql/q.sql": "y"}, "seconds": 1}))
    run = run_notebooks.Run(Path("examples/churn-eda.ipynb"), cache / "examples" / "churn-eda.ipynb", {}, 1.0, ran=False)
    assert notebooks._colab(run, None) == ("", "")
    assert notebooks._colab(run, "https://gitlab.com/octo-org/handbook") == ("", "")
    button, note = notebooks._colab(run, "https://github.com/octo-org/handbook")
    assert 'href="https://colab.research.google.com/github/octo-org/handbook/blob/main/examples/churn-eda.ipynb"' in button
    assert "<code>churn_data.py</code>, <code>sql/q.sql</code>" in note and "in the same folders" in note


def test_every_chapter_links_to_its_notebooks(notebook_pages: dict[str, BuiltPage], pages: list[BuiltPage]) -> None:
    by_url = {page.url: page for page in pages}
    for name, notebook_page in notebook_pages.items():
        chapter = nbformat.read(ROOT / "examples" / f"{name}.ipynb", as_version=4).metadata["handbook"]["chapter"]
        chapter_page = by_url[File(chapter, "", "", use_directory_urls=True).url]
        targets = {
            (chapter_page.path.parent / a["href"].split("#")[0]).resolve() for a in chapter_page.soup.select("article a[href]")
        }
        assert notebook_page.path.parent.resolve() in targets, f"docs/{chapter} does not link to examples/{name}.ipynb"


def test_examples_index_lists_every_notebook_with_its_run_time(
    pages: list[BuiltPage], notebook_pages: dict[str, BuiltPage]
) -> None:
    index = next(page for page in pages if page.url == "examples/")
    cards = index.soup.select(".grid.cards li")
    assert len(cards) == len(notebook_pages), "the gallery does not show one card per notebook"
    linked = {a["href"].strip("/") for card in cards for a in card.find_all("a")}
    for name in notebook_pages:
        assert name in linked, f"the examples index does not link to {name}"
    assert all("Run time:" in card.get_text() for card in cards)


def test_search_indexes_notebook_prose_but_not_outputs(site: Path, notebook_pages: dict[str, BuiltPage]) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for name, page in notebook_pages.items():
        entries = [doc for doc in index["docs"] if doc["location"].startswith(f"examples/{name}/")]
        text = " ".join(doc["text"] for doc in entries)
        prose = page.soup.select_one(".nb-markdown p").get_text(" ", strip=True)[:60]
        assert prose.split()[0] in text, f"examples/{name}: its prose is not in the search index"
        notebook = nbformat.read(ROOT / "examples" / f"{name}.ipynb", as_version=4)
        code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
        for output in page.soup.select(".nb-output pre"):
            lines = output.get_text().strip().splitlines()
            assert lines, f"examples/{name}: an empty output block"
            # A line the code also prints literally ('input_ids:') is in the index as code, rightly.
            samples = [line.strip() for line in lines if len(line.strip()) > 3 and line.strip() not in code]
            if samples:
                assert samples[0] not in text, f"examples/{name}: output {samples[0]!r} is in the search index"
        assert "In [" not in text and "Out[" not in text


def _notebook_html_hook():
    sys.path.insert(0, str(ROOT / "overrides" / "hooks"))  # as MkDocs imports it: a module beside notebooks.py
    return importlib.import_module("notebook_html")


def test_markdown_outputs_are_rendered_not_shown_as_source() -> None:
    notebook_html = _notebook_html_hook()
    cell = new_code_cell(
        "Markdown(card)",
        outputs=[
            new_output(
                "display_data", data={"text/markdown": "## Model card\n\n| metric | value |\n| --- | --- |\n| recall | 0.81 |"}
            )
        ],
    )
    rendered = notebook_html._outputs(cell, 3, Path("examples/x.ipynb"), notebook_html.SlimPage(""))
    assert "<h2>Model card</h2>" in rendered and "<td>0.81</td>" in rendered and "| ---" not in rendered


def test_links_between_notebooks_point_at_their_pages(notebook_pages: dict[str, BuiltPage]) -> None:
    for name, page in notebook_pages.items():
        for link in page.soup.select("article a[href]"):
            href = link["href"]
            if ".ipynb" in href and not link.has_attr("download") and "://" not in href:
                raise AssertionError(f"examples/{name}: link '{href}' points at a notebook file, not its page")


def test_a_print_split_across_outputs_is_shown_as_one_block() -> None:
    notebook_html = _notebook_html_hook()
    cell = new_code_cell(
        "print(a, b)",
        outputs=[
            new_output("stream", name="stdout", text="first half "),
            new_output("stream", name="stdout", text="second half\n"),
            new_output("stream", name="stdout", text="\n"),
        ],
    )
    rendered = notebook_html._outputs(cell, 2, Path("examples/x.ipynb"), notebook_html.SlimPage(""))
    assert rendered.count("<pre") == 1 and "first half second half" in rendered


def test_notebook_pages_are_dated_by_their_source_notebooks_last_commit(notebook_pages: dict[str, BuiltPage]) -> None:
    """Not by the build: the page is made from an executed copy outside git (overrides/hooks/notebooks.py)."""
    for name, page in notebook_pages.items():
        stamp = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", f"examples/{name}.ipynb"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        if not stamp:
            continue  # a notebook not committed yet has no date to show
        committed = datetime.fromtimestamp(int(stamp), tz=timezone.utc)
        shown = page.soup.select_one(".git-revision-date-localized-plugin-date")
        assert shown is not None, f"examples/{name}: the page shows no 'Last update' date"
        expected = f"{committed:%B} {committed.day}, {committed.year}"
        assert shown.get_text(strip=True) == expected, (
            f"examples/{name}.ipynb was last committed on {expected}; its page says {shown.get_text(strip=True)}"
        )
