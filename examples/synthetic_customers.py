"""Synthetic customers of an online and in-store retailer, for the segmentation example.

Real customer data is personal data: it cannot ship with a handbook. This
module generates customers that behave like a retailer's: each belongs to one
of five hidden archetypes, and their recency, frequency and spend follow the
skewed distributions such data has in practice (a few customers spend far
more than the rest; most bought recently, a long tail did not).

The archetype of each customer is returned separately, so that a notebook can
check how well a clustering method recovers it. Real data has no such answer
key; use it to judge the method, never to fit it.

Everything is drawn from ``numpy.random.default_rng(seed)``, so the same seed
gives the same customers on every machine.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# Share of customers and behavior of each hidden archetype. Rates are per
# customer: mean days since the last order, mean orders in the last 12 months,
# median order value in dollars, tenure range in months, and the mean share of
# orders placed online or bought on discount.
ARCHETYPES = {
    "loyal big spenders": dict(share=0.08, recency=8, orders=24, order_value=140, tenure=(24, 96), online=0.5, discount=0.10),
    "regulars": dict(share=0.37, recency=35, orders=7, order_value=55, tenure=(12, 84), online=0.4, discount=0.20),
    "deal seekers": dict(share=0.20, recency=20, orders=10, order_value=25, tenure=(6, 60), online=0.8, discount=0.65),
    "newcomers": dict(share=0.13, recency=15, orders=2, order_value=50, tenure=(1, 4), online=0.7, discount=0.30),
    "lapsed": dict(share=0.22, recency=220, orders=1.5, order_value=45, tenure=(18, 96), online=0.3, discount=0.25),
}

FEATURES = ["recency_days", "orders_12m", "spend_12m", "tenure_months", "online_share", "discount_share"]


def _beta(rng: np.random.Generator, mean: float, concentration: float, size: int) -> np.ndarray:
    """Shares between 0 and 1 with the given mean; higher concentration means less spread."""
    return rng.beta(mean * concentration, (1 - mean) * concentration, size)


def make_customers(n_customers: int = 3000, seed: int = 0) -> tuple[pd.DataFrame, pd.Series]:
    """Return (customers, archetype): one row per customer with the columns in FEATURES.

    - recency_days: days since the last order (exponential, long right tail)
    - orders_12m: orders in the last 12 months (negative binomial, at least 1)
    - spend_12m: dollars spent in the last 12 months (orders times log-normal order values)
    - tenure_months: months since the first order
    - online_share: share of orders placed online rather than in a store
    - discount_share: share of items bought on discount
    """
    rng = np.random.default_rng(seed)
    names = list(ARCHETYPES)
    shares = np.array([ARCHETYPES[name]["share"] for name in names])
    archetype = rng.choice(len(names), size=n_customers, p=shares / shares.sum())

    columns = {feature: np.empty(n_customers) for feature in FEATURES}
    for index, name in enumerate(names):
        spec = ARCHETYPES[name]
        members = archetype == index
        n = int(members.sum())
        tenure = rng.uniform(*spec["tenure"], n)
        # Nobody can have gone longer without an order than they have been a customer.
        recency = np.minimum(rng.exponential(spec["recency"], n), tenure * 30.4)
        # Negative binomial with dispersion 3: counts more spread out than Poisson, as real purchase counts are.
        orders = 1 + rng.negative_binomial(3, 3 / (3 + spec["orders"] - 1), n)
        order_values = rng.lognormal(np.log(spec["order_value"]), 0.5, n)
        columns["recency_days"][members] = np.round(recency)
        columns["orders_12m"][members] = orders
        columns["spend_12m"][members] = np.round(orders * order_values, 2)
        columns["tenure_months"][members] = np.round(tenure)
        columns["online_share"][members] = _beta(rng, spec["online"], 8, n)
        columns["discount_share"][members] = _beta(rng, spec["discount"], 10, n)

    customers = pd.DataFrame(columns).astype({"recency_days": int, "orders_12m": int, "tenure_months": int})
    customers.index.name = "customer"
    return customers, pd.Series(np.array(names)[archetype], index=customers.index, name="archetype")
