"""Helpers for the explain-a-model notebook: grouped permutation importance and two plot tidy-ups.

They live here so that the notebook shows the explanation methods themselves.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from sklearn.metrics import r2_score


def grouped_permutation_importance(model, X: pd.DataFrame, y, columns: list[str], n_repeats: int = 30, seed: int = 0) -> float:
    """Mean drop in R² when COLUMNS are shuffled together, with one permutation of rows for all of them.

    Shuffling a correlated group jointly keeps the relationship inside the group
    and asks "what if the model lost this whole group?", which shuffling one
    column at a time understates.
    """
    rng = np.random.default_rng(seed)
    baseline = r2_score(y, model.predict(X))
    drops = []
    for _ in range(n_repeats):
        shuffled = X.copy()
        shuffled[columns] = X[columns].to_numpy()[rng.permutation(len(X))]
        drops.append(baseline - r2_score(y, model.predict(shuffled)))
    return float(np.mean(drops))


def plot_permutation_importance(tables: dict[str, pd.DataFrame], title: str) -> pd.DataFrame:
    """Horizontal bars (mean, with the standard deviation as error bars) for one or more models.

    Each table has the columns "mean" and "std", indexed by feature; features
    missing from a model are drawn as empty. Returns the means, one column per model.
    """
    features = list(next(iter(tables.values())).index)
    positions = np.arange(len(features))
    height = 0.8 / len(tables)
    fig, ax = plt.subplots(figsize=(7, 4))
    for number, (name, table) in enumerate(tables.items()):
        table = table.reindex(features)
        offset = (number - (len(tables) - 1) / 2) * height
        ax.barh(
            positions + offset,
            table["mean"],
            height=height,
            xerr=table["std"],
            label=f"model {name}",
            color=plt.get_cmap("tab10")(number),
        )
    ax.set_yticks(positions, features)
    ax.invert_yaxis()
    ax.set(xlabel="drop in test R² when the feature is shuffled", title=title)
    ax.legend(loc="lower right")
    fig.tight_layout()
    plt.show()
    return pd.DataFrame({name: table["mean"] for name, table in tables.items()}).reindex(features)


def tidy_waterfall(fig: Figure, title: str, xlabel: str) -> None:
    """Give a shap waterfall figure a title, an axis label and room on the left for small negative bars.

    shap draws the base-value and prediction labels on twin axes, which must keep
    the same x-limits as the main axes.
    """
    left, right = fig.axes[0].get_xlim()
    for ax in fig.axes:
        ax.set_xlim(left - 0.12 * (right - left), right)
    fig.axes[0].set_xlabel(xlabel, labelpad=22)
    fig.suptitle(title)


def beeswarm(explanation, title: str, xlabel: str) -> None:
    """Draw shap's beeswarm summary as an ordinary matplotlib figure with a title and a labeled axis."""
    import shap  # imported here: the other helpers do not need shap

    fig, ax = plt.subplots(figsize=(7, 4.5))
    shap.plots.beeswarm(explanation, ax=ax, plot_size=None, show=False)
    ax.set(title=title, xlabel=xlabel)
    fig.tight_layout()
    plt.show()


def mean_abs_shap(explanation) -> pd.Series:
    """Mean absolute SHAP value of each feature: a global importance on the scale of the model's output."""
    return pd.Series(np.abs(explanation.values).mean(axis=0), index=explanation.feature_names)
