"""In a real browser, on a phone-sized screen, no page is wider than the screen.

A code block, table or formula too wide for the column must scroll inside its
own box; if it pushes the page wider, every line of prose on the page can be
scrolled sideways and the layout looks broken. `make audit` takes screenshots
for a person to look at; this test catches the overflow on every page.
"""

from __future__ import annotations

import pytest

from conftest import BuiltPage

PHONE = {"width": 390, "height": 844}

# The outermost elements that stick out of the viewport without a scrolling
# ancestor: what makes the page wider than the screen.
_OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (element) => {
    for (let p = element.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== "visible") return true;
    }
    return false;
  };
  const found = [];
  for (const element of document.querySelectorAll("article *")) {
    const box = element.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1 && !scrolls(element)) {
      const block = element.closest("pre, table, figure, math, p, li, div") || element;
      const text = `<${block.tagName.toLowerCase()} class="${block.className}">: ${block.textContent.trim().slice(0, 60)}`;
      if (!found.includes(text)) found.push(text);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, found: found.slice(0, 5)};
}"""


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_no_page_is_wider_than_a_phone_screen(phone, site_url: str, pages: list[BuiltPage]) -> None:
    wide = []
    for page in pages:
        phone.goto(site_url + page.url, wait_until="load")
        result = phone.evaluate(_OVERFLOWING)
        if result["scrollWidth"] > result["width"]:
            wide.append(f"/{page.url}: {result['scrollWidth']} px wide on a {result['width']} px screen; {result['found']}")
    assert not wide, "pages wider than the screen (make the element scroll in its own box):\n" + "\n".join(wide)
