"""Cleaning and preprocessing for the churn modeling table, shared by the churn notebooks.

The cleaning notebook (``churn-cleaning-features.ipynb``) builds these steps
one at a time and explains each; the later notebooks import them so that every
model in the handbook's churn example sees the same features.

The split of work follows one rule: a step that needs no statistics from the
data (fixing a spelling, parsing a number, dropping a duplicated record) is
*stateless* and may run once, on the whole table, before the train/test split
(:func:`clean`). A step that learns something from the data (a median to impute
with, a mean and standard deviation to scale with, the list of categories to
encode) is *fitted*, and belongs inside the model's ``Pipeline``
(:func:`build_preprocessor`) so that cross-validation and the test set never
leak into it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

import churn_data
from churn_data import SNAPSHOT_DATE

TARGET = "churned"

NUMERIC_FEATURES = [
    "tenure_months",
    "senior_citizen",
    "monthly_charges",
    "late_payment_share",
    "late_payments_6m",
    "unpaid_balance",
    "charge_trend",
    "tickets_total",
    "tickets_90d",
    "tech_tickets_90d",
    "avg_hours_to_resolve",
    "days_since_last_ticket",
]
"""Numeric model inputs. ``n_bills`` and ``last_amount_due`` are left out: they
almost repeat ``tenure_months`` and ``monthly_charges``."""

CATEGORICAL_FEATURES = [
    "contract",
    "payment_method",
    "internet_service",
    "paperless_billing",
    "partner",
    "dependents",
    "region",
]

LEAKY_COLUMNS = ["retention_offer_sent", "account_status"]
"""Columns recorded after the snapshot for the customers that matter: the
retention offer is sent when a customer calls to cancel, and the account status
is today's. They predict churn almost perfectly in training and are not known
when the model has to predict. Never use them as features."""

CHARGES_ENTRY_ERROR_THRESHOLD = 1000.0
"""No plan costs more than about $150 a month; a value above $1,000 was typed
in cents. A fixed business rule, not a quantile learned from the data."""

# Every spelling seen in the CRM, mapped to one canonical value. A spelling not
# listed here raises an error in clean(): a new variant should be looked at and
# added, not silently turned into a category of its own.
CATEGORY_SPELLINGS = {
    "contract": {
        "month-to-month": "Month-to-month",
        "month to month": "Month-to-month",
        "m2m": "Month-to-month",
        "one year": "One year",
        "1 year": "One year",
        "two year": "Two year",
        "2 year": "Two year",
    },
    "payment_method": {
        "electronic check": "Electronic check",
        "mailed check": "Mailed check",
        "bank transfer (automatic)": "Bank transfer (automatic)",
        "credit card (automatic)": "Credit card (automatic)",
    },
    "internet_service": {
        "fiber optic": "Fiber optic",
        "fibre optic": "Fiber optic",
        "dsl": "DSL",
        "no": "No",
    },
    "region": {name.lower(): name for name in churn_data.REGIONS},
    "paperless_billing": {"yes": "Yes", "no": "No"},
    "partner": {"yes": "Yes", "no": "No"},
    "dependents": {"yes": "Yes", "no": "No"},
}


def normalize_category(values: pd.Series, spellings: dict[str, str]) -> pd.Series:
    """Map every known spelling (compared trimmed and lower-cased) to its canonical value.

    Missing values stay missing. An unknown spelling raises ``ValueError``
    naming it, so that a new variant in the source is noticed.
    """
    key = values.str.strip().str.lower()
    unknown = sorted(set(key.dropna()) - set(spellings))
    if unknown:
        raise ValueError(f"{values.name}: unknown spellings {unknown}; add them to CATEGORY_SPELLINGS")
    return key.map(spellings)


def parse_charges(text: pd.Series) -> pd.Series:
    """Parse monthly charges exported as text: a decimal comma becomes a point, blanks and "n/a" become NaN."""
    cleaned = text.str.strip().str.replace(",", ".", regex=False).replace({"": None, "n/a": None})
    return pd.to_numeric(cleaned, errors="raise").astype("float64")


def clean(df: pd.DataFrame) -> pd.DataFrame:
    """Apply the stateless fixes to the raw modeling table; safe before the split.

    1. Drop duplicated customers, keeping the first CRM record (the duplicates
       come from a re-run load and repeat the same customer).
    2. Normalize category spellings (see ``CATEGORY_SPELLINGS``).
    3. Parse ``monthly_charges`` from text to float.
    4. Mark charges typed in cents (above ``CHARGES_ENTRY_ERROR_THRESHOLD``) in
       ``charges_entry_error`` and set them to NaN, so that the pipeline imputes
       them like any other missing value instead of the model learning from
       a $9,000 plan.

    Nothing here learns from the data, so nothing here can leak. Imputation,
    scaling and encoding are in :func:`build_preprocessor`. Returns a new
    frame indexed by ``customer_id``.
    """
    out = df.drop_duplicates(subset="customer_id", keep="first").copy()
    for column, spellings in CATEGORY_SPELLINGS.items():
        out[column] = normalize_category(out[column], spellings)
    charges = parse_charges(out["monthly_charges"])
    entry_error = charges > CHARGES_ENTRY_ERROR_THRESHOLD
    out["charges_entry_error"] = entry_error.astype(int)
    out["monthly_charges"] = charges.mask(entry_error)
    out["signup_date"] = pd.to_datetime(out["signup_date"])
    return out.set_index("customer_id")


def build_preprocessor() -> ColumnTransformer:
    """The fitted part of the preparation, to put first in a model ``Pipeline``.

    Numeric columns: impute the median (and add a 0/1 "was missing" column,
    because a customer without tickets or without a recorded charge is
    information), then standardize. Categorical columns: fill missing with the
    category ``"missing"``, then one-hot encode; categories unseen in training
    are ignored (all zeros) instead of crashing the model in production.
    The output is a pandas DataFrame with readable column names.
    """
    numeric = make_pipeline(
        SimpleImputer(strategy="median", add_indicator=True),
        StandardScaler(),
    )
    categorical = make_pipeline(
        SimpleImputer(strategy="constant", fill_value="missing"),
        OneHotEncoder(handle_unknown="ignore", sparse_output=False),
    )
    preprocessor = ColumnTransformer(
        [
            ("numeric", numeric, NUMERIC_FEATURES),
            ("categorical", categorical, CATEGORICAL_FEATURES),
        ],
        verbose_feature_names_out=False,
    )
    return preprocessor.set_output(transform="pandas")


def load_dataset(
    as_of: str = SNAPSHOT_DATE,
    n_customers: int = 6000,
    seed: int = 7,
    db_path: str | Path | None = None,
) -> tuple[pd.DataFrame, pd.Series]:
    """Build the database, run the modeling query as of ``as_of``, clean, and split off the target.

    Returns ``X`` (the columns in ``NUMERIC_FEATURES`` and
    ``CATEGORICAL_FEATURES``, indexed by ``customer_id``; the leaky columns are
    dropped) and ``y`` (the 0/1 target ``churned``). Without ``db_path`` the
    database lives in a temporary directory that is deleted afterwards.
    """
    if db_path is None:
        with tempfile.TemporaryDirectory() as tmp:
            return load_dataset(as_of, n_customers, seed, Path(tmp) / "churn.db")
    churn_data.create_database(db_path, n_customers=n_customers, seed=seed)
    table = clean(churn_data.load_modeling_table(db_path, as_of=as_of)).drop(columns=LEAKY_COLUMNS)
    X = table[NUMERIC_FEATURES + CATEGORICAL_FEATURES]
    y = table[TARGET].astype(np.int64)
    return X, y
