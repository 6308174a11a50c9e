"""Monthly budgets, overall and per category: what is left this month and how many days it lasts at the pace.

The pace is the usual one, as the forecast's (records.reports.forecast): an unusual payment counts in what is
spent but not in how fast the rest goes.

A budget without a month applies every month; one with a month ('YYYY-MM') replaces it for that month.
A budget warns ('near') once NEAR_SHARE of it is spent, and ('over') once more than all of it is.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa

from records import fields
from records.categories import parents_of
from records.dates import day_span, in_calendar, month_bounds, month_of, utcnow
from records.errors import BadRequest, Invalid
from records.money import NET_SPENDING, SPENDING, ZERO, money_text
from records.reports.forecast import unusual_so_far
from records.reports.scan import book_key, live, scan
from records.schema import budgets, records

MAX_BUDGETS = 100
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
NEAR_SHARE = Decimal("0.8")


def warning(used: Decimal, amount: Decimal) -> str | None:
    """'over' when `used` passes the budget `amount`, 'near' from NEAR_SHARE of it, else None."""
    if used > amount:
        return "over"
    if used >= amount * NEAR_SHARE and used > 0:
        return "near"
    return None


def parse_month(value: str | None, today: date | None) -> str:
    """'YYYY-MM' from a request, today's month when absent; raises BadRequest."""
    if not value:
        return f"{today:%Y-%m}"
    if not MONTH.match(value):
        raise BadRequest("month must be YYYY-MM", code="bad_period")
    try:
        first = month_of(value)
    except ValueError as exc:  # year 0000
        raise BadRequest("month must be YYYY-MM", code="bad_period") from exc
    in_calendar(first, "month")
    return value


def effective(conn, owner: str, month: str) -> dict[str, tuple[Decimal, bool]]:
    """category ('' for overall) → (amount, recurring) of the budgets that apply in `month`."""
    rows = conn.execute(
        sa.select(budgets.c.category, budgets.c.month, budgets.c.amount).where(
            budgets.c.owner == book_key(owner), budgets.c.month.in_(("", month))
        )
    ).fetchall()
    out: dict[str, tuple[Decimal, bool]] = {}
    for category, row_month, amount in sorted(rows, key=lambda r: r.month):
        # '' sorts first, so a month's own budget overrides the recurring one.
        out[category] = (amount, row_month == "")
    return out


def _spent(conn, owner: str, first: date, last: date) -> dict[str, Decimal]:
    """Net spending per category in the days first..last; '' is the total."""
    rows = conn.execute(
        scan(records.c.category, sa.func.sum(NET_SPENDING))
        .where(*live(owner, *day_span(first, last)), records.c.direction.in_(SPENDING))
        .group_by(records.c.category)
    ).fetchall()
    spent = {category or "": total or ZERO for category, total in rows}
    spent[""] = sum(spent.values(), ZERO)
    return _rolled_up(conn, owner, spent)


def _rolled_up(conn, owner: str, sums: dict[str, Decimal]) -> dict[str, Decimal]:
    """`sums` per category with each sub-category's also counted in its parent's: a parent's budget covers them."""
    for child, parent in parents_of(conn, book_key(owner)).items():
        if sums.get(child):
            sums[parent] = sums.get(parent, ZERO) + sums[child]
    return sums


def _unusual(conn, owner: str, first: date, today: date) -> dict[str, Decimal]:
    """The unusual payments of first..today summed per category; '' is the total."""
    out: dict[str, Decimal] = {"": ZERO}
    for payment in unusual_so_far(conn, owner, first, today):
        amount = Decimal(payment["amount"])
        out[""] += amount
        if payment["category"]:
            out[payment["category"]] = out.get(payment["category"], ZERO) + amount
    return _rolled_up(conn, owner, out)


def status(conn, owner: str, today: date, month: str | None = None) -> dict:
    """Each budget of `month` (default today's) with spent, left, daily pace and how long what is left lasts."""
    month = month or f"{today:%Y-%m}"
    first, last = month_bounds(month_of(month))
    # For the current month the pace is what was spent per day so far; a past month is complete.
    upto = min(max(today, first - timedelta(days=1)), last)
    elapsed = (upto - first).days + 1 if upto >= first else 0
    spent = _spent(conn, owner, first, last)
    wanted = effective(conn, owner, month)
    unusual = _unusual(conn, owner, first, upto) if wanted and first <= today <= last else {}
    items = []
    for category, (amount, recurring) in sorted(wanted.items()):
        used = max(spent.get(category, ZERO), ZERO)
        left = amount - used
        pace = max(used - unusual.get(category, ZERO), ZERO) / elapsed if elapsed else ZERO
        remaining_days = (last - upto).days if elapsed else (last - first).days + 1
        if left <= 0:
            lasts = 0
        elif pace > 0:
            lasts = int(left / pace)
        else:
            lasts = None
        runs_out = upto + timedelta(days=lasts) if lasts is not None and lasts < remaining_days else None
        items.append(
            {
                "category": category or None,
                "amount": money_text(amount),
                "recurring": recurring,
                "spent": money_text(used),
                "left": money_text(left),
                "used_share": round(float(used / amount), 4) if amount > 0 else 0.0,
                "daily_pace": money_text(pace),
                "days_remaining": remaining_days,
                "lasts_days": lasts,
                "runs_out_on": runs_out.isoformat() if runs_out else None,
                "over": left < 0,
                "warning": warning(used, amount),
            }
        )
    return {"month": month, "days_elapsed": elapsed, "budgets": items}


def get(engine: sa.Engine, owner: str, today: date, month: str | None = None) -> dict:
    """The budgets of a month with their status."""
    with engine.connect() as conn:
        return status(conn, owner, today, month)


def _checked(body) -> tuple[str, dict[str, Decimal | None]]:
    """(month or '' for every month, category → amount or None to remove) from a PUT body; raises Invalid."""
    if not isinstance(body, dict) or not isinstance(body.get("budgets"), list):
        raise BadRequest("budgets must be a list")
    month = body.get("month") or ""
    if month:
        if not isinstance(month, str):
            raise BadRequest("month must be YYYY-MM", code="bad_period")
        parse_month(month, None)
    if len(body["budgets"]) > MAX_BUDGETS:
        raise BadRequest("too many budgets")
    wanted: dict[str, Decimal | None] = {}
    problems: dict[str, str] = {}
    for index, item in enumerate(body["budgets"]):
        if not isinstance(item, dict):
            problems[f"budgets[{index}]"] = "required"
            continue
        category = item.get("category") or ""
        if not isinstance(category, str):
            problems[f"budgets[{index}].category"] = "not_text"
            continue
        category = fields.tidy_typed(category)
        if len(category) > fields.TEXT_LIMITS["category"]:
            problems[f"budgets[{index}].category"] = "too_long"
            continue
        amount = item.get("amount")
        if amount in (None, "", "0", "0.00", 0):
            wanted[category] = None
            continue
        try:
            wanted[category] = fields.parse_amount(amount)
        except ValueError as exc:
            problems[f"budgets[{index}].amount"] = str(exc)
    if problems:
        raise Invalid("invalid budgets", fields=problems)
    return month, wanted


def put(engine: sa.Engine, owner: str, body, today: date) -> dict:
    """Replace the budgets of one scope (every month, or the body's month) with the body's list; raises Invalid.

    Body: {"month": null | "YYYY-MM", "budgets": [{"category": null | "餐饮", "amount": "3000.00" | null}]}.
    A category left out of the list, or with no amount, no longer has a budget in that scope.
    """
    month, wanted = _checked(body)
    now = utcnow()
    with engine.begin() as conn:
        conn.execute(budgets.delete().where(budgets.c.owner == owner, budgets.c.month == month))
        for category, amount in wanted.items():
            if amount is not None:
                conn.execute(
                    budgets.insert().values(owner=owner, category=category, month=month, amount=amount, updated_at=now)
                )
        return status(conn, owner, today, month or None)
