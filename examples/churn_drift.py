"""A year of simulated production traffic for the churn model, with drift, and the checks that find it.

The churn model is trained on the customers active on ``SNAPSHOT_DATE``
(30 June 2026). This module plays the following twelve months: each month the
batch job scores about 2,000 active customers, and their true outcomes
(cancelled within 90 days or not) arrive three months later. The months are
drawn from a pool of synthetic customers the model never saw (another seed of
``churn_data``), so that without drift, production looks like the test set.
Three things then change, on purpose:

* **Gradual data drift** (from July 2026): the customer mix shifts toward
  fiber and toward more expensive plans, a little more each month. It is
  simulated by reweighting the pool, so the relationship between features
  and churn is unchanged: only the inputs move.
* **A sudden break** (December 2026): a change in the CRM export sends
  ``monthly_charges`` as empty for every customer for one month. Nothing
  crashes: the pipeline imputes the training median, and the model loses one
  of its strongest inputs without a sound.
* **Concept drift** (from November 2026): a competitor undercuts expensive
  fiber plans. Fiber customers paying more than ``COMPETITOR_PRICE_LINE`` a
  month now cancel more often than the same features used to imply; the
  effect grows over four months. Only the labels show it.

Drift checks live here too: :func:`psi` (the population stability index,
with bins taken from the reference data and a bin of its own for missing
values) and :func:`drift_report` (PSI and the two-sample Kolmogorov-Smirnov
test for every feature).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from churn_features import CATEGORICAL_FEATURES, NUMERIC_FEATURES

PRODUCTION_MONTHS = pd.period_range("2026-07", periods=12, freq="M")
ROWS_PER_MONTH = 2000
LABEL_DELAY_MONTHS = 3
"""The label is a cancellation within 90 days, so a month's outcomes are complete three months later."""

# Gradual drift: the log-odds of sampling a customer grow by this much per month.
FIBER_TREND_PER_MONTH = 0.045  # fiber customers
CHARGES_TREND_PER_MONTH = 0.02  # per standard deviation of monthly charges

BROKEN_FEED_MONTH = pd.Period("2026-12", "M")
BROKEN_FEED_COLUMN = "monthly_charges"

COMPETITOR_LAUNCH = pd.Period("2026-09", "M")
COMPETITOR_PRICE_LINE = 75.0  # dollars a month
COMPETITOR_RAMP_MONTHS = 3
COMPETITOR_MAX_EXTRA_CHURN = 0.3
"""At full strength, a targeted customer who would have stayed leaves with this probability."""


def sampling_weights(pool: pd.DataFrame, months_since_snapshot: int) -> np.ndarray:
    """Relative chance of drawing each pool customer in a given month (gradual drift)."""
    fiber = (pool["internet_service"] == "Fiber optic").to_numpy()
    charges = pool["monthly_charges"].to_numpy()
    charges_z = np.nan_to_num((charges - np.nanmean(charges)) / np.nanstd(charges))
    logit = months_since_snapshot * (FIBER_TREND_PER_MONTH * fiber + CHARGES_TREND_PER_MONTH * charges_z)
    weights = np.exp(logit)
    return weights / weights.sum()


def competitor_strength(month: pd.Period) -> float:
    """Extra probability of cancelling for targeted customers: 0 before launch, ramping up to the maximum."""
    months_in = (month - COMPETITOR_LAUNCH).n + 1
    return COMPETITOR_MAX_EXTRA_CHURN * float(np.clip(months_in / COMPETITOR_RAMP_MONTHS, 0, 1))


def simulate_production(
    pool_X: pd.DataFrame,
    pool_y: pd.Series,
    rows_per_month: int = ROWS_PER_MONTH,
    seed: int = 11,
) -> pd.DataFrame:
    """Twelve months of scored traffic: the features as the model received them, plus the true label.

    Returns one row per customer and month with the feature columns,
    ``customer_id``, ``month`` (a ``Period``) and ``churned``. A customer can
    appear in several months, as real customers do. Deterministic for a seed.
    """
    rng = np.random.default_rng(seed)
    frames = []
    for step, month in enumerate(PRODUCTION_MONTHS, start=1):
        rows = rng.choice(len(pool_X), size=rows_per_month, p=sampling_weights(pool_X, step))
        X = pool_X.iloc[rows].reset_index()
        churned = pool_y.iloc[rows].to_numpy().copy()

        targeted = (X["internet_service"] == "Fiber optic") & (X["monthly_charges"] > COMPETITOR_PRICE_LINE)
        lured = targeted.to_numpy() & (rng.random(rows_per_month) < competitor_strength(month))
        churned[lured] = 1

        if month == BROKEN_FEED_MONTH:
            X[BROKEN_FEED_COLUMN] = np.nan
        X.insert(1, "month", month)
        X["churned"] = churned
        frames.append(X)
    return pd.concat(frames, ignore_index=True)


def labels_known_by(month: pd.Period) -> pd.Period:
    """The last production month whose labels are complete at the end of ``month``."""
    return month - LABEL_DELAY_MONTHS


# --------------------------------------------------------------------------
# Drift measures
# --------------------------------------------------------------------------

PSI_WATCH = 0.1
PSI_ALERT = 0.25
"""Rules of thumb from credit scoring, not statistical thresholds: below 0.1 stable, 0.1 to 0.25 a moderate
shift worth watching, above 0.25 a major shift."""


def _shares(codes: np.ndarray, n_bins: int) -> np.ndarray:
    return np.bincount(codes, minlength=n_bins) / len(codes)


def psi(reference: pd.Series, current: pd.Series, bins: int = 10, eps: float = 1e-4) -> float:
    """Population stability index of one feature: ``sum((c - r) * ln(c / r))`` over bins.

    Numeric features are cut at the deciles of the *reference* data (ties
    merged, so a mostly-zero count gets fewer bins), with open-ended outer
    bins so that values outside the training range still land somewhere.
    Categorical features use one bin per reference category plus one for
    categories never seen in the reference. Missing values get a bin of
    their own in both cases, so a field that turns empty shows up as drift
    instead of being dropped. Empty bins are floored at ``eps`` to keep the
    logarithm finite.
    """
    if isinstance(reference.dtype, pd.CategoricalDtype) or not pd.api.types.is_numeric_dtype(reference):
        categories = pd.Index(sorted(reference.dropna().unique()))
        n_bins = len(categories) + 2  # + unseen + missing

        def codes(values: pd.Series) -> np.ndarray:
            found = categories.get_indexer(values)
            found[(found < 0) & values.notna().to_numpy()] = len(categories)  # unseen category
            found[values.isna().to_numpy()] = len(categories) + 1
            return found
    else:
        edges = np.unique(np.nanquantile(reference.to_numpy(dtype=float), np.linspace(0, 1, bins + 1)[1:-1]))
        n_bins = len(edges) + 2  # + the bin above the last edge + missing

        def codes(values: pd.Series) -> np.ndarray:
            x = values.to_numpy(dtype=float)
            found = np.searchsorted(edges, x, side="right")
            found[np.isnan(x)] = len(edges) + 1
            return found

    r = np.clip(_shares(codes(reference), n_bins), eps, None)
    c = np.clip(_shares(codes(current), n_bins), eps, None)
    return float(np.sum((c - r) * np.log(c / r)))


def drift_report(reference: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """PSI for every feature; for numeric ones also the KS statistic and p-value and the null rates.

    The KS statistic is the largest gap between the two empirical cumulative
    distributions (an effect size between 0 and 1); its p-value says only
    whether a gap that large could be chance at these sample sizes, and with
    thousands of rows almost any gap is "significant".
    """
    rows = {}
    for name in NUMERIC_FEATURES + CATEGORICAL_FEATURES:
        row = {
            "psi": psi(reference[name], current[name]),
            "null_rate_reference": reference[name].isna().mean(),
            "null_rate_current": current[name].isna().mean(),
        }
        ref_values, cur_values = reference[name].dropna(), current[name].dropna()
        if name in NUMERIC_FEATURES and len(cur_values) > 0:
            ks = stats.ks_2samp(ref_values, cur_values)
            row |= {"ks_statistic": ks.statistic, "ks_pvalue": ks.pvalue}
        rows[name] = row
    return pd.DataFrame(rows).T
