"""Reporting helpers for the fairness audit notebook: an interval, two tables, two plots and a model card.

They live here so that the notebook shows the audit itself; each function takes
the objects the notebook computed (Fairlearn ``MetricFrame`` results, pandas
tables) and only formats or draws them.
"""

from __future__ import annotations

import re

import fairlearn
import markdown
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import sklearn
from fairlearn.metrics import MetricFrame
from IPython.display import HTML, display


def selection_gap_interval(frame: MetricFrame, z: float = 1.96) -> tuple[float, float]:
    """Normal-approximation interval for the gap between the highest and lowest group selection rate.

    FRAME must hold the metrics "selection rate" and "applicants" (a count) per group.
    """
    rate, size = frame.by_group["selection rate"], frame.by_group["applicants"]
    gap = rate.max() - rate.min()
    # The rates come from independent groups, so their variances add.
    standard_error = np.sqrt((rate * (1 - rate) / size).sum())
    return gap - z * standard_error, gap + z * standard_error


def gap_metrics(frame: MetricFrame) -> pd.Series:
    """Overall accuracy, demographic parity difference and ratio, and equalized odds difference, from a MetricFrame.

    The three gaps equal Fairlearn's demographic_parity_difference, demographic_parity_ratio
    and equalized_odds_difference (with its default "worst case" aggregation).
    """
    difference, ratio = frame.difference(), frame.ratio()
    return pd.Series(
        {
            "accuracy": frame.overall["accuracy"],
            "demographic parity difference": difference["selection rate"],
            "demographic parity ratio": ratio["selection rate"],
            "equalized odds difference": max(difference["TPR"], difference["FPR"]),
        }
    )


def describe_thresholds(optimizer) -> str:
    """One line per group: the approval cutoff a fitted ThresholdOptimizer applies (averaged if it randomizes)."""
    lines = []
    for group, rule in optimizer.interpolated_thresholder_.interpolation_dict.items():
        cutoff = rule["p0"] * rule["operation0"].threshold + rule["p1"] * rule["operation1"].threshold
        lines.append(f"{group:<7} approve when the predicted probability of repaying exceeds about {cutoff:.2f}")
    return "\n".join(lines)


def compare_by_group(before: MetricFrame, after: MetricFrame) -> pd.DataFrame:
    """Long table of each rate per group before and after, and the change."""

    def rates(frame: MetricFrame) -> pd.Series:
        return frame.by_group[["selection rate", "TPR", "FPR", "accuracy"]].T.stack()

    table = pd.DataFrame({"before": rates(before), "after": rates(after)})
    table["change"] = table["after"] - table["before"]
    return table


def plot_occupation_weights(weights: pd.Series, share_women: pd.Series) -> None:
    """Scatter the model's (centered) weight for each occupation against the share of women in it."""
    occupation = weights.filter(like="occupation_").rename(lambda name: name.removeprefix("occupation_"))
    occupation -= occupation.mean()  # one-hot weights only mean something relative to each other
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.scatter(share_women[occupation.index], occupation, color="tab:blue", s=50)
    # Alternate labels above and below the points, in order of share, so neighbors do not overlap.
    for rank, name in enumerate(share_women[occupation.index].sort_values().index):
        ax.annotate(
            name,
            (share_women[name], occupation[name]),
            textcoords="offset points",
            xytext=(6, 5 if rank % 2 == 0 else -13),
            fontsize=9,
        )
    ax.axhline(0, color="tab:gray", linewidth=0.8)
    ax.set(
        xlim=(0, 1),
        xlabel="share of women in the occupation (training data)",
        ylabel="model weight (log-odds of repaying, centered)",
        title="The sex-blind model penalizes occupations that employ women",
    )
    ax.margins(y=0.15)
    fig.tight_layout()
    plt.show()


def plot_before_after(before: MetricFrame, after: MetricFrame, label_after: str) -> None:
    """Bars of selection rate, TPR and FPR per group, before and after a mitigation."""
    metrics = ["selection rate", "TPR", "FPR"]
    groups = list(before.by_group.index)
    x = np.arange(len(groups))
    fig, axes = plt.subplots(1, len(metrics), figsize=(9, 4), sharey=True)
    for ax, metric in zip(axes, metrics):
        ax.bar(x - 0.2, before.by_group[metric], width=0.4, color="tab:gray", label="before")
        ax.bar(x + 0.2, after.by_group[metric], width=0.4, color="tab:blue", label=f"after ({label_after})")
        for bars in ax.containers:
            ax.bar_label(bars, fmt="%.2f", fontsize=8)
        ax.set(xticks=x, xticklabels=groups, title=metric, ylim=(0, 1.15))
    axes[0].set_ylabel("rate (0 to 1)")
    fig.legend(*axes[0].get_legend_handles_labels(), loc="lower center", ncols=2, frameon=False)
    fig.suptitle("Per-group rates before and after the mitigation")
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    plt.show()


def _group_table(audits: dict[str, MetricFrame]) -> str:
    lines = ["| Model | Group | Applicants | Accuracy | Approved | TPR | FPR |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for model, frame in audits.items():
        for group, row in frame.by_group.iterrows():
            lines.append(
                f"| {model} | {group} | {int(row['applicants']):,} | {row['accuracy']:.3f} | "
                f"{row['selection rate']:.0%} | {row['TPR']:.2f} | {row['FPR']:.2f} |"
            )
    return "\n".join(lines)


def model_card(
    *,
    applications: pd.DataFrame,
    split_sizes: tuple[int, int, int],
    features: list[str],
    seed: int,
    comparison: pd.DataFrame,
    proxy_auc: float,
    deployed: MetricFrame,
    mitigated: MetricFrame,
) -> str:
    """A model card in Markdown (after Mitchell et al., 2019), filled in from the audit's results.

    ``comparison`` has one row per feature set (the output of ``gap_metrics``);
    ``deployed`` and ``mitigated`` are the test-set MetricFrames of the two models.
    """
    n_train, n_val, n_test = split_sizes
    repaid = applications.groupby("sex", observed=True)["repaid"].mean()
    blind, no_occupation = comparison.loc["sex left out (deployed)"], comparison.loc["sex and occupation left out"]
    low, high = selection_gap_interval(deployed)
    audits = {"deployed": deployed, "parity thresholds": mitigated}
    deployed, mitigated = gap_metrics(deployed), gap_metrics(mitigated)
    return f"""# Model card: personal-loan repayment model (teaching example)

## Model details
Version 1, scikit-learn {sklearn.__version__}, Fairlearn {fairlearn.__version__}. Logistic regression pipeline that approves
when the predicted probability of repaying is 0.5 or more. Features: {", ".join(features)}; not sex.

## Intended use
Teaching a fairness audit. **Out of scope:** any real lending decision or population.

## Factors
Sex. Age, race and intersections were **not** audited.

## Metrics
Accuracy; per group approval rate, TPR and FPR (approval is favorable); demographic parity and equalized odds gaps.

## Training and evaluation data
{len(applications):,} synthetic applications (`lending_data.py`, seed {seed}), {(applications["sex"] == "female").mean():.0%} women;
{n_train:,} training, {n_val:,} validation (fits the thresholds), {n_test:,} test.
Recorded repayment: {repaid["female"]:.0%} of women, {repaid["male"]:.0%} of men; these labels understate women's
creditworthiness by construction.

## Quantitative analyses (test set)
Deployed model: accuracy {blind["accuracy"]:.3f}; demographic parity difference {deployed["demographic parity difference"]:.2f}
(95% interval {low:.2f} to {high:.2f}), ratio {deployed["demographic parity ratio"]:.2f} (below four-fifths),
equalized odds difference {deployed["equalized odds difference"]:.2f}. The features predict sex with ROC-AUC {proxy_auc:.2f}.
Leaving out occupation too: difference {no_occupation["demographic parity difference"]:.2f}, accuracy {no_occupation["accuracy"]:.3f}.
With parity thresholds: accuracy {mitigated["accuracy"]:.3f}, ratio {mitigated["demographic parity ratio"]:.2f}, equalized odds difference {mitigated["equalized odds difference"]:.2f}.

{_group_table(audits)}

## Ethical considerations
Leaving out sex did not remove the disparity: occupation, a proxy, rebuilds much of it. The thresholded variant
uses different cutoffs by sex, which Regulation B (12 CFR 1002.6(b)(1)) generally forbids in US credit, and raises
women's false-positive rate. The recorded labels carry past unequal treatment, so accuracy on them overstates
the cost of mitigation.

## Caveats and recommendations
Next: retrain without occupation and audit again; do not deploy the thresholded variant as it stands. Which criterion to enforce is a policy
decision. Outcomes exist only for approved applicants (selective labels).
"""


def save_and_show(text: str, path: str, demote: int = 2) -> None:
    """Write the Markdown TEXT to PATH and render it in the notebook, headings demoted to nest under the current section."""
    with open(path, "w", encoding="utf-8") as file:
        file.write(text)
    html = markdown.markdown(text, extensions=["tables"])
    html = re.sub(r"<(/?)h([1-6])>", lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + demote, 6)}>", html)
    display(HTML(html))
