"""In a real browser, the site built for a sub-path works under /handbook/, as on GitHub project pages."""

from __future__ import annotations

import re

import pytest

import browser_support

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("subpath")]


@pytest.fixture
def page(browser, subpath_url: str):
    """A fresh tab on the sub-path build (overrides conftest's page on the root build)."""
    with browser_support.open_tab(browser, subpath_url) as tab:
        yield tab


def test_navigation_follows_the_tabs_and_the_sidebar(page, subpath_url: str) -> None:
    page.goto(subpath_url)
    page.get_by_role("link", name="Skills", exact=True).first.click()
    page.wait_for_url(re.compile(r"/handbook/skills/$"))
    page.locator(".md-sidebar--primary a[href$='evaluation/']").first.click()
    page.wait_for_url(re.compile(r"/handbook/skills/evaluation/$"))
    assert page.title().startswith("Evaluation and validation")
    assert page.visit.failed_requests == []
    assert page.visit.foreign_requests == []


def test_search_finds_a_chapter_and_opens_it(page, subpath_url: str) -> None:
    page.goto(subpath_url)
    page.keyboard.press("/")  # Material's shortcut focuses the search box
    page.keyboard.type("leakage")
    first = page.locator(".md-search-result__item a").first
    first.wait_for()
    href = first.get_attribute("href")
    assert "/handbook/" in href or not href.startswith("/"), f"search result {href!r} escapes the sub-path"
    first.click()
    page.wait_for_load_state()
    assert page.url.startswith(subpath_url)
    assert "leakage" in page.locator("article").inner_text().lower()
    assert page.visit.failed_requests == []


def test_images_load_under_the_subpath(page, subpath_url: str) -> None:
    page.goto(subpath_url + "examples/evaluate-a-classifier/")
    images = page.locator("article img")
    assert images.count() > 0, "the notebook page shows no images"
    for index in range(images.count()):
        image = images.nth(index)
        image.scroll_into_view_if_needed()  # images load lazily: bring each into view, then wait for it
        width = image.evaluate(
            """img => img.complete ? img.naturalWidth : new Promise(done => {
                img.addEventListener("load", () => done(img.naturalWidth), {once: true});
                img.addEventListener("error", () => done(0), {once: true});
            })"""
        )
        assert width > 0, f"image {image.get_attribute('src')!r} did not load"
    assert page.visit.failed_requests == []


def test_notebook_download_link_serves_the_notebook(page, subpath_url: str) -> None:
    page.goto(subpath_url + "examples/evaluate-a-classifier/")
    link = page.locator("a[download][href$='.ipynb']").first
    href = link.get_attribute("href")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ipynb")
    body = download.path().read_text(encoding="utf-8")
    assert '"cells"' in body, f"{href} did not serve a notebook"
    assert '"outputs": []' in body or '"outputs":[]' in body, "the downloadable notebook should be the clean source"
