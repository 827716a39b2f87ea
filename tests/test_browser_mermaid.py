"""In a real browser, Mermaid (about 1 MB) is downloaded only when a diagram nears the screen; it draws a focusable box."""

from __future__ import annotations

import browser_support
from conftest import BuiltPage


def test_mermaid_loads_when_a_diagram_nears_the_screen_and_draws_it(browser, site_url: str, pages: list[BuiltPage]) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 400})
    tab = context.new_page()
    visit = browser_support.watch(tab, site_url)
    loaded = []
    tab.on("request", lambda request: request.url.endswith("/mermaid.min.js") and loaded.append(request.url))
    try:
        # The first page whose first diagram starts well below the screen (the observer's margin is 200 px).
        for page in (p for p in pages if p.soup.select_one("pre.mermaid")):
            loaded.clear()
            tab.goto(site_url + page.url, wait_until="networkidle")
            top = tab.evaluate("document.querySelector('.mermaid').getBoundingClientRect().top")  # drawn or not
            if top > 400 + 300:
                break
        else:
            raise AssertionError("no page has a diagram below the first screen to test with")
        assert loaded == [], f"/{page.url}: Mermaid was downloaded before any diagram was near the screen"
        tab.locator("pre.mermaid").first.scroll_into_view_if_needed()
        tab.wait_for_function("document.querySelectorAll('div.mermaid').length > 0")  # Material's host for the SVG
        assert len(loaded) == 1, f"/{page.url}: Mermaid requests: {loaded}"
        # On a phone a wide diagram scrolls sideways in its box, so the box must take keyboard focus.
        tab.wait_for_function("[...document.querySelectorAll('div.mermaid')].every((box) => box.tabIndex === 0)")
        assert visit.console_errors == [] and visit.failed_requests == [] and visit.foreign_requests == []
    finally:
        context.close()
