"""Fill the llms.txt index (mkdocs-llmstxt) from the nav and the pages' descriptions.

mkdocs-llmstxt writes /llms.txt, a Markdown index of the site for language
models, and /llms-full.txt, every page's text in one file, from its
``sections`` setting: section titles, and for each page a description. Written
by hand that setting would repeat the nav and every page's description, and
drift from both. This hook builds it from the nav instead: one section per
top-level nav entry, in nav order, each page with the ``description`` of its
front matter (a notebook's ``handbook.description`` metadata). A page without
a description fails the build, naming the file.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import get_data
from mkdocs_llmstxt import MkdocsLLMsTxtPlugin


def description(source: str, config: MkDocsConfig) -> str:
    """The one-line description of nav entry SOURCE (docs-relative, or examples/x.ipynb)."""
    root = Path(config.config_file_path).parent
    if source.endswith(".ipynb"):
        path = root / source
        found = nbformat.read(path, as_version=4).metadata.get("handbook", {}).get("description")
        where = f"{source}: notebook metadata handbook.description"
    else:
        path = Path(config.docs_dir) / source
        found = get_data(path.read_text(encoding="utf-8"))[1].get("description")
        where = f"{Path(config.docs_dir).name}/{source}: front matter 'description'"
    if not isinstance(found, str) or not found.strip():
        raise PluginError(f"{where} is missing; llms.txt lists every page with its description.")
    return " ".join(found.split())


def sections(nav: list, config: MkDocsConfig) -> dict[str, list[dict[str, str]]]:
    """{top-level nav title: [{source: description}, ...]}, in nav order, nested sections flattened."""
    result: dict[str, list[dict[str, str]]] = {}

    def pages(value) -> list[str]:  # noqa: ANN001 - a nav value: a path, a list, or {title: value}
        if isinstance(value, str):
            return [] if "://" in value else [value]
        if isinstance(value, dict):
            return [source for item in value.values() for source in pages(item)]
        return [source for item in value for source in pages(item)]

    for item in nav:
        title, value = next(iter(item.items())) if isinstance(item, dict) else (Path(item).stem, item)
        result[title] = [{source: description(source, config)} for source in pages(value)]
    return result


def on_config(config: MkDocsConfig) -> None:
    plugins = [plugin for plugin in config.plugins.values() if isinstance(plugin, MkdocsLLMsTxtPlugin)]
    for plugin in plugins:
        if plugin.config.sections:
            raise PluginError("mkdocs.yml: leave llmstxt's 'sections' empty; overrides/hooks/llms.py fills it from the nav.")
        plugin.config.sections = sections(config.nav or [], config)
