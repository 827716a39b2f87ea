"""In a real browser, a chapter's Check yourself quiz can be answered, is marked in words, and scores.

Without JavaScript the same quiz is a list of questions with their choices and
each answer in a collapsed <details> block.
"""

from __future__ import annotations

import re

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe

from conftest import ROOT

CHAPTER = "skills/evaluation/"
QUESTIONS = yaml.safe_load((ROOT / "docs" / "skills" / "evaluation.quiz.yml").read_text(encoding="utf-8"))["questions"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def _correct(question: dict) -> int:
    return next(index for index, choice in enumerate(question["choices"]) if choice.get("correct"))


def _answer(page, number: int, choice: int) -> None:
    item = page.locator(".quiz__item").nth(number)
    item.get_by_role("radio").nth(choice).check()
    item.get_by_role("button", name="Check answer").click()


def test_answering_marks_each_choice_in_words_reveals_the_explanation_and_scores(page, site_url: str) -> None:
    page.goto(site_url + CHAPTER)
    total = len(QUESTIONS)
    first, second = page.locator(".quiz__item").nth(0), page.locator(".quiz__item").nth(1)
    assert first.locator(".quiz__answer").is_hidden(), "the explanation shows before the question is answered"
    assert first.get_by_role("group").get_by_role("radio").count() == len(QUESTIONS[0]["choices"])

    right = _correct(QUESTIONS[0])
    _answer(page, 0, right)
    assert first.locator(".quiz__feedback").inner_text() == "Correct."
    assert first.locator(".quiz__option").nth(right).locator(".quiz__mark").inner_text() == "Your answer: correct"
    assert first.locator(".quiz__answer").is_visible() and first.locator(".quiz__answer[open]").count() == 1
    assert "Explained in" in first.locator(".quiz__answer").inner_text()
    assert first.get_by_role("radio").nth(right).is_disabled()

    correct = _correct(QUESTIONS[1])
    wrong = (correct + 1) % len(QUESTIONS[1]["choices"])
    _answer(page, 1, wrong)
    letter = "ABCDE"[correct]
    assert second.locator(".quiz__feedback").inner_text() == f"Incorrect. The answer is {letter}."
    assert second.locator(".quiz__option").nth(wrong).locator(".quiz__mark").inner_text() == "Your answer: incorrect"
    assert second.locator(".quiz__option").nth(correct).locator(".quiz__mark").inner_text() == "Correct answer"
    assert second.locator(".quiz__answer").is_visible()

    score = page.get_by_role("status")
    assert score.inner_text() == f"Score so far: 1 of {total} correct, 2 of {total} answered."
    assert score.get_attribute("aria-live") == "polite"
    assert page.visit.console_errors == [] and page.visit.foreign_requests == []


def test_a_full_round_scores_and_try_again_clears_it(page, site_url: str) -> None:
    page.goto(site_url + CHAPTER)
    for number, question in enumerate(QUESTIONS):
        _answer(page, number, _correct(question) if number else (_correct(question) + 1) % len(question["choices"]))
    total = len(QUESTIONS)
    assert page.get_by_role("status").inner_text() == f"Score: {total - 1} of {total} correct."
    page.get_by_role("button", name="Try again").click()
    assert page.get_by_role("status").inner_text() == "Answers cleared."
    assert page.locator(".quiz__mark:not(:empty)").count() == 0
    assert page.locator(".quiz__answer:visible").count() == 0
    assert page.get_by_role("radio", checked=True).count() == 0
    assert page.get_by_role("button", name="Check answer").count() == total
    assert page.get_by_role("button", name="Try again").is_hidden()


def test_unanswered_check_asks_for_a_choice(page, site_url: str) -> None:
    page.goto(site_url + CHAPTER)
    first = page.locator(".quiz__item").nth(0)
    first.get_by_role("button", name="Check answer").click()
    assert first.locator(".quiz__feedback").inner_text() == "Choose one of the answers first."
    assert first.locator(".quiz__answer").is_hidden()


def test_the_quiz_works_after_instant_navigation(page, site_url: str) -> None:
    page.goto(site_url + "skills/")
    page.locator(".md-sidebar--primary a[href$='evaluation/']").first.click()
    page.wait_for_url(re.compile(r"/skills/evaluation/$"))
    page.locator(".quiz[data-quiz-ready]").wait_for()
    _answer(page, 0, _correct(QUESTIONS[0]))
    assert page.locator(".quiz__item").nth(0).locator(".quiz__feedback").inner_text() == "Correct."


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_answered_quiz_passes_axe(browser, site_url: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    tab = context.new_page()
    tab.goto(site_url + CHAPTER)
    _answer(tab, 0, _correct(QUESTIONS[0]))
    _answer(tab, 1, (_correct(QUESTIONS[1]) + 1) % len(QUESTIONS[1]["choices"]))
    tab.locator(".quiz__item").nth(2).get_by_role("radio").nth(0).check()
    results = Axe().run(tab, context={"include": [[".quiz"]]}, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    context.close()
    violations = [(v["id"], [node["target"] for node in v["nodes"]]) for v in results.response["violations"]]
    assert violations == []


def test_without_javascript_the_quiz_is_a_list_with_answers_in_details(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + CHAPTER)
    quiz = tab.locator(".quiz")
    assert quiz.get_by_role("radio").count() == 0
    assert quiz.locator("ol.quiz__questions > li").count() == len(QUESTIONS)
    for number, question in enumerate(QUESTIONS):
        item = quiz.locator("ol.quiz__questions > li").nth(number)
        assert item.get_by_role("listitem").count() == len(question["choices"])
        assert item.get_by_role("listitem").first.is_visible()
        answer = item.locator("details.question")
        assert answer.count() == 1 and answer.get_attribute("open") is None
        answer.locator("summary").click()  # <details> opens without JavaScript
        assert f"The answer is {'ABCDE'[_correct(question)]}:" in answer.inner_text()
    context.close()
