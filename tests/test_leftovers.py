"""Every built artefact holds finished text: no placeholder, unrendered macro or raw Jinja.

The HTML pages are not the only output readers and tools see: the search
index, the per-page Markdown copies and llms-full.txt are made from the pages
at other moments of the build, and a hook that fills its placeholders too late
leaves them there (quiz section titles did, 171 times).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

# What the handbook's hooks and templates write before they fill it in.
LEFTOVERS = re.compile(
    r"quiz-section-\d+-\d+"  # overrides/hooks/quiz.py: a question's section title
    r"|<!-- glossary-see:\d+ -->"  # overrides/hooks/glossary.py: a term's "Explained in" link
    r"|<!-- examples-gallery -->"  # overrides/hooks/notebooks.py: the examples gallery
    r"|\{\{ *(?:page|config|nav|base_url)\b"  # a Jinja expression that reached the output
    r"|\{% *(?:if|for|include|block)\b"
)


def artefacts(site: Path) -> list[Path]:
    found = [*site.rglob("*.html"), *site.rglob("*.md"), *site.glob("llms*.txt"), site / "search" / "search_index.json"]
    return sorted(path for path in found if path.is_file())


def test_no_built_file_holds_a_placeholder(site: Path) -> None:
    leftovers = []
    for path in artefacts(site):
        for match in LEFTOVERS.finditer(path.read_text(encoding="utf-8")):
            leftovers.append(f"{path.relative_to(site)}: {match[0]!r}")
    assert not leftovers, "placeholders left in built files:\n" + "\n".join(leftovers[:20])


def test_the_scan_covers_the_search_index_the_markdown_copies_and_llms_full(site: Path) -> None:
    names = {path.relative_to(site).as_posix() for path in artefacts(site)}
    assert {"search/search_index.json", "llms.txt", "llms-full.txt", "skills/evaluation/index.md"} <= names


def test_quiz_links_name_their_section_in_the_markdown_copy(site: Path) -> None:
    copy = (site / "skills/evaluation/index.md").read_text(encoding="utf-8")
    assert re.search(r"Explained in \[[A-Z][^\]]+\]\([^)]*#[a-z0-9-]+\)", copy), "the quiz's section links lost their titles"


def test_glossary_links_reach_search_and_the_markdown_copy(site: Path) -> None:
    html = (site / "reference/glossary/index.html").read_text(encoding="utf-8")
    in_html = html.count("Explained in")
    assert in_html > 100, f"the glossary page has {in_html} 'Explained in' links"
    copy = (site / "reference/glossary/index.md").read_text(encoding="utf-8")
    assert copy.count("Explained in") == in_html, "the glossary's .md copy (llms-full.txt) lacks links the page has"
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    indexed = sum(doc["text"].count("Explained in") for doc in index["docs"] if doc["location"].startswith("reference/glossary/"))
    assert indexed == in_html, f"search indexes {indexed} of the glossary's {in_html} 'Explained in' links"
