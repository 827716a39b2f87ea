"""Synthetic churn data for a subscription telecom, messy on purpose.

The churn notebooks share one running example: a telecom-like business that
sells internet and phone plans by subscription, and wants to know which
customers will cancel in the next 90 days. This module makes that business's
database. Nothing is downloaded; every table is generated from a seed, so the
same call always returns the same rows.

The story the generator tells
-----------------------------
The company opened in July 2020. Each month, every active customer gets a bill
and may open support tickets, and some cancel. The monthly chance of
cancelling rises with

* a month-to-month contract (one- and two-year contracts carry a fee),
* short tenure (new customers have not settled in),
* high monthly charges and a recent price increase (a quarter of the base
  had one in the spring of 2026),
* fiber service (more outages, more technical tickets) and recent tickets,
* a habit of paying late and paying by electronic check.

In July 2026 a competitor launches cheaper fiber, so churn in the quarter
after the snapshot runs higher than before it. Region is noise: it does not
change the chance of cancelling. The data run to
the extraction date, 2026-09-30, three months past the snapshot date
``SNAPSHOT_DATE`` (2026-06-30). A model is trained "as of" the snapshot: its
features may use only what was known on that day, and its label is whether the
customer cancelled in the 90 days after it.

Tables
------
``accounts``
    The billing system's account register, one row per customer
    (primary key ``customer_id``). ``account_status`` is the status *today*
    (at extraction), not at the snapshot.
``customers``
    The CRM's profile export: demographics, contract, payment method, plan,
    monthly charges. Primary key ``record_id``; ``customer_id`` is a foreign
    key to ``accounts`` and is *not* unique here (see duplicates below).
``bills``
    One row per customer per month of service: amount due, amount paid, and
    whether it was paid late.
``tickets``
    Support tickets with their category and time to resolve.
``cancellations``
    One row per customer who cancelled, with the date and stated reason.

The mess, and where it is
-------------------------
Real extracts are messy, and the cleaning notebook needs something to clean.
Every defect below is deliberate and seeded:

* **Missing values.** About 2% of ``customers.monthly_charges`` are NULL, 4%
  of ``region`` and 1% of ``payment_method``; open tickets have no
  ``hours_to_resolve``; a few recent bills have no ``amount_paid`` yet.
* **Wrong types.** ``customers.monthly_charges`` is a TEXT column, as the CRM
  exports it: most values are numbers written as text, but some are ``""``,
  ``"n/a"`` or use a decimal comma (``"89,50"``).
* **Outliers.** About 0.3% of monthly charges were typed in cents
  (``8950`` instead of ``89.50``).
* **Inconsistent categories.** Contract appears as ``"Month-to-month"``,
  ``"month to month"``, ``"M2M"``, ``"1 year"`` and so on; payment methods
  and internet service vary in case and whitespace (``" electronic check"``).
* **Duplicates.** A re-run of a failed nightly load wrote about 1% of CRM
  profiles twice (a second ``record_id``, a later ``updated_at``, sometimes a
  differently spelled contract). A join on ``customer_id`` repeats those
  customers.
* **A tempting column.** ``customers.postcode`` has 600 values and no effect
  on churn: target-encode it on all rows and it looks predictive.
* **Leakage traps.** ``customers.retention_offer_sent`` is set when a
  customer calls to cancel and is offered a discount to stay, and
  ``accounts.account_status`` is the current status. Both are recorded *after*
  the snapshot for the customers we want to predict, so both look like gold in
  training and are unavailable (or meaningless) when the model is used.
  ``tickets`` also holds "cancellation" tickets opened days before a
  cancellation: harmless when features respect the snapshot date, a leak when
  they do not.

Use :func:`create_database` to write everything to SQLite and
:func:`load_modeling_table` to run ``sql/churn_modeling_table.sql`` against it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd

SNAPSHOT_DATE = "2026-06-30"
"""Features are computed as of the end of this day; the label is a cancellation in the 90 days after it."""

FIRST_MONTH = "2020-07"  # the company opens
LAST_MONTH = "2026-09"  # the extraction month: data run three months past the snapshot
EXTRACTION_DATE = "2026-09-30"

MODELING_SQL = Path(__file__).with_name("sql") / "churn_modeling_table.sql"

REGIONS = ["North", "South", "East", "West", "Central"]
CONTRACTS = ["Month-to-month", "One year", "Two year"]
PAYMENT_METHODS = [
    "Electronic check",
    "Mailed check",
    "Bank transfer (automatic)",
    "Credit card (automatic)",
]
INTERNET_SERVICES = ["Fiber optic", "DSL", "No"]

# How the CRM spells each clean value in practice: (spelling, probability).
# The first spelling is the canonical one; the rest are what years of manual
# entry and three CRM migrations leave behind.
CONTRACT_SPELLINGS = {
    "Month-to-month": [("Month-to-month", 0.82), ("month to month", 0.08), ("M2M", 0.06), ("Month-To-Month ", 0.04)],
    "One year": [("One year", 0.9), ("1 year", 0.07), ("one year", 0.03)],
    "Two year": [("Two year", 0.9), ("2 year", 0.07), ("two year", 0.03)],
}
PAYMENT_SPELLINGS = {
    "Electronic check": [("Electronic check", 0.85), ("electronic check", 0.08), (" Electronic Check ", 0.07)],
    "Mailed check": [("Mailed check", 0.9), ("mailed check", 0.1)],
    "Bank transfer (automatic)": [("Bank transfer (automatic)", 0.9), ("bank transfer (automatic) ", 0.1)],
    "Credit card (automatic)": [("Credit card (automatic)", 0.9), ("Credit Card (Automatic)", 0.1)],
}
INTERNET_SPELLINGS = {
    "Fiber optic": [("Fiber optic", 0.93), ("fiber optic", 0.04), ("Fibre optic", 0.03)],
    "DSL": [("DSL", 0.97), ("dsl", 0.03)],
    "No": [("No", 1.0)],
}

CANCEL_REASONS = ["price", "competitor offer", "service quality", "moved", "other"]
TICKET_CATEGORIES = ["technical", "outage", "billing", "account"]


def _respell(values: np.ndarray, spellings: dict, rng: np.random.Generator) -> np.ndarray:
    """Replace each clean category by one of its messy spellings."""
    out = values.astype(object).copy()
    for clean, options in spellings.items():
        mask = values == clean
        names = [name for name, _ in options]
        probs = [p for _, p in options]
        out[mask] = rng.choice(names, size=mask.sum(), p=probs)
    return out


def _simulate_customers(n: int, rng: np.random.Generator) -> pd.DataFrame:
    """Draw each customer's clean attributes and hidden traits."""
    months = pd.period_range(FIRST_MONTH, LAST_MONTH, freq="M")
    senior = rng.random(n) < 0.16
    partner = rng.random(n) < 0.48
    dependents = partner & (rng.random(n) < 0.6) | (~partner & (rng.random(n) < 0.1))

    # Older customers with families lock in longer contracts more often.
    long_contract_bias = 0.6 * partner + 0.5 * dependents - 0.3 * senior
    contract_logits = np.column_stack([np.full(n, 1.6), -0.4 + long_contract_bias, -0.7 + long_contract_bias])
    contract_probs = np.exp(contract_logits) / np.exp(contract_logits).sum(axis=1, keepdims=True)
    contract_idx = (contract_probs.cumsum(axis=1) > rng.random((n, 1))).argmax(axis=1)
    contract = np.array(CONTRACTS)[contract_idx]

    internet = rng.choice(INTERNET_SERVICES, size=n, p=[0.44, 0.34, 0.22])
    # Month-to-month customers pay by electronic check more often.
    echeck_share = np.where(contract == "Month-to-month", 0.45, 0.18)
    other = rng.choice(PAYMENT_METHODS[1:], size=n)
    payment = np.where(rng.random(n) < echeck_share, PAYMENT_METHODS[0], other)
    paperless = rng.random(n) < np.where(internet == "No", 0.3, 0.65)

    # A plan's price is set by its internet tier plus add-ons (TV, security, ...).
    base_price = np.select([internet == "Fiber optic", internet == "DSL"], [72.0, 45.0], 20.0)
    addons = rng.binomial(4, np.where(internet == "No", 0.1, 0.4))
    monthly_charges = np.round(base_price + 7.5 * addons + rng.normal(0, 3, n), 2).clip(18.0, None)

    # The company grows: sign-ups rise over time, and a few come after the snapshot.
    before_snapshot = months <= pd.Period(SNAPSHOT_DATE, freq="M")
    growth = np.exp(np.arange(before_snapshot.sum()) / 30)
    signup_month = rng.choice(before_snapshot.sum(), size=n, p=growth / growth.sum())
    late_signup = rng.random(n) < 0.03
    signup_month[late_signup] = rng.integers(before_snapshot.sum(), len(months), size=late_signup.sum())
    signup_day = rng.integers(1, 29, size=n)

    # Hidden traits: how often this customer pays late and how trouble-prone
    # their line is. They drive bills, tickets and churn, and are never stored.
    late_propensity = rng.beta(1.2, 12, n) * np.where(payment == PAYMENT_METHODS[0], 2.2, 1.0)
    trouble = rng.gamma(0.6, 0.08, n) + np.where(internet == "Fiber optic", 0.07, 0.02)

    # Price increases: one customer in five at a random time, and a quarter of
    # the base in the spring 2026 wave (February to June, before the snapshot).
    spring_2026 = [months.get_loc(pd.Period(m, freq="M")) for m in ("2026-02", "2026-06")]
    draw = rng.random(n)
    hike_month = np.select(
        [draw < 0.20, draw < 0.45],
        [rng.integers(6, len(months), size=n), rng.integers(spring_2026[0], spring_2026[1] + 1, size=n)],
        -1,
    )
    hike_factor = np.where(hike_month >= 0, 1 + rng.uniform(0.08, 0.22, n), 1.0)

    return pd.DataFrame(
        {
            "customer_id": [f"C{i:05d}" for i in range(1, n + 1)],
            "senior_citizen": senior.astype(int),
            "partner": np.where(partner, "Yes", "No"),
            "dependents": np.where(dependents, "Yes", "No"),
            "contract": contract,
            "payment_method": payment,
            "paperless_billing": np.where(paperless, "Yes", "No"),
            "internet_service": internet,
            "monthly_charges": monthly_charges,
            "region": rng.choice(REGIONS, size=n),
            "signup_month": signup_month,
            "signup_day": signup_day,
            "late_propensity": late_propensity,
            "trouble": trouble,
            "hike_month": hike_month,
            "hike_factor": hike_factor,
        }
    )


def _simulate_months(people: pd.DataFrame, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Walk month by month: who is billed, who opens tickets, who calls to cancel.

    Returns customer-by-month matrices plus each customer's cancellation month
    (-1 if never) and whether they ever called to cancel.
    """
    n = len(people)
    n_months = len(pd.period_range(FIRST_MONTH, LAST_MONTH, freq="M"))
    signup = people["signup_month"].to_numpy()
    contract = people["contract"].to_numpy()
    charges = people["monthly_charges"].to_numpy()
    fiber = (people["internet_service"] == "Fiber optic").to_numpy()
    echeck = (people["payment_method"] == PAYMENT_METHODS[0]).to_numpy()
    late = people["late_propensity"].to_numpy()
    hike_month = people["hike_month"].to_numpy()

    contract_effect = np.select([contract == "Month-to-month", contract == "One year"], [1.5, -0.4], -1.4)
    static_logit = (
        -5.0
        + contract_effect
        + 0.018 * (charges - 65)
        + 0.35 * fiber
        + 0.35 * echeck
        + 3.0 * late
        + 0.25 * people["senior_citizen"].to_numpy()
        - 0.2 * (people["partner"] == "Yes").to_numpy()
        - 0.2 * (people["dependents"] == "Yes").to_numpy()
        + 0.15 * (people["paperless_billing"] == "Yes").to_numpy()
    )

    # A competitor launches cheaper fiber in July 2026, right after the snapshot:
    # churn rises for everyone, most for fiber customers.
    competitor_month = pd.period_range(FIRST_MONTH, LAST_MONTH, freq="M").get_loc(pd.Period("2026-07", freq="M"))

    active = np.zeros((n, n_months), dtype=bool)
    tickets = np.zeros((n, n_months), dtype=int)
    cancel_month = np.full(n, -1)
    called_to_cancel = np.zeros(n, dtype=bool)
    for m in range(n_months):
        is_active = (signup <= m) & (cancel_month < 0)
        active[:, m] = is_active
        tickets[:, m] = rng.poisson(people["trouble"].to_numpy() * is_active)
        tenure = m - signup
        recent_tickets = tickets[:, max(0, m - 2) : m + 1].sum(axis=1)
        recent_hike = (hike_month >= 0) & (m >= hike_month) & (m - hike_month <= 5)
        competitor = m >= competitor_month
        logit = (
            static_logit
            + 1.3 * np.exp(-np.clip(tenure, 0, None) / 6)
            + 0.45 * recent_tickets
            + 1.0 * recent_hike
            + (0.6 + 0.6 * fiber) * competitor
        )
        wants_to_leave = is_active & (tenure >= 1) & (rng.random(n) < 1 / (1 + np.exp(-logit)))
        called_to_cancel |= wants_to_leave
        # One caller in six takes the retention discount and stays.
        leaves = wants_to_leave & (rng.random(n) > 1 / 6)
        cancel_month[leaves] = m
    return {
        "active": active,
        "tickets": tickets,
        "cancel_month": cancel_month,
        "called_to_cancel": called_to_cancel,
    }


def _month_start(month_index: np.ndarray) -> pd.DatetimeIndex:
    """The first day of each month, given months counted from FIRST_MONTH."""
    starts = pd.period_range(FIRST_MONTH, LAST_MONTH, freq="M").to_timestamp()
    return pd.DatetimeIndex(starts[np.asarray(month_index)])


def _bills_table(people: pd.DataFrame, sim: dict, rng: np.random.Generator) -> pd.DataFrame:
    rows, months = np.nonzero(sim["active"])
    people_rows = people.iloc[rows]
    hiked = (people_rows["hike_month"].to_numpy() >= 0) & (months >= people_rows["hike_month"].to_numpy())
    price = people_rows["monthly_charges"].to_numpy() * np.where(hiked, people_rows["hike_factor"].to_numpy(), 1.0)
    # Usage charges and prorating make each bill differ a little from the plan price.
    amount_due = np.round(price + rng.gamma(1.0, 2.0, len(rows)), 2)
    paid_late = rng.random(len(rows)) < people_rows["late_propensity"].to_numpy()
    amount_paid = np.where(paid_late & (rng.random(len(rows)) < 0.25), np.round(amount_due * 0.5, 2), amount_due)
    bills = pd.DataFrame(
        {
            "customer_id": people_rows["customer_id"].to_numpy(),
            "bill_month": _month_start(months).strftime("%Y-%m-%d"),
            "amount_due": amount_due,
            "amount_paid": amount_paid,
            "paid_late": paid_late.astype(int),
        }
    )
    # The last month's bills are partly still open at extraction.
    last_month = months == sim["active"].shape[1] - 1
    bills.loc[last_month & (rng.random(len(rows)) < 0.3), "amount_paid"] = np.nan
    return bills


def _tickets_table(people: pd.DataFrame, sim: dict, rng: np.random.Generator) -> pd.DataFrame:
    rows, months = np.nonzero(sim["tickets"])
    counts = sim["tickets"][rows, months]
    rows, months = np.repeat(rows, counts), np.repeat(months, counts)
    people_rows = people.iloc[rows]
    fiber = (people_rows["internet_service"] == "Fiber optic").to_numpy()
    late = people_rows["late_propensity"].to_numpy()
    # Fiber lines break; late payers argue about bills.
    weights = np.column_stack([np.where(fiber, 4.0, 2.5), np.where(fiber, 2.0, 0.5), 1.0 + 8 * late, np.full(len(rows), 0.8)])
    weights /= weights.sum(axis=1, keepdims=True)
    category_idx = (weights.cumsum(axis=1) > rng.random((len(rows), 1))).argmax(axis=1)
    # Tickets fall between sign-up and cancellation within their month.
    first_day = np.where(months == people_rows["signup_month"].to_numpy(), people_rows["signup_day"].to_numpy(), 1)
    cancel_day = pd.to_datetime(people_rows["cancelled_at"]).dt.day.fillna(28).to_numpy(dtype=int)
    last_day = np.where(months == sim["cancel_month"][rows], cancel_day, 28)
    last_day = np.maximum(last_day, first_day)
    day = first_day + np.floor(rng.random(len(rows)) * (last_day + 1 - first_day)).astype(int)
    opened = (
        _month_start(months) + pd.to_timedelta(day - 1, "D") + pd.to_timedelta(rng.integers(8 * 60, 20 * 60, len(rows)), "min")
    )
    tickets = pd.DataFrame(
        {
            "customer_id": people_rows["customer_id"].to_numpy(),
            "opened_at": opened,
            "category": np.array(TICKET_CATEGORIES)[category_idx],
            "hours_to_resolve": np.round(rng.lognormal(np.log(np.where(category_idx == 1, 20, 8)), 0.9), 1),
        }
    )

    # Customers who call to cancel get a "cancellation" ticket days before leaving.
    cancelled = people[sim["cancel_month"] >= 0]
    n_cancel = len(cancelled)
    cancel_dates = pd.to_datetime(cancelled["cancelled_at"])
    cancel_tickets = pd.DataFrame(
        {
            "customer_id": cancelled["customer_id"].to_numpy(),
            "opened_at": cancel_dates
            - pd.to_timedelta(rng.integers(1, 15, n_cancel), "D")
            + pd.to_timedelta(rng.integers(9 * 60, 18 * 60, n_cancel), "min"),
            "category": "cancellation",
            "hours_to_resolve": np.round(rng.uniform(0.2, 3.0, n_cancel), 1),
        }
    )
    tickets = pd.concat([tickets, cancel_tickets], ignore_index=True)
    tickets = tickets.sort_values(["opened_at", "customer_id"], kind="stable").reset_index(drop=True)
    # Tickets still open at extraction have no resolution time; so do a few lost records.
    still_open = tickets["opened_at"] > pd.Timestamp(EXTRACTION_DATE) - pd.Timedelta(days=3)
    tickets.loc[still_open | (rng.random(len(tickets)) < 0.02), "hours_to_resolve"] = np.nan
    tickets["opened_at"] = tickets["opened_at"].dt.strftime("%Y-%m-%d %H:%M")
    tickets.insert(0, "ticket_id", np.arange(1, len(tickets) + 1))
    return tickets


def _messy_charges_text(charges: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Render monthly charges the way the CRM exports them: as text, with defects."""
    n = len(charges)
    text = np.array([f"{c:.2f}" for c in charges], dtype=object)
    draw = rng.random(n)
    text[draw < 0.020] = None  # missing
    text[(draw >= 0.020) & (draw < 0.025)] = ""  # blank field
    text[(draw >= 0.025) & (draw < 0.030)] = "n/a"
    cents = (draw >= 0.030) & (draw < 0.033)  # typed in cents
    text[cents] = [f"{c * 100:.0f}" for c in charges[cents]]
    comma = (draw >= 0.033) & (draw < 0.036)  # decimal comma
    text[comma] = [f"{c:.2f}".replace(".", ",") for c in charges[comma]]
    return text


def generate(n_customers: int = 6000, seed: int = 7) -> dict[str, pd.DataFrame]:
    """Generate the raw tables: accounts, customers, bills, tickets, cancellations.

    The same ``n_customers`` and ``seed`` always give the same rows. Roughly a
    third of all customers cancel before the snapshot; of those still active on
    ``SNAPSHOT_DATE``, about one in five cancels in the next 90 days.
    """
    rng = np.random.default_rng(seed)
    people = _simulate_customers(n_customers, rng)
    sim = _simulate_months(people, rng)

    signup_date = _month_start(people["signup_month"].to_numpy()) + pd.to_timedelta(people["signup_day"].to_numpy() - 1, "D")
    people["signup_date"] = signup_date.strftime("%Y-%m-%d")
    cancel_month = sim["cancel_month"]
    cancel_day = rng.integers(1, 29, n_customers)
    cancel_day = np.where(
        cancel_month == people["signup_month"].to_numpy(), np.maximum(cancel_day, people["signup_day"].to_numpy()), cancel_day
    )
    cancelled_at = _month_start(np.clip(cancel_month, 0, None)) + pd.to_timedelta(cancel_day - 1, "D")
    people["cancelled_at"] = np.where(cancel_month >= 0, cancelled_at.strftime("%Y-%m-%d"), None)

    # Reasons follow the drivers, loosely: people say "price" when the price rose.
    cancelled = people[cancel_month >= 0]
    reason_weights = np.column_stack(
        [
            1.0 + 0.03 * (cancelled["monthly_charges"].to_numpy() - 50).clip(0) + 1.5 * (cancelled["hike_month"].to_numpy() >= 0),
            np.full(len(cancelled), 1.0),
            0.5 + 8 * cancelled["trouble"].to_numpy(),
            np.full(len(cancelled), 0.4),
            np.full(len(cancelled), 0.3),
        ]
    )
    reason_weights /= reason_weights.sum(axis=1, keepdims=True)
    reason_idx = (reason_weights.cumsum(axis=1) > rng.random((len(cancelled), 1))).argmax(axis=1)
    cancellations = pd.DataFrame(
        {
            "customer_id": cancelled["customer_id"].to_numpy(),
            "cancelled_at": cancelled["cancelled_at"].to_numpy(),
            "reason": np.array(CANCEL_REASONS)[reason_idx],
        }
    )

    bills = _bills_table(people, sim, rng)
    tickets = _tickets_table(people, sim, rng)

    # The account register holds today's status: a leak if used as a feature.
    last_bill_open = bills.drop_duplicates("customer_id", keep="last").set_index("customer_id")["amount_paid"].isna()
    status = np.where(cancel_month >= 0, "cancelled", "active")
    past_due = people["customer_id"].map(last_bill_open).fillna(False).to_numpy(dtype=bool)
    status = np.where((status == "active") & past_due & (people["late_propensity"].to_numpy() > 0.15), "past_due", status)
    accounts = pd.DataFrame({"customer_id": people["customer_id"], "account_status": status})

    customers = pd.DataFrame(
        {
            "customer_id": people["customer_id"],
            "signup_date": people["signup_date"],
            "region": np.where(rng.random(n_customers) < 0.04, None, people["region"]),
            "postcode": _postcodes(people["region"].to_numpy(), seed),
            "senior_citizen": people["senior_citizen"],
            "partner": people["partner"],
            "dependents": people["dependents"],
            "contract": _respell(people["contract"].to_numpy(), CONTRACT_SPELLINGS, rng),
            "payment_method": _respell(people["payment_method"].to_numpy(), PAYMENT_SPELLINGS, rng),
            "paperless_billing": people["paperless_billing"],
            "internet_service": _respell(people["internet_service"].to_numpy(), INTERNET_SPELLINGS, rng),
            "monthly_charges": _messy_charges_text(people["monthly_charges"].to_numpy(), rng),
            # Set when the customer calls to cancel; the CRM overwrites it, so it carries no date.
            "retention_offer_sent": sim["called_to_cancel"].astype(int),
            "updated_at": people["signup_date"],
        }
    )
    customers.loc[rng.random(n_customers) < 0.01, "payment_method"] = None

    # A re-run nightly load wrote ~1% of profiles a second time.
    dup = customers.sample(frac=0.01, random_state=seed).copy()
    dup["updated_at"] = pd.Timestamp(EXTRACTION_DATE).strftime("%Y-%m-%d")
    dup["contract"] = _respell(np.array([_canonical_contract(c) for c in dup["contract"]]), CONTRACT_SPELLINGS, rng)
    customers = pd.concat([customers, dup], ignore_index=True)
    customers.insert(0, "record_id", np.arange(1, len(customers) + 1))

    return {
        "accounts": accounts,
        "customers": customers,
        "bills": bills,
        "tickets": tickets,
        "cancellations": cancellations,
    }


def _postcodes(regions: np.ndarray, seed: int) -> np.ndarray:
    """Five-digit postcodes, 120 per region, the first digit naming the region.

    Drawn from their own random stream, so the other columns do not depend on
    them. Postcode has no effect on churn: a high-cardinality column that is
    tempting to target-encode, and a way to recover a missing region.
    """
    rng = np.random.default_rng([seed, 1])
    first_digit = np.array([REGIONS.index(r) + 1 for r in regions])
    return np.array([f"{d}{n:04d}" for d, n in zip(first_digit, 10 * rng.integers(1, 121, len(regions)))])


def _canonical_contract(spelling: str) -> str:
    for clean, options in CONTRACT_SPELLINGS.items():
        if spelling in {name for name, _ in options}:
            return clean
    raise ValueError(f"unknown contract spelling {spelling!r}")


SCHEMA = """
CREATE TABLE accounts (
    customer_id     TEXT PRIMARY KEY,
    account_status  TEXT NOT NULL           -- status at extraction, not at the snapshot
);
CREATE TABLE customers (
    record_id            INTEGER PRIMARY KEY,
    customer_id          TEXT NOT NULL REFERENCES accounts (customer_id),
    signup_date          TEXT NOT NULL,     -- ISO date
    region               TEXT,
    postcode             TEXT,
    senior_citizen       INTEGER NOT NULL,  -- 0 or 1
    partner              TEXT,
    dependents           TEXT,
    contract             TEXT,
    payment_method       TEXT,
    paperless_billing    TEXT,
    internet_service     TEXT,
    monthly_charges      TEXT,              -- as the CRM exports it: text
    retention_offer_sent INTEGER NOT NULL,  -- set when the customer calls to cancel
    updated_at           TEXT NOT NULL
);
CREATE TABLE bills (
    customer_id  TEXT NOT NULL REFERENCES accounts (customer_id),
    bill_month   TEXT NOT NULL,             -- first day of the billed month
    amount_due   REAL NOT NULL,
    amount_paid  REAL,                      -- NULL while unpaid
    paid_late    INTEGER NOT NULL,          -- 0 or 1
    PRIMARY KEY (customer_id, bill_month)
);
CREATE TABLE tickets (
    ticket_id        INTEGER PRIMARY KEY,
    customer_id      TEXT NOT NULL REFERENCES accounts (customer_id),
    opened_at        TEXT NOT NULL,         -- 'YYYY-MM-DD HH:MM'
    category         TEXT NOT NULL,
    hours_to_resolve REAL                   -- NULL while open
);
CREATE TABLE cancellations (
    customer_id   TEXT PRIMARY KEY REFERENCES accounts (customer_id),
    cancelled_at  TEXT NOT NULL,            -- ISO date
    reason        TEXT
);
CREATE INDEX customers_customer_id ON customers (customer_id);
CREATE INDEX tickets_customer_opened ON tickets (customer_id, opened_at);
"""


def create_database(path: str | Path = "churn.db", n_customers: int = 6000, seed: int = 7) -> Path:
    """Generate the tables and write them to a fresh SQLite file at ``path``.

    An existing file at ``path`` is replaced. The schema declares types,
    primary keys, foreign keys and the indexes the modeling query uses; the
    data keep all their deliberate defects. Returns the path.
    """
    path = Path(path)
    path.unlink(missing_ok=True)
    tables = generate(n_customers=n_customers, seed=seed)
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA foreign_keys = ON")
        con.executescript(SCHEMA)
        # Parents before children, so the foreign keys hold on insert.
        for name in ["accounts", "customers", "bills", "tickets", "cancellations"]:
            frame = tables[name].astype(object).where(tables[name].notna(), None)
            columns = ", ".join(frame.columns)
            placeholders = ", ".join("?" * len(frame.columns))
            con.executemany(
                f"INSERT INTO {name} ({columns}) VALUES ({placeholders})",
                frame.itertuples(index=False, name=None),
            )
    con.close()
    return path


def load_modeling_table(db_path: str | Path, as_of: str = SNAPSHOT_DATE) -> pd.DataFrame:
    """Run ``sql/churn_modeling_table.sql`` with ``:as_of`` bound as a parameter.

    One row per customer active at the end of ``as_of`` (duplicated CRM
    profiles give duplicate rows), features from events up to that day only,
    and the target ``churned``. The query does not clean; see
    ``churn_features.clean``.
    """
    sql = MODELING_SQL.read_text()
    with sqlite3.connect(db_path) as con:
        table = pd.read_sql_query(sql, con, params={"as_of": as_of})
    con.close()
    return table
