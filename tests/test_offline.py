"""The offline copy (`make offline`): a zip that opens from disk, where links and search work and nothing leaves file://."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, load_hook

sys.path.insert(0, str(ROOT / "scripts"))
import run_notebooks  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("offline")]

TOP = "ml-engineer-handbook"


@pytest.fixture(scope="module")
def offline_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The zip `make offline` writes, built once for this module (a full build)."""
    work = tmp_path_factory.mktemp("offline")
    output = work / "handbook-offline.zip"
    finished = subprocess.run(
        [sys.executable, "scripts/offline.py", "--site-dir", str(work / "site-offline"), "--output", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]
    return output


@pytest.fixture(scope="module")
def unpacked(offline_zip: Path) -> Path:
    """The zip extracted, as a reader would: returns the folder that holds README.txt."""
    target = offline_zip.parent / "unpacked"
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(target)
    return target / TOP


def test_the_zip_holds_the_site_its_search_index_and_every_notebook_with_its_files(offline_zip: Path) -> None:
    with zipfile.ZipFile(offline_zip) as archive:
        names = set(archive.namelist())
        readme = archive.read(f"{TOP}/README.txt").decode()
    assert f"{TOP}/site/index.html" in names
    assert f"{TOP}/site/search/search_index.js" in names, "no search index that works from file://"
    assert "site/index.html" in readme, "README.txt does not say what to open"
    runs = run_notebooks.run_all(run_notebooks.notebooks(ROOT), root=ROOT, log=lambda message: None)
    assert runs, "no notebooks in examples/"
    for run in runs:
        assert f"{TOP}/examples/{run.source.name}" in names, f"{run.source} is missing from the zip"
        for used in run.inputs:
            assert f"{TOP}/examples/{used}" in names, f"{run.source} uses examples/{used}, which is missing from the zip"
    assert {"churn_data.py", "sql/churn_modeling_table.sql"} <= {name.removeprefix(f"{TOP}/examples/") for name in names}


def test_every_link_of_the_offline_site_points_at_a_file_that_exists(unpacked: Path) -> None:
    """From file:// a link to a folder shows a directory listing, not the page: every link must name a file."""
    site = unpacked / "site"
    # 404.html only matters on a web server, which serves it with root-relative links.
    pages = sorted(page for page in site.rglob("*.html") if page.name != "404.html")
    assert len(pages) > 40
    broken = []
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["a", "link", "script", "img"]):
            url = tag.get("href") or tag.get("src")
            if not url or re.match(r"^[a-z][a-z0-9+.-]*:|^#|^//", url):
                continue
            target = (page.parent / unquote(urlsplit(url).path)).resolve()
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {url}")
    assert not broken, f"{len(broken)} links lead to no file, e.g. {broken[:5]}"


def test_the_offline_site_loads_nothing_from_other_hosts(unpacked: Path) -> None:
    third_party = load_hook("third_party")
    offenders = []
    for page in sorted((unpacked / "site").rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        offenders += [f"{page.name}: {url}" for url in third_party.resource_urls(soup) if third_party.is_third_party(url)]
    assert not offenders, f"the offline copy loads from other hosts: {offenders[:5]}"


@pytest.fixture
def tab(browser):
    """A page of a fresh browser context that records (and blocks) every request not to file://."""
    context = browser.new_context()
    page = context.new_page()
    page.outside = []
    page.errors = []

    def route(route) -> None:  # noqa: ANN001
        url = route.request.url
        if url.startswith(("file://", "data:", "blob:")):
            route.continue_()
        else:
            page.outside.append(url)
            route.abort()

    context.route("**/*", route)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    yield page
    context.close()


def test_from_file_a_click_opens_another_page(tab, unpacked: Path) -> None:
    home = (unpacked / "site" / "index.html").as_uri()
    tab.goto(home)
    tab.locator("article a[href='skills/evaluation.html']").first.click()
    tab.wait_for_url(re.compile(r"^file://.*/site/skills/evaluation\.html$"))
    assert tab.title().startswith("Evaluation and validation")
    tab.locator(".md-sidebar--primary a[href$='data-preparation.html']").first.click()
    tab.wait_for_url(re.compile(r"/skills/data-preparation\.html$"))
    assert tab.title().startswith("Data preparation")
    assert tab.outside == [], f"requests left file://: {tab.outside}"
    assert tab.errors == [], f"errors in the console: {tab.errors}"


def test_from_file_search_finds_a_page_and_opens_it(tab, unpacked: Path) -> None:
    tab.goto((unpacked / "site" / "index.html").as_uri())
    tab.keyboard.press("/")  # Material's shortcut focuses the search box
    tab.keyboard.type("leakage")
    first = tab.locator(".md-search-result__item a").first
    first.wait_for(timeout=15_000)
    assert tab.locator(".md-search-result__item").count() >= 3
    first.click()
    tab.wait_for_load_state()
    assert tab.url.startswith("file://") and urlsplit(tab.url).path.endswith(".html")
    assert "leakage" in tab.locator("article").inner_text().lower()
    assert tab.outside == [], f"requests left file://: {tab.outside}"
    assert tab.errors == [], f"errors in the console: {tab.errors}"


def test_from_file_diagrams_draw_and_code_gets_its_copy_button(tab, unpacked: Path) -> None:
    tab.goto((unpacked / "site" / "reference" / "about.html").as_uri())
    tab.locator("pre.mermaid").first.scroll_into_view_if_needed()  # diagrams are drawn when near the screen
    # Material replaces pre.mermaid with a div.mermaid holding the drawing in a closed shadow root.
    tab.wait_for_function("(document.querySelector('div.mermaid')?.getBoundingClientRect().height || 0) > 20", timeout=15_000)
    tab.goto((unpacked / "site" / "index.html").as_uri())
    tab.locator("article .md-code__button, article .md-clipboard").first.wait_for(state="attached", timeout=5_000)
    assert tab.outside == [], f"requests left file://: {tab.outside}"
    assert tab.errors == [], f"errors in the console: {tab.errors}"
