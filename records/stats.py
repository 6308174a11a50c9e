"""The 统计 screen's numbers in one document: totals, trends, shares, top merchants, heat map, forecast,
anomalies and budgets for a date range.

Sums are GROUP BY queries on the database (SQLite and MySQL alike); only the date bucketing differs per
dialect. Spending is net of refunds; transfers between own accounts are neither spending nor income.
"""

from __future__ import annotations

import calendar
import statistics
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa

from records.errors import BadRequest
from records.schema import records

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
MAX_DAYS = 3660
TOP_MERCHANTS = 10
BASELINE_DAYS = 365
MIN_MERCHANT_PAYMENTS = 5
MIN_CATEGORY_PAYMENTS = 10
ANOMALY_RATIO = Decimal("2.5")
ANOMALY_MIN_EXCESS = Decimal("20.00")
MAD_SCALE = 1.4826  # makes the median absolute deviation comparable to a standard deviation
MAD_LIMIT = 5


# ---------------------------------------------------------------- dialect-aware expressions


def day_of(dialect: str, column):
    """The calendar day of a DATETIME column, as 'YYYY-MM-DD' text (SQLite) or a DATE (MySQL)."""
    return sa.func.date(column)


def month_of(dialect: str, column):
    """'YYYY-MM' of a DATETIME column."""
    if dialect == "sqlite":
        return sa.func.strftime("%Y-%m", column)
    return sa.func.date_format(column, "%Y-%m")


def weekday_of(dialect: str, column):
    """Day of the week of a DATETIME column, Monday = 0 … Sunday = 6, on both databases."""
    if dialect == "sqlite":
        # strftime('%w') counts from Sunday = 0.
        return (sa.cast(sa.func.strftime("%w", column), sa.Integer) + 6) % 7
    return sa.func.weekday(column)


def week_of(dialect: str, column):
    """The Monday that starts the (ISO) week of a DATETIME column."""
    if dialect == "sqlite":
        offset = (
            sa.literal_column("'-'") + sa.cast(weekday_of(dialect, column), sa.String) + sa.literal_column("' days'")
        )
        return sa.func.date(column, offset)
    return sa.func.date(sa.func.subdate(column, sa.func.weekday(column)))


def hour_of(dialect: str, column):
    """Hour of the day (0–23) of a DATETIME column."""
    if dialect == "sqlite":
        return sa.cast(sa.func.strftime("%H", column), sa.Integer)
    return sa.func.hour(column)


def _key(value) -> str:
    """A bucket value from either database as text."""
    return value.isoformat() if isinstance(value, date) else str(value)


# ---------------------------------------------------------------- helpers


NET = sa.case(
    (records.c.direction == "expense", records.c.amount),
    (records.c.direction == "refund", -records.c.amount),
)


def _money(value) -> str:
    return f"{(value or ZERO).quantize(CENT):.2f}"


def _where(owner: str, start: datetime, end: datetime) -> list:
    return [
        records.c.owner == owner,
        records.c.occurred_at >= start,
        records.c.occurred_at < end,
        records.c.deleted_at.is_(None),
    ]


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return datetime.combine(start, datetime.min.time()), datetime.combine(end + timedelta(days=1), datetime.min.time())


def _share(part: Decimal, whole: Decimal) -> float:
    return round(float(part / whole), 4) if whole > 0 else 0.0


def parse_range(params: dict, today: date) -> tuple[date, date]:
    """The inclusive (from, to) days of a request; this month so far when absent. Raises BadRequest."""
    try:
        end = date.fromisoformat(params["to"]) if params.get("to") else today
        start = date.fromisoformat(params["from"]) if params.get("from") else end.replace(day=1)
    except ValueError as exc:
        raise BadRequest("from and to must be YYYY-MM-DD", code="bad_period") from exc
    if start > end or (end - start).days > MAX_DAYS:
        raise BadRequest("from must not be after to, and the range at most ten years", code="bad_period")
    return start, end


# ---------------------------------------------------------------- the parts


def totals(conn, owner: str, start: datetime, end: datetime) -> dict:
    """Spending (net of refunds), income, transfers and the count in [start, end)."""
    rows = conn.execute(
        sa.select(records.c.direction, sa.func.sum(records.c.amount), sa.func.count())
        .where(*_where(owner, start, end))
        .group_by(records.c.direction)
    ).fetchall()
    by = {direction: (total or ZERO, count) for direction, total, count in rows}
    gross = by.get("expense", (ZERO, 0))[0]
    refund = by.get("refund", (ZERO, 0))[0]
    income = by.get("income", (ZERO, 0))[0]
    expense = max(gross - refund, ZERO)
    days = max((end - start).days, 1)
    return {
        "expense": _money(expense),
        "gross_expense": _money(gross),
        "refund": _money(refund),
        "income": _money(income),
        "transfer": _money(by.get("transfer", (ZERO, 0))[0]),
        "balance": _money(income - expense),
        "count": sum(count for _, count in by.values()),
        "daily_average": _money(expense / days),
    }


def _periods(start: date, end: date, unit: str) -> list[str]:
    """Every bucket key from start to end, so the chart has no gaps."""
    keys = []
    if unit == "day":
        day = start
        while day <= end:
            keys.append(day.isoformat())
            day += timedelta(days=1)
    elif unit == "week":
        day = start - timedelta(days=start.weekday())
        while day <= end:
            keys.append(day.isoformat())
            day += timedelta(days=7)
    else:
        year, month = start.year, start.month
        while (year, month) <= (end.year, end.month):
            keys.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def trend(conn, owner: str, start: date, end: date, unit: str) -> list[dict]:
    """Spending (net of refunds) and income per day, week (from Monday) or month of the range."""
    dialect = conn.dialect.name
    column = records.c.occurred_at
    bucket = {"day": day_of, "week": week_of, "month": month_of}[unit](dialect, column).label("bucket")
    low, high = _bounds(start, end)
    rows = conn.execute(
        sa.select(bucket, records.c.direction, sa.func.sum(records.c.amount))
        .where(*_where(owner, low, high), records.c.direction.in_(("expense", "refund", "income")))
        .group_by(sa.literal_column("bucket"), records.c.direction)
    ).fetchall()
    points = {key: {"expense": ZERO, "income": ZERO} for key in _periods(start, end, unit)}
    for key, direction, total in rows:
        point = points.setdefault(_key(key), {"expense": ZERO, "income": ZERO})
        if direction == "income":
            point["income"] += total
        else:
            point["expense"] += total if direction == "expense" else -total
    return [
        {"period": key, "expense": _money(value["expense"]), "income": _money(value["income"])}
        for key, value in sorted(points.items())
    ]


def shares(conn, owner: str, start: datetime, end: datetime, column, *, limit: int | None = None) -> list[dict]:
    """Net spending grouped by `column` (category, platform or merchant), largest first, with its share."""
    net = sa.func.sum(NET).label("net")
    query = (
        sa.select(column.label("name"), net, sa.func.count().label("n"))
        .where(*_where(owner, start, end), records.c.direction.in_(("expense", "refund")))
        .group_by(column)
        .order_by(sa.desc("net"))
    )
    if limit:
        query = query.limit(limit)
    rows = [(name, total or ZERO, count) for name, total, count in conn.execute(query)]
    whole = sum((total for _, total, _ in rows if total > 0), ZERO)
    return [
        {"name": name, "amount": _money(total), "count": count, "share": _share(total, whole)}
        for name, total, count in rows
        if total > 0
    ]


def heatmap(conn, owner: str, start: datetime, end: datetime) -> list[dict]:
    """Spending by weekday (Monday = 0) and hour of the day."""
    dialect = conn.dialect.name
    weekday = weekday_of(dialect, records.c.occurred_at).label("weekday")
    hour = hour_of(dialect, records.c.occurred_at).label("hour")
    rows = conn.execute(
        sa.select(weekday, hour, sa.func.sum(records.c.amount), sa.func.count())
        .where(*_where(owner, start, end), records.c.direction == "expense")
        .group_by(sa.literal_column("weekday"), sa.literal_column("hour"))
    )
    cells = [
        {"weekday": int(w), "hour": int(h), "amount": _money(total), "count": count} for w, h, total, count in rows
    ]
    return sorted(cells, key=lambda c: (c["weekday"], c["hour"]))


def month_bounds(day: date) -> tuple[date, date]:
    """First and last day of `day`'s month."""
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


def forecast(conn, owner: str, today: date) -> dict:
    """This month's spending so far and where it ends at the current daily pace."""
    first, last = month_bounds(today)
    spent = Decimal(totals(conn, owner, *_bounds(first, today))["expense"])
    elapsed, length = today.day, last.day
    pace = spent / elapsed
    previous_first, _ = month_bounds(first - timedelta(days=1))
    previous = totals(conn, owner, *_bounds(previous_first, first - timedelta(days=1)))["expense"]
    return {
        "month": f"{today:%Y-%m}",
        "spent": _money(spent),
        "days_elapsed": elapsed,
        "days_in_month": length,
        "daily_pace": _money(pace),
        "projected": _money(pace * length),
        "last_month": previous,
    }


def _median_mad(values: list[Decimal]) -> tuple[Decimal, Decimal]:
    median = statistics.median(values)
    return Decimal(median), Decimal(statistics.median([abs(v - median) for v in values]))


def _ratio_text(ratio: Decimal) -> str:
    return f"{ratio.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}"


def _explain(basis: str, name: str, row, median: Decimal, n: int, ratio: Decimal) -> dict:
    """The sentence that says why a payment stands out, in zh and en."""
    when = f"{row.occurred_at:%Y-%m-%d}"
    amount, usual, times = _money(row.amount), _money(median), _ratio_text(ratio)
    if basis == "merchant":
        zh = f"{when} 在「{name}」支付 ¥{amount}，是你在这家平时单笔（中位数 ¥{usual}，近一年 {n} 笔）的 {times} 倍。"
        en = (
            f"On {when} you paid ¥{amount} at {name}, {times}× your usual there "
            f"(median ¥{usual} over {n} payments in the past year)."
        )
    else:
        zh = (
            f"{when} 的「{row.merchant or '未知商户'}」支付 ¥{amount}，"
            f"是「{name}」类平时单笔（中位数 ¥{usual}，近一年 {n} 笔）的 {times} 倍。"
        )
        en = (
            f"On {when} you paid ¥{amount} at {row.merchant or 'an unknown merchant'}, {times}× your usual "
            f"{name} payment (median ¥{usual} over {n} payments in the past year)."
        )
    return {"zh": zh, "en": en}


def anomalies(conn, owner: str, start: date, end: date, *, limit: int = 10) -> list[dict]:
    """Payments in the range far above that merchant's usual (or, for a rarely seen merchant, the category's).

    "Far above" means at least 2.5× the median of the past year's payments there, 20 yuan or more above it,
    and more than five scaled median absolute deviations away. SQL first narrows the range to payments above
    1.5× their merchant's or category's average; the medians are then taken over those groups only.
    """
    low, high = _bounds(start, end)
    base_low = datetime.combine(end - timedelta(days=BASELINE_DAYS), datetime.min.time())
    baseline = [*_where(owner, base_low, high), records.c.direction == "expense"]
    candidates = {}
    for basis, column, minimum in (
        ("merchant", records.c.merchant, MIN_MERCHANT_PAYMENTS),
        ("category", records.c.category, MIN_CATEGORY_PAYMENTS),
    ):
        usual = (
            sa.select(column.label("name"), sa.func.avg(records.c.amount).label("mean"))
            .where(*baseline, column.is_not(None))
            .group_by(column)
            .having(sa.func.count() >= minimum)
            .subquery()
        )
        rows = conn.execute(
            sa.select(records.c.id, records.c.amount, records.c.occurred_at, records.c.merchant, records.c.category)
            .join(usual, usual.c.name == column)
            .where(
                *_where(owner, low, high),
                records.c.direction == "expense",
                # Both sides are in the column's stored unit (cents on SQLite), so no bound value is converted.
                records.c.amount > usual.c.mean * sa.literal_column("1.5"),
            )
            .order_by(records.c.amount.desc())
            .limit(200)
        )
        for row in rows:
            candidates.setdefault(row.id, (row, []))[1].append(basis)
    if not candidates:
        return []
    merchants = {row.merchant for row, bases in candidates.values() if "merchant" in bases}
    categories = {row.category for row, bases in candidates.values() if "category" in bases}
    history: dict[tuple[str, str], list[Decimal]] = {}
    for basis, column, names in (
        ("merchant", records.c.merchant, merchants),
        ("category", records.c.category, categories),
    ):
        if names:
            for name, amount in conn.execute(sa.select(column, records.c.amount).where(*baseline, column.in_(names))):
                history.setdefault((basis, name), []).append(amount)
    found = []
    for row, bases in candidates.values():
        # The merchant's own habit decides when there is one; the category speaks only for rare merchants.
        basis = "merchant" if "merchant" in bases else "category"
        if basis == "category" and len(history.get(("merchant", row.merchant), [])) >= MIN_MERCHANT_PAYMENTS:
            continue
        name = row.merchant if basis == "merchant" else row.category
        values = history.get((basis, name), [])
        if len(values) < (MIN_MERCHANT_PAYMENTS if basis == "merchant" else MIN_CATEGORY_PAYMENTS):
            continue
        median, mad = _median_mad(values)
        if median <= 0:
            continue
        ratio = row.amount / median
        spread = Decimal(MAD_SCALE) * mad
        if ratio < ANOMALY_RATIO or row.amount - median < ANOMALY_MIN_EXCESS:
            continue
        if spread > 0 and (row.amount - median) / spread <= MAD_LIMIT:
            continue
        found.append(
            {
                "id": row.id,
                "basis": basis,
                "merchant": row.merchant,
                "category": row.category,
                "amount": _money(row.amount),
                "occurred_at": row.occurred_at.isoformat(),
                "usual": _money(median),
                "payments": len(values),
                "ratio": float(_ratio_text(ratio)),
                "message": _explain(basis, name, row, median, len(values), ratio),
            }
        )
    found.sort(key=lambda a: (-a["ratio"], a["id"]))
    return found[:limit]


def stats(engine: sa.Engine, owner: str, start: date, end: date, *, today: date) -> dict:
    """Everything the 统计 screen draws for the inclusive days start..end, plus this month's forecast and budgets."""
    from records import budgets

    low, high = _bounds(start, end)
    with engine.connect() as conn:
        summary = totals(conn, owner, low, high)
        summary["days"] = (end - start).days + 1
        return {
            "from": start.isoformat(),
            "to": end.isoformat(),
            "currency": "CNY",
            "totals": summary,
            "trend": {unit: trend(conn, owner, start, end, unit) for unit in ("day", "week", "month")},
            "by_category": shares(conn, owner, low, high, records.c.category),
            "by_platform": shares(conn, owner, low, high, records.c.platform),
            "top_merchants": shares(conn, owner, low, high, records.c.merchant, limit=TOP_MERCHANTS),
            "heatmap": heatmap(conn, owner, low, high),
            "forecast": forecast(conn, owner, today),
            "anomalies": anomalies(conn, owner, start, end),
            "budgets": budgets.status(conn, owner, today),
        }
