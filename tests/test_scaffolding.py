"""`make new-page` and `make new-example` start files that only need writing."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
from pathlib import Path

import jsonschema
import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import front_matter  # noqa: E402
import new  # noqa: E402
import run_notebooks  # noqa: E402


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copytree(ROOT / "includes", tmp_path / "includes")
    (tmp_path / "examples").mkdir()
    return tmp_path


def test_a_new_page_has_valid_front_matter_except_its_placeholder_description(root: Path) -> None:
    page = new.new_page("skills/feature-stores", "Feature stores", ["tooling", "production"], root, dt.date(2026, 11, 29))
    meta = front_matter.read(page, root)
    assert meta["title"] == "Feature stores" and meta["tags"] == ["tooling", "production"]
    found = front_matter.problems(
        "docs/skills/feature-stores.md", meta, front_matter.allowed_tags(root / "includes" / "tags.yml"), dt.date(2026, 11, 29)
    )
    assert found == ["docs/skills/feature-stores.md: 'description' is still the template's placeholder; write the page's own"]
    for section in ("In short", "## Key skills", "## Try it", "## Check yourself", "## Further reading"):
        assert section in page.read_text(encoding="utf-8")


def test_a_new_page_gets_a_quiz_that_is_valid_except_its_placeholder_questions(root: Path) -> None:
    page = new.new_page("skills/feature-stores", "Feature stores", ["tooling"], root, dt.date(2026, 11, 29))
    quiz = page.with_name("feature-stores.quiz.yml")
    schema = json.loads((ROOT / "includes" / "quiz.schema.json").read_text(encoding="utf-8"))
    data = yaml.safe_load(quiz.read_text(encoding="utf-8"))
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)) == []
    assert all(question["question"].startswith("TODO") for question in data["questions"])
    assert "docs/skills/feature-stores.md" in quiz.read_text(encoding="utf-8")
    assert "feature-stores.quiz.yml" in page.read_text(encoding="utf-8")
    headings = [line for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("## ")]
    assert {f"#{heading[3:].lower().replace(' ', '-')}" for heading in headings} >= {q["section"] for q in data["questions"]}


def test_a_new_notebook_is_valid_and_refused_only_for_its_placeholder_description(root: Path) -> None:
    path = new.new_example("churn-survival", 'Predict "when" customers leave', "skills/algorithms.md", root)
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.cells[0].source.startswith('# Predict "when" customers leave')
    assert "](../docs/skills/algorithms.md)" in nb.cells[0].source
    assert nb.metadata.handbook.chapter == "skills/algorithms.md"
    with pytest.raises(run_notebooks.NotebookError, match="placeholder"):
        run_notebooks.check_source(Path("examples/churn-survival.ipynb"), nb)
    nb.metadata.handbook.description = "Predict how long customers stay with a survival model."
    assert run_notebooks.check_source(Path("examples/churn-survival.ipynb"), nb)["chapter"] == "skills/algorithms.md"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda root: new.new_page("Skills/Feature Stores", "T", ["skills"], root), "lowercase-with-dashes"),
        (lambda root: new.new_page("nowhere/page", "T", ["skills"], root), "docs/nowhere/ does not exist"),
        (lambda root: new.new_page("skills/x", "T", ["modelling"], root), "not in includes/tags.yml"),
        (lambda root: new.new_page("skills/math", "T", ["skills"], root), "docs/skills/math.md already exists"),
        (
            lambda root: (
                (root / "docs/skills/stray.quiz.yml").write_text("x") and new.new_page("skills/stray", "T", ["skills"], root)
            ),
            "docs/skills/stray.quiz.yml already exists",
        ),
        (lambda root: new.new_example("Bad Name", "T", "skills/math.md", root), "lowercase-with-dashes"),
        (lambda root: new.new_example("ok-name", "T", "skills/nope.md", root), "chapter docs/skills/nope.md does not exist"),
    ],
)
def test_bad_requests_are_refused_with_the_reason(root: Path, make, message: str) -> None:
    with pytest.raises(new.ScaffoldError, match=message):
        make(root)
