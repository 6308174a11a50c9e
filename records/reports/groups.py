"""Spending per (merchant, category): the one scan the category and merchant shares and the anomalies start from.

It reaches back a baseline year, because anomalies compare a payment with the past year's payments there.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

import sqlalchemy as sa

from records.dates import day_span, midnight
from records.money import NET_SPENDING, SPENDING, ZERO
from records.reports.scan import live, scan
from records.schema import records

BASELINE_DAYS = 365


class Group(NamedTuple):
    """Spending of one (merchant, category): in the range, and the baseline year's expenses."""

    merchant: str | None
    category: str | None
    net: Decimal
    count: int
    expenses: int
    expense_sum: Decimal
    top: Decimal | None


def baseline_start(start: date, end: date) -> datetime:
    """Where the "usual" for anomalies begins: a year before `end`, or the range's start when that is earlier."""
    return midnight(min(start, end - timedelta(days=BASELINE_DAYS - 1)))


def spending_groups(conn, owner: str, start: date, end: date) -> list[Group]:
    """Spending per (merchant, category): net and count in the range, plus the baseline year's expenses
    (count, sum, largest in the range) that anomalies start from. One scan serves both.
    """
    low, high = day_span(start, end)
    base_low = baseline_start(start, end)
    is_expense = records.c.direction == "expense"
    if base_low == low:
        # The range is a year or longer: it is its own baseline, and every row is in it.
        net = sa.func.sum(NET_SPENDING)
        count = sa.func.count()
        top = sa.func.max(sa.case((is_expense, records.c.amount)))
    else:
        in_range = records.c.occurred_at >= low
        net = sa.func.sum(sa.case((in_range, NET_SPENDING)))
        count = sa.func.count(sa.case((in_range, 1)))
        top = sa.func.max(sa.case((sa.and_(is_expense, in_range), records.c.amount)))
    rows = conn.execute(
        scan(
            records.c.merchant,
            records.c.category,
            net,
            count,
            sa.func.count(sa.case((is_expense, 1))),
            sa.func.sum(sa.case((is_expense, records.c.amount))),
            top,
        )
        .where(*live(owner, base_low, high), records.c.direction.in_(SPENDING))
        .group_by(records.c.merchant, records.c.category)
        .order_by(sa.null())
    )
    return [Group(m, c, net or ZERO, n, en, es or ZERO, top) for m, c, net, n, en, es, top in rows]
