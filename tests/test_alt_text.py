"""Images need alt text: overrides/hooks/alt_text.py fails the build, naming the file and line.

The build-level case (a Markdown page with ``![](figure.svg)``) is in
test_contributor_mistakes.py; these check the hook's parts on their own.
"""

from __future__ import annotations

import pytest

from conftest import load_hook

alt_text = load_hook("alt_text")


@pytest.mark.parametrize(
    ("html", "missing"),
    [
        ('<p><img src="chart.png" alt=""></p>', ["chart.png"]),  # what Markdown's ![](chart.png) renders
        ('<img src="chart.png">', ["chart.png"]),
        ('<img src="chart.png" alt="   ">', ["chart.png"]),
        ('<img src="chart.png" alt="Bar chart of churn by plan">', []),
        ('<img src="rule.png" alt="" role="presentation">', []),
        ('<img src="a.png" alt="A"><img src="../img/b.png" alt="">', ["../img/b.png"]),
    ],
)
def test_images_without_alt_text_are_found(html: str, missing: list[str]) -> None:
    assert alt_text.missing_alt(html) == missing


def test_the_line_is_found_by_the_image_file_name() -> None:
    source = "# Title\n\nSome text.\n\n![](img/chart%201.png)\n"
    # MkDocs rewrites the src relative to the page's URL; the file name stays.
    assert alt_text.line_of(source, "../img/chart%201.png") == ":5"
    assert alt_text.line_of(source, "other.png") == ""
