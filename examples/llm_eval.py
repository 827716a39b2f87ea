"""Statistics for evaluating an LLM application: intervals, paired tests, agreement and a release gate.

Written for The ML Engineer Handbook (CC BY 4.0) and used by
llm-eval-and-security.ipynb. Every function takes plain arrays of per-item
results (1 for a correct or passing item, 0 otherwise), so the same harness
scores a classifier, a retrieval system or an LLM graded by people or by a
judge model.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval for a proportion of SUCCESSES out of N.

    Unlike the normal approximation p ± z·sqrt(p(1-p)/n), it stays inside
    [0, 1] and does not collapse to a single point at 0 or n successes, which
    matters for small eval sets and for rare events such as attack successes.
    """
    if n == 0:
        return 0.0, 1.0
    z = stats.norm.ppf(0.5 + confidence / 2)
    p = successes / n
    denominator = 1 + z**2 / n
    center = (p + z**2 / (2 * n)) / denominator
    half_width = z / denominator * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    return float(max(0.0, center - half_width)), float(min(1.0, center + half_width))


def rate_with_interval(outcomes, confidence: float = 0.95) -> dict[str, float]:
    """n, the share of ones in OUTCOMES and its Wilson interval, as a dict (one table row)."""
    outcomes = np.asarray(outcomes, dtype=int)
    low, high = wilson_interval(int(outcomes.sum()), len(outcomes), confidence)
    return {"n": len(outcomes), "rate": outcomes.mean() if len(outcomes) else float("nan"), "low": low, "high": high}


def sliced_rates(frame: pd.DataFrame, outcome: str, by: str, confidence: float = 0.95) -> pd.DataFrame:
    """``rate_with_interval`` of column OUTCOME for each value of column BY, plus an "all" row."""
    rows = {value: rate_with_interval(group[outcome], confidence) for value, group in frame.groupby(by, sort=True)}
    rows["all"] = rate_with_interval(frame[outcome], confidence)
    return pd.DataFrame(rows).T.astype({"n": int})


def paired_bootstrap(
    correct_a, correct_b, n_resamples: int = 10_000, confidence: float = 0.95, seed: int = 0
) -> dict[str, float]:
    """Difference in accuracy (B minus A) on the same items, with a percentile bootstrap interval.

    Items are resampled with replacement and both systems are scored on the
    same resample, so the interval reflects only how the two differ, not how
    hard the items are. Also returns the share of resamples where B is not
    better than A (a one-sided bootstrap p-value for "B is better").
    """
    a = np.asarray(correct_a, dtype=float)
    b = np.asarray(correct_b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"paired results must have the same length, got {len(a)} and {len(b)}")
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, len(a), size=(n_resamples, len(a)))
    diffs = (b[rows] - a[rows]).mean(axis=1)
    alpha = 1 - confidence
    low, high = np.quantile(diffs, [alpha / 2, 1 - alpha / 2])
    return {
        "difference": float(b.mean() - a.mean()),
        "low": float(low),
        "high": float(high),
        "p_b_not_better": float((diffs <= 0).mean()),
    }


def mcnemar_test(correct_a, correct_b) -> dict[str, float]:
    """McNemar's exact test on paired binary results.

    Only the discordant items carry information: ``a_only`` (A right, B
    wrong) and ``b_only`` (B right, A wrong). Under the null hypothesis that
    both systems are equally accurate, each discordant item is a fair coin,
    so the two-sided p-value is a binomial test of ``b_only`` out of
    ``a_only + b_only`` at 0.5.
    """
    a = np.asarray(correct_a, dtype=bool)
    b = np.asarray(correct_b, dtype=bool)
    a_only, b_only = int((a & ~b).sum()), int((~a & b).sum())
    discordant = a_only + b_only
    p_value = 1.0 if discordant == 0 else float(stats.binomtest(b_only, discordant, 0.5).pvalue)
    return {"a_only": a_only, "b_only": b_only, "p_value": p_value}


def cohen_kappa(labels_1, labels_2) -> float:
    """Cohen's kappa: agreement between two raters beyond what chance would give.

    kappa = (p_observed - p_chance) / (1 - p_chance), where p_chance is the
    agreement expected if each rater labeled at random with their own label
    frequencies. 1 is perfect agreement, 0 is chance level.
    """
    labels_1, labels_2 = np.asarray(labels_1), np.asarray(labels_2)
    categories = np.union1d(labels_1, labels_2)
    observed = float((labels_1 == labels_2).mean())
    chance = float(sum((labels_1 == c).mean() * (labels_2 == c).mean() for c in categories))
    if chance == 1.0:
        return 1.0 if observed == 1.0 else 0.0
    return (observed - chance) / (1 - chance)


@dataclass(frozen=True)
class GateResult:
    """A release gate's verdict, with the numbers it was based on."""

    passed: bool
    difference: float
    low: float
    high: float
    max_drop: float

    def __str__(self) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        return (
            f"{verdict}: candidate minus baseline = {self.difference:+.3f}, 95% interval [{self.low:+.3f}, {self.high:+.3f}]; "
            f"the rule needs the lower bound >= {-self.max_drop:+.3f}"
        )


def gate_passes(lower_bound: float, max_drop: float) -> bool:
    """The gate's rule: pass unless the interval's lower bound is below -MAX_DROP.

    The candidate must be shown to be at most MAX_DROP worse than the
    baseline (a non-inferiority test); a point estimate above zero is not
    enough, and neither is a noisy set too small to rule out a regression.
    """
    return lower_bound >= -max_drop


def regression_gate(correct_baseline, correct_candidate, max_drop: float = 0.02, seed: int = 0) -> GateResult:
    """Compare a candidate with the baseline on the same items and apply ``gate_passes`` to the paired bootstrap."""
    result = paired_bootstrap(correct_baseline, correct_candidate, seed=seed)
    return GateResult(gate_passes(result["low"], max_drop), result["difference"], result["low"], result["high"], max_drop)
