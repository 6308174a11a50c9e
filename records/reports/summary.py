"""The home screen's first glance: this month, today vs yesterday, top categories.

Spending is net of refunds and transfers are neither spending nor income (records.money), as on the 统计 screen.
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from records.categories import parents_of
from records.dates import day_span, month_bounds
from records.money import NET_SPENDING, SPENDING, money_text
from records.reports.scan import book_key, live, scan, share
from records.reports.totals import totals
from records.schema import records

TOP = 5


def _glance(conn, owner: str, first: date, last: date) -> dict:
    """Spending, income and the number of records of the days first..last."""
    whole = totals(conn, owner, *day_span(first, last))
    return {"expense": whole["expense"], "income": whole["income"], "count": whole["count"]}


def top_categories(conn, owner: str, first: date, last: date, *, limit: int = TOP) -> list[dict]:
    """The categories with the most net spending in the days first..last, with their share of it."""
    net = sa.func.sum(NET_SPENDING).label("total")
    rows = conn.execute(
        scan(records.c.category, net)
        .where(*live(owner, *day_span(first, last)), records.c.direction.in_(SPENDING))
        .group_by(records.c.category)
        .order_by(sa.desc("total"))
    ).fetchall()
    parents = parents_of(conn, book_key(owner))
    rolled: dict = {}
    for category, total in rows:  # a sub-category's spending counts in its parent's
        key = parents.get(category, category)
        rolled[key] = rolled.get(key, 0) + (total or 0)
    rows = sorted(((c, t) for c, t in rolled.items() if t > 0), key=lambda e: (-e[1], e[0] or ""))
    spent = sum((total for _, total in rows), 0)
    return [
        {"category": category, "amount": money_text(total), "share": share(total, spent)}
        for category, total in rows[:limit]
    ]


def summary(engine: sa.Engine, owner: str, day: date) -> dict:
    """Spending and income for `day`'s month, `day`, the day before, and the month's top categories."""
    first, last = month_bounds(day)
    with engine.connect() as conn:
        return {
            "currency": "CNY",
            "month": _glance(conn, owner, first, last),
            "today": _glance(conn, owner, day, day),
            "yesterday": _glance(conn, owner, day - timedelta(days=1), day - timedelta(days=1)),
            "top_categories": top_categories(conn, owner, first, last),
        }
