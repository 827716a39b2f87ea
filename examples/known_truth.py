"""Synthetic regression data with known effects, for checking model explanations against the truth.

The target is built from the features by a formula we choose, plus noise:

    y = 2 * linear + 3 * [step > 0] + 1.5 * moderated * sign(moderator) + 2 * driver + noise

``linear`` and ``driver`` have the same straight-line effect; ``step`` adds 3
when positive; ``moderated`` raises or lowers y depending on the sign of
``moderator`` (an interaction: neither has an effect on its own, on average);
``twin`` is a noisy copy of ``driver`` (correlation about 0.96) with no effect
of its own; ``noise`` has no effect at all.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def make_known_truth(n: int = 2_000, seed: int = 0, twin_noise: float = 0.3) -> tuple[pd.DataFrame, pd.Series]:
    """Return N rows of the features above and the target y, drawn from one seeded generator.

    TWIN_NOISE is the standard deviation of the noise that separates ``twin``
    from ``driver``: smaller values make the two more strongly correlated.
    """
    rng = np.random.default_rng(seed)
    X = pd.DataFrame(
        {
            "linear": rng.normal(size=n),
            "step": rng.uniform(-2, 2, size=n),
            "moderated": rng.uniform(-2, 2, size=n),
            "moderator": rng.uniform(-2, 2, size=n),
            "driver": rng.normal(size=n),
        }
    )
    X["twin"] = X["driver"] + rng.normal(0, twin_noise, size=n)
    X["noise"] = rng.normal(size=n)
    y = (
        2 * X["linear"]
        + 3 * (X["step"] > 0)
        + 1.5 * X["moderated"] * np.sign(X["moderator"])
        + 2 * X["driver"]
        + rng.normal(0, 1, size=n)
    )
    return X, y.rename("y")
