"""Fail the build when a page would load anything from another host.

The handbook requests nothing from other sites: no CDN scripts, web fonts or
remote images (privacy, and it works offline). A page that slips one in, such
as ``<script src="https://cdn.example.com/x.js"></script>`` pasted into a
Markdown page, stops the build with the page's source file and line:

    docs/skills/evaluation.md:42: loads https://cdn.example.com/x.js from another host; ...

It checks each page's content, the part its source controls; tests/test_site.py
uses the same ``resource_urls`` on the built site, theme included.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

_RESOURCE_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "icon", "manifest", "preconnect", "dns-prefetch"}
# Cheap test before parsing: a scheme-relative or absolute URL where the browser would fetch it.
_MAYBE = re.compile(
    r"""(?:\b(?:src|data)\s*=\s*["']?\s*|url\(\s*["']?|@import\s+["']?|\bimport\s*\(\s*["']|\bfrom\s+["'])"""
    r"""(?:[a-z][a-z0-9+.-]*:)?//|\bsrcset\s*=|<link\b""",
    re.I,
)


def resource_urls(soup: BeautifulSoup) -> list[str]:
    """URLs the browser fetches on its own while loading the page (not the links a reader may click)."""
    urls = [tag["src"] for tag in soup.find_all(src=True)]
    for tag in soup.find_all(srcset=True):
        urls += [candidate.strip().split(" ")[0] for candidate in tag["srcset"].split(",")]
    for link in soup.find_all("link", href=True):
        if set(link.get("rel") or []) & _RESOURCE_RELS:
            urls.append(link["href"])
    for tag in soup.find_all(["object", "embed"]):
        urls.append(tag.get("data") or tag.get("src") or "")
    for script in soup.find_all("script", src=False):
        urls += re.findall(r"""(?:from\s+|import\s*\(\s*)["']((?:https?:)?//[^"']+)""", script.string or "")
    for style in [tag.string or "" for tag in soup.find_all("style")] + [tag["style"] for tag in soup.find_all(style=True)]:
        urls += css_urls(style)
    return urls


def css_urls(css: str) -> list[str]:
    imports = re.findall(r"@import\s+(?:url\()?\s*['\"]?([^'\")\s;]+)", css)
    urls = re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", css)
    return imports + urls


def is_third_party(url: str) -> bool:
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url.strip(), re.I)) and not url.startswith("data:")


def source_of(page: Page, config: MkDocsConfig) -> tuple[str, Path]:
    """The page's source as a contributor knows it ("docs/x.md" or "examples/x.ipynb"), and its file."""
    root = Path(config.config_file_path).parent
    if page.file.src_uri.endswith(".ipynb"):  # notebooks live in examples/, outside docs/
        return page.file.src_uri, root / page.file.src_uri
    path = Path(page.file.abs_src_path)
    try:
        return path.relative_to(root).as_posix(), path
    except ValueError:
        return f"{Path(config.docs_dir).name}/{page.file.src_uri}", path


def locate(path: Path, url: str) -> str:
    """':LINE' of the first line of PATH that holds URL, or '' when it is not there (the theme added it)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    return next((f":{number}" for number, line in enumerate(lines, start=1) if url in line), "")


def on_page_content(html: str, page: Page, config: MkDocsConfig, files) -> str:
    """Check what the page's source produced; the theme around it is checked by tests/test_site.py."""
    if not _MAYBE.search(html):
        return html
    offenders = [url for url in resource_urls(BeautifulSoup(html, "html.parser")) if is_third_party(url)]
    if offenders:
        name, path = source_of(page, config)
        raise PluginError(
            "\n".join(
                f"{name}{locate(path, url)}: loads {url} from another host; the handbook loads nothing from other "
                "sites (privacy, offline use). Copy the file under overrides/assets/ or link to it instead."
                for url in dict.fromkeys(offenders)
            )
        )
    return html
