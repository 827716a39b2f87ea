"""LaTeX to MathML at build time (overrides/hooks/mathml.py): formulas that fit a phone, and clear errors."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import PluginError

from conftest import load_hook

mathml = load_hook("mathml")


def test_a_display_formula_sits_in_a_box_that_can_scroll() -> None:
    out = mathml.markdown_math('<div class="arithmatex">\\[ a^2 + b^2 = c^2 \\]</div>', "docs/x.md")
    assert out.startswith('<span class="math-display"><math') and out.endswith("</math></span>")
    assert 'display="block"' in out


def test_a_display_formula_in_a_notebook_paragraph_keeps_the_html_valid() -> None:
    out = mathml.notebook_math('<div class="nb-markdown"><p>$$x = 1$$</p></div>', "examples/x.ipynb")
    assert '<p><span class="math-display"><math' in out, "a <div> inside a <p> is invalid HTML; the box is a <span>"


def test_a_short_inline_formula_stays_inline() -> None:
    out = mathml.markdown_math('<p>So <span class="arithmatex">\\(p = 0.9\\)</span>.</p>', "docs/x.md")
    assert '<math display="inline"' in out.replace('xmlns="http://www.w3.org/1998/Math/MathML" ', "")
    assert "math-display" not in out


def test_a_long_inline_formula_in_running_text_fails_naming_the_page() -> None:
    tex = r"300 \times \$0.023 + 40 \times \$0.023 = \$6.90 + \$0.92 = \$7.82"
    with pytest.raises(PluginError, match=r"docs/cloud/cost\.md: the inline formula .* shows 38 characters"):
        mathml.markdown_math(f'<p>Storage: <span class="arithmatex">\\({tex}\\)</span>.</p>', "docs/cloud/cost.md")


def test_a_long_inline_formula_in_a_table_cell_is_allowed_because_the_table_scrolls() -> None:
    tex = r"300 \times \$0.023 + 40 \times \$0.023 = \$6.90 + \$0.92 = \$7.82"
    out = mathml.markdown_math(f'<table><tr><td><span class="arithmatex">\\({tex}\\)</span></td></tr></table>', "docs/x.md")
    assert "<math" in out


def test_a_long_inline_formula_in_a_notebook_fails_naming_the_notebook() -> None:
    cell = '<div class="nb-markdown"><p>Cost: $10 \\times 0.2 \\times 0.0000166667 + 0.0000002 + 35 = 103.67$</p></div>'
    with pytest.raises(PluginError, match=r"examples/x\.ipynb: the inline formula"):
        mathml.notebook_math(cell, "examples/x.ipynb")


def test_a_formula_that_cannot_be_converted_names_the_page() -> None:
    with pytest.raises(PluginError, match=r"docs/x\.md: cannot convert the formula"):
        mathml.to_mathml(r"\frac{1}{", True, "docs/x.md")
