"""This month's forecast: spending so far, the usual daily pace, where the month ends at that pace, and last month.

A payment the anomaly detector (records.reports.anomalies) calls unusual counts once, in what is spent, but not
in the pace: one ¥899 payment on the 2nd must not project a ¥15,000 month. The forecast says what it left out.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from records.dates import day_span, month_bounds
from records.money import ZERO, money_text
from records.reports.anomalies import anomalies
from records.reports.groups import spending_groups
from records.reports.totals import totals

MAX_LEFT_OUT = 100


def unusual_so_far(conn, owner: str, first: date, today: date) -> list[dict]:
    """The payments of first..today that the anomaly detector calls unusual: what a daily pace leaves out."""
    return anomalies(conn, owner, first, today, spending_groups(conn, owner, first, today), limit=MAX_LEFT_OUT)


def forecast(conn, owner: str, today: date) -> dict:
    """This month's spending so far and where it ends if the rest of the month goes at the usual daily pace."""
    first, last = month_bounds(today)
    spent = Decimal(totals(conn, owner, *day_span(first, today))["expense"])
    unusual = unusual_so_far(conn, owner, first, today)
    left_out = sum((Decimal(a["amount"]) for a in unusual), ZERO)
    elapsed, length = today.day, last.day
    pace = max(spent - left_out, ZERO) / elapsed
    previous_first, previous_last = month_bounds(first - timedelta(days=1))
    previous = totals(conn, owner, *day_span(previous_first, previous_last))["expense"]
    return {
        "month": f"{today:%Y-%m}",
        "spent": money_text(spent),
        "days_elapsed": elapsed,
        "days_in_month": length,
        "daily_pace": money_text(pace),
        "projected": money_text(spent + pace * (length - elapsed)),
        "last_month": previous,
        "left_out": {"count": len(unusual), "amount": money_text(left_out)},
    }
