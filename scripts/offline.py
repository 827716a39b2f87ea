#!/usr/bin/env python3
"""Build the copy of the handbook that opens from disk, and zip it with the notebooks.

The build runs with OFFLINE=true, which turns on Material's offline plugin
(see mkdocs.yml): pages link to ``page.html`` files instead of folders, and the
search index is also written as a script, so that navigation and search work
from a ``file://`` address with no server. The zip holds:

    ml-engineer-handbook/README.txt      what to open, how to run the notebooks
    ml-engineer-handbook/site/           the offline site: open site/index.html
    ml-engineer-handbook/examples/       every notebook and the files it uses
    ml-engineer-handbook/requirements.lock  the exact package versions

"The files it uses" are the ones the notebook runner recorded while executing
each notebook (helper modules, SQL, data files), so the build must have run.

Usage: scripts/offline.py [--site-dir site-offline] [--output ml-engineer-handbook-offline.zip]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import run_notebooks

ROOT = Path(__file__).resolve().parent.parent
TOP = "ml-engineer-handbook"
# A fixed date for every entry, so that the same inputs give the same zip.
ZIP_DATE = (2020, 1, 1, 0, 0, 0)

README = """\
The ML Engineer Handbook, offline copy
======================================

Open site/index.html in your web browser. Everything works from your disk
without a network connection: the pages, the links between them, the diagrams
and the search box. Nothing is requested from other sites.

The example notebooks are in examples/, with the helper modules and files they
use. The site shows each one with the outputs it produced when this copy was
built from the handbook's source of {built}.

To run the notebooks yourself you need Python 3.11 or newer and the package
versions in requirements.lock. The simplest way is a clone of the repository,
where `make examples` sets up a virtual environment with those versions and
runs every notebook:

    git clone {repository} ml-engineer-handbook
    cd ml-engineer-handbook
    make examples

Text: CC BY 4.0. Code, including the notebooks: MIT.
"""


def build(site_dir: Path) -> None:
    env = dict(os.environ, OFFLINE="true")
    command = [sys.executable, str(ROOT / "scripts" / "build.py"), "--site-dir", str(site_dir)]
    finished = subprocess.run(command, cwd=ROOT, env=env, check=False)
    if finished.returncode != 0:
        raise SystemExit(f"scripts/offline.py: the offline build failed (exit {finished.returncode}); see the log above.")
    for needed in ("index.html", "search/search_index.js"):
        if not (site_dir / needed).is_file():
            raise SystemExit(
                f"scripts/offline.py: {site_dir / needed} is missing after the build: is the offline plugin in mkdocs.yml?"
            )


def example_files(root: Path = ROOT) -> list[str]:
    """Every notebook of examples/ and every file a notebook used, relative to examples/."""
    runs = run_notebooks.run_all(run_notebooks.notebooks(root), root=root, log=print)
    names = {run.source.name for run in runs}
    for run in runs:
        names.update(run.inputs)
    return sorted(names)


def pack(site_dir: Path, output: Path, root: Path = ROOT, repository: str = "") -> int:
    """Write the zip; return how many files it holds."""
    output.parent.mkdir(parents=True, exist_ok=True)
    built = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%cs, commit %h"], capture_output=True, text=True)
    readme = README.format(
        built=built.stdout.strip() or "from a copy outside git",
        repository=repository or "<the repository's URL>",
    )
    entries: list[tuple[str, Path]] = [
        (f"{TOP}/site/{path.relative_to(site_dir).as_posix()}", path) for path in sorted(site_dir.rglob("*")) if path.is_file()
    ]
    entries += [(f"{TOP}/examples/{name}", root / "examples" / name) for name in example_files(root)]
    entries.append((f"{TOP}/requirements.lock", root / "requirements.lock"))
    entries.append((f"{TOP}/requirements-torch.lock", root / "requirements-torch.lock"))
    partial = output.with_name(output.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(zipfile.ZipInfo(f"{TOP}/README.txt", ZIP_DATE), readme, compress_type=zipfile.ZIP_DEFLATED)
        for name, path in entries:
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes(), compress_type=zipfile.ZIP_DEFLATED)
    partial.replace(output)
    return len(entries) + 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--site-dir", type=Path, default=ROOT / "site-offline", help="where to build the offline site (default: site-offline)"
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=ROOT / "ml-engineer-handbook-offline.zip",
        help="the zip to write (default: ml-engineer-handbook-offline.zip)",
    )
    args = parser.parse_args(argv)
    site_dir, output = args.site_dir.resolve(), args.output.resolve()
    build(site_dir)
    sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
    from repository import derive_repo_url  # the same repository URL the site links to

    count = pack(site_dir, output, repository=derive_repo_url(dict(os.environ), ROOT))
    print(
        f"Wrote {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}: {count} files, {output.stat().st_size / 1e6:.1f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
