"""Check yourself quizzes: every quiz file is valid, belongs to a page, and renders on it.

The quiz files are docs/PART/PAGE.quiz.yml (overrides/hooks/quiz.py renders
them); the schema is includes/quiz.schema.json.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import ROOT, load_hook

DOCS = ROOT / "docs"
QUIZ_FILES = sorted(DOCS.rglob("*.quiz.yml"))
SCHEMA = json.loads((ROOT / "includes" / "quiz.schema.json").read_text(encoding="utf-8"))
quiz_hook = load_hook("quiz")


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _has_check_yourself(page: Path) -> bool:
    return quiz_hook._find_heading(page.read_text(encoding="utf-8").splitlines()) is not None


def test_the_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", QUIZ_FILES, ids=_name)
def test_quiz_file_matches_the_schema(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    problems = [
        f"{_name(path)}: {'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in jsonschema.Draft202012Validator(SCHEMA).iter_errors(data)
    ]
    assert problems == []


def test_the_schema_refuses_a_question_with_two_correct_answers() -> None:
    question = {
        "question": "Q?",
        "choices": [{"text": "a", "correct": True}, {"text": "b", "correct": True}],
        "explanation": "E.",
        "section": "#s",
    }
    errors = list(jsonschema.Draft202012Validator(SCHEMA).iter_errors({"questions": [question] * 3}))
    assert errors and all("contains" in error.validator or "Contains" in error.validator for error in errors)


def test_every_quiz_file_has_a_page_and_every_check_yourself_heading_has_a_quiz() -> None:
    pages = sorted(DOCS.rglob("*.md"))
    with_heading = {_name(page) for page in pages if _has_check_yourself(page)}
    with_quiz = {_name(path).removesuffix(".quiz.yml") + ".md" for path in QUIZ_FILES}
    assert with_quiz - {_name(page) for page in pages} == set(), "quiz files without a page"
    assert with_heading == with_quiz, "pages with '## Check yourself' and pages with a quiz file differ"


@pytest.mark.parametrize("path", QUIZ_FILES, ids=_name)
def test_quiz_holds_no_placeholder_text(path: Path) -> None:
    """The template's quiz (from `make new-page`) says TODO; a written quiz does not."""
    found = [
        f"{_name(path)}:{number}: {line.strip()}"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "TODO" in line
    ]
    assert found == [], "replace the template's placeholder questions"


def _built(pages, path: Path):
    url = path.relative_to(DOCS).as_posix().removesuffix(".quiz.yml")
    url = url.removesuffix("index") if url.endswith("index") else url + "/"
    page = next((page for page in pages if page.url == url), None)
    assert page is not None, f"{_name(path)}: no built page at {url}"
    return page


@pytest.mark.parametrize("path", QUIZ_FILES, ids=_name)
def test_quiz_renders_under_check_yourself_with_its_answers_in_details(pages, path: Path) -> None:
    questions = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    page = _built(pages, path)
    heading = page.soup.find(id="check-yourself")
    assert heading is not None and heading.name == "h2"
    quiz = heading.find_next_sibling()
    assert quiz is not None and "quiz" in quiz.get("class", []), "the quiz is not right under the heading"
    items = quiz.select("ol.quiz__questions > li.quiz__item")
    assert len(items) == len(questions)
    for item, question in zip(items, questions, strict=True):
        choices = item.select("ol.quiz__choices > li")
        assert len(choices) == len(question["choices"])
        correct = [index for index, choice in enumerate(question["choices"]) if choice.get("correct")]
        assert [index for index, li in enumerate(choices) if li.has_attr("data-correct")] == correct
        answer = item.select_one("details.question.quiz__answer")
        assert answer is not None and not answer.has_attr("open")
        assert answer.summary.get_text(strip=True).startswith("Answer")
        assert f"The answer is {'ABCDE'[correct[0]]}:" in answer.get_text(" ", strip=True)


@pytest.mark.parametrize("path", QUIZ_FILES, ids=_name)
def test_each_answer_links_to_a_heading_of_its_page_by_name(pages, path: Path) -> None:
    questions = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    page = _built(pages, path)
    links = page.soup.select(".quiz a.quiz__section")
    assert [link["href"] for link in links] == [question["section"] for question in questions]
    for link in links:
        target = page.soup.find(id=link["href"][1:])
        assert target is not None and re.fullmatch(r"h[1-6]", target.name), f"{link['href']} is not a heading"
        assert " ".join(link.get_text().split()) == " ".join(target.get_text().removesuffix("¶").split())


def test_answers_are_left_out_of_the_search_index(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(entry["text"] for entry in index["docs"])
    leaked = re.findall(r"The answer is [A-E]:.{0,60}", text)
    assert leaked == [], "answers of the quizzes are in the search index (data-search-exclude on their <details>)"
    question = yaml.safe_load((DOCS / "skills" / "evaluation.quiz.yml").read_text(encoding="utf-8"))["questions"][0]["question"]
    assert " ".join(question.split()[:6]) in text, "the questions themselves should stay searchable"


def test_the_right_answer_is_not_always_in_the_same_place() -> None:
    """Readers learn a pattern fast: the right letter varies within each quiz and across all of them."""
    letters = {}
    for path in QUIZ_FILES:
        questions = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
        letters[_name(path)] = ["ABCDE"[next(i for i, c in enumerate(q["choices"]) if c.get("correct"))] for q in questions]
    same_everywhere = [name for name, found in letters.items() if len(set(found)) == 1]
    assert same_everywhere == [], "every question of these quizzes has its right answer at the same letter"
    every = [letter for found in letters.values() for letter in found]
    for letter in set(every):
        assert every.count(letter) <= 0.4 * len(every), (
            f"{letter} is the right answer of {every.count(letter)} of {len(every)} questions"
        )


def test_the_right_choice_is_not_given_away_by_its_length() -> None:
    """Picking the longest choice must not be a winning strategy across the site's quizzes (STYLE.md, Quizzes)."""
    longest, total, by_folder = [], 0, {}
    for path in QUIZ_FILES:
        questions = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
        folder = by_folder.setdefault(path.parent.relative_to(DOCS).as_posix(), [0, 0])
        for number, question in enumerate(questions, 1):
            lengths = [len(choice["text"]) for choice in question["choices"]]
            right = next(index for index, choice in enumerate(question["choices"]) if choice.get("correct"))
            runner_up = max(length for index, length in enumerate(lengths) if index != right)
            total += 1
            folder[1] += 1
            if lengths[right] > runner_up:
                longest.append((lengths[right] / runner_up, f"{_name(path)}:question {number}"))
                folder[0] += 1
    worst = ", ".join(f"{where} ({ratio:.1f}x the longest wrong one)" for ratio, where in sorted(longest, reverse=True)[:10])
    shares = ", ".join(f"{name} {found}/{count}" for name, (found, count) in sorted(by_folder.items()))
    assert len(longest) <= 0.35 * total, (
        f"the right choice is the longest in {len(longest)} of {total} questions (at most 35% allowed): "
        f"shorten it and argue the wrong ones as well; by folder: {shares}; worst: {worst}"
    )
