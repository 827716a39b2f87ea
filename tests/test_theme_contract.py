"""What the handbook takes from Material for MkDocs beyond its documented options, pinned so that an upgrade fails here.

overrides/partials/ holds copies of seven of Material's partials, each changed
for accessibility (the changes are marked "Handbook"); progress.js reads and
writes localStorage through Material's global helpers. Neither is a documented
API. When Renovate proposes a new Material, these tests fail and say what to do.
"""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

from conftest import ROOT

COPIED_FROM = "9.8.1"  # the Material release the partials were copied from
MATERIAL = Path(__import__("material").__file__).parent / "templates"


def test_the_copied_partials_match_the_installed_material() -> None:
    installed = version("mkdocs-material")
    assert installed == COPIED_FROM, (
        f"Material is {installed}, but overrides/partials/ are copies of {COPIED_FROM}'s. Diff each one against "
        f"{MATERIAL}/partials/, carry the 'Handbook' changes over to the new markup, then set COPIED_FROM here "
        "and the version named in each partial's first comment."
    )
    for partial in sorted((ROOT / "overrides" / "partials").glob("*.html")):
        assert (MATERIAL / "partials" / partial.name).is_file(), f"Material no longer has partials/{partial.name}"
        assert f"Material {COPIED_FROM}'s" in partial.read_text(encoding="utf-8"), f"{partial.name}: say which release it copies"


def test_progress_uses_only_the_material_globals_this_test_checks(browser, site_url: str) -> None:
    """progress.js calls __md_get, __md_set, __md_scope and __md_hash (Material's, undocumented): they must still exist."""
    used = set(re.findall(r"__md_\w+", (ROOT / "overrides/assets/javascripts/progress.js").read_text(encoding="utf-8")))
    assert used == {"__md_get", "__md_set", "__md_scope", "__md_hash"}, f"progress.js now uses {sorted(used)}: check them here"
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto(site_url)
        kinds = tab.evaluate(
            """() => ({get: typeof __md_get, set: typeof __md_set, hash: typeof __md_hash,
                       scope: __md_scope instanceof URL, roundTrip: (__md_set("contract", [1]), __md_get("contract"))})"""
        )
    finally:
        context.close()
    assert kinds == {"get": "function", "set": "function", "hash": "function", "scope": True, "roundTrip": [1]}, (
        f"Material's globals changed: {kinds}; progress.js stores ticks through them"
    )


def test_search_skips_everything_inside_a_notebook_output_even_nested_divs() -> None:
    """Material's search parser compares excluded elements by tag name only (search/plugin.py, Element.__eq__):
    a <div> closing inside an excluded <div> ends the exclusion. Notebook outputs are therefore <section>s."""
    from material.plugins.search.plugin import Parser

    def indexed(html: str) -> str:
        parser = Parser()
        parser.feed(html)
        parser.close()
        return " ".join("".join(section.text) for section in parser.data)

    nested = '<div class="nb-rich"><p>first</p></div><pre>second</pre>'
    assert "second" not in indexed(f'<p>prose</p><section data-search-exclude="">{nested}</section>')
    assert "prose" in indexed(f'<p>prose</p><section data-search-exclude="">{nested}</section>')
    notebook_html = (ROOT / "overrides/hooks/notebook_html.py").read_text(encoding="utf-8")
    assert '<section class="nb-output" data-search-exclude>' in notebook_html
