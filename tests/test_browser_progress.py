"""In a real browser, checklist ticks persist in localStorage, survive navigation, and move between browsers by file."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

ROADMAP = "start-here/"
ROUTE = "start-here/from-software-engineering/"
STORE = ".progress"  # Material's __md_set prefixes it with the site's base path
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}


def box(page, item_id: str):
    return page.locator(f"li#{item_id} > .task-list-control > input[type=checkbox]")


def stage_count(page, heading_id: str) -> str:
    """The count line above the checklist of the section headed by HEADING_ID."""
    return page.locator(f"h2#{heading_id} ~ p.progress-count").first.inner_text()


def toolbar_row(page, heading_id: str) -> str:
    return page.locator(f".progress-summary li:has(a[href='#{heading_id}'])").inner_text()


def stored(page) -> list[str]:
    """The ticks in localStorage, under the key Material's __md_set uses on this site: its base path + STORE."""
    key = page.evaluate("__md_scope.pathname") + STORE
    return json.loads(page.evaluate(f"localStorage.getItem({key!r})") or "[]")


def let_instant_navigation_work_on_this_port(page, site_url: str) -> None:
    """Material navigates instantly only to URLs listed in sitemap.xml. It takes their scheme and host from
    the page but keeps the port written there (the build's site_url: none for https://OWNER.github.io,
    :8000 for the local fallback), so on the test server's port every click is a full load. The test
    server serves the site under site_url's path; rewrite only the origin."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(site_url))

    def rewrite(route) -> None:
        response = route.fetch()
        route.fulfill(response=response, body=re.sub(r"https?://[^/<]+(?=/)", origin, response.text()))

    page.route("**/sitemap.xml", rewrite)


def open_roadmap(page, site_url: str) -> None:
    page.goto(site_url + ROADMAP)
    page.locator(".progress-toolbar").wait_for()


def test_a_tick_is_counted_and_survives_a_reload(page, site_url: str) -> None:
    open_roadmap(page, site_url)
    assert stage_count(page, "stage-2-data") == "0 of 5 ticked"
    box(page, "ready-2-training-table").check()
    assert stage_count(page, "stage-2-data") == "1 of 5 ticked"
    assert "Stage 2: Data" in toolbar_row(page, "stage-2-data") and "1 of 5 ticked" in toolbar_row(page, "stage-2-data")
    assert page.locator("h2#stage-2-data ~ p.progress-count progress").first.evaluate("bar => [bar.value, bar.max]") == [1, 5]
    assert stored(page) == ["ready-2-training-table"]
    page.reload()
    page.locator(".progress-toolbar").wait_for()
    assert box(page, "ready-2-training-table").is_checked()
    assert stage_count(page, "stage-2-data") == "1 of 5 ticked"
    assert page.visit.failed_requests == [] and page.visit.foreign_requests == []


def test_a_tick_survives_instant_navigation_and_a_new_visit(page, site_url: str) -> None:
    let_instant_navigation_work_on_this_port(page, site_url)
    open_roadmap(page, site_url)
    box(page, "ready-3-calibration").check()
    page.evaluate("window.__sameDocument = true")  # survives only if Material's instant navigation swaps the page
    page.locator("article a[href$='/skills/evaluation/']").first.click()
    page.wait_for_url(re.compile(r"/skills/evaluation/(#[\w-]*)?$"))  # navigation.tracking may add a hash
    page.locator("article h2#key-skills").wait_for()
    page.locator(".md-tabs a[href$='/start-here/']").first.click()
    page.wait_for_url(re.compile(r"/start-here/(#[\w-]*)?$"))
    page.locator(".progress-toolbar").wait_for()
    assert page.evaluate("window.__sameDocument === true"), "the link click reloaded the page instead of navigating instantly"
    assert box(page, "ready-3-calibration").is_checked()
    assert stage_count(page, "stage-3-modeling") == "1 of 6 ticked"
    page.goto(site_url + "skills/")
    page.goto(site_url + ROADMAP)
    assert box(page, "ready-3-calibration").is_checked()


def test_the_same_item_on_a_route_page_shares_its_tick(page, site_url: str) -> None:
    open_roadmap(page, site_url)
    box(page, "ready-4-monitoring").check()
    page.goto(site_url + ROUTE)
    page.locator(".progress-toolbar").wait_for()
    assert box(page, "ready-4-monitoring").is_checked()
    box(page, "ready-4-monitoring").uncheck()
    box(page, "ready-1-sql-query").check()
    open_roadmap(page, site_url)
    assert not box(page, "ready-4-monitoring").is_checked()
    assert box(page, "ready-1-sql-query").is_checked()


def test_a_chapter_skill_is_keyed_by_its_page(page, site_url: str) -> None:
    page.goto(site_url + "skills/evaluation/")
    first = page.locator("h2#key-skills ~ ul.task-list input[type=checkbox]").first
    label = first.get_attribute("aria-label")
    assert label and label.startswith("Split data into training"), f"checkbox label is {label!r}"
    first.check()
    [key] = stored(page)
    assert re.fullmatch(r"skills/evaluation/#[0-9a-z]+", key), key


def test_export_reset_import_restores_the_ticks(page, site_url: str, tmp_path: Path) -> None:
    open_roadmap(page, site_url)
    for item in ("ready-1-python-module", "ready-5-design-document"):
        box(page, item).check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Export").click()
    exported = tmp_path / "progress.json"
    download.value.save_as(exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["format"] == "ml-engineer-handbook-progress" and data["version"] == 1
    assert data["ticked"] == ["ready-1-python-module", "ready-5-design-document"]

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset").click()
    assert not box(page, "ready-1-python-module").is_checked()
    assert stage_count(page, "stage-1-foundations") == "0 of 6 ticked"
    assert stored(page) == []

    page.set_input_files(".progress-toolbar input[type=file]", str(exported))
    page.get_by_role("status").filter(has_text="Imported").wait_for()
    assert page.get_by_role("status").inner_text() == "Imported 2 ticked items."
    assert box(page, "ready-1-python-module").is_checked() and box(page, "ready-5-design-document").is_checked()
    assert stage_count(page, "stage-5-specialization") == "1 of 4 ticked"
    assert stored(page) == ["ready-1-python-module", "ready-5-design-document"]


def test_a_dismissed_reset_keeps_the_ticks(page, site_url: str) -> None:
    open_roadmap(page, site_url)
    box(page, "ready-6-resume").check()
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Reset").click()
    assert box(page, "ready-6-resume").is_checked()
    assert stored(page) == ["ready-6-resume"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("this is not JSON", "not valid JSON"),
        ('{"format": "something-else", "version": 1, "ticked": []}', "not a progress export"),
        ('{"format": "ml-engineer-handbook-progress", "version": 2, "ticked": []}', "version 2"),
        ('{"format": "ml-engineer-handbook-progress", "version": 1, "ticked": [1, 2]}', "not a list of item keys"),
    ],
)
def test_a_malformed_import_is_reported_and_changes_nothing(
    page, site_url: str, tmp_path: Path, content: str, message: str
) -> None:
    open_roadmap(page, site_url)
    box(page, "ready-2-three-charts").check()
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    page.set_input_files(".progress-toolbar input[type=file]", str(bad))
    status = page.get_by_role("status")
    status.filter(has_text=re.compile("nothing was imported", re.IGNORECASE)).wait_for()
    assert message in status.inner_text()
    assert box(page, "ready-2-three-charts").is_checked()
    assert stored(page) == ["ready-2-three-charts"]


def test_without_javascript_checklists_are_plain_lists_and_there_is_no_toolbar(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + ROADMAP)
        item = page.locator("li#ready-1-python-module")
        assert item.evaluate("li => getComputedStyle(li).listStyleType") == "disc"
        assert not item.locator("input[type=checkbox]").is_visible()
        assert not page.locator("[data-progress-toolbar]").is_visible()
        assert page.locator("article button, article .progress-count, article progress").count() == 0
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [ROADMAP, ROUTE, "skills/evaluation/", "ethics/checklist/"])
def test_checklists_and_the_toolbar_have_no_axe_violations(page, site_url: str, path: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)  # the palette follows the system until the reader picks one
    page.goto(site_url + path)
    page.locator("p.progress-count").first.wait_for()
    expected = {"light": "default", "dark": "slate"}[scheme]
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    page.locator(
        "li.task-list-item input[type=checkbox]"
    ).first.check()  # a ticked box and a non-empty status region are checked too
    scope = {"include": [["article .task-list"], ["article .progress-count"], ["article .progress-toolbar"]]}
    if page.locator(".progress-toolbar").count() == 0:
        scope = {"include": [["article .task-list"], ["article .progress-count"]]}
    results = Axe().run(page, context=scope, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
