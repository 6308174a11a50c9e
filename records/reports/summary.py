"""The home screen's first glance: this month, today vs yesterday, top categories."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa

from records.schema import records

ZERO = Decimal("0.00")


def _totals(conn, owner: str, start: datetime, end: datetime) -> dict:
    rows = conn.execute(
        sa.select(records.c.direction, sa.func.sum(records.c.amount), sa.func.count())
        .where(
            records.c.owner == owner,
            records.c.deleted_at.is_(None),
            records.c.occurred_at >= start,
            records.c.occurred_at < end,
        )
        .group_by(records.c.direction)
    ).fetchall()
    by = {direction: (total or ZERO, count) for direction, total, count in rows}
    expense = by.get("expense", (ZERO, 0))[0] - by.get("refund", (ZERO, 0))[0]
    return {
        "expense": f"{max(expense, ZERO):.2f}",
        "income": f"{by.get('income', (ZERO, 0))[0]:.2f}",
        "count": sum(count for _, count in by.values()),
    }


def summary(engine: sa.Engine, owner: str, day: date) -> dict:
    """Spending and income for `day`'s month, `day`, the day before, and the month's top categories.

    Refunds reduce spending; transfers between own accounts are neither spending nor income.
    """
    month_start = datetime(day.year, day.month, 1)
    month_end = datetime(day.year + (day.month == 12), day.month % 12 + 1, 1)
    today = datetime.combine(day, datetime.min.time())
    with engine.connect() as conn:
        month = _totals(conn, owner, month_start, month_end)
        top = conn.execute(
            sa.select(records.c.category, sa.func.sum(records.c.amount).label("total"))
            .where(
                records.c.owner == owner,
                records.c.deleted_at.is_(None),
                records.c.direction == "expense",
                records.c.occurred_at >= month_start,
                records.c.occurred_at < month_end,
            )
            .group_by(records.c.category)
            .order_by(sa.desc("total"))
            .limit(5)
        ).fetchall()
        spent = conn.execute(
            sa.select(sa.func.sum(records.c.amount)).where(
                records.c.owner == owner,
                records.c.deleted_at.is_(None),
                records.c.direction == "expense",
                records.c.occurred_at >= month_start,
                records.c.occurred_at < month_end,
            )
        ).scalar() or Decimal(1)
        return {
            "currency": "CNY",
            "month": month,
            "today": _totals(conn, owner, today, today + timedelta(days=1)),
            "yesterday": _totals(conn, owner, today - timedelta(days=1), today),
            "top_categories": [
                {"category": category or "其他", "amount": f"{total:.2f}", "share": round(float(total / spent), 4)}
                for category, total in top
            ],
        }
