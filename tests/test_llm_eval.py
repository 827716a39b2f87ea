"""examples/llm_eval.py: the statistics behind the LLM evaluation notebook."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from scipy import stats
from sklearn.metrics import cohen_kappa_score

from conftest import ROOT

sys.path.insert(0, str(ROOT / "examples"))
import llm_eval  # noqa: E402


def test_wilson_interval_matches_the_textbook_value_for_8_of_10() -> None:
    low, high = llm_eval.wilson_interval(8, 10)
    assert low == pytest.approx(0.4902, abs=1e-4)
    assert high == pytest.approx(0.9433, abs=1e-4)


@pytest.mark.parametrize(("successes", "n"), [(0, 12), (3, 12), (355, 400), (400, 400)])
def test_wilson_interval_agrees_with_scipy(successes: int, n: int) -> None:
    expected = stats.binomtest(successes, n).proportion_ci(confidence_level=0.95, method="wilson")
    assert llm_eval.wilson_interval(successes, n) == pytest.approx((expected.low, expected.high), abs=1e-9)


def test_wilson_interval_does_not_collapse_at_zero_successes() -> None:
    low, high = llm_eval.wilson_interval(0, 12)
    assert low == pytest.approx(0.0, abs=1e-12)
    assert 0.2 < high < 0.3  # zero attacks out of twelve does not prove a defence works


def test_kappa_matches_sklearn_on_random_labels() -> None:
    rng = np.random.default_rng(0)
    for _ in range(20):
        a = rng.integers(0, 3, size=200)
        b = np.where(rng.random(200) < 0.6, a, rng.integers(0, 3, size=200))
        assert llm_eval.cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)


def test_kappa_is_zero_for_a_rater_that_always_says_the_same_thing() -> None:
    human = np.array([1] * 83 + [0] * 17)
    assert llm_eval.cohen_kappa(human, np.ones(100, dtype=int)) == 0.0
    assert llm_eval.cohen_kappa(human, human) == 1.0


def test_mcnemar_counts_only_discordant_items_and_matches_the_exact_binomial() -> None:
    a = np.array([1] * 50 + [1] * 10 + [0] * 2 + [0] * 8)
    b = np.array([1] * 50 + [0] * 10 + [1] * 2 + [0] * 8)
    result = llm_eval.mcnemar_test(a, b)
    assert (result["a_only"], result["b_only"]) == (10, 2)
    assert result["p_value"] == pytest.approx(2 * (1 + 12 + 66) / 4096)  # 2 * P(X <= 2), X ~ Binomial(12, 0.5)


def test_paired_bootstrap_of_identical_systems_is_exactly_zero() -> None:
    correct = np.random.default_rng(1).integers(0, 2, size=300)
    result = llm_eval.paired_bootstrap(correct, correct)
    assert result["difference"] == result["low"] == result["high"] == 0.0


def test_paired_bootstrap_is_deterministic_for_a_seed() -> None:
    rng = np.random.default_rng(2)
    a, b = rng.integers(0, 2, size=200), rng.integers(0, 2, size=200)
    assert llm_eval.paired_bootstrap(a, b, seed=5) == llm_eval.paired_bootstrap(a, b, seed=5)


def test_gate_rule_fails_exactly_when_the_lower_bound_is_below_minus_max_drop() -> None:
    assert llm_eval.gate_passes(lower_bound=-0.02, max_drop=0.02)
    assert llm_eval.gate_passes(lower_bound=0.01, max_drop=0.02)
    assert not llm_eval.gate_passes(lower_bound=-0.021, max_drop=0.02)
    assert not llm_eval.gate_passes(lower_bound=-0.001, max_drop=0.0)


def test_gate_passes_an_equal_candidate_and_fails_a_clearly_worse_one() -> None:
    rng = np.random.default_rng(3)
    baseline = (rng.random(500) < 0.9).astype(int)
    worse = np.where(rng.random(500) < 0.1, 0, baseline)  # loses about 9 points
    assert llm_eval.regression_gate(baseline, baseline.copy()).passed
    verdict = llm_eval.regression_gate(baseline, worse)
    assert not verdict.passed
    assert str(verdict).startswith("FAIL")
