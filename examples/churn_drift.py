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
* **Concept drift** (from September 2026): a competitor undercuts expensive
  fiber plans. Fiber customers paying more than ``COMPETITOR_PRICE_LINE`` a
  month now cancel more often than the same features used to imply; the
  effect grows over ``COMPETITOR_RAMP_MONTHS`` months. Only the labels show it.

The monitoring lives here too, so that the notebook can stay short:

* drift: :func:`psi` (the population stability index, with bins taken from
  the reference data and bins of their own for missing values and unseen
  categories) and :func:`drift_report` (PSI, null rates and the two-sample
  Kolmogorov-Smirnov test for every feature);
* performance once labels arrive: :func:`performance`, :func:`monthly_performance`;
* the retraining policy: :class:`RetrainingPolicy`, :func:`retrain_challenger`;
* the monthly line charts: :func:`plot_by_month`, :func:`plot_performance`.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy import stats
from sklearn.metrics import confusion_matrix, roc_auc_score

import churn_service
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
    ``customer_id``, ``month`` (``"YYYY-MM"``) and ``churned``. A customer can
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
        X.insert(1, "month", str(month))
        X["churned"] = churned
        frames.append(X)
    return pd.concat(frames, ignore_index=True)


def labels_known_by(month: str) -> str:
    """The last production month (``"YYYY-MM"``) whose labels are complete at the end of ``month``."""
    return str(pd.Period(month, "M") - LABEL_DELAY_MONTHS)


def mix_by_month(reference_X: pd.DataFrame, reference_y: pd.Series, traffic: pd.DataFrame) -> pd.DataFrame:
    """Customers, fiber share, mean monthly charges and churn rate: the training snapshot, then each month."""

    def mix(frame: pd.DataFrame, labels: pd.Series) -> dict:
        return {
            "customers": len(frame),
            "fiber share": round((frame["internet_service"] == "Fiber optic").mean(), 3),
            "mean monthly charges": round(frame["monthly_charges"].mean(), 1),
            "churn rate": round(labels.mean(), 3),
        }

    rows = {"training": mix(reference_X, reference_y)}
    rows |= {month: mix(frame, frame["churned"]) for month, frame in traffic.groupby("month")}
    return pd.DataFrame(rows).T.astype({"customers": int})


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
    """PSI and null rates for every feature; for numeric ones also the KS statistic and p-value.

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


def monthly_drift(reference: pd.DataFrame, traffic: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """:func:`drift_report` of each production month against the reference, by month."""
    return {month: drift_report(reference, frame) for month, frame in traffic.groupby("month")}


def null_rate_rise(reports: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Each feature's null rate minus its training null rate, by month (features as rows)."""
    return pd.DataFrame({month: r["null_rate_current"] - r["null_rate_reference"] for month, r in reports.items()})


def ks_by_month(reports: dict[str, pd.DataFrame], feature: str) -> pd.DataFrame:
    """PSI, KS statistic and KS p-value of one numeric feature per month (months without values left out)."""
    table = pd.DataFrame(
        {month: report.loc[feature, ["psi", "ks_statistic", "ks_pvalue"]] for month, report in reports.items()}
    ).T
    table = table.dropna().astype(float)
    return table.round(3).assign(ks_pvalue=table["ks_pvalue"].map("{:.1e}".format))


def significance_vs_size(values: pd.Series, shift: float, sizes: list[int], seed: int = 3) -> pd.DataFrame:
    """PSI and KS for the same small shift at growing sample sizes.

    For each size ``n``, draws two samples of ``n`` from ``values`` and adds
    ``shift`` to the second, so the true difference never changes: only the
    sample size does.
    """
    rng = np.random.default_rng(seed)
    rows = {}
    for n in sizes:
        before = pd.Series(rng.choice(values.dropna(), n))
        after = pd.Series(rng.choice(values.dropna(), n) + shift)
        test = stats.ks_2samp(before, after)
        rows[n] = {
            "PSI": round(psi(before, after), 3),
            "KS statistic": round(test.statistic, 3),
            # A p-value below the smallest float prints as 0; say so instead.
            "KS p-value": f"{test.pvalue:.1e}" if test.pvalue > 0 else "< 1e-300",
        }
    return pd.DataFrame(rows).T.rename_axis("rows")


def output_drift(model, reference: pd.DataFrame, traffic: pd.DataFrame) -> pd.DataFrame:
    """Mean score and share flagged: the training snapshot, then each month. Needs no labels."""
    features = list(model.metadata["features"])

    def summary(frame: pd.DataFrame) -> dict:
        scores = model.pipeline.predict_proba(frame[features])[:, 1]
        return {"mean score": scores.mean(), "share flagged": (scores >= model.metadata["threshold"]).mean()}

    rows = {"training": summary(reference)} | {month: summary(frame) for month, frame in traffic.groupby("month")}
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------
# Performance, once labels arrive
# --------------------------------------------------------------------------

COST_MISSED_CHURNER = 150  # dollars of margin lost
COST_WASTED_OFFER = 30  # dollars for a retention offer to a customer who would have stayed


def performance(model, frame: pd.DataFrame) -> dict:
    """ROC-AUC, recall at the model's threshold and cost per scored customer on labeled rows.

    ``model`` is a ``churn_service.TrainedModel``; ``frame`` holds its features and ``churned``.
    """
    proba = model.pipeline.predict_proba(frame[list(model.metadata["features"])])[:, 1]
    flagged = proba >= model.metadata["threshold"]
    _, fp, fn, tp = confusion_matrix(frame["churned"], flagged, labels=[0, 1]).ravel()
    return {
        "roc_auc": roc_auc_score(frame["churned"], proba),
        "recall": tp / (tp + fn),
        "cost_per_customer": (COST_MISSED_CHURNER * fn + COST_WASTED_OFFER * fp) / len(frame),
    }


def monthly_performance(model, traffic: pd.DataFrame) -> pd.DataFrame:
    """:func:`performance` for each month, with the month its labels are complete."""
    table = pd.DataFrame({month: performance(model, frame) for month, frame in traffic.groupby("month")}).T
    table["labels_complete"] = [str(pd.Period(month, "M") + LABEL_DELAY_MONTHS) for month in table.index]
    return table


# --------------------------------------------------------------------------
# The retraining policy
# --------------------------------------------------------------------------


@dataclass
class RetrainingPolicy:
    """When to fix data, when to investigate, when to retrain; reviewed at the end of every month.

    1. Data incident: a feature's null rate more than ``null_rate_jump`` above
       training. Fix the feed, rescore, exclude the month from training data.
    2. Drift: PSI above ``PSI_ALERT`` on one of ``top_features``. Investigate;
       drift alone never triggers retraining.
    3. Performance: on the latest month whose labels are complete, recall
       below ``recall_floor`` or ROC-AUC more than ``auc_tolerance`` below the
       model's test ROC-AUC. Retrain.
    """

    baseline_roc_auc: float
    top_features: list[str]
    null_rate_jump: float = 0.10
    recall_floor: float = 0.80
    auc_tolerance: float = 0.03

    def review(self, month: str, reports: dict, performance_by_month: pd.DataFrame, incidents: set[str]) -> list[str]:
        """Findings at the end of ``month``, using only what is known then; adds data incidents to ``incidents``."""
        findings = []
        report = reports[month]
        broken = report.index[report["null_rate_current"] - report["null_rate_reference"] > self.null_rate_jump]
        for name in broken:
            incidents.add(month)
            findings.append(f"data incident: {name} is {report.loc[name, 'null_rate_current']:.0%} null -> fix the feed, rescore")
        for name in self.top_features:
            if month not in incidents and report.loc[name, "psi"] > PSI_ALERT:
                findings.append(f"drift: PSI {report.loc[name, 'psi']:.2f} on {name} -> investigate")
        labeled = labels_known_by(month)
        if labeled in performance_by_month.index and labeled not in incidents:
            recall, auc = performance_by_month.loc[labeled, ["recall", "roc_auc"]]
            if recall < self.recall_floor or auc < self.baseline_roc_auc - self.auc_tolerance:
                findings.append(f"retrain: labels for {labeled} show recall {recall:.3f}, ROC-AUC {auc:.3f}")
        return findings


def retrain_challenger(traffic: pd.DataFrame, last_labeled: str, incidents: set[str]):
    """Train a challenger on every labeled month up to ``last_labeled`` except incident months.

    Uses the champion's own training code (``churn_service.train``). Returns
    the challenger and the holdout rows ``train`` set aside, for the gate.
    """
    recent = traffic[(traffic["month"] <= last_labeled) & ~traffic["month"].isin(incidents)]
    challenger = churn_service.train(recent[churn_service.FEATURES], recent["churned"], snapshot_date=f"{last_labeled}-end")
    _, holdout, _, _ = churn_service.holdout_split(recent, recent["churned"])
    return challenger, holdout


# --------------------------------------------------------------------------
# Charts
# --------------------------------------------------------------------------


def plot_by_month(
    lines: pd.DataFrame,
    title: str,
    ylabel: str,
    reference_lines: dict[str, float] | None = None,
    log: bool = False,
    ylim: tuple[float, float] | None = None,
    shade_from: str | None = None,
    shade_label: str = "",
) -> plt.Axes:
    """One line per column of ``lines`` (indexed by month), dashed reference lines, an optional shaded period."""
    months = [str(month) for month in PRODUCTION_MONTHS]
    fig, ax = plt.subplots(figsize=(7, 4))
    for (name, values), marker in zip(lines.items(), "osD^v"):
        ax.plot([months.index(m) for m in values.index], values.to_numpy(), marker=marker, label=name)
    for (name, value), style in zip((reference_lines or {}).items(), [":", "--", "-."]):
        ax.axhline(value, color="tab:gray", linestyle=style, label=name)
    if shade_from:
        ax.axvspan(months.index(shade_from) - 0.5, len(months) - 0.5, color="tab:gray", alpha=0.12, label=shade_label)
    ax.set_xticks(range(len(months)), months, rotation=45)
    ax.set(title=title, xlabel="production month", ylabel=ylabel)
    if log:
        ax.set_yscale("log")
    if ylim:
        ax.set_ylim(*ylim)
    ax.legend(fontsize=8, loc="best")
    fig.tight_layout()
    return ax


def plot_performance(champion: pd.DataFrame, challenger: pd.DataFrame, recall_floor: float) -> plt.Axes:
    """Champion recall and ROC-AUC by month, the challenger's recall from its first month, and the recall floor."""
    lines = {
        "champion recall": champion["recall"],
        "challenger recall": challenger["recall"],
        "champion ROC-AUC": champion["roc_auc"],
    }
    return plot_by_month(
        pd.DataFrame(lines).astype(float),
        title="Performance by month, before and after retraining",
        ylabel="score on that month's customers",
        ylim=(0.6, 1.0),
        reference_lines={f"recall floor {recall_floor}": recall_floor},
        shade_from=str(COMPETITOR_LAUNCH),
        shade_label="competitor active",
    )
