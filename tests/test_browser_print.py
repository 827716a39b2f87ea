"""In Chromium: a chapter prints as its content only, readable on paper (overrides/assets/stylesheets/print.css)."""

from __future__ import annotations

import re

import pytest

import browser_support

CHAPTER = "skills/evaluation/"


@pytest.fixture
def printed(browser, site_url: str):
    """The evaluation chapter, loaded and rendered for print."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.visit = browser_support.watch(tab, site_url)
    tab.goto(site_url + CHAPTER)
    tab.emulate_media(media="print")
    yield tab
    context.close()


def test_print_shows_the_article_only(printed) -> None:
    for selector in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search"):
        element = printed.locator(selector).first
        assert element.count() == 0 or not element.is_visible(), f"{selector} shows when printing"
    assert printed.locator("article h1").is_visible()
    assert printed.locator("article button:visible").count() == 0, "buttons print, though they do nothing on paper"
    width = printed.evaluate("document.querySelector('article').getBoundingClientRect().width")
    assert width > 0.8 * printed.viewport_size["width"], (
        f"the article takes {width:.0f} px of {printed.viewport_size['width']}: a sidebar column is left"
    )


@pytest.mark.parametrize("url", ["examples/edge-onnx/", "tooling/environment/"])
def test_print_wraps_code_instead_of_cutting_it(browser, site_url: str, url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(site_url + url)
    clipped = (
        "[...document.querySelectorAll('article pre > code, article .nb-output > pre')]"
        ".filter(code => code.scrollWidth > code.clientWidth + 1).map(code => code.textContent.slice(0, 60))"
    )
    tab.set_viewport_size({"width": 700, "height": 900})  # about an A4 page at 96 dpi, margins aside
    assert tab.evaluate(clipped), f"{url}: no code block is wider than the page on screen; pick a page that tests wrapping"
    tab.emulate_media(media="print")
    assert tab.evaluate(clipped) == [], f"{url}: code blocks wider than the printed page"
    context.close()


def test_print_opens_collapsible_answers(browser, site_url: str) -> None:
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(site_url + "careers/interviews/")  # its practice questions hide their answers
    closed = tab.locator("article details:not([open])")
    assert closed.count() > 0, "careers/interviews/ has no collapsible block to check"
    answer = closed.first.locator(":scope > :not(summary)").first
    assert not answer.is_visible()
    tab.emulate_media(media="print")
    assert answer.is_visible(), "a collapsed answer stays hidden on paper"
    context.close()


def test_print_spells_out_links_to_other_sites_only(printed, site_url: str) -> None:
    external = printed.locator("article a[href^='https://']").first  # the site itself is on http://127.0.0.1
    href = external.get_attribute("href")
    after = external.evaluate("a => getComputedStyle(a, '::after').content")
    assert href in after, f"the printed link {href} does not show its address (::after is {after})"
    internal = printed.locator(f"article a[href^='{site_url}examples/']").first  # Material makes internal links absolute
    after = internal.evaluate("a => getComputedStyle(a, '::after').content")
    assert site_url not in after, f"an internal link prints its address: {after}"


def test_the_chapter_renders_to_pdf(printed) -> None:
    pdf = printed.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert 2 <= pages <= 40, f"the chapter printed on {pages} pages"
    assert printed.visit.foreign_requests == []
