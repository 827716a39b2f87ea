"""The seasonal naive forecast as a scikit-learn regressor, for baselines.

Written for The ML Engineer Handbook (CC BY 4.0). "Same as one season ago"
(for daily retail data, the same weekday last week) is the baseline every
forecasting model must beat. As an estimator it goes through the same
backtest, metrics and tooling as the models it is compared with.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin


class SeasonalNaive(RegressorMixin, BaseEstimator):
    """Predict the value one season earlier, read from a lag column of X.

    ``lag_column`` names the feature that holds the lagged value (for a
    7-day horizon on daily data, the lag of 7 days). ``inverse_func`` undoes
    any transform applied to that feature, such as ``np.expm1`` for a
    ``log1p`` lag. There is nothing to learn: ``fit`` returns the estimator.
    """

    def __init__(self, lag_column: str = "lag_7", inverse_func=None):
        self.lag_column = lag_column
        self.inverse_func = inverse_func

    def fit(self, X, y=None):
        return self

    def predict(self, X):
        lagged = np.asarray(X[self.lag_column], dtype=float)
        return self.inverse_func(lagged) if self.inverse_func is not None else lagged
