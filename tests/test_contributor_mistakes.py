"""Mistakes a contributor will make, each of which must fail with the file named.

Each test copies the project to a temporary folder, makes one mistake there,
runs the check that catches it (the build, the link check, or the pre-commit
hook that `make lint` runs) on the copy, and asserts that it fails with a
message that points at the file, and the line or cell where it can. A control
case checks that a correct new page and a correct new notebook pass.
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import ProjectCopy

pytestmark = pytest.mark.slow

NEW_PAGE = """---
title: A new page
description: A page that a contributor adds, used to check the build.
tags: [reference]
last_reviewed: 2026-11-21
---
# A new page

Some text with a [link to the glossary](glossary.md).
"""


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if needle in line)


def assert_fails_naming(result, *fragments: str) -> None:
    assert result.returncode != 0, f"the build passed but should have failed:\n{result.output[-3000:]}"
    for fragment in fragments:
        assert re.search(fragment, result.output), f"expected {fragment!r} in the output:\n{result.output[-3000:]}"


def test_notebook_left_out_of_the_nav_is_named(project: ProjectCopy) -> None:
    project.write("examples/forgotten.ipynb", _notebook([_markdown("# A forgotten example", 1)]))
    _link_from_chapter(project, "forgotten")
    assert_fails_naming(project.build(), r"not included in the \"nav\"", r"examples/forgotten\.ipynb")


@pytest.mark.parametrize(
    ("mistake", "target"),
    [
        ("See [the missing page](no-such-page.md).", "no-such-page.md"),
        ("See [a section](about.md#no-such-section).", "no-such-section"),
        ("![A chart of the results](images/chart.png)", "images/chart.png"),
    ],
    ids=["missing page", "missing anchor", "missing image"],
)
def test_broken_link_names_file_and_line(project: ProjectCopy, mistake: str, target: str) -> None:
    text = f"{NEW_PAGE}\n{mistake}\n"
    project.write("docs/reference/new-page.md", text)
    project.add_to_nav("A new page: reference/new-page.md")
    line = line_of(text, target)
    assert_fails_naming(project.build(), rf"docs/reference/new-page\.md:{line}: .*{re.escape(target)}")


def test_page_left_out_of_the_nav_is_named(project: ProjectCopy) -> None:
    project.write("docs/reference/forgotten.md", NEW_PAGE)
    assert_fails_naming(project.build(), r"not included in the \"nav\"", r"reference/forgotten\.md")


def test_page_deliberately_left_out_of_the_nav_builds(project: ProjectCopy) -> None:
    project.write("docs/reference/forgotten.md", NEW_PAGE)
    project.edit("mkdocs.yml", 'not_in_nav: ""', "not_in_nav: |\n  /reference/forgotten.md")
    result = project.build()
    assert result.returncode == 0, result.output[-3000:]


def test_invalid_yaml_in_mkdocs_yml_is_named(project: ProjectCopy) -> None:
    project.edit("mkdocs.yml", "  - Home: index.md\n", "  - Home: index.md\n - Broken: indentation.md\n")
    assert_fails_naming(project.build(), r"mkdocs\.yml.*line \d+")


def test_invalid_setting_in_mkdocs_yml_is_named(project: ProjectCopy) -> None:
    project.edit("mkdocs.yml", "  name: material\n", "  name: materal\n")
    assert_fails_naming(project.build(), r"mkdocs\.yml: Config value 'theme'")


def _notebook(cells: list[dict]) -> str:
    """A notebook as nbformat writes it (one-space indent, final newline), so that only the planted mistake differs."""
    return (
        json.dumps(
            {
                "cells": cells,
                "metadata": {
                    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                    "handbook": {"description": "A notebook used to check the build.", "chapter": "skills/evaluation.md"},
                },
                "nbformat": 4,
                "nbformat_minor": 5,
            },
            indent=1,
            ensure_ascii=False,
        )
        + "\n"
    )


def _markdown(text: str, number: int) -> dict:
    return {"cell_type": "markdown", "id": f"md-{number}", "metadata": {}, "source": text}


def _code(text: str, number: int, **extra) -> dict:
    cell = {"cell_type": "code", "id": f"code-{number}", "metadata": {}, "source": text, "outputs": [], "execution_count": None}
    cell.update(extra)
    return cell


def _link_from_chapter(project: ProjectCopy, name: str) -> None:
    """Give a test notebook the link back from its chapter that the build requires."""
    chapter = project.path("docs/skills/evaluation.md")
    chapter.write_text(chapter.read_text(encoding="utf-8") + f"\n[A test notebook](../examples/{name}.ipynb)\n", encoding="utf-8")


def test_notebook_that_raises_names_notebook_and_cell(project: ProjectCopy) -> None:
    project.write(
        "examples/broken.ipynb",
        _notebook(
            [
                _markdown("# A broken example", 1),
                _code("total = 1 + 1", 2),
                _code("raise ValueError('the data file has no rows')", 3),
            ]
        ),
    )
    assert_fails_naming(project.build(), r"examples/broken\.ipynb: cell 3 raised ValueError: the data file has no rows")


def test_notebook_committed_with_outputs_names_notebook_and_cell(project: ProjectCopy) -> None:
    output = {"output_type": "stream", "name": "stdout", "text": "2\n"}
    project.write(
        "examples/with-outputs.ipynb",
        _notebook(
            [
                _markdown("# An example with outputs", 1),
                _code("print(1 + 1)", 2, outputs=[output], execution_count=1),
            ]
        ),
    )
    assert_fails_naming(project.build(), r"examples/with-outputs\.ipynb: cell 2 holds stored outputs", "nbstripout")


def test_link_in_a_notebook_to_a_missing_page_names_notebook_and_cell(project: ProjectCopy) -> None:
    project.write(
        "examples/bad-link.ipynb",
        _notebook(
            [
                _markdown("# An example", 1),
                _markdown("Read [the chapter](../docs/skills/no-such-chapter.md) first.", 2),
            ]
        ),
    )
    _link_from_chapter(project, "bad-link")
    assert_fails_naming(project.build(), r"examples/bad-link\.ipynb: cell 2: link '\.\./docs/skills/no-such-chapter\.md'")


def test_figure_without_alt_text_names_notebook_and_cell(project: ProjectCopy) -> None:
    project.write(
        "examples/no-alt.ipynb",
        _notebook(
            [
                _markdown("# A plot without a description", 1),
                _code("import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.show()", 2),
            ]
        ),
    )
    _link_from_chapter(project, "no-alt")
    project.add_to_nav("A notebook: examples/no-alt.ipynb")
    assert_fails_naming(project.build(), r"examples/no-alt\.ipynb: cell 2 shows an image without alt text", '"alt"')


def test_chapter_that_does_not_link_to_its_notebook_is_named(project: ProjectCopy) -> None:
    project.write("examples/orphan.ipynb", _notebook([_markdown("# An example nobody links to", 1), _code("1 + 1", 2)]))
    project.add_to_nav("A notebook: examples/orphan.ipynb")
    assert_fails_naming(
        project.build(), r"docs/skills/evaluation\.md: this page is the chapter of examples/orphan\.ipynb .* does not link to it"
    )


def test_link_in_a_notebook_to_a_missing_anchor_fails_the_link_check(project: ProjectCopy) -> None:
    project.write(
        "examples/bad-anchor.ipynb",
        _notebook(
            [
                _markdown("# An example", 1),
                _markdown("Read [the chapter](../docs/skills/evaluation.md#no-such-section) first.", 2),
            ]
        ),
    )
    _link_from_chapter(project, "bad-anchor")
    project.add_to_nav("A notebook: examples/bad-anchor.ipynb")
    built = project.build()
    assert built.returncode == 0, built.output[-3000:]
    assert_fails_naming(project.linkcheck(), r"examples/bad-anchor\.ipynb .*no-such-section")


def test_raw_html_link_to_a_missing_page_fails_the_link_check(project: ProjectCopy) -> None:
    """MkDocs does not validate links written as raw HTML; linkchecker does."""
    project.write("docs/reference/new-page.md", NEW_PAGE + '\n<a href="../no-such-page/">a raw link</a>\n')
    project.add_to_nav("A new page: reference/new-page.md")
    built = project.build()
    assert built.returncode == 0, built.output[-3000:]
    assert_fails_naming(project.linkcheck(), r"docs/reference/new-page\.md .*no-such-page")


# Front matter, spelling and Markdown are checked by `make lint` (pre-commit), the first step of `make test`.


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "description: A page that a contributor adds, used to check the build.",
            "description: " + "A page that a contributor adds, with a description that keeps going. " * 3,
            r"docs/reference/new-page\.md:3: 'description' has \d{3} characters; the limit is 160",
        ),
        ("tags: [reference]", "tags: [reference", r"docs/reference/new-page\.md:5: front matter is not valid YAML"),
        (
            "tags: [reference]",
            "tags: [reference, modelling]",
            r"docs/reference/new-page\.md:4: 'tags' has \['modelling'\], not in includes/tags\.yml \(known: careers, ",
        ),
    ],
    ids=["description too long", "invalid YAML", "unknown tag"],
)
def test_bad_front_matter_names_page_line_and_field(project: ProjectCopy, old: str, new: str, message: str) -> None:
    project.write("docs/reference/new-page.md", NEW_PAGE.replace(old, new))
    project.add_to_nav("A new page: reference/new-page.md")
    assert_fails_naming(project.lint("front-matter"), message)


def test_misspelling_names_file_and_line(project: ProjectCopy) -> None:
    misspelled = "recieve"  # codespell:ignore recieve
    text = NEW_PAGE + f"\nThe model will {misspelled} the features in the same order.\n"
    project.write("docs/reference/new-page.md", text)
    line = line_of(text, misspelled)
    assert_fails_naming(project.lint("codespell"), rf"docs/reference/new-page\.md:{line}: {misspelled} ==> receive")


def test_notebook_that_downloads_data_names_notebook_and_cell(project: ProjectCopy) -> None:
    project.write(
        "examples/download.ipynb",
        _notebook(
            [
                _markdown("# An example that downloads its data", 1),
                _code('import urllib.request\n\ndata = urllib.request.urlopen("https://example.com/data.csv").read()', 2),
            ]
        ),
    )
    assert_fails_naming(
        project.build(),
        r"examples/download\.ipynb: cell 2 raised URLError: <urlopen error network access is disabled",
        "examples/data/",
    )


def test_page_that_loads_a_third_party_script_is_named(project: ProjectCopy) -> None:
    text = NEW_PAGE + '\n<script src="https://cdn.example.com/x.js"></script>\n'
    project.write("docs/reference/new-page.md", text)
    project.add_to_nav("A new page: reference/new-page.md")
    line = line_of(text, "cdn.example.com")
    assert_fails_naming(
        project.build(), rf"docs/reference/new-page\.md:{line}: loads https://cdn\.example\.com/x\.js from another host"
    )


def test_image_without_alt_text_is_named(project: ProjectCopy) -> None:
    text = NEW_PAGE + "\nThe chart:\n\n![](figure.svg)\n"
    project.write("docs/reference/new-page.md", text)
    project.write("docs/reference/figure.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>\n')
    project.add_to_nav("A new page: reference/new-page.md")
    line = line_of(text, "figure.svg")
    assert_fails_naming(project.build(), rf"docs/reference/new-page\.md:{line}: image without alt text \((\.\./)?figure\.svg\)")


CORRECT_NOTEBOOK_CELLS = [
    _markdown(
        "# Plot a learning curve\n\n"
        "The problem: see how accuracy grows with data. The data: generated here, offline. "
        "Run time: a few seconds. It belongs to [evaluation and validation](../docs/skills/evaluation.md#cross-validation).",
        1,
    ),
    _markdown("The next cell draws the curve with labeled axes.", 2),
    {
        **_code(
            "import matplotlib.pyplot as plt\n\n"
            "sizes = [100, 200, 400, 800]\n"
            "accuracy = [0.71, 0.76, 0.79, 0.80]\n"
            "fig, ax = plt.subplots()\n"
            'ax.plot(sizes, accuracy, marker="o")\n'
            'ax.set(title="Learning curve", xlabel="training rows", ylabel="accuracy")\n'
            "plt.show()",
            3,
        ),
        "metadata": {"alt": "Line chart of accuracy against training rows; it rises from 0.71 at 100 rows to 0.80 at 800."},
    },
    _markdown("## What to try next\n\n1. Add a validation curve.\n2. Repeat with five seeds.", 4),
]


def test_glossary_link_to_a_missing_anchor_names_file_and_line(project: ProjectCopy) -> None:
    old = "precision: skills/evaluation.md#choosing-a-metric"
    project.edit("includes/glossary-links.yml", old, "precision: skills/evaluation.md#choosing-a-metrc")
    line = line_of(project.path("includes/glossary-links.yml").read_text(encoding="utf-8"), "precision:")
    assert_fails_naming(
        project.build(),
        rf"includes/glossary-links\.yml:{line}: skills/evaluation\.md has no heading with the anchor #choosing-a-metrc",
    )


def test_a_correct_new_page_and_notebook_pass_every_check(project: ProjectCopy) -> None:
    project.write("docs/reference/new-page.md", NEW_PAGE)
    project.add_to_nav("A new page: reference/new-page.md")
    project.write("examples/learning-curve.ipynb", _notebook(CORRECT_NOTEBOOK_CELLS))
    _link_from_chapter(project, "learning-curve")
    project.add_to_nav("Plot a learning curve: examples/learning-curve.ipynb")
    built = project.build()
    assert built.returncode == 0, built.output[-3000:]
    assert project.path("site/reference/new-page/index.html").exists()
    assert project.path("site/examples/learning-curve/index.html").exists()
    linked = project.linkcheck()
    assert linked.returncode == 0, linked.output[-3000:]
    linted = project.lint()
    assert linted.returncode == 0, linted.output[-3000:]


# --- Check yourself quizzes (docs/PART/PAGE.quiz.yml, overrides/hooks/quiz.py) ---

NEW_QUIZ = """questions:
  - question: A colleague asks where the glossary is. Where do you send them?
    choices:
      - text: To the glossary page.
        correct: true
      - text: To the sources page.
    explanation: The glossary page lists every term.
    section: "#a-section"
  - question: Does a new page need a quiz?
    choices:
      - text: Only if it has a Check yourself heading.
        correct: true
      - text: Always.
    explanation: The heading and the quiz file go together.
    section: "#a-section"
  - question: Where does the quiz file live?
    choices:
      - text: Next to its page.
        correct: true
      - text: In site/.
    explanation: It has the page's name with .quiz.yml.
    section: "#a-section"
"""
PAGE_WITH_QUIZ = NEW_PAGE + "\n## A section\n\nThe facts.\n\n## Check yourself\n\n## Further reading\n\n- A book.\n"


def _page_with_quiz(project: ProjectCopy, quiz: str = NEW_QUIZ) -> None:
    project.write("docs/reference/new-page.md", PAGE_WITH_QUIZ)
    project.write("docs/reference/new-page.quiz.yml", quiz)
    project.add_to_nav("A new page: reference/new-page.md")


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("      - text: To the sources page.\n", "      - text: To the sources page.\n    - text: [\n", 7, "invalid YAML"),
        (
            "      - text: Always.\n",
            "      - text: Always.\n        correct: true\n",
            11,
            r"questions/1/choices: mark exactly one choice 'correct: true'",
        ),
        (
            "    explanation: It has the page",
            "    explain: It has the page",
            16,
            r"questions/2: 'explanation' is a required property",
        ),
        (
            '    section: "#a-section"\n  - question: Does',
            '    section: "#no-such-section"\n  - question: Does',
            8,
            r"section '#no-such-section' is not a heading of docs/reference/new-page\.md; its headings are: .*#a-section",
        ),
    ],
    ids=["invalid YAML", "two correct answers", "misspelled key", "section that is not a heading"],
)
def test_bad_quiz_names_file_and_line(project: ProjectCopy, old: str, new: str, line: int, message: str) -> None:
    assert old in NEW_QUIZ
    bad = NEW_QUIZ.replace(old, new, 1)
    _page_with_quiz(project, bad)
    assert_fails_naming(project.build(), rf"docs/reference/new-page\.quiz\.yml:{line}: .*{message}")


def test_quiz_without_its_page_is_named(project: ProjectCopy) -> None:
    project.write("docs/reference/renamed-page.quiz.yml", NEW_QUIZ)
    assert_fails_naming(project.build(), r"docs/reference/renamed-page\.quiz\.yml: no page docs/reference/renamed-page\.md")


def test_check_yourself_heading_without_a_quiz_names_page_and_line(project: ProjectCopy) -> None:
    project.write("docs/reference/new-page.md", PAGE_WITH_QUIZ)
    project.add_to_nav("A new page: reference/new-page.md")
    line = line_of(PAGE_WITH_QUIZ, "## Check yourself")
    assert_fails_naming(
        project.build(),
        rf"docs/reference/new-page\.md:{line}: '## Check yourself' needs its questions in docs/reference/new-page\.quiz\.yml",
    )


def test_hand_written_questions_next_to_a_quiz_are_named(project: ProjectCopy) -> None:
    _page_with_quiz(project)
    text = PAGE_WITH_QUIZ.replace(
        "## Check yourself\n", '## Check yourself\n\n??? question "An old question?"\n    Its answer.\n'
    )
    project.write("docs/reference/new-page.md", text)
    line = line_of(text, "??? question")
    assert_fails_naming(
        project.build(), rf"docs/reference/new-page\.md:{line}: the questions under '## Check yourself' come from"
    )


def test_a_correct_new_page_with_a_quiz_builds_and_renders_it(project: ProjectCopy) -> None:
    _page_with_quiz(project)
    built = project.build()
    assert built.returncode == 0, built.output[-3000:]
    html = project.path("site/reference/new-page/index.html").read_text(encoding="utf-8")
    assert html.count('class="quiz__item"') == 3
    assert 'Explained in <a class="quiz__section" href="#a-section">A section</a>' in html


def test_quiz_explanation_linking_to_a_missing_heading_names_file_and_line(project: ProjectCopy) -> None:
    old = "    explanation: The glossary page lists every term.\n"
    assert old in NEW_QUIZ
    _page_with_quiz(
        project, NEW_QUIZ.replace(old, "    explanation: The glossary page lists every term ([see](#no-such-heading)).\n")
    )
    assert_fails_naming(
        project.build(),
        r"docs/reference/new-page\.quiz\.yml:7: the explanation links to '#no-such-heading', which is not a heading of "
        r"docs/reference/new-page\.md; its headings are: .*#a-section",
    )


def test_glossary_term_without_a_definition_names_file_and_line(project: ProjectCopy) -> None:
    glossary = project.path("includes/abbreviations.md")
    text = glossary.read_text(encoding="utf-8") + "\n*[holdout]:\n"
    glossary.write_text(text, encoding="utf-8")
    line = len(text.splitlines())
    assert_fails_naming(project.build(), rf"includes/abbreviations\.md:{line}: 'holdout' has no definition")


def test_notebook_whose_kernel_dies_names_notebook_and_cell(project: ProjectCopy) -> None:
    project.write(
        "examples/dies.ipynb",
        _notebook([_markdown("# A notebook that runs out of memory", 1), _code("x = 1", 2), _code("import os\nos._exit(9)", 3)]),
    )
    _link_from_chapter(project, "dies")
    project.add_to_nav("A notebook that runs out of memory: examples/dies.ipynb")
    assert_fails_naming(project.build(), r"examples/dies\.ipynb: the kernel died while running cell 3")


def test_review_by_that_is_not_a_date_names_page_and_field(project: ProjectCopy) -> None:
    page = NEW_PAGE.replace("last_reviewed: 2026-11-21\n", "last_reviewed: 2026-11-21\nreview_by: next spring\n")
    project.write("docs/reference/new-page.md", page)
    project.add_to_nav("A new page: reference/new-page.md")
    assert_fails_naming(
        project.lint("front-matter"), r"docs/reference/new-page\.md.*'review_by' must be a date written YYYY-MM-DD"
    )
