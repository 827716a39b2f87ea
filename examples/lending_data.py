"""Synthetic loan applications with a known historical bias, for the fairness audit notebook.

Why synthetic: real credit data that include a protected attribute are rarely
shareable. They are personal financial data, the attribute is often not even
collected, and lenders cannot publish them. A simulation also has a second
advantage for teaching: we wrote the bias in ourselves, so we can check whether
an audit finds it.

Each row is one past applicant who got a loan. The columns a lender would see
are income, employment, occupation, credit history, debt and the loan amount,
plus ``sex``, the protected attribute. The label ``repaid`` says whether the
loan was repaid. Two mechanisms put a disparity between women and men into the
data:

1. Historical unequal treatment in the label. In the simulated past, women
   were charged a higher interest rate than men with the same risk. Higher
   payments make default more likely, so the recorded outcome understates how
   creditworthy women were. The column ``repaid_if_equal_terms`` holds what
   would have happened under equal terms; a real audit never sees it.
2. Proxies. ``occupation`` says nothing about repayment once income is known,
   but its mix differs sharply by sex, so a model that is not given ``sex``
   can still rebuild it. Part-time work, more common among women here, lowers
   income, which does matter for repayment: a legitimate path for part of the
   difference.

Everything is drawn from one seeded ``numpy.random.Generator``, so the same
seed always gives the same data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

OCCUPATIONS = ("care and health", "education", "office and admin", "retail and hospitality", "trades", "tech and engineering")
# Probability of each occupation, in the order above, for women and for men.
OCCUPATION_MIX = {
    "female": (0.34, 0.22, 0.24, 0.12, 0.02, 0.06),
    "male": (0.04, 0.05, 0.08, 0.15, 0.40, 0.28),
}
PART_TIME_SHARE = {"female": 0.30, "male": 0.08}
# Extra log-odds of default from the worse terms women were given in the past.
HISTORICAL_PENALTY_FOR_WOMEN = 0.8


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def make_loan_applications(n: int = 20_000, seed: int = 0, female_share: float = 0.45) -> pd.DataFrame:
    """Return N synthetic past loan applications with the outcome of each loan.

    Columns: ``sex`` (female/male), ``age``, ``occupation``, ``employment``
    (full-time/part-time), ``years_employed``, ``annual_income`` (thousands of
    US dollars), ``credit_history_years``, ``late_payments_2y`` (count in the
    last two years), ``debt_to_income`` (percent), ``loan_amount`` (thousands of
    US dollars), the label ``repaid`` (1 = repaid, as recorded) and
    ``repaid_if_equal_terms`` (1 = would have repaid without the historical
    penalty; for checking the audit only, never a feature).
    """
    rng = np.random.default_rng(seed)
    sex = np.where(rng.random(n) < female_share, "female", "male")
    is_female = sex == "female"

    age = rng.integers(21, 70, size=n)
    occupation = np.empty(n, dtype=object)
    for group, mix in OCCUPATION_MIX.items():
        rows = sex == group
        occupation[rows] = rng.choice(OCCUPATIONS, size=rows.sum(), p=mix)
    part_time = rng.random(n) < np.where(is_female, PART_TIME_SHARE["female"], PART_TIME_SHARE["male"])
    employment = np.where(part_time, "part-time", "full-time")
    years_employed = np.minimum(rng.gamma(2.0, 3.0, size=n), age - 18).round(1)

    # Income rises with age and tenure; part-time work earns about 45% less.
    log_income = np.log(52) + 0.008 * (age - 40) + 0.02 * np.minimum(years_employed, 15) - 0.6 * part_time
    annual_income = np.exp(log_income + rng.normal(0, 0.35, size=n)).round(1)
    credit_history_years = np.clip(age - 18 - rng.gamma(2.0, 2.0, size=n), 0, None).round(1)
    late_payments_2y = rng.poisson(np.exp(0.2 - 0.03 * credit_history_years))
    debt_to_income = np.clip(rng.normal(30, 11, size=n), 2, 75).round(1)
    loan_amount = np.clip(rng.lognormal(np.log(15), 0.5, size=n), 2, 80).round(1)

    # Log-odds of repaying under equal terms: affordability, debt and payment history.
    # Neither sex nor occupation appears here.
    creditworthiness = (
        0.5
        + 1.4 * np.log(annual_income / 52)
        - 0.045 * (debt_to_income - 30)
        - 0.55 * late_payments_2y
        + 0.04 * np.minimum(credit_history_years, 20)
        + 0.05 * np.minimum(years_employed, 10)
        - 0.9 * np.log(loan_amount / 15)
    )
    # One uniform draw per applicant decides both outcomes, so the historical
    # penalty only ever turns a repayment into a default, never the reverse.
    draw = rng.random(n)
    repaid_if_equal_terms = draw < _sigmoid(creditworthiness)
    repaid = draw < _sigmoid(creditworthiness - HISTORICAL_PENALTY_FOR_WOMEN * is_female)

    return pd.DataFrame(
        {
            "sex": pd.Categorical(sex, categories=["female", "male"]),
            "age": age,
            "occupation": pd.Categorical(occupation, categories=OCCUPATIONS),
            "employment": pd.Categorical(employment, categories=["full-time", "part-time"]),
            "years_employed": years_employed,
            "annual_income": annual_income,
            "credit_history_years": credit_history_years,
            "late_payments_2y": late_payments_2y,
            "debt_to_income": debt_to_income,
            "loan_amount": loan_amount,
            "repaid": repaid.astype(int),
            "repaid_if_equal_terms": repaid_if_equal_terms.astype(int),
        }
    )
