"""Render the glossary page from includes/abbreviations.md, each term linked to where it is explained.

includes/abbreviations.md is the one source of truth for terms: pymdownx.snippets
appends it to every page, which gives each term a tooltip wherever it appears,
and this hook lists the same entries, sorted and grouped by letter, on the page
whose front matter says ``glossary: true``. A malformed or duplicate entry
fails the build with the file and line.

Each entry then links to the section that explains the term, found in the
built pages once they are all rendered: a heading that is the term ("Cross-
validation"), else a heading that contains it, else the section where the term
is first set in bold ("Explained in ..."). Chapters win over notebooks, then
shorter headings, then the nav order. A term found in none of these links to
its first use on the page that uses it most ("Used most in ...").
includes/glossary-links.yml overrides the choice for a term (another page and
anchor, or none); a term, page or anchor there that does not exist fails the
build with the file and line.
"""

from __future__ import annotations

import html
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

SOURCE = Path("includes") / "abbreviations.md"
LINKS = Path("includes") / "glossary-links.yml"
_PLACEHOLDER = re.compile(r"<!-- glossary-see:(\d+) -->")
_LANDMARKS = re.compile(
    r'<h[1-6][^>]*\bid="(?P<id>[^"]+)"[^>]*>|<strong>(?P<bold>.*?)</strong>|<abbr\b[^>]*>(?P<use>[^<]*)</abbr>', re.S
)
_TAG = re.compile(r"<[^>]+>")
# The sections every chapter ends with (STYLE.md): they mention terms, they do not explain them.
CLOSING_SECTIONS = {"Try it", "Check yourself", "Further reading"}
_ENTRY = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s+(?P<definition>\S.*)$")


def read_entries(path: Path) -> dict[str, str]:
    """Parse ``*[TERM]: definition`` lines; blank lines and HTML comments are allowed."""
    entries: dict[str, str] = {}
    in_comment = False
    previous_was_entry = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if in_comment or stripped.startswith("<!--"):
            in_comment = "-->" not in stripped
            continue
        if not stripped:
            previous_was_entry = False
            continue
        if previous_was_entry:  # one block of many lines makes Markdown re-scan it per entry: 20x slower builds
            raise PluginError(f"{SOURCE}:{number}: leave a blank line between glossary entries")
        previous_was_entry = True
        match = _ENTRY.match(stripped)
        empty = re.match(r"^\*\[(?P<term>[^\]]+)\]:\s*$", stripped)
        if empty:
            raise PluginError(f"{SOURCE}:{number}: '{empty['term']}' has no definition; write one plain sentence after the colon")
        if not match:
            raise PluginError(f"{SOURCE}:{number}: expected '*[TERM]: definition', got {line!r}")
        term = match["term"]
        if term in entries:
            raise PluginError(f"{SOURCE}:{number}: '{term}' is defined twice")
        entries[term] = match["definition"]
    return entries


def render(entries: dict[str, str]) -> str:
    """The glossary's Markdown; each definition ends with a placeholder for its link, filled in by on_page_context."""

    def letter(term: str) -> str:
        first = term[0].upper()
        return first if first.isalpha() else "#"

    ordered = sorted(entries, key=str.casefold)
    index = {term: number for number, term in enumerate(entries)}
    sections = []
    for initial, terms in itertools.groupby(ordered, key=letter):
        body = "\n\n".join(f"{term}\n:   {entries[term]}\n\n    <!-- glossary-see:{index[term]} -->" for term in terms)
        sections.append(f"## {initial}\n\n{body}")
    return "\n\n".join(sections)


@dataclass(frozen=True)
class Place:
    """A place in the built site that may explain a term: a heading, a bold phrase or a use of the term."""

    page: Page
    anchor: str  # "" for the top of the page
    section: str  # the heading's text
    text: str  # what is compared with the term: the heading's text, the bold phrase, or the term used
    folded: str  # the text, case-folded once (each of ~700 terms is compared with every place)
    kind: str  # "heading", "bold" or "use" (a tooltip, which the abbr extension puts on every use)
    order: int  # the page's position in the nav


def _plain(markup: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", markup)).split())


def places(page: Page, order: int) -> list[Place]:
    """Every heading of PAGE, and every bold phrase and glossary term with the section it sits in."""
    found = []
    headings: dict[str, str] = {}

    def walk(items) -> None:  # noqa: ANN001 - MkDocs' TableOfContents
        for item in items:
            headings[item.id] = _plain(item.title)
            walk(item.children)

    walk(page.toc)
    anchor, section = "", _plain(page.title or "")
    for match in _LANDMARKS.finditer(page.content or ""):
        if match["id"]:
            if match["id"] in headings:
                anchor, section = match["id"], headings[match["id"]]
                level_one = match[0].startswith("<h1")
                found.append(Place(page, "" if level_one else anchor, section, section, section.casefold(), "heading", order))
        elif match["bold"] is not None:
            bold = _plain(match["bold"])
            found.append(Place(page, anchor, section, bold, bold.casefold(), "bold", order))
        else:
            use = html.unescape(match["use"])
            found.append(Place(page, anchor, section, use, use.casefold(), "use", order))
    return found


def _pattern(term: str) -> re.Pattern:
    """TERM as a whole word, plural allowed; acronyms (two capitals or more) match their case only."""
    flags = 0 if sum(character.isupper() for character in term) >= 2 else re.IGNORECASE
    return re.compile(rf"(?<![\w-]){re.escape(term)}(?:e?s)?(?![\w-])", flags)


def best_place(term: str, candidates: list[Place], uses_of_term: list[Place]) -> Place | None:
    """Where TERM is explained: among CANDIDATES (headings and bold phrases), the heading that is the term, a
    heading that holds it or its first bold use; or else, among USES_OF_TERM, its first use on the page that
    uses it most."""
    pattern, folded = _pattern(term), term.casefold()
    ranked, uses = [], {}
    for place in uses_of_term:
        uses.setdefault(place.page.file.src_uri, []).append(place)
    for place in candidates:
        if folded not in place.folded:
            continue
        text = re.sub(r"\s*\([^)]*\)$", "", place.text)  # "Cross-validation (CV)" is the heading of cross-validation
        if pattern.fullmatch(text):
            score = 3 if place.kind == "heading" else 1
        elif place.kind == "heading" and pattern.search(place.text):
            score = 2
        else:
            continue
        notebook = place.page.file.src_uri.endswith(".ipynb")
        ranked.append(((-score, notebook, len(place.section) if score > 1 else 0, place.order), place))
    if ranked:
        return min(ranked, key=lambda pair: pair[0])[1]
    # A use in the body of a page says more than one in its closing sections.
    body = {source: [place for place in found if place.section not in CLOSING_SECTIONS] for source, found in uses.items()}
    uses = {source: found for source, found in body.items() if found} or uses
    if uses:
        most = min(uses.values(), key=lambda found: (-len(found), found[0].page.file.src_uri.endswith(".ipynb"), found[0].order))
        return most[0]
    return None


def read_overrides(path: Path, entries: dict[str, str]) -> dict[str, tuple[str | None, int]]:
    """{term: ("page.md#anchor" or None, line)} from includes/glossary-links.yml."""
    if not path.exists():
        return {}
    root = yaml.compose(path.read_text(encoding="utf-8"))
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise PluginError(f"{LINKS}:1: expected 'TERM: page.md#anchor' lines")
    overrides = {}
    for key, value in root.value:
        line = key.start_mark.line + 1
        if key.value not in entries:
            raise PluginError(f"{LINKS}:{line}: '{key.value}' is not a term of {SOURCE}")
        if key.value in overrides:
            raise PluginError(f"{LINKS}:{line}: '{key.value}' is listed twice")
        target = None if value.tag.endswith(":null") else value.value
        if target is not None and (not isinstance(target, str) or not re.fullmatch(r"[^#\s]+\.(?:md|ipynb)(?:#\S+)?", target)):
            raise PluginError(f"{LINKS}:{line}: expected page.md#anchor or null for '{key.value}', got {target!r}")
        overrides[key.value] = (target, line)
    return overrides


def _link(place: Place, glossary: Page) -> str:
    url = place.page.file.url_relative_to(glossary.file) + (f"#{place.anchor}" if place.anchor else "")
    title = _plain(place.page.title or "")
    label = html.escape(title if not place.anchor or place.section == title else f"{title}: {place.section}")
    verb = "Used most in" if place.kind == "use" else "Explained in"
    return f'<p class="glossary-see">{verb} <a href="{html.escape(url)}">{label}</a></p>'


def link_terms(content: str, entries: dict[str, str], glossary: Page, pages: list[Page]) -> str:
    """Replace each placeholder of the glossary page with a link to where its term is explained, or nothing."""
    found = [place for order, page in enumerate(pages) if page is not glossary for place in places(page, order)]
    candidates = [place for place in found if place.kind != "use"]
    uses: dict[str, list[Place]] = {}
    for place in found:
        if place.kind == "use":
            uses.setdefault(place.text, []).append(place)
    by_source = {page.file.src_uri: page for page in pages}
    overrides = read_overrides(_project_dir / LINKS, entries)
    terms = list(entries)
    chosen: dict[str, Place | None] = {}
    for term in terms:
        if term not in overrides:
            chosen[term] = best_place(term, candidates, uses.get(term, []))
            continue
        target, line = overrides[term]
        if target is None:
            chosen[term] = None
            continue
        source, _, anchor = target.partition("#")
        page = by_source.get(source)
        if page is None:
            raise PluginError(f"{LINKS}:{line}: {source} is not a page in the nav")
        matching = [place for place in places(page, 0) if place.anchor == anchor and place.kind == "heading"]
        if not matching:
            raise PluginError(f"{LINKS}:{line}: {source} has no heading with the anchor #{anchor}")
        chosen[term] = matching[0]

    def replace(match: re.Match) -> str:
        place = chosen[terms[int(match[1])]]
        return _link(place, glossary) if place else ""

    return _PLACEHOLDER.sub(replace, content)


_project_dir = Path.cwd()


def on_config(config: MkDocsConfig) -> None:
    global _project_dir
    _project_dir = Path(config.config_file_path).resolve().parent


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files) -> str:
    if not page.meta.get("glossary"):
        return markdown
    entries = read_entries(_project_dir / SOURCE)
    return f"{markdown.rstrip()}\n\n{render(entries)}\n"


# Every page is rendered (its content and table of contents exist) before any
# page's template is: the place to link terms to the other pages. Before the
# search plugin's on_page_context (priority 0), which indexes page.content.
@event_priority(50)
def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:  # noqa: ANN001
    if page.meta.get("glossary"):
        entries = read_entries(_project_dir / SOURCE)
        page.content = link_terms(page.content, entries, page, list(nav.pages))
        # A term's own tooltip would repeat the definition printed under it, and
        # Material sets up each tooltip in JavaScript: half as many, half the work.
        page.content = _TERM_TOOLTIP.sub(r"<dt>\1</dt>", page.content)
        # mkdocs-llmstxt made the page's .md copy in its on_page_content, before
        # the links existed: hand it the linked page again through that same event.
        llmstxt = config.plugins.get("llmstxt")
        if llmstxt is not None:
            llmstxt.on_page_content(page.content, page=page, config=config)
    return context


_TERM_TOOLTIP = re.compile(r'<dt><abbr title="[^"]*">(.*?)</abbr></dt>')
