"""Turn examples/*.ipynb into executed pages of the site.

The notebooks in examples/ are the single source of truth and are stored
without outputs. For each one this hook:

1. refuses it if it holds outputs or lacks its ``handbook`` metadata;
2. executes it in a fresh kernel with examples/ as the working directory,
   unless the cache already holds a run for the same inputs (the notebook's
   bytes and requirements.lock); a failing cell stops the build with the
   notebook's name, the cell number and the traceback;
3. adds the executed copy to MkDocs' files as ``examples/<name>.ipynb``, where
   mkdocs-jupyter renders it;
4. on the rendered page, rewrites links to handbook pages into site URLs
   (write ``../docs/skills/x.md``: it also works in JupyterLab and on
   GitHub), failing on a link to a page that does not exist, and drops
   the CDN scripts nbconvert adds (MathJax, Mermaid): math is converted to
   MathML by mathml.py and Mermaid is self-hosted.
"""

from __future__ import annotations

import hashlib
import logging
import os
import posixpath
import re
import tempfile
from pathlib import Path
from urllib.parse import urljoin

import nbformat
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError
from traitlets.config import Config

log = logging.getLogger("mkdocs.hooks.notebooks")

# Bump when the way notebooks are executed changes, to invalidate the cache.
EXECUTION_VERSION = "2"
DEFAULT_CELL_TIMEOUT = 120  # seconds; a notebook may lower or raise it in its metadata
REQUIRED_METADATA = ("description", "chapter")

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_SCRIPT = re.compile(r"<script\b(?P<attributes>[^>]*)>(?P<body>.*?)</script>", re.I | re.S)
_EXTERNAL = re.compile(r"""(?:src=|from\s+|import\s*\(\s*)["'](?:https?:)?//|src=["']["']""", re.I)
_MD_LINK = re.compile(r'href="(?P<target>(?![a-z][a-z0-9+.-]*:|/|#)[^"#]+\.md)(?P<anchor>#[^"]*)?"')

_project_dir = Path.cwd()
_notebooks: dict[str, dict] = {}  # src_uri -> {"source": Path, "meta": dict}


def cache_dir() -> Path:
    return Path(os.environ.get("HANDBOOK_CACHE_DIR", _project_dir / ".cache")) / "notebooks"


def cache_key(notebook: Path, lock_file: Path) -> str:
    digest = hashlib.sha256()
    digest.update(EXECUTION_VERSION.encode())
    digest.update(notebook.read_bytes())
    digest.update(lock_file.read_bytes() if lock_file.exists() else b"no lock")
    return digest.hexdigest()[:20]


def check_source(path: Path, nb: nbformat.NotebookNode) -> dict:
    """Reject a notebook that would not make a good page; return its handbook metadata."""
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count")):
            raise PluginError(
                f"{path}: cell {number} holds stored outputs or an execution count. "
                "Notebooks are stored without outputs: run `.venv/bin/nbstripout "
                f"{path}` and commit again."
            )
    meta = nb.metadata.get("handbook")
    missing = [key for key in REQUIRED_METADATA if not (meta or {}).get(key)]
    if missing:
        raise PluginError(
            f"{path}: notebook metadata 'handbook' lacks {', '.join(missing)}. "
            'Add e.g. "handbook": {"description": "...", "chapter": "skills/evaluation.md"} '
            "to the notebook's metadata."
        )
    if not nb.cells or nb.cells[0].cell_type != "markdown" or not nb.cells[0].source.lstrip().startswith("# "):
        raise PluginError(f"{path}: cell 1 must be a Markdown cell that starts with the '# Title' of the page.")
    return dict(meta)


def execute(path: Path, nb: nbformat.NotebookNode, timeout: int) -> None:
    os.environ.setdefault("PYTHONHASHSEED", "0")  # the kernel inherits it: stable set/dict order
    with tempfile.TemporaryDirectory(prefix="handbook-kernel-") as sockets:
        # Unix sockets instead of TCP ports: nothing listens on the network.
        ipc = Config({"KernelManager": {"transport": "ipc", "ip": str(Path(sockets) / "kernel")}})
        client = NotebookClient(
            nb,
            config=ipc,
            kernel_name="python3",
            timeout=timeout,
            allow_errors=False,
            resources={"metadata": {"path": str(path.parent)}},
        )
        _run(client, path, nb, timeout)


def _run(client: NotebookClient, path: Path, nb: nbformat.NotebookNode, timeout: int) -> None:
    try:
        client.execute()
    except CellTimeoutError as error:
        raise PluginError(f"{path}: a cell ran longer than its {timeout} s budget.\n{error}") from None
    except CellExecutionError as error:
        number = _failing_cell(nb)
        where = f"cell {number}" if number else "a cell"
        raise PluginError(f"{path}: {where} raised {error.ename}: {error.evalue}\n{_ANSI.sub('', str(error))}") from None


def _failing_cell(nb: nbformat.NotebookNode) -> int | None:
    for number, cell in enumerate(nb.cells, start=1):
        if any(output.get("output_type") == "error" for output in cell.get("outputs", [])):
            return number
    return None


def executed_copy(path: Path, lock_file: Path) -> tuple[Path, dict]:
    """Return (src_dir, metadata) of the executed copy of PATH, running it if needed."""
    nb = nbformat.read(path, as_version=4)
    meta = check_source(path, nb)
    key = cache_key(path, lock_file)
    src_dir = cache_dir() / key
    target = src_dir / "examples" / path.name
    if target.exists():
        log.debug("cache hit: %s", path)
        return src_dir, meta
    log.info("Executing %s", path)
    execute(path, nb, int(meta.get("cell_timeout", DEFAULT_CELL_TIMEOUT)))
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    nbformat.write(nb, partial)
    partial.replace(target)
    return src_dir, meta


def on_config(config: MkDocsConfig) -> None:
    global _project_dir
    _project_dir = Path(config.config_file_path).resolve().parent


# mkdocs-jupyter wraps .ipynb files in its own on_files (priority 0): run before it.
@event_priority(50)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    examples = _project_dir / "examples"
    lock_file = _project_dir / "requirements.lock"
    _notebooks.clear()
    for path in sorted(examples.glob("*.ipynb")):
        relative = path.relative_to(_project_dir)
        src_dir, meta = executed_copy(relative, lock_file)
        src_uri = f"examples/{path.name}"
        if files.get_file_from_path(src_uri):
            raise PluginError(f"docs/{src_uri} shadows {relative}: notebooks live in examples/ only.")
        file = File(src_uri, src_dir=str(src_dir), dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
        files.append(file)
        _notebooks[src_uri] = {"source": relative, "meta": meta}
    return files



def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    notebook = _notebooks.get(page.file.src_uri)
    if notebook:
        page.meta.setdefault("description", notebook["meta"]["description"])
        if config.repo_url and config.edit_uri:  # edit the source, not the executed copy
            edit_path = f"{config.edit_uri}../{notebook['source'].as_posix()}"
            page.edit_url = urljoin(config.repo_url.rstrip("/") + "/", edit_path)
    return context


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    notebook = _notebooks.get(page.file.src_uri)
    if not notebook:
        return html
    html = _SCRIPT.sub(_drop_cdn_script, html)

    def rewrite(match: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page.file.src_uri), match["target"]))
        # `../docs/skills/x.md` works in JupyterLab and on GitHub; `../skills/x.md` too.
        target = target.removeprefix("docs/")
        linked = files.get_file_from_path(target)
        if linked is None:
            raise PluginError(
                f"{_cell_of(notebook['source'], match['target'])}: link '{match['target']}' points to "
                f"docs/{target}, which does not exist."
            )
        return f'href="{linked.url_relative_to(page.file)}{match["anchor"] or ""}"'

    return _MD_LINK.sub(rewrite, html)


def _drop_cdn_script(match: re.Match) -> str:
    """Drop scripts that load code from other hosts (nbconvert's MathJax and Mermaid)."""
    external = _EXTERNAL.search(match["attributes"]) or _EXTERNAL.search(match["body"])
    mathjax_config = "text/x-mathjax-config" in match["attributes"]
    return "" if external or mathjax_config else match[0]


def _cell_of(source: Path, link: str) -> str:
    nb = nbformat.read(source, as_version=4)
    for number, cell in enumerate(nb.cells, start=1):
        if link in cell.source:
            return f"{source}: cell {number}"
    return str(source)
