"""Search and sharing metadata of the built site: titles, descriptions, canonical URLs, Open Graph, images.

Search engines show a page's <title> and meta description; chat apps and
social networks show its Open Graph tags. overrides/main.html writes them.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import nbformat
import pytest
import yaml
from nbformat.v4 import new_markdown_cell, new_notebook

from conftest import ROOT, BuiltPage

sys.path.insert(0, str(ROOT / "scripts"))
import run_notebooks  # noqa: E402
from rules import MAX_DESCRIPTION  # noqa: E402


def _config() -> dict:
    """mkdocs.yml, with !ENV values as [variable, fallback] and Python tags ignored."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node))
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506 - a SafeLoader


CONFIG = _config()
SITE_NAME = CONFIG["site_name"]


def source_of(page: BuiltPage) -> str:
    """The file a built page comes from, for messages: docs/x.md, docs/x/index.md or examples/x.ipynb."""
    stem = page.url.rstrip("/")
    for candidate in (f"docs/{stem}.md", f"docs/{stem}/index.md".replace("docs//", "docs/"), f"examples/{Path(stem).name}.ipynb"):
        if (ROOT / candidate).exists():
            return candidate
    return page.url or "index.html"


def meta(page: BuiltPage, **attrs: str) -> str | None:
    tag = page.soup.find("meta", attrs=attrs)
    return tag.get("content") if tag else None


def title(page: BuiltPage) -> str:
    return page.soup.title.get_text(strip=True) if page.soup.title else ""


def test_every_page_has_its_own_title(pages: list[BuiltPage]) -> None:
    missing = [source_of(page) for page in pages if not title(page)]
    assert not missing, f"pages without a <title>: {missing}"
    counts = Counter(title(page) for page in pages)
    repeated = {name: [source_of(page) for page in pages if title(page) == name] for name, n in counts.items() if n > 1}
    assert not repeated, f"pages that share a title (give one a distinct `title:` in its front matter): {repeated}"


def test_no_title_repeats_the_site_name(pages: list[BuiltPage]) -> None:
    doubled = [source_of(page) for page in pages if title(page).count(SITE_NAME) > 1]
    assert not doubled, f"titles that say the site's name twice: {doubled}"


def test_every_page_has_its_own_short_description(pages: list[BuiltPage]) -> None:
    descriptions = {source_of(page): meta(page, name="description") for page in pages}
    missing = [source for source, text in descriptions.items() if not (text or "").strip()]
    assert not missing, f"pages without a meta description: {missing}"
    long = {source: len(text) for source, text in descriptions.items() if len(text) > MAX_DESCRIPTION}
    assert not long, f"meta descriptions over {MAX_DESCRIPTION} characters (search results cut them): {long}"
    counts = Counter(descriptions.values())
    repeated = {text: [s for s, t in descriptions.items() if t == text] for text, n in counts.items() if n > 1}
    assert not repeated, f"pages that share a meta description (each needs its own `description:`): {repeated}"


def test_notebook_pages_are_described_by_their_notebook(pages: list[BuiltPage]) -> None:
    notebooks = sorted((ROOT / "examples").glob("*.ipynb"))
    assert notebooks
    by_url = {page.url: page for page in pages}
    for path in notebooks:
        page = by_url.get(f"examples/{path.stem}/")
        assert page is not None, f"{path.relative_to(ROOT)} has no page in the built site"
        expected = nbformat.read(path, as_version=4).metadata["handbook"]["description"].strip()
        assert meta(page, name="description") == expected, (
            f"examples/{path.name}: the page's description is not handbook.description"
        )


def test_canonical_url_is_the_site_url_plus_the_page(site: Path, pages: list[BuiltPage], base_url: str) -> None:
    listed = set(re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8")))
    for page in pages:
        links = page.soup.find_all("link", rel="canonical")
        assert len(links) == 1, f"{source_of(page)}: {len(links)} canonical links"
        assert links[0]["href"] == base_url + page.url, f"{source_of(page)}: canonical {links[0]['href']}"
        assert links[0]["href"] in listed, f"{source_of(page)}: canonical {links[0]['href']} is not in sitemap.xml"


def test_open_graph_tags_match_the_page(site: Path, pages: list[BuiltPage], base_url: str) -> None:
    site_url = base_url
    for page in pages:
        where = source_of(page)
        og = {name: meta(page, property=f"og:{name}") for name in ("title", "description", "url", "type", "site_name")}
        assert all(og.values()), f"{where}: missing Open Graph tags {[name for name, value in og.items() if not value]}"
        assert og["site_name"] == SITE_NAME, where
        assert og["description"] == meta(page, name="description"), f"{where}: og:description differs from the description"
        assert og["url"] == page.soup.find("link", rel="canonical")["href"], f"{where}: og:url differs from the canonical URL"
        assert og["type"] == ("website" if page.url == "" else "article"), where
        assert title(page).startswith(og["title"]), f"{where}: og:title {og['title']!r} is not the page's title {title(page)!r}"
        image = meta(page, property="og:image")
        if image:  # only a local image may be named, and it must exist
            assert image.startswith(site_url), f"{where}: og:image {image} is not on the site"
            assert (site / image.removeprefix(site_url)).is_file(), f"{where}: og:image {image} does not exist"


def test_every_image_has_a_size_and_alt_text(pages: list[BuiltPage]) -> None:
    """Width and height reserve the image's space before it loads (no layout shift); alt text describes it."""
    problems = []
    for page in pages:
        for image in page.soup.find_all("img"):
            src = image.get("src", "")[:60]
            for attribute in ("width", "height"):
                if not str(image.get(attribute, "")).isdigit():
                    problems.append(f"{source_of(page)}: <img src={src}> lacks a numeric {attribute}")
            if "alt" not in image.attrs:
                problems.append(f"{source_of(page)}: <img src={src}> lacks alt text")
    assert not problems, (
        "\n".join(problems) + '\nIn Markdown, give the size with attr_list: ![What it shows](x.png){ width="640" height="480" }'
    )


def test_a_notebook_description_too_long_for_search_results_is_refused() -> None:
    nb = new_notebook(cells=[new_markdown_cell("# A notebook")])
    nb.metadata["handbook"] = {"description": "A description that keeps going. " * 6, "chapter": "skills/evaluation.md"}
    with pytest.raises(run_notebooks.NotebookError, match=r"examples/long\.ipynb: handbook\.description has 19\d characters"):
        run_notebooks.check_source(Path("examples/long.ipynb"), nb)
    nb.metadata["handbook"]["description"] = "A description that fits."
    assert run_notebooks.check_source(Path("examples/long.ipynb"), nb)["chapter"] == "skills/evaluation.md"
