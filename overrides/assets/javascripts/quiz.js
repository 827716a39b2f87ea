/*
 * Check yourself quizzes (markup from overrides/hooks/quiz.py).
 *
 * Without JavaScript a question is a list of lettered choices with the answer
 * in a collapsed block under it. This script turns the choices into radio
 * buttons with a "Check answer" button; checking marks the choices in words
 * (not only in color), reveals the explanation, and updates the score, which
 * screen readers hear through a live region. "Try again" clears every answer.
 * Material's instant navigation swaps pages without reloading, so the script
 * runs on every page it loads (document$).
 */
(function () {
  "use strict";
  var LETTERS = "ABCDE";
  var quizzes = 0;

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function button(className, text) {
    var node = make("button", "md-button " + className, text);
    node.type = "button";
    return node;
  }

  /* One question: returns what the quiz needs to score and reset it. */
  function setUpQuestion(item, id, changed) {
    var question = item.querySelector(".quiz__question");
    var list = item.querySelector(".quiz__choices");
    var answer = item.querySelector(".quiz__answer");
    question.id = id + "-question";

    var fieldset = make("fieldset", "quiz__options");
    fieldset.setAttribute("aria-labelledby", question.id);
    var correct = -1;
    var choices = Array.prototype.map.call(list.children, function (li, index) {
      if (li.hasAttribute("data-correct")) correct = index;
      var label = make("label", "quiz__option");
      var input = make("input");
      input.type = "radio";
      input.name = id;
      input.value = String(index);
      var text = make("span", "quiz__option-text");
      text.appendChild(make("span", "quiz__letter", LETTERS[index] + "."));
      while (li.firstChild) text.appendChild(li.firstChild);
      var mark = make("span", "quiz__mark");
      label.append(input, text, mark);
      fieldset.appendChild(label);
      return { label: label, input: input, mark: mark };
    });
    list.replaceWith(fieldset);

    var check = button("md-button--primary quiz__check", "Check answer");
    var feedback = make("p", "quiz__feedback");
    feedback.tabIndex = -1;
    fieldset.after(check, feedback);
    answer.hidden = true;

    var result = null; // null: not answered; true or false: right or wrong

    function say(text, className) {
      feedback.textContent = text;
      feedback.className = "quiz__feedback" + (className ? " " + className : "");
      feedback.focus();
    }

    check.addEventListener("click", function () {
      var chosen = choices.findIndex(function (choice) {
        return choice.input.checked;
      });
      if (chosen < 0) {
        say("Choose one of the answers first.");
        return;
      }
      result = chosen === correct;
      choices.forEach(function (choice, index) {
        choice.input.disabled = true;
        if (index === correct) {
          choice.label.classList.add("quiz__option--correct");
          choice.mark.textContent = index === chosen ? "Your answer: correct" : "Correct answer";
        } else if (index === chosen) {
          choice.label.classList.add("quiz__option--wrong");
          choice.mark.textContent = "Your answer: incorrect";
        }
      });
      check.hidden = true;
      answer.hidden = false;
      answer.open = true;
      say(
        result ? "Correct." : "Incorrect. The answer is " + LETTERS[correct] + ".",
        result ? "quiz__feedback--correct" : "quiz__feedback--wrong"
      );
      changed();
    });

    return {
      result: function () {
        return result;
      },
      reset: function () {
        result = null;
        choices.forEach(function (choice) {
          choice.input.disabled = false;
          choice.input.checked = false;
          choice.label.classList.remove("quiz__option--correct", "quiz__option--wrong");
          choice.mark.textContent = "";
        });
        check.hidden = false;
        answer.open = false;
        answer.hidden = true;
        feedback.textContent = "";
        feedback.className = "quiz__feedback";
      },
      focus: function () {
        choices[0].input.focus();
      },
    };
  }

  function setUpQuiz(quiz) {
    if (quiz.hasAttribute("data-quiz-ready")) return;
    quiz.setAttribute("data-quiz-ready", "");
    var id = "quiz-" + ++quizzes;
    var footer = make("div", "quiz__footer");
    var score = make("p", "quiz__score");
    score.setAttribute("role", "status");
    score.setAttribute("aria-live", "polite");
    var again = button("quiz__again", "Try again");
    again.hidden = true;
    footer.append(score, again);
    quiz.appendChild(footer);

    var questions = [];
    function changed() {
      var total = questions.length;
      var answered = questions.filter(function (q) {
        return q.result() !== null;
      }).length;
      var right = questions.filter(function (q) {
        return q.result() === true;
      }).length;
      again.hidden = answered === 0;
      if (answered === total) {
        score.textContent = "Score: " + right + " of " + total + " correct.";
      } else if (answered > 0) {
        score.textContent =
          "Score so far: " + right + " of " + total + " correct, " + answered + " of " + total + " answered.";
      }
    }
    Array.prototype.forEach.call(quiz.querySelectorAll(".quiz__item"), function (item, index) {
      questions.push(setUpQuestion(item, id + "-" + (index + 1), changed));
    });
    again.addEventListener("click", function () {
      questions.forEach(function (q) {
        q.reset();
      });
      again.hidden = true;
      score.textContent = "Answers cleared.";
      questions[0].focus();
    });
  }

  function setUpAll() {
    document.querySelectorAll(".quiz[data-quiz]").forEach(setUpQuiz);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(setUpAll); // Material: every page, including instant navigation
  } else {
    document.addEventListener("DOMContentLoaded", setUpAll);
  }
})();
