"""This month's forecast: spending so far, the daily pace, where the month ends at that pace, and last month."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from records.dates import day_span, month_bounds
from records.money import money_text
from records.reports.totals import totals


def forecast(conn, owner: str, today: date) -> dict:
    """This month's spending so far and where it ends at the current daily pace."""
    first, last = month_bounds(today)
    spent = Decimal(totals(conn, owner, *day_span(first, today))["expense"])
    elapsed, length = today.day, last.day
    pace = spent / elapsed
    previous_first, previous_last = month_bounds(first - timedelta(days=1))
    previous = totals(conn, owner, *day_span(previous_first, previous_last))["expense"]
    return {
        "month": f"{today:%Y-%m}",
        "spent": money_text(spent),
        "days_elapsed": elapsed,
        "days_in_month": length,
        "daily_pace": money_text(pace),
        "projected": money_text(pace * length),
        "last_month": previous,
    }
