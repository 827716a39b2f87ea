"""Render each chapter's "Check yourself" quiz from the YAML file next to the page.

docs/PART/PAGE.quiz.yml holds the questions of docs/PART/PAGE.md, in the form
includes/quiz.schema.json describes. The page's "## Check yourself" heading says
where they go; the section under it stays empty in the Markdown. The hook
writes each question as HTML that reads without JavaScript (an ordered list of
choices, the answer in a collapsed Material "question" block), and
assets/javascripts/quiz.js turns it into a quiz that is marked and scored.

It fails the build, naming the file and line, on: invalid YAML or a file the
schema refuses; a quiz file without its page; a page with the heading but no
quiz file, or a quiz file whose page lacks the heading; questions still written
by hand under the heading; and a ``section`` that is not a heading of the page.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

SCHEMA = Path("includes") / "quiz.schema.json"
SUFFIX = ".quiz.yml"
HEADING = "## Check yourself"
_FENCE = re.compile(r"^\s*(```|~~~)")
_COMMENT = re.compile(r"^\s*<!--.*-->\s*$")  # e.g. "<!-- The questions are in PAGE.quiz.yml -->"
_LETTERS = "ABCDE"
_SAME_PAGE_LINK = re.compile(r"\]\(#(?P<anchor>[^)\s]+)\)")  # [text](#anchor) in an explanation


@dataclass
class Question:
    question: str
    choices: list[dict]
    explanation: str
    section: str
    section_line: int  # line of `section:` in the quiz file
    explanation_line: int = 1  # line of `explanation:` in the quiz file


@dataclass
class Quiz:
    source: str  # e.g. "docs/skills/evaluation.quiz.yml"
    questions: list[Question]


_project_dir = Path.cwd()
_quizzes: dict[str, Quiz] = {}  # page src_uri -> its quiz


def on_config(config: MkDocsConfig) -> None:
    global _project_dir
    _project_dir = Path(config.config_file_path).resolve().parent


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Read and check every quiz file before any page is rendered."""
    docs_dir = Path(config.docs_dir)
    validator = _validator()
    _quizzes.clear()
    for path in sorted(docs_dir.rglob(f"*{SUFFIX}")):
        shown = f"{docs_dir.name}/{path.relative_to(docs_dir).as_posix()}"
        page = path.with_name(path.name.removesuffix(SUFFIX) + ".md")
        if not page.exists():
            raise PluginError(
                f"{shown}: no page {docs_dir.name}/{page.relative_to(docs_dir).as_posix()} for this quiz; "
                f"a quiz file sits next to its page and has the page's name with {SUFFIX}"
            )
        _quizzes[page.relative_to(docs_dir).as_posix()] = load(path, shown, validator)
    return files


def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((_project_dir / SCHEMA).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def load(path: Path, shown: str, validator: jsonschema.Draft202012Validator) -> Quiz:
    """Parse and validate one quiz file; errors name SHOWN and the line."""
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{shown}:{mark.line + 1}" if mark else shown
        problem = getattr(error, "problem", None) or str(error)
        raise PluginError(f"{where}: invalid YAML: {problem}") from None
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(part) for part in e.absolute_path])
    if errors:
        lines = []
        for error in errors:
            where = "/".join(str(part) for part in error.absolute_path) or "the file"
            message = error.message
            if error.validator in ("contains", "minContains", "maxContains"):
                message = "mark exactly one choice 'correct: true'"
            lines.append(f"{shown}:{_line_of(node, list(error.absolute_path))}: {where}: {message}")
        raise PluginError("\n".join(lines) + f"\n(the rules are in {SCHEMA.as_posix()}; CONTRIBUTING.md explains them)")
    questions = []
    for index, item in enumerate(data["questions"]):
        questions.append(
            Question(
                question=item["question"],
                choices=item["choices"],
                explanation=item["explanation"],
                section=item["section"],
                section_line=_line_of(node, ["questions", index, "section"]),
                explanation_line=_line_of(node, ["questions", index, "explanation"]),
            )
        )
    return Quiz(shown, questions)


def _line_of(node: yaml.Node | None, path: list) -> int:
    """The 1-based line of the YAML node at PATH, or of its nearest existing parent."""
    line = node.start_mark.line + 1 if node is not None else 1
    for part in path:
        if isinstance(node, yaml.MappingNode):
            found = next((value for key, value in node.value if key.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            found = node.value[part]
        else:
            found = None
        if found is None:
            break
        node = found
        line = node.start_mark.line + 1
    return line


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    src_uri = page.file.src_uri
    shown = f"{Path(config.docs_dir).name}/{src_uri}"
    quiz = _quizzes.get(src_uri)
    lines = markdown.splitlines()
    heading = _find_heading(lines)
    if heading is None:
        if quiz:
            raise PluginError(f"{quiz.source}: {shown} has no '{HEADING}' heading to put this quiz under; add it")
        return markdown
    # MkDocs hands over the Markdown without its front matter: count lines in the file itself.
    offset = (_find_heading(page.file.content_string.splitlines()) or heading) - heading
    line = heading + 1 + offset
    if quiz is None:
        raise PluginError(
            f"{shown}:{line}: '{HEADING}' needs its questions in {shown.removesuffix('.md')}{SUFFIX} "
            "(see 'Write a quiz' in CONTRIBUTING.md), or remove the heading"
        )
    end = next((i for i in range(heading + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    leftover = next((i for i in range(heading + 1, end) if lines[i].strip() and not _COMMENT.match(lines[i])), None)
    if leftover is not None:
        raise PluginError(
            f"{shown}:{leftover + 1 + offset}: the questions under '{HEADING}' come from "
            f"{quiz.source}; move this text there and leave the section empty"
        )
    rendered = render(quiz, page)
    return "\n".join([*lines[: heading + 1], "", rendered, "", *lines[end:]]) + "\n"


def _find_heading(lines: list[str]) -> int | None:
    fenced = False
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and line.rstrip() == HEADING:
            return index
    return None


def _placeholder(page: Page, index: int) -> str:
    return f"quiz-section-{index}-{id(page)}"


def render(quiz: Quiz, page: Page) -> str:
    """Markdown (with md_in_html blocks) for the quiz; section titles are filled in by on_page_content."""
    parts = ['<div class="quiz" data-quiz markdown>', '<ol class="quiz__questions" markdown>']
    for number, question in enumerate(quiz.questions, start=1):
        correct = next(i for i, choice in enumerate(question.choices) if choice.get("correct"))
        parts += [
            f'<li class="quiz__item" markdown="block">\n<div class="quiz__question" markdown>\n\n{question.question.strip()}\n\n</div>',
            '<ol class="quiz__choices" markdown>',
        ]
        for index, choice in enumerate(question.choices):
            marker = " data-correct" if index == correct else ""
            parts.append(f'<li class="quiz__choice"{marker} markdown>{_one_line(choice["text"])}</li>')
        parts += [
            "</ol>",
            '<details class="question quiz__answer" data-search-exclude markdown>',
            f"<summary>Answer to question {number}</summary>",
            "",
            f"**The answer is {_LETTERS[correct]}:** {_one_line(question.choices[correct]['text'])}",
            "",
            question.explanation.strip(),
            "",
            f'Explained in <a class="quiz__section" href="{html.escape(question.section)}">{_placeholder(page, number - 1)}</a>.',
            "",
            "</details>",
            "</li>",
        ]
    parts += ["</ol>", "</div>"]
    return "\n".join(parts)


def _one_line(text: str) -> str:
    return " ".join(text.split())


# Before every plugin's on_page_content (priority 0): mkdocs-llmstxt copies the
# page's HTML into its .md copy and llms-full.txt there, and must see the titles,
# not the placeholders.
@event_priority(10)
def on_page_content(content: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Check each question's section against the page's headings and put the heading's title in its link."""
    quiz = _quizzes.get(page.file.src_uri)
    if quiz is None:
        return content
    titles = {}

    def walk(items) -> None:  # noqa: ANN001 - MkDocs' TableOfContents or a list of AnchorLink
        for item in items:
            titles[item.id] = item.title
            walk(item.children)

    walk(page.toc)
    for index, question in enumerate(quiz.questions):
        anchor = question.section.removeprefix("#")
        if anchor not in titles or anchor == "check-yourself":
            known = ", ".join(f"#{name}" for name in titles)
            raise PluginError(
                f"{quiz.source}:{question.section_line}: section '{question.section}' is not a heading of "
                f"{Path(config.docs_dir).name}/{page.file.src_uri}; its headings are: {known}"
            )
        for link in _SAME_PAGE_LINK.finditer(question.explanation):
            if link["anchor"] not in titles:
                raise PluginError(
                    f"{quiz.source}:{question.explanation_line}: the explanation links to '#{link['anchor']}', which is "
                    f"not a heading of {Path(config.docs_dir).name}/{page.file.src_uri}; its headings are: "
                    + ", ".join(f"#{name}" for name in titles)
                )
        content = content.replace(_placeholder(page, index), titles[anchor], 1)
    return content
