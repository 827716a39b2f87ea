"""A keyword-rule classifier with the scikit-learn interface, for baselines.

Written for The ML Engineer Handbook (CC BY 4.0). Rules written by a domain
expert are the first baseline a text model must beat; wrapping them as an
estimator lets them go through the same cross-validation, metrics and
pipelines as any model.
"""

from __future__ import annotations

import re

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin


class KeywordRouter(ClassifierMixin, BaseEstimator):
    """Predict the label of the first rule whose regular expression matches.

    ``rules`` maps each label to a regular expression, checked in order and
    case-insensitively; a text that matches no rule gets ``default``. The
    rules learn nothing from data: ``fit`` only records the labels.
    """

    def __init__(self, rules: dict[str, str] | None = None, default: str = "other"):
        self.rules = rules
        self.default = default

    def fit(self, texts, labels):
        self.classes_ = np.unique(labels)
        self.patterns_ = {label: re.compile(pattern, re.IGNORECASE) for label, pattern in (self.rules or {}).items()}
        return self

    def predict(self, texts):
        return np.array(
            [next((label for label, pattern in self.patterns_.items() if pattern.search(text)), self.default) for text in texts]
        )
