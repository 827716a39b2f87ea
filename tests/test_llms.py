"""/llms.txt and /llms-full.txt: the handbook as Markdown for language models (mkdocs-llmstxt, overrides/hooks/llms.py)."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

import pytest
from mkdocs.structure.files import File

from conftest import ROOT, BuiltPage, load_hook
from test_site import nav_sources


@pytest.fixture(scope="module")
def llms(site: Path) -> str:
    path = site / "llms.txt"
    assert path.is_file(), "the build wrote no llms.txt"
    return path.read_text(encoding="utf-8")


def markdown_url(source: str) -> str:
    """The site-relative URL of the Markdown copy that mkdocs-llmstxt writes for nav entry SOURCE."""
    page = File(source.removesuffix(".ipynb") + ".md" if source.endswith(".ipynb") else source, "", "", use_directory_urls=True)
    return str(PurePosixPath(page.dest_uri).with_suffix(".md"))


def test_llms_txt_lists_every_nav_page_with_its_absolute_url_and_description(llms: str, site: Path, base_url: str) -> None:
    llms_hook = load_hook("llms")
    entries = dict(re.findall(r"^- \[[^\]]+\]\((\S+)\): (.+)$", llms, re.M))
    sources = nav_sources()
    assert len(entries) == len(sources), f"llms.txt lists {len(entries)} pages, the nav {len(sources)}"

    class Config:  # the two settings llms.description() reads
        config_file_path = str(ROOT / "mkdocs.yml")
        docs_dir = str(ROOT / "docs")

    for source in sources:
        url = base_url + markdown_url(source)
        assert url in entries, f"llms.txt does not list {source} as {url}"
        assert entries[url] == llms_hook.description(source, Config), f"{source}: llms.txt's description is not the page's"
        assert (site / url.removeprefix(base_url)).is_file(), f"{url} is listed but not in the built site"


def test_llms_txt_groups_pages_like_the_nav(llms: str) -> None:
    sections = re.findall(r"^## (.+)$", llms, re.M)
    assert sections[:3] == ["Home", "Start here", "The role"]
    assert "Examples" in sections and sections[-1] == "Reference"


def test_llms_full_txt_holds_the_text_of_the_chapters_and_notebooks(site: Path, pages: list[BuiltPage]) -> None:
    path = site / "llms-full.txt"
    assert path.is_file(), "the build wrote no llms-full.txt"
    full = " ".join(path.read_text(encoding="utf-8").split())
    for url in ("skills/evaluation/", "examples/evaluate-a-classifier/"):
        page = next(page for page in pages if page.url == url)
        paragraph = next(
            p for p in page.soup.select("article p") if len(p.get_text()) > 150 and not p.find(["code", "a", "abbr"])
        )
        text = " ".join(paragraph.get_text().split())
        assert text in full, f"llms-full.txt lacks the text of {url}: {text[:80]!r}"


def test_a_page_without_a_description_fails_naming_it(tmp_path: Path) -> None:
    from mkdocs.exceptions import PluginError

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text("---\ntitle: A page\n---\n# A page\n", encoding="utf-8")

    class Config:
        config_file_path = str(tmp_path / "mkdocs.yml")
        docs_dir = str(tmp_path / "docs")

    with pytest.raises(PluginError, match=r"docs/page\.md: front matter 'description' is missing"):
        load_hook("llms").description("page.md", Config)
