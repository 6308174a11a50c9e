"""Totals of a span: spending net of refunds, income, transfers and the count, from sums per direction.

`daily` is the one scan the 统计 screen's totals and trends come from (its days are rolled up in Python);
`totals` sums a span directly, for the forecast and the home summary; `matching` sums whatever a list of WHERE
clauses selects (the 账单 list's filters), by the same rule, and `matching_by_day` the same per day (its calendar).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

import sqlalchemy as sa

from records.dates import day_span
from records.money import ZERO, money_text, net_spending
from records.reports.scan import bucket_text, day_of, live, scan
from records.schema import records


class Day(NamedTuple):
    """One day's sums per direction and its number of records."""

    day: date
    expense: Decimal
    refund: Decimal
    income: Decimal
    transfer: Decimal
    count: int


def _document(by: dict, count: int, days: int) -> dict:
    """The totals document from sums per direction over `days` days."""
    expense = net_spending(by)
    income = by.get("income", ZERO)
    return {
        "expense": money_text(expense),
        "gross_expense": money_text(by.get("expense", ZERO)),
        "refund": money_text(by.get("refund", ZERO)),
        "income": money_text(income),
        "transfer": money_text(by.get("transfer", ZERO)),
        "balance": money_text(income - expense),
        "count": count,
        "daily_average": money_text(expense / max(days, 1)),
    }


def totals(conn, owner: str, start: datetime, end: datetime) -> dict:
    """Spending (net of refunds), income, transfers and the count in [start, end)."""
    return matching(conn, live(owner, start, end), days=(end - start).days)


def matching(conn, clauses: list, *, days: int = 1) -> dict:
    """Spending (net of refunds), income, transfers and the count of the records `clauses` select."""
    rows = conn.execute(
        scan(records.c.direction, sa.func.sum(records.c.amount), sa.func.count())
        .where(*clauses)
        .group_by(records.c.direction)
    ).fetchall()
    by = {direction: total or ZERO for direction, total, _count in rows}
    return _document(by, sum(count for _d, _t, count in rows), days)


def daily(conn, owner: str, start: date, end: date) -> list[Day]:
    """The sums of every day of the range that has records: the one scan totals and trends come from."""
    day = day_of(records.c.occurred_at).label("day")
    per_direction = [
        sa.func.sum(sa.case((records.c.direction == direction, records.c.amount)))
        for direction in ("expense", "refund", "income", "transfer")
    ]
    rows = conn.execute(
        scan(day, *per_direction, sa.func.count())
        .where(*live(owner, *day_span(start, end)))
        .group_by(sa.literal_column("day"))
        .order_by(sa.null())
    )
    return [
        Day(date.fromisoformat(bucket_text(d)), e or ZERO, r or ZERO, i or ZERO, t or ZERO, n)
        for d, e, r, i, t, n in rows
    ]


def summarize(days: list[Day], start: date, end: date) -> dict:
    """Totals of the inclusive days start..end from their daily sums."""
    by = {
        direction: sum((getattr(d, direction) for d in days), ZERO)
        for direction in ("expense", "refund", "income", "transfer")
    }
    length = (end - start).days + 1
    return {**_document(by, sum(d.count for d in days), length), "days": length}


def matching_by_day(conn, clauses: list) -> dict[str, dict]:
    """'YYYY-MM-DD' → {"expense" (net of refunds), "income", "count"} of the records `clauses` select, per day."""
    day = day_of(records.c.occurred_at).label("day")
    rows = conn.execute(
        scan(day, records.c.direction, sa.func.sum(records.c.amount), sa.func.count())
        .where(*clauses)
        .group_by(sa.literal_column("day"), records.c.direction)
    ).fetchall()
    sums: dict[str, dict] = {}
    counts: dict[str, int] = {}
    for bucket, direction, total, count in rows:
        key = bucket_text(bucket)
        sums.setdefault(key, {})[direction] = total or ZERO
        counts[key] = counts.get(key, 0) + count
    return {
        key: {
            "expense": money_text(net_spending(by)),
            "income": money_text(by.get("income", ZERO)),
            "count": counts[key],
        }
        for key, by in sorted(sums.items())
    }
