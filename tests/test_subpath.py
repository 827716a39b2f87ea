"""The site must work when served from a sub-path, as GitHub project pages are."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, SUBPATH

# One worker builds the sub-path site once for these tests and tests/test_browser_subpath.py.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("subpath")]

PREFIX = SUBPATH


def test_every_internal_link_resolves_under_a_subpath(subpath_site: Path) -> None:
    finished = subprocess.run(
        [sys.executable, "scripts/linkcheck.py", "--prefix", PREFIX, str(subpath_site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "no broken links" in finished.stdout


def test_404_page_finds_its_assets_under_a_subpath(subpath_site: Path) -> None:
    """GitHub Pages serves 404.html at any missing URL, so it must use absolute paths under the prefix."""
    soup = BeautifulSoup((subpath_site / "404.html").read_text(encoding="utf-8"), "html.parser")
    references = [tag.get("href") or tag.get("src") for tag in soup.find_all(["link", "script", "img"])]
    local = [ref for ref in references if ref and not ref.startswith(("http://", "https://", "data:", "#"))]
    assert local, "404.html references no assets"
    for ref in local:
        assert ref.startswith(PREFIX), f"404.html uses {ref!r}, which breaks when the page is served at a deeper URL"
        target = subpath_site / ref.removeprefix(PREFIX).split("#")[0].split("?")[0]
        assert target.exists() or (target / "index.html").exists(), f"404.html references missing {ref}"


def test_canonical_urls_and_sitemap_use_the_configured_site_url(subpath_site: Path) -> None:
    home = BeautifulSoup((subpath_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.find("link", rel="canonical")["href"] == f"https://example.test{PREFIX}"
    assert f"https://example.test{PREFIX}skills/evaluation/" in (subpath_site / "sitemap.xml").read_text(encoding="utf-8")


def test_edit_links_point_at_the_source_files(subpath_site: Path) -> None:
    def edit_link(page: str) -> str:
        soup = BeautifulSoup((subpath_site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
        link = soup.select_one("a.md-content__button[href*='/edit/']")
        assert link is not None, f"{page}: no edit link"
        return link["href"]

    assert edit_link("skills/evaluation") == "https://github.com/octo-org/handbook/edit/main/docs/skills/evaluation.md"
    assert (
        edit_link("examples/evaluate-a-classifier")
        == "https://github.com/octo-org/handbook/edit/main/examples/evaluate-a-classifier.ipynb"
    )


def test_every_notebook_page_opens_in_colab_from_the_repository(subpath_site: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    import run_notebooks

    for run in run_notebooks.run_all(run_notebooks.notebooks(ROOT), root=ROOT, log=lambda message: None):
        page = subpath_site / "examples" / run.name / "index.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        links = soup.select("article a.nb-colab")
        assert [link["href"] for link in links] == [
            f"https://colab.research.google.com/github/octo-org/handbook/blob/main/examples/{run.source.name}"
        ], f"{run.source}: expected one Open in Colab link"
        note = soup.select_one("article .nb-colab-note").get_text(" ", strip=True)
        for used in run.inputs:  # the helper files Colab does not fetch with the notebook
            assert used in note, f"{run.source}: the Colab note does not say to upload {used}"
        if not run.inputs:
            assert "needs no other file" in note
