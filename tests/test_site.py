"""Properties of the built site (site/), which `make test` builds first."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config
from mkdocs.structure.files import File

from conftest import ROOT, BuiltPage, load_hook

sys.path.insert(0, str(ROOT / "scripts"))
from rules import MAX_DESCRIPTION  # noqa: E402


def nav_sources() -> list[str]:
    """Every docs-relative source file named in the nav of mkdocs.yml."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    found: list[str] = []

    def walk(items) -> None:
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                walk(value)
            elif not re.match(r"^[a-z]+://", value):
                found.append(value)

    walk(config["nav"])
    return found


def built_path(site: Path, source: str) -> Path:
    page_source = source.removesuffix(".ipynb") + ".md" if source.endswith(".ipynb") else source
    return site / File(page_source, "", "", use_directory_urls=True).dest_uri


def test_every_nav_entry_is_built(site: Path) -> None:
    sources = nav_sources()
    assert len(sources) >= 5
    missing = [source for source in sources if not built_path(site, source).exists()]
    assert not missing, f"nav entries with no built page: {missing}"


def test_every_page_appears_once_in_the_nav() -> None:
    sources = nav_sources()
    repeated = sorted({source for source in sources if sources.count(source) > 1})
    assert not repeated, f"mkdocs.yml: these pages are in the nav more than once: {repeated}"


def test_every_page_has_a_title_and_its_own_meta_description(pages: list[BuiltPage]) -> None:
    seen: dict[str, str] = {}
    for page in pages:
        title = page.soup.title.string.strip() if page.soup.title and page.soup.title.string else ""
        assert title, f"{page.url or '/'}: no <title>"
        meta = page.soup.find("meta", attrs={"name": "description"})
        description = (meta.get("content") or "").strip() if meta else ""
        assert description, f"{page.url or '/'}: no meta description (add `description:` to its front matter)"
        assert len(description) <= MAX_DESCRIPTION, f"{page.url}: description has {len(description)} characters"
        assert description not in seen, f"{page.url} and {seen.get(description)} share a description"
        seen[description] = page.url


# The build refuses third-party resources in a page's content (overrides/hooks/third_party.py,
# naming the source file); these tests also cover what the theme adds around it.
third_party = load_hook("third_party")
css_urls, is_third_party = third_party.css_urls, third_party.is_third_party


def _resource_urls(page: BuiltPage) -> list[str]:
    return third_party.resource_urls(page.soup)


def test_no_page_loads_a_resource_from_another_host(pages: list[BuiltPage]) -> None:
    offenders = [(page.url or "/", url) for page in pages for url in _resource_urls(page) if is_third_party(url)]
    assert not offenders, f"pages that load resources from other hosts: {offenders}"


def test_no_stylesheet_imports_from_another_host(site: Path) -> None:
    offenders = [
        (css.relative_to(site).as_posix(), url)
        for css in site.rglob("*.css")
        for url in css_urls(css.read_text(encoding="utf-8", errors="replace"))
        if is_third_party(url)
    ]
    assert not offenders, f"stylesheets that load from other hosts: {offenders}"


def test_material_cdn_fallbacks_are_not_triggered(pages: list[BuiltPage], site: Path) -> None:
    """Material fetches Mermaid from unpkg and repository facts from api.github.com unless prevented."""
    for page in pages:
        assert not page.soup.select('[data-md-component="source"]'), f"{page.url}: repository facts would call api.github.com"
        scripts = [tag["src"] for tag in page.soup.find_all("script", src=True)]
        assert any(src.endswith("mermaid-loader.js") for src in scripts), f"{page.url}: no self-hosted Mermaid loader"
    assert (site / "assets/javascripts/vendor/mermaid/mermaid.min.js").stat().st_size > 1_000_000


def test_sitemap_lists_every_page(site: Path, pages: list[BuiltPage]) -> None:
    home = next(page for page in pages if page.url == "")
    base = home.soup.find("link", rel="canonical")["href"]
    tree = ET.parse(site / "sitemap.xml")
    listed = {(loc.text or "").removeprefix(base) for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    missing = [page.url or "/" for page in pages if page.url not in listed]
    assert not missing, f"pages missing from sitemap.xml: {missing}"


def test_404_page_exists_and_explains_itself(site: Path) -> None:
    text = (site / "404.html").read_text(encoding="utf-8")
    assert "404" in text and "<title>" in text


def test_math_is_rendered_as_mathml_without_a_cdn(pages: list[BuiltPage]) -> None:
    with_math = [page for page in pages if page.soup.find("math")]
    assert any(page.url.startswith("examples/") for page in with_math), "no notebook page shows MathML"
    assert any(not page.url.startswith("examples/") for page in with_math), "no Markdown page shows MathML"
    for page in pages:
        leftover = page.soup.select(".arithmatex")
        assert not leftover, f"{page.url}: unconverted LaTeX {leftover[0].get_text()[:60]!r}"


def test_glossary_terms_give_tooltips_and_are_listed(pages: list[BuiltPage]) -> None:
    glossary = load_hook("glossary")
    entries = glossary.read_entries(ROOT / "includes/abbreviations.md")
    assert len(entries) >= 20
    glossary_page = next(page for page in pages if page.url == "reference/glossary/")
    listed = {dt.get_text(" ", strip=True) for dt in glossary_page.soup.find_all("dt")}
    assert set(entries) <= listed, f"terms missing from the glossary page: {set(entries) - listed}"
    tooltips = {abbr["title"] for page in pages for abbr in page.soup.find_all("abbr", title=True)}
    assert len(tooltips) >= 10, "pages show almost no glossary tooltips"


def test_resource_scan_catches_every_kind_of_third_party_reference() -> None:
    """Guards the guard: each way a page can pull from another host is detected."""
    html = """
    <link rel="stylesheet" href="//cdn.example/theme.css">
    <link rel="preload" href="https://fonts.example/font.woff2">
    <script src="https://cdn.example/lib.js"></script>
    <script type="module">import mermaid from "https://cdn.example/mermaid.mjs";</script>
    <style>@import url("https://fonts.example/css"); body { background: url(https://img.example/bg.png) }</style>
    <img src="../local.png" srcset="https://img.example/a.png 2x">
    <a href="https://example.org/">a plain link is not a resource</a>
    """
    page = BuiltPage(Path("x.html"), "x/", BeautifulSoup(html, "html.parser"))
    found = {url for url in _resource_urls(page) if is_third_party(url)}
    assert found == {
        "//cdn.example/theme.css",
        "https://fonts.example/font.woff2",
        "https://cdn.example/lib.js",
        "https://cdn.example/mermaid.mjs",
        "https://fonts.example/css",
        "https://img.example/bg.png",
        "https://img.example/a.png",
    }


def test_glossary_entries_must_be_separated_by_blank_lines(tmp_path: Path) -> None:
    glossary = load_hook("glossary")
    source = tmp_path / "abbreviations.md"
    source.write_text("*[API]: An interface.\n\n*[CPU]: A processor.\n*[GPU]: A graphics processor.\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"abbreviations\.md:4: leave a blank line between glossary entries"):
        glossary.read_entries(source)
