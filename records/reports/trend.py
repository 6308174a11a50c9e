"""Trends: spending (net of refunds) and income per day, week (from Monday) or month, with no gaps."""

from __future__ import annotations

from datetime import date, timedelta

from records.money import ZERO, money_text, net_spending
from records.reports.totals import Day

UNITS = ("day", "week", "month")


def week_of(day: date) -> date:
    """The Monday that starts `day`'s week."""
    return day - timedelta(days=day.weekday())


def period_of(day: date, unit: str) -> str:
    """The key of the day, week or month `day` falls in: '2026-11-03', the week's Monday, or '2026-11'."""
    if unit == "day":
        return day.isoformat()
    if unit == "week":
        return week_of(day).isoformat()
    return f"{day.year:04d}-{day.month:02d}"


def periods(start: date, end: date, unit: str) -> list[str]:
    """Every bucket key from start to end, so the chart has no gaps."""
    keys = []
    if unit == "month":
        year, month = start.year, start.month
        while (year, month) <= (end.year, end.month):
            keys.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return keys
    day, step = (start, 1) if unit == "day" else (week_of(start), 7)
    while day <= end:
        keys.append(day.isoformat())
        day += timedelta(days=step)
    return keys


def trend(days: list[Day], start: date, end: date, unit: str) -> list[dict]:
    """Spending (net of refunds) and income per day, week or month, rolled up from the daily sums."""
    points = {key: [ZERO, ZERO] for key in periods(start, end, unit)}
    for d in days:
        point = points[period_of(d.day, unit)]
        point[0] += net_spending(d._asdict(), floor=False)
        point[1] += d.income
    return [{"period": key, "expense": money_text(e), "income": money_text(i)} for key, (e, i) in points.items()]
