"""The glossary page links each term to the section that explains it; pages show the terms as tooltips."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
from mkdocs.exceptions import PluginError

import browser_support
from conftest import ROOT, BuiltPage, load_hook

GLOSSARY = "reference/glossary/"


@pytest.fixture(scope="module")
def see_links(pages: list[BuiltPage]) -> dict[str, str]:
    """{term: the URL its glossary entry links to, relative to the site root}."""
    page = next(page for page in pages if page.url == GLOSSARY)
    links = {}
    for dt in page.soup.select("article dt"):
        link = dt.find_next_sibling("dd").select_one(".glossary-see a")
        if link:
            links[dt.get_text(" ", strip=True)] = urljoin("/" + GLOSSARY, link["href"]).lstrip("/")
    return links


@pytest.mark.parametrize(
    ("term", "target"),
    [
        ("cross-validation", "skills/evaluation/#cross-validation"),  # a heading that is the term
        ("data leakage", "skills/data-preparation/#data-leakage"),
        ("calibration", "skills/evaluation/#calibration"),
        ("concept drift", "tooling/production/#monitoring-and-drift"),  # a heading that holds it
        ("FastAPI", "tooling/production/#an-api-with-fastapi"),
        ("membership inference", "ethics/privacy/#membership-inference"),
        ("EU AI Act", "ethics/regulation/#the-eu-ai-act"),
        ("MCP", "llm-engineering/building/#mcp-the-model-context-protocol"),
        ("LoRA", "llm-engineering/fine-tuning/#lora"),
        ("precision", "skills/evaluation/#choosing-a-metric"),  # includes/glossary-links.yml
    ],
)
def test_terms_link_to_the_section_that_explains_them(see_links: dict[str, str], term: str, target: str) -> None:
    assert see_links.get(term) == target, f"the glossary sends {term!r} to {see_links.get(term)}, not {target}"


def test_most_terms_link_somewhere_and_every_link_resolves(see_links: dict[str, str], pages: list[BuiltPage]) -> None:
    entries = load_hook("glossary").read_entries(ROOT / "includes/abbreviations.md")
    assert len(see_links) >= 0.8 * len(entries), f"only {len(see_links)} of {len(entries)} terms link to a page"
    by_url = {page.url: page for page in pages}
    for term, url in see_links.items():
        path, _, anchor = url.partition("#")
        assert path in by_url, f"{term}: links to {url}, which is not a page"
        if anchor:
            assert by_url[path].soup.find(id=anchor), f"{term}: links to {url}, which has no #{anchor}"


def test_a_bad_override_names_the_file_and_line(tmp_path: Path) -> None:
    glossary = load_hook("glossary")
    entries = {"precision": "A metric.", "recall": "Another."}
    links = tmp_path / "glossary-links.yml"
    links.write_text("# comment\nprecision: skills/evaluation.md#choosing-a-metric\nrecal: skills/evaluation.md\n")
    with pytest.raises(PluginError, match=r"glossary-links\.yml:3: 'recal' is not a term"):
        glossary.read_overrides(links, entries)
    links.write_text("precision: https://example.com/\n")
    with pytest.raises(PluginError, match=r"glossary-links\.yml:1: expected page\.md#anchor or null"):
        glossary.read_overrides(links, entries)
    links.write_text("precision: null\nrecall: skills/evaluation.md\nprecision: skills/evaluation.md\n")
    with pytest.raises(PluginError, match=r"glossary-links\.yml:3: 'precision' is listed twice"):
        glossary.read_overrides(links, entries)
    links.write_text("precision: null\nrecall: skills/evaluation.md#calibration\n")
    assert glossary.read_overrides(links, entries) == {"precision": (None, 1), "recall": ("skills/evaluation.md#calibration", 2)}


def test_a_term_on_a_page_shows_its_definition_on_hover(browser, site_url: str) -> None:
    context = browser.new_context()
    tab = context.new_page()
    visit = browser_support.watch(tab, site_url)
    tab.goto(site_url + "skills/evaluation/")
    term = tab.locator("article abbr[title]").first
    definition = term.get_attribute("title")
    assert definition, "no glossary term on the chapter"
    term.hover()
    tooltip = tab.locator(".md-tooltip2, .md-tooltip").filter(has_text=definition).first
    tooltip.wait_for(state="visible", timeout=5_000)
    assert visit.console_errors == []
    context.close()
