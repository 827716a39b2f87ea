"""A synthetic daily demand series for the time-series example.

Written for The ML Engineer Handbook (CC BY 4.0, like the handbook's text).
The numbers are synthetic: units sold per day by a fictional store, built from
parts you would expect in real retail demand, so a forecast can be checked
against a series whose structure is known:

* a level of about 120 units a day that grows about 8% a year;
* a weekly pattern: Saturdays busiest, Sundays quietest;
* a yearly pattern: a summer high, a winter low and a pre-Christmas rush;
* US holidays: closed-ish on Christmas and New Year's Day, quiet on
  Thanksgiving and July 4, busy on Black Friday;
* persistent shocks (weather, local events) that fade over a week or two,
  modeled as an AR(1) process on the log scale;
* day-to-day noise.

``make_daily_demand()`` returns the same series on every call (the seed is fixed).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# Multiplicative effect of each weekday, Monday first.
WEEKDAY_EFFECT = np.array([0.92, 0.95, 0.98, 1.02, 1.12, 1.28, 0.80])

HOLIDAY_EFFECT = {
    "new_year": 0.35,
    "july_4": 0.60,
    "thanksgiving": 0.45,
    "black_friday": 1.70,
    "christmas_eve": 0.80,
    "christmas": 0.15,
}


def holidays(dates: pd.DatetimeIndex) -> pd.Series:
    """Name of the holiday on each date ('' on ordinary days).

    Holidays are known in advance, so a forecast may use them for the day it
    predicts without any look-ahead.
    """
    names = pd.Series("", index=dates, dtype=object)
    month, day = dates.month, dates.day
    names[(month == 1) & (day == 1)] = "new_year"
    names[(month == 7) & (day == 4)] = "july_4"
    names[(month == 12) & (day == 24)] = "christmas_eve"
    names[(month == 12) & (day == 25)] = "christmas"
    # Thanksgiving: the fourth Thursday of November; Black Friday the day after.
    thanksgiving = (month == 11) & (dates.day_of_week == 3) & (day >= 22) & (day <= 28)
    names[thanksgiving] = "thanksgiving"
    names[np.roll(thanksgiving, 1)] = "black_friday"
    return names


def make_daily_demand(start: str = "2021-01-01", end: str = "2024-12-31", seed: int = 11) -> pd.Series:
    """Daily units sold from START to END inclusive, as an integer Series named 'demand'."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range(start, end, freq="D", name="date")
    years = np.arange(len(dates)) / 365.25

    level = 120 * 1.08**years
    weekly = WEEKDAY_EFFECT[dates.day_of_week]
    day_of_year = dates.day_of_year.to_numpy()
    yearly = 1 + 0.12 * np.sin(2 * np.pi * (day_of_year - 105) / 365.25)
    # Shopping builds up over the three weeks before Christmas.
    rush = np.where((dates.month == 12) & (dates.day >= 1) & (dates.day <= 23), 1 + 0.35 * dates.day / 23, 1.0)
    holiday = holidays(dates).map(lambda name: HOLIDAY_EFFECT.get(name, 1.0)).to_numpy(dtype=float)

    shocks = np.zeros(len(dates))
    innovations = rng.normal(0, 0.04, len(dates))
    for i in range(1, len(dates)):
        shocks[i] = 0.9 * shocks[i - 1] + innovations[i]
    noise = rng.normal(0, 0.06, len(dates))

    expected = level * weekly * yearly * rush * holiday * np.exp(shocks + noise)
    return pd.Series(rng.poisson(expected), index=dates, name="demand")
