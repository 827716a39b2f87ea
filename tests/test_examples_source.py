"""The notebooks in examples/ are stored as sources: no outputs, with metadata."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from conftest import ROOT, load_hook

notebooks = load_hook("notebooks")

NOTEBOOKS = sorted((ROOT / "examples").glob("*.ipynb"))


def test_there_are_example_notebooks() -> None:
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_is_stored_without_outputs_and_with_handbook_metadata(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    meta = notebooks.check_source(path.relative_to(ROOT), nb)  # raises with the cell number
    chapter = ROOT / "docs" / meta["chapter"]
    assert chapter.exists(), f"{path.name}: its chapter {meta['chapter']} does not exist"
    assert f"examples/{path.name}" in chapter.read_text(encoding="utf-8"), f"{meta['chapter']} does not link back to {path.name}"


def test_check_source_rejects_stored_outputs(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title"), nbformat.v4.new_code_cell("1")])
    nb.cells[1].execution_count = 3
    nb.metadata["handbook"] = {"description": "d", "chapter": "skills/evaluation.md"}
    with pytest.raises(Exception, match="cell 2 holds stored outputs"):
        notebooks.check_source(Path("examples/x.ipynb"), nb)
