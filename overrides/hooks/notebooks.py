"""Make the notebooks in examples/ pages of the site.

The path of an example, one place in the code per step:

1. **Execute** (scripts/run_notebooks.py): every notebook runs in a fresh,
   offline kernel, in parallel, unless the cache holds a run for the same
   inputs. A failure stops the build naming the notebook and the cell.
2. **Add** the executed copy to MkDocs' files as ``examples/<name>.ipynb``,
   where mkdocs-jupyter renders it (this hook runs before mkdocs-jupyter's).
3. **Slim** the rendered page (notebook_html.py): Material-native markup,
   figures as files, outputs kept out of search. The result is cached.
4. **Link**: links to handbook pages (write ``../docs/skills/x.md``, which
   also works in JupyterLab and on GitHub) and to other notebooks (``x.ipynb``)
   become site URLs, or fail the build naming the cell; the page gets a header with its chapter, run time,
   download link and the command to run it; its chapter must link back.
5. **List**: a page whose front matter says ``examples_gallery: true`` gets
   a card per notebook where it says ``<!-- examples-gallery -->``.
"""

from __future__ import annotations

import hashlib
import html
import logging
import posixpath
import re
import sys
from pathlib import Path
from urllib.parse import urljoin

import nbformat
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from notebook_html import NotebookPageError, slim
from repository import branch, github_repo_from_remote

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import run_notebooks  # noqa: E402  (lives in scripts/, where learners run it too)

log = logging.getLogger("mkdocs.hooks.notebooks")

GALLERY_MARKER = "<!-- examples-gallery -->"
# A relative link to a handbook page (../docs/x.md) or to another notebook (other.ipynb).
_MD_LINK = re.compile(r'href="(?P<target>(?![a-z][a-z0-9+.-]*:|/|#)[^"#]+\.(?:md|ipynb))(?P<anchor>#[^"]*)?"')
_FIRST_H1_END = re.compile(r"</h1>")

_project_dir = Path.cwd()
_runs: dict[str, run_notebooks.Run] = {}  # src_uri ("examples/x.ipynb") -> its run


def on_config(config: MkDocsConfig) -> None:
    global _project_dir
    _project_dir = Path(config.config_file_path).resolve().parent


# mkdocs-jupyter wraps .ipynb files in its own on_files (priority 0): run before it.
@event_priority(50)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    _runs.clear()
    sources = run_notebooks.notebooks(_project_dir)
    try:
        runs = run_notebooks.run_all(sources, root=_project_dir, log=log.info)
    except run_notebooks.NotebookError as error:
        raise PluginError(str(error)) from None
    for run in runs:
        src_uri = f"examples/{run.source.name}"
        if files.get_file_from_path(src_uri):
            raise PluginError(f"docs/{src_uri} shadows {run.source}: notebooks live in examples/ only.")
        chapter = run.meta["chapter"]
        if not files.get_file_from_path(chapter):
            raise PluginError(f"{run.source}: its handbook.chapter '{chapter}' is not a page in docs/.")
        files.append(
            File(
                src_uri,
                src_dir=str(run.executed.parent.parent),
                dest_dir=config.site_dir,
                use_directory_urls=config.use_directory_urls,
            )
        )
        _runs[src_uri] = run
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    for src_uri, run in _runs.items():
        if run.meta["chapter"] == page.file.src_uri and not re.search(rf"\]\([^)\s]*\b{re.escape(src_uri)}[)#]", markdown):
            raise PluginError(
                f"docs/{page.file.src_uri}: this page is the chapter of {run.source} (its handbook.chapter) but does "
                f"not link to it. Add a link under '## Try it', e.g. [{_title(run)}]("
                f"{posixpath.relpath(src_uri, posixpath.dirname(page.file.src_uri))})."
            )
    if page.meta.get("examples_gallery"):
        if GALLERY_MARKER not in markdown:
            raise PluginError(f"docs/{page.file.src_uri}: examples_gallery is set but the page lacks the line {GALLERY_MARKER}")
        markdown = markdown.replace(GALLERY_MARKER, _gallery(page, config.nav))
    return markdown


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    run = _runs.get(page.file.src_uri)
    if run:
        page.meta.setdefault("description", run.meta["description"])
        if config.repo_url and config.edit_uri:  # edit the source, not the executed copy
            page.edit_url = urljoin(config.repo_url.rstrip("/") + "/", f"{config.edit_uri}../{run.source.as_posix()}")
        _date_from_source(page, run, config)
    return context


REVISION_DATE = "git_revision_date_localized"  # the page.meta keys that Material's source-file.html shows


def _date_from_source(page: Page, run: run_notebooks.Run, config: MkDocsConfig) -> None:
    """Date the page by the last commit of examples/NAME.ipynb, not by the executed copy outside git.

    git-revision-date-localized dates a page by page.file.abs_src_path, which for
    a notebook page is the executed copy in the cache: it has no git history, so
    the plugin would print the build date. Its own helpers (``plugin.util``, not
    a documented API: tests/test_notebook_pages.py fails if they change) date the
    source instead, in the plugin's configured format and locale.
    """
    plugin = config.plugins.get("git-revision-date-localized")
    if plugin is None:
        return
    try:
        commit, timestamp = plugin.util.get_git_commit_timestamp(path=str(_project_dir / run.source))
        if not commit:  # not committed (a test's copy): the plugin's fallback stands
            return
        formats = plugin.util.get_date_formats_for_timestamp(int(timestamp), locale=plugin.config["locale"], add_spans=True)
        raw = plugin.util.get_date_formats_for_timestamp(int(timestamp), locale=plugin.config["locale"], add_spans=False)
    except (AttributeError, KeyError, TypeError) as error:
        raise PluginError(
            f"{run.source}: cannot date its page from git with git-revision-date-localized's helpers ({error!r}); "
            "the plugin's internals changed: update _date_from_source in overrides/hooks/notebooks.py."
        ) from None
    page.meta[REVISION_DATE] = formats[plugin.config["type"]]
    page.meta[f"{REVISION_DATE}_hash"] = commit
    for kind, text in raw.items():
        page.meta[f"{REVISION_DATE}_raw_{kind}"] = text


# Before plugins' on_page_content (mkdocs-llmstxt's), so that they see the slim page.
@event_priority(10)
def on_page_content(content: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    run = _runs.get(page.file.src_uri)
    if not run:
        return content
    content, figures = _slimmed(content, run)
    out_dir = Path(page.file.abs_dest_path).parent
    out_dir.mkdir(parents=True, exist_ok=True)
    for figure in figures:
        (out_dir / figure.name).write_bytes(figure.read_bytes())
    (out_dir / run.source.name).write_bytes((_project_dir / run.source).read_bytes())  # the download

    def rewrite(match: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page.file.src_uri), match["target"]))
        target = target.removeprefix("docs/")  # `../docs/skills/x.md` and `../skills/x.md` both work
        linked = files.get_file_from_path(target)
        if linked is None:
            where = f"examples/{target.removeprefix('examples/')}" if target.endswith(".ipynb") else f"docs/{target}"
            raise PluginError(
                f"{_cell_of(run.source, match['target'])}: link '{match['target']}' points to {where}, which does not exist."
            )
        return f'href="{linked.url_relative_to(page.file)}{match["anchor"] or ""}"'

    content = _MD_LINK.sub(rewrite, content)
    return _FIRST_H1_END.sub(lambda match: match[0] + _header(run, page, files, config.repo_url), content, count=1)


def _slimmed(content: str, run: run_notebooks.Run) -> tuple[str, list[Path]]:
    """The slim page for CONTENT, from the cache or made now; returns (html, figure files)."""
    executed = run.executed.read_bytes()
    slimmer = Path(__file__).with_name("notebook_html.py").read_bytes()  # a change to the markup invalidates
    key = hashlib.sha256(slimmer + content.encode() + executed).hexdigest()[:20]
    cached = run_notebooks.cache_root().parent / "notebook-pages" / key
    if not (cached / "page.html").exists():
        try:
            page = slim(content, nbformat.reads(executed.decode(), as_version=4), run.source)
        except NotebookPageError as error:
            raise PluginError(str(error)) from None
        partial = cached.with_name(key + ".partial")
        partial.mkdir(parents=True, exist_ok=True)
        for figure in page.figures:
            (partial / figure.name).write_bytes(figure.data)
        (partial / "page.html").write_text(page.html, encoding="utf-8")
        partial.rename(cached)
    figures = sorted(path for path in cached.iterdir() if path.name != "page.html")
    return (cached / "page.html").read_text(encoding="utf-8"), figures


def _header(run: run_notebooks.Run, page: Page, files: Files, repo_url: str | None) -> str:
    chapter = files.get_file_from_path(run.meta["chapter"])
    gallery = next((file for file in files.documentation_pages() if file.src_uri == "examples/index.md"), None)
    setup = f' (<a href="{gallery.url_relative_to(page.file)}#run-the-examples-yourself">set-up</a>)' if gallery else ""
    colab, colab_note = _colab(run, repo_url)
    return (
        '\n<div class="nb-facts">\n'
        f'<p><strong>Chapter:</strong> <a href="{chapter.url_relative_to(page.file)}">{html.escape(_page_title(chapter))}</a>'
        f" · <strong>Run time:</strong> {_duration(run.seconds)} on the machine that built this page</p>\n"
        f'<p><a class="md-button" href="{run.source.name}" download>Download {run.source.name}</a>{colab}</p>\n'
        f"<p>Run it yourself: <code>make example NB={run.name}</code>{setup}</p>\n"
        f"{colab_note}"
        "</div>\n"
    )


def _colab(run: run_notebooks.Run, repo_url: str | None) -> tuple[str, str]:
    """The "Open in Colab" button and, when the notebook uses other files of examples/, a note saying which.

    Colab opens the notebook straight from GitHub, so there is no button unless the
    repository is on GitHub. It fetches the notebook alone: helper modules and data
    files must be uploaded to the Colab session, and Colab's package versions are
    its own, not those of requirements.lock.
    """
    parsed = github_repo_from_remote(repo_url or "")
    if not parsed:
        return "", ""
    owner, repo = parsed
    url = f"https://colab.research.google.com/github/{owner}/{repo}/blob/{branch()}/{run.source.as_posix()}"
    button = f' <a class="md-button nb-colab" href="{html.escape(url)}">Open in Colab</a>'
    folder = f"https://github.com/{owner}/{repo}/tree/{branch()}/examples"
    needs = run.inputs
    if needs:
        listed = ", ".join(f"<code>{html.escape(name)}</code>" for name in needs)
        keep = ", in the same folders" if any("/" in name for name in needs) else ""
        note = (
            f'<p class="nb-colab-note">In Colab, first upload {listed} from the repository&#39;s '
            f'<a href="{html.escape(folder)}">examples folder</a>{keep}: this notebook uses them. '
            "Colab's package versions differ from the ones this page was built with.</p>\n"
        )
    else:
        note = (
            '<p class="nb-colab-note">In Colab, this notebook needs no other file from the repository. '
            "Colab's package versions differ from the ones this page was built with.</p>\n"
        )
    return button, note


def _gallery(page: Page, nav: list) -> str:
    """Cards for every notebook, under the nav's section headings, in nav order."""
    here = posixpath.dirname(page.file.src_uri)

    def card(src_uri: str) -> str:
        run = _runs[src_uri]
        chapter_path = _project_dir / "docs" / run.meta["chapter"]
        return (
            f"-   **[{_title(run)}]({posixpath.relpath(src_uri, here)})**\n\n"
            f"    ---\n\n"
            f"    {run.meta['description']}\n\n"
            f"    Chapter: [{_page_title(chapter_path)}]({posixpath.relpath(run.meta['chapter'], here)}) · "
            f"Run time: {_duration(run.seconds)}\n"
        )

    def grid(sources: list[str]) -> str:
        return '<div class="grid cards" markdown>\n\n' + "\n".join(card(source) for source in sources) + "\n</div>\n"

    sections, placed = [], set()
    for title, sources in _nav_sections(nav):
        sources = [source for source in sources if source in _runs]
        if sources:
            sections.append((title, sources))
            placed.update(sources)
    rest = sorted((source for source in _runs if source not in placed), key=lambda source: _title(_runs[source]).lower())
    if not sections:
        return grid(rest)
    if rest:
        sections.append(("More examples", rest))
    return "\n".join(f"### {title}\n\n{grid(sources)}" for title, sources in sections)


def _nav_sections(nav: list) -> list[tuple[str, list[str]]]:
    """(title, notebook sources) for each nav section that lists notebooks directly."""
    found = []

    def walk(items: list) -> None:
        for item in items or []:
            if isinstance(item, dict):
                for title, value in item.items():
                    if isinstance(value, list):
                        notebooks = [next(iter(entry.values())) if isinstance(entry, dict) else entry for entry in value]
                        notebooks = [entry for entry in notebooks if isinstance(entry, str) and entry.endswith(".ipynb")]
                        if notebooks:
                            found.append((title, notebooks))
                        walk(value)

    walk(nav)
    return found


def _title(run: run_notebooks.Run) -> str:
    nb = nbformat.read(_project_dir / run.source, as_version=4)
    return nb.cells[0].source.lstrip().splitlines()[0].removeprefix("# ").strip()


def _page_title(chapter: File | Path) -> str:
    path = Path(chapter.abs_src_path) if isinstance(chapter, File) else chapter
    _, meta = get_data(path.read_text(encoding="utf-8"))
    return meta.get("title") or path.stem


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.1f} min"


def _cell_of(source: Path, link: str) -> str:
    nb = nbformat.read(_project_dir / source, as_version=4)
    for number, cell in enumerate(nb.cells, start=1):
        if link in cell.source:
            return f"{source}: cell {number}"
    return str(source)
