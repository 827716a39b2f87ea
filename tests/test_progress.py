"""Progress checklists and the role routes, as built: every chapter has its skills to tick, keys are unambiguous."""

from __future__ import annotations

import re
from collections import defaultdict
from copy import copy
from pathlib import Path

import pytest

CHAPTER_PARTS = ("skills", "tooling", "cloud", "ethics", "careers", "role")
ROUTES = ["start-here/from-software-engineering/", "start-here/from-data-science/", "start-here/from-study-or-career-change/"]


def item_text(item) -> str:
    """An item's own text, as progress.js hashes it: no checkbox, no nested list, spaces collapsed."""
    own = copy(item)
    for nested in own.select("ul, ol, .task-list-control"):
        nested.decompose()
    return re.sub(r"\s+", " ", own.get_text()).strip()


def by_url(pages) -> dict:
    return {page.url: page for page in pages}


@pytest.mark.parametrize("part", CHAPTER_PARTS)
def test_every_chapter_page_lists_three_to_five_key_skills_to_tick(pages, part: str) -> None:
    chapters = [page for page in pages if page.url.startswith(f"{part}/")]
    assert chapters, f"no built pages under {part}/"
    for page in chapters:
        heading = page.soup.select_one("article h2#key-skills")
        assert heading, f"docs/{page.url.rstrip('/') or 'index'}.md has no '## Key skills' section"
        checklist = heading.find_next_sibling("ul")
        assert checklist and "task-list" in checklist.get("class", []), f"{page.url}: 'Key skills' is not followed by a task list"
        count = len(checklist.select(":scope > li.task-list-item"))
        assert 3 <= count <= 5, f"{page.url}: 'Key skills' lists {count} skills; give three to five"


def test_an_item_id_names_the_same_item_on_every_page(pages) -> None:
    """An explicit id shares one tick between pages, so it must mean the same item everywhere."""
    texts = defaultdict(dict)
    for page in pages:
        for item in page.soup.select("article li.task-list-item[id]"):
            texts[item["id"]][page.url] = item_text(item)
    assert texts, "no task-list item carries an id: the roadmap's checklists should"
    for key, where in texts.items():
        assert len(set(where.values())) == 1, f"item id {key!r} has different texts on different pages: {where}"


def test_no_two_items_on_a_page_share_a_tick_by_accident(pages) -> None:
    for page in pages:
        seen = {}
        for item in page.soup.select("article li.task-list-item"):
            key = item.get("id") or item_text(item)
            assert key not in seen, f"{page.url}: two checklist items share the key {key!r}; reword one or give it an id"
            seen[key] = item


def test_the_roadmap_gives_every_stage_checklist_item_an_id(pages) -> None:
    roadmap = by_url(pages)["start-here/"]
    items = roadmap.soup.select("article li.task-list-item")
    assert len(items) >= 30
    missing = [item_text(item) for item in items if not item.get("id", "").startswith("ready-")]
    assert missing == [], f"roadmap items without a ready-* id (ticks would be lost when they are reworded): {missing}"


def test_the_toolbar_placeholder_is_hidden_until_javascript_fills_it(pages) -> None:
    found = by_url(pages)
    for url in ["start-here/", *ROUTES]:
        toolbars = found[url].soup.select("[data-progress-toolbar]")
        assert len(toolbars) == 1, f"{url} should hold one progress toolbar placeholder"
        assert toolbars[0].has_attr("hidden") and not toolbars[0].contents, f"{url}: the placeholder must be empty and hidden"


def test_every_page_loads_the_progress_script(pages) -> None:
    for page in pages:
        sources = [script.get("src", "") for script in page.soup.select("script[src]")]
        assert any(source.endswith("assets/javascripts/progress.js") for source in sources), f"{page.url} lacks progress.js"


def test_the_home_page_links_every_route_and_the_nav_lists_them(pages) -> None:
    found = by_url(pages)
    home_links = {link["href"] for link in found[""].soup.select("article a[href]")}
    # navigation.prune: only the roadmap's own section of the nav lists its pages
    nav_links = {"start-here/" + link["href"] for link in found["start-here/"].soup.select("nav.md-nav--primary a[href]")}
    for route in ROUTES:
        assert route in home_links, f"the home page does not link {route}"
        assert route in nav_links, f"the nav under Start here does not list {route}"


@pytest.mark.parametrize("route", ROUTES)
def test_every_link_on_a_route_page_resolves(site: Path, pages, route: str) -> None:
    page = by_url(pages)[route]
    internal = [link["href"] for link in page.soup.select("article a[href]") if not re.match(r"[a-z]+:|#", link["href"])]
    assert len(internal) >= 15, f"{route} links only {len(internal)} pages and notebooks"
    for href in internal:
        path, _, anchor = href.partition("#")
        target = (page.path.parent / path).resolve()
        target = target / "index.html" if target.is_dir() else target
        assert target.is_file(), f"{route} links {href}, which was not built"
        if anchor:
            assert f'id="{anchor}"' in target.read_text(encoding="utf-8"), f"{route} links {href}, whose anchor is missing"


@pytest.mark.parametrize("route", ROUTES)
def test_a_route_checklist_reuses_the_roadmap_items(pages, route: str) -> None:
    found = by_url(pages)
    roadmap_ids = {item["id"] for item in found["start-here/"].soup.select("article li.task-list-item[id]")}
    items = found[route].soup.select("article li.task-list-item")
    assert items, f"{route} has no checklist"
    strays = [item_text(item) for item in items if item.get("id") not in roadmap_ids]
    assert strays == [], f"{route}: items that do not share their tick with the roadmap: {strays}"
