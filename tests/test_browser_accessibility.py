"""In a real browser, every page is accessible, loads nothing from other hosts and logs no errors.

axe-core checks each page of the built site against WCAG 2.2 AA and its best
practices (browser_support.AXE_TAGS) and must find nothing. The same visit
records the requests that leave the site's origin and the console's errors
(browser_support.watch), each reported by its own test. A few representative
pages are also checked in the dark scheme and at phone width, and a keyboard
user must reach the search, the navigation, the palette toggle and a
notebook's download link with Tab alone.

Checking a page takes about three seconds, so the pages are split into SHARDS
groups that pytest-xdist runs on different workers; each group's pages are
visited once and the visit shared by its tests (xdist_group keeps them on one
worker).
"""

from __future__ import annotations

from collections import Counter

import pytest

import browser_support
from conftest import BuiltPage

SHARDS = 2
# One page of each kind: home, a section index, a chapter with tables and code,
# a notebook page, the glossary, and the 404 page (served for a missing page).
REPRESENTATIVE = ["", "skills/", "skills/evaluation/", "examples/evaluate-a-classifier/", "reference/glossary/", "no-such-page/"]
NOTEBOOK_PAGE = "examples/evaluate-a-classifier/"

_visits: dict[int, list[browser_support.PageAudit]] = {}


def shard_params(name: str) -> list:
    return [
        pytest.param(shard, id=f"{name}{shard + 1}of{SHARDS}", marks=pytest.mark.xdist_group(f"a11y-{shard}"))
        for shard in range(SHARDS)
    ]


@pytest.fixture
def shard_visits(
    request: pytest.FixtureRequest, browser, site_url: str, pages: list[BuiltPage]
) -> list[browser_support.PageAudit]:
    """Every page of this shard, visited once in the light scheme at desktop width."""
    shard = request.param
    if shard not in _visits:
        mine = [page.url for page in pages[shard::SHARDS]]
        context = browser.new_context(color_scheme="light", viewport={"width": 1280, "height": 900})
        try:
            _visits[shard] = [browser_support.audit(context, site_url, url) for url in mine]
        finally:
            context.close()
    return _visits[shard]


def axe_report(audits: list[browser_support.PageAudit], what: str) -> str:
    violations = [violation for audit in audits for violation in audit.violations]
    by_rule = Counter(violation.rule for violation in violations)
    summary = ", ".join(f"{rule} ({count})" for rule, count in by_rule.most_common())
    lines = [str(violation) for violation in violations[:60]]
    more = len(violations) - len(lines)
    return (
        f"axe-core found {len(violations)} violations on {len({v.page for v in violations})} pages {what}: {summary}\n"
        + "\n".join(lines)
        + (f"\n... and {more} more" if more > 0 else "")
    )


def assert_axe_clean(audits: list[browser_support.PageAudit], what: str) -> None:
    assert not any(audit.violations for audit in audits), axe_report(audits, what)


@pytest.mark.parametrize("shard_visits", shard_params("pages"), indirect=True)
def test_axe_finds_no_violations(shard_visits: list[browser_support.PageAudit]) -> None:
    assert shard_visits, "no pages in this shard"
    assert_axe_clean(shard_visits, "(light scheme, 1280 px wide)")


@pytest.mark.parametrize("shard_visits", shard_params("pages"), indirect=True)
def test_pages_request_nothing_from_other_hosts(shard_visits: list[browser_support.PageAudit]) -> None:
    foreign = [f"{audit.url or '/'}: {url}" for audit in shard_visits for url in audit.visit.foreign_requests]
    assert not foreign, "pages requested files from other hosts:\n" + "\n".join(foreign)


@pytest.mark.parametrize("shard_visits", shard_params("pages"), indirect=True)
def test_pages_load_without_errors(shard_visits: list[browser_support.PageAudit]) -> None:
    problems = [
        f"{audit.url or '/'}: {problem}"
        for audit in shard_visits
        for problem in (
            ([f"answered {audit.visit.status}"] if audit.visit.status != 200 else [])
            + [f"console error: {error}" for error in audit.visit.console_errors]
            + [f"failed to load {failed}" for failed in audit.visit.failed_requests]
        )
    ]
    assert not problems, "pages loaded with errors:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("scheme", "width"),
    [("dark", 1280), ("light", 390), ("dark", 390)],
    ids=["dark-desktop", "light-phone", "dark-phone"],
)
def test_representative_pages_pass_axe_in_each_scheme_and_width(browser, site_url: str, scheme: str, width: int) -> None:
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
    try:
        audits = []
        for url in REPRESENTATIVE:
            audit = browser_support.audit(context, site_url, url)
            audits.append(audit)
        # The first palette entry follows the system; make sure the scheme asked for is the one shown.
        tab = context.new_page()
        tab.goto(site_url)
        shown = tab.evaluate("document.body.getAttribute('data-md-color-scheme')")
    finally:
        context.close()
    assert shown == {"dark": "slate", "light": "default"}[scheme], f"asked for the {scheme} scheme, the site shows {shown!r}"
    assert_axe_clean(audits, f"({scheme} scheme, {width} px wide)")


def focused(tab) -> dict:  # noqa: ANN001 - a playwright Page
    """What has the keyboard focus: enough to recognize the controls the test looks for."""
    return tab.evaluate(
        """() => {
          const e = document.activeElement;
          return {
            tag: e.tagName.toLowerCase(),
            text: (e.getAttribute("aria-label") || e.textContent || "").trim().slice(0, 60),
            search: e.matches(".md-search__input"),
            nav: !!e.closest(".md-nav--primary") && e.matches("a[href]"),
            palette: !!e.closest("[data-md-component=palette]"),
            download: e.matches("a[download][href$='.ipynb']"),
          };
        }"""
    )


def test_keyboard_alone_reaches_search_navigation_palette_and_download(browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    wanted = {
        "search": "the search box",
        "nav": "a link in the navigation",
        "palette": "the palette toggle",
        "download": "the notebook download link",
    }
    reached: set[str] = set()
    path = []
    try:
        tab = context.new_page()
        tab.goto(site_url + NOTEBOOK_PAGE, wait_until="load")
        for _ in range(200):  # the sidebar lists every example: a few dozen stops before the content
            tab.keyboard.press("Tab")
            now = focused(tab)
            path.append(f"{now['tag']} {now['text']!r}")
            reached |= {key for key in wanted if now[key]}
            if reached == set(wanted):
                break
    finally:
        context.close()
    missing = [wanted[key] for key in wanted if key not in reached]
    assert not missing, (
        f"{NOTEBOOK_PAGE}: pressing Tab {len(path)} times never reached {', '.join(missing)}. Focus went:\n" + "\n".join(path)
    )


# --- The audit itself catches a bad choice and names the page ------------------

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A guide</title></head>
<body><main><h1>A guide</h1><p>Some words, then <span style="color:{color}">words in a chosen color</span>.</p></main></body>
</html>
"""


@pytest.mark.parametrize(("color", "fails"), [("#bbb", True), ("#555", False)], ids=["pale gray fails", "dark gray passes"])
def test_a_color_that_breaks_contrast_fails_naming_the_page(browser, tmp_path, color: str, fails: bool) -> None:
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "index.html").write_text(PAGE.format(color=color), encoding="utf-8")
    context = browser.new_context()
    try:
        with browser_support.serve(tmp_path) as base:
            audit = browser_support.audit(context, base, "guide/")
    finally:
        context.close()
    if not fails:
        assert audit.violations == [], axe_report([audit], "on a page that should pass")
        return
    assert [(v.rule, v.page) for v in audit.violations] == [("color-contrast", "guide/")], axe_report([audit], "")
    with pytest.raises(AssertionError) as failure:
        assert_axe_clean([audit], "(test page)")
    assert "guide/: color-contrast" in str(failure.value) and "span" in str(failure.value), str(failure.value)
