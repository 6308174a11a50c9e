"""The 统计 screen's numbers in one document: totals, trends, shares, top merchants, heat map, forecast,
anomalies and budgets for a date range.

Sums are GROUP BY queries on the database, SQLite and MySQL alike (weekday and hour bucketing differ per
dialect): one by day (totals, and the weekly and monthly trends summed from the days), one by merchant and
category (shares, top merchants, anomaly candidates), one by weekday, hour and platform (heat map, platform
shares). Spending is net of refunds; transfers between own accounts are neither spending nor income.
"""

from __future__ import annotations

import calendar
import statistics
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

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
PREFILTER_RATIO = Decimal("2")
CANDIDATES = 12
PARALLEL_QUERIES = 3


# ---------------------------------------------------------------- dialect-aware expressions


def day_of(dialect: str, column):
    """The calendar day of a DATETIME column, as 'YYYY-MM-DD' text (SQLite) or a DATE (MySQL)."""
    return sa.func.date(column)


def weekday_of(dialect: str, column):
    """Day of the week of a DATETIME column, Monday = 0 … Sunday = 6, on both databases."""
    if dialect == "sqlite":
        # Julian day numbers start at noon and day 0 was a Monday: floor(jd + 0.5) mod 7 is Monday = 0. It costs
        # less than strftime('%w'), which formats a string per row.
        return sa.cast(sa.func.julianday(column) + sa.literal_column("0.5"), sa.Integer) % sa.literal_column("7")
    return sa.func.weekday(column)


def hour_of(dialect: str, column):
    """Hour of the day (0–23) of a DATETIME column."""
    if dialect == "sqlite":
        # SQLAlchemy stores SQLite datetimes as 'YYYY-MM-DD HH:MM:SS.ffffff': the hour is characters 12–13.
        return sa.cast(sa.func.substr(column, 12, 2), sa.Integer)
    return sa.func.hour(column)


def _key(value) -> str:
    """A bucket value from either database as text."""
    return value.isoformat() if isinstance(value, date) else str(value)


# ---------------------------------------------------------------- helpers


NET = sa.case(
    (records.c.direction == "expense", records.c.amount),
    (records.c.direction == "refund", -records.c.amount),
)


class Group(NamedTuple):
    """Spending of one (merchant, category): in the range, and the baseline year's expenses."""

    merchant: str | None
    category: str | None
    net: Decimal
    count: int
    expenses: int
    expense_sum: Decimal
    top: Decimal | None


def _scan(*columns):
    """SELECT `columns` from records through the covering statistics index.

    MySQL's planner, given owner equality, prefers the narrower (owner, occurred_at, id) index and then reads every
    row of the range from the table; the covering index answers the same scan without touching the table.
    (The GROUP BY queries below add ORDER BY NULL: MariaDB otherwise sorts every grouped result nobody reads
    in order.)
    """
    return sa.select(*columns).with_hint(records, "FORCE INDEX (ix_records_owner_stats)", "mysql")


def _money(value) -> str:
    # Stored amounts and their sums already have two places; quantize only what division produced.
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
        _scan(records.c.direction, sa.func.sum(records.c.amount), sa.func.count())
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


def _week(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _periods(start: date, end: date, unit: str) -> list[str]:
    """Every bucket key from start to end, so the chart has no gaps."""
    keys = []
    if unit == "day":
        day = start
        while day <= end:
            keys.append(day.isoformat())
            day += timedelta(days=1)
    elif unit == "week":
        day = _week(start)
        while day <= end:
            keys.append(day.isoformat())
            day += timedelta(days=7)
    else:
        year, month = start.year, start.month
        while (year, month) <= (end.year, end.month):
            keys.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


class Day(NamedTuple):
    """One day's sums per direction and its number of records."""

    day: date
    expense: Decimal
    refund: Decimal
    income: Decimal
    transfer: Decimal
    count: int


def daily(conn, owner: str, start: date, end: date) -> list[Day]:
    """The sums of every day of the range that has records: the one scan totals and trends come from."""
    day = day_of(conn.dialect.name, records.c.occurred_at).label("day")
    low, high = _bounds(start, end)
    per_direction = [
        sa.func.sum(sa.case((records.c.direction == direction, records.c.amount)))
        for direction in ("expense", "refund", "income", "transfer")
    ]
    rows = conn.execute(
        _scan(day, *per_direction, sa.func.count())
        .where(*_where(owner, low, high))
        .group_by(sa.literal_column("day"))
        .order_by(sa.null())
    )
    return [
        Day(date.fromisoformat(_key(d)), e or ZERO, r or ZERO, i or ZERO, t or ZERO, n) for d, e, r, i, t, n in rows
    ]


def summarize(days: list[Day], start: date, end: date) -> dict:
    """Totals of the range from its daily sums: spending net of refunds, income, transfers, count."""
    gross = sum((d.expense for d in days), ZERO)
    refund = sum((d.refund for d in days), ZERO)
    income = sum((d.income for d in days), ZERO)
    expense = max(gross - refund, ZERO)
    length = (end - start).days + 1
    return {
        "expense": _money(expense),
        "gross_expense": _money(gross),
        "refund": _money(refund),
        "income": _money(income),
        "transfer": _money(sum((d.transfer for d in days), ZERO)),
        "balance": _money(income - expense),
        "count": sum(d.count for d in days),
        "daily_average": _money(expense / length),
        "days": length,
    }


def trend(days: list[Day], start: date, end: date, unit: str) -> list[dict]:
    """Spending (net of refunds) and income per day, week (from Monday) or month, rolled up from the daily sums."""
    points = {key: [ZERO, ZERO] for key in _periods(start, end, unit)}
    for d in days:
        if unit == "day":
            key = d.day.isoformat()
        elif unit == "week":
            key = _week(d.day).isoformat()
        else:
            key = f"{d.day.year:04d}-{d.day.month:02d}"
        point = points[key]
        point[0] += d.expense - d.refund
        point[1] += d.income
    return [{"period": key, "expense": _money(e), "income": _money(i)} for key, (e, i) in points.items()]


def baseline_start(start: date, end: date) -> datetime:
    """Where the "usual" for anomalies begins: a year before `end`, or the range's start when that is earlier."""
    return datetime.combine(min(start, end - timedelta(days=BASELINE_DAYS - 1)), datetime.min.time())


def spending_groups(conn, owner: str, start: date, end: date) -> list[Group]:
    """Spending per (merchant, category): net and count in the range, plus the baseline year's expenses
    (count, sum, largest in the range) that anomalies start from. One scan serves both.
    """
    low, high = _bounds(start, end)
    base_low = baseline_start(start, end)
    is_expense = records.c.direction == "expense"
    if base_low == low:
        # The range is a year or longer: it is its own baseline, and every row is in it.
        net, count, top = sa.func.sum(NET), sa.func.count(), sa.func.max(sa.case((is_expense, records.c.amount)))
    else:
        in_range = records.c.occurred_at >= low
        net = sa.func.sum(sa.case((in_range, NET)))
        count = sa.func.count(sa.case((in_range, 1)))
        top = sa.func.max(sa.case((sa.and_(is_expense, in_range), records.c.amount)))
    rows = conn.execute(
        _scan(
            records.c.merchant,
            records.c.category,
            net,
            count,
            sa.func.count(sa.case((is_expense, 1))),
            sa.func.sum(sa.case((is_expense, records.c.amount))),
            top,
        )
        .where(*_where(owner, base_low, high), records.c.direction.in_(("expense", "refund")))
        .group_by(records.c.merchant, records.c.category)
        .order_by(sa.null())
    )
    return [Group(m, c, net or ZERO, n, en, es or ZERO, top) for m, c, net, n, en, es, top in rows]


def shares(parts, *, limit: int | None = None) -> list[dict]:
    """(name, net spending, count) parts summed per name, largest first, each with its share of the whole."""
    sums: dict[str | None, list] = {}
    for name, net, count in parts:
        if count:
            entry = sums.setdefault(name, [ZERO, 0])
            entry[0] += net
            entry[1] += count
    positive = [(name, total, n) for name, (total, n) in sums.items() if total > 0]
    whole = sum((total for _, total, _ in positive), ZERO)
    positive.sort(key=lambda e: (-e[1], e[0] or ""))
    return [
        {"name": name, "amount": _money(total), "count": n, "share": _share(total, whole)}
        for name, total, n in positive[:limit]
    ]


def when_and_where(conn, owner: str, start: datetime, end: datetime) -> tuple[list[dict], list[tuple]]:
    """The heat map (spending by weekday, Monday = 0, and hour) and (platform, net, count) parts, in one scan."""
    dialect = conn.dialect.name
    weekday = weekday_of(dialect, records.c.occurred_at).label("weekday")
    hour = hour_of(dialect, records.c.occurred_at).label("hour")
    is_expense = records.c.direction == "expense"
    rows = conn.execute(
        _scan(
            weekday,
            hour,
            records.c.platform,
            sa.func.sum(sa.case((is_expense, records.c.amount))),
            sa.func.count(sa.case((is_expense, 1))),
            sa.func.sum(NET),
            sa.func.count(),
        )
        .where(*_where(owner, start, end), records.c.direction.in_(("expense", "refund")))
        .group_by(sa.literal_column("weekday"), sa.literal_column("hour"), records.c.platform)
        .order_by(sa.null())
    ).fetchall()
    cells: dict[tuple[int, int], list] = {}
    for w, h, _platform, spent, spent_count, _net, _count in rows:
        if spent_count:
            cell = cells.setdefault((int(w), int(h)), [ZERO, 0])
            cell[0] += spent
            cell[1] += spent_count
    heat = [
        {"weekday": w, "hour": h, "amount": _money(total), "count": count}
        for (w, h), (total, count) in sorted(cells.items())
    ]
    return heat, [(platform, net or ZERO, count) for _w, _h, platform, _s, _sc, net, count in rows]


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


def _explain(
    basis: str,
    name: str,
    merchant: str | None,
    amount: Decimal,
    when: datetime,
    median: Decimal,
    n: int,
    ratio: Decimal,
) -> dict:
    """The sentence that says why a payment stands out, in zh and en."""
    day = f"{when:%Y-%m-%d}"
    paid, usual, times = _money(amount), _money(median), _ratio_text(ratio)
    if basis == "merchant":
        zh = f"{day} 在「{name}」支付 ¥{paid}，是你在这家平时单笔（中位数 ¥{usual}，近一年 {n} 笔）的 {times} 倍。"
        en = (
            f"On {day} you paid ¥{paid} at {name}, {times}× your usual there "
            f"(median ¥{usual} over {n} payments in the past year)."
        )
    else:
        zh = (
            f"{day} 的「{merchant or '未知商户'}」支付 ¥{paid}，"
            f"是「{name}」类平时单笔（中位数 ¥{usual}，近一年 {n} 笔）的 {times} 倍。"
        )
        en = (
            f"On {day} you paid ¥{paid} at {merchant or 'an unknown merchant'}, {times}× your usual "
            f"{name} payment (median ¥{usual} over {n} payments in the past year)."
        )
    return {"zh": zh, "en": en}


def _candidates(groups: list[Group]) -> tuple[list, list, set]:
    """Merchants, and categories of rarely seen merchants, whose largest payment in the range stands well above
    the average of their other payments in the baseline year: the only groups worth a median. Also returns the
    merchants seen often enough to be judged by their own habit.
    """
    rows = [(g.merchant, g.category, g.expenses, g.expense_sum, g.top) for g in groups if g.expenses]
    merchants: dict[str, list] = {}
    categories: dict[str, list] = {}
    for merchant, category, n, total, top in rows:
        if merchant is not None:
            m = merchants.setdefault(merchant, [0, ZERO, None])
            m[0] += n
            m[1] += total
            if top is not None:
                m[2] = top if m[2] is None else max(m[2], top)
        if category is not None:
            c = categories.setdefault(category, [0, ZERO, None])
            c[0] += n
            c[1] += total

    def stands_out(n: int, total: Decimal, top) -> Decimal | None:
        if top is None or n < 2:
            return None
        rest = (total - top) / (n - 1)
        return top / rest if rest > 0 else None

    by_merchant = []
    for name, (n, total, top) in merchants.items():
        ratio = stands_out(n, total, top)
        if n >= MIN_MERCHANT_PAYMENTS and ratio is not None and ratio >= PREFILTER_RATIO:
            by_merchant.append((ratio, name))
    # A merchant seen too rarely to have a habit is judged against its category.
    for merchant, category, _n, _total, top in rows:
        rare = merchant is None or merchants[merchant][0] < MIN_MERCHANT_PAYMENTS
        if category is None or top is None or not rare:
            continue
        c = categories[category]
        c[2] = top if c[2] is None else max(c[2], top)
    by_category = []
    for name, (n, total, top) in categories.items():
        ratio = stands_out(n, total, top)
        if n >= MIN_CATEGORY_PAYMENTS and ratio is not None and ratio >= PREFILTER_RATIO:
            by_category.append((ratio, name))
    frequent = {name for name, (n, _total, _top) in merchants.items() if n >= MIN_MERCHANT_PAYMENTS}
    return (
        [name for _, name in sorted(by_merchant, reverse=True)[:CANDIDATES]],
        [name for _, name in sorted(by_category, reverse=True)[:CANDIDATES]],
        frequent,
    )


def anomalies(conn, owner: str, start: date, end: date, groups: list[Group], *, limit: int = 10) -> list[dict]:
    """Payments in the range far above that merchant's usual (or, for a rarely seen merchant, the category's).

    "Far above" means at least 2.5× the median of the past year's payments there, 20 yuan or more above it,
    and more than five scaled median absolute deviations away. The grouped sums (`spending_groups`) narrow the
    year to the groups whose largest payment stands out; medians are then taken over those groups only.
    """
    low, high = _bounds(start, end)
    base_low = baseline_start(start, end)
    merchants, categories, frequent = _candidates(groups)
    if not merchants and not categories:
        return []
    in_range = sa.case((records.c.occurred_at >= low, 1), else_=0).label("in_range")
    # Only what the medians need: every column more is parsed thousands of times (in Python, with pymysql).
    columns = (records.c.id, records.c.merchant, records.c.category, records.c.amount, in_range)
    baseline = [*_where(owner, base_low, high), records.c.direction == "expense"]
    rows = []
    if merchants:
        query = sa.select(*columns).where(*baseline, records.c.merchant.in_(merchants))
        rows += conn.execute(query.with_hint(records, "FORCE INDEX (ix_records_owner_merchant)", "mysql")).fetchall()
    if categories:
        query = _scan(*columns).where(*baseline, records.c.category.in_(categories))
        seen = {row.id for row in rows}
        rows += [row for row in conn.execute(query) if row.id not in seen]
    history: dict[tuple[str, str], list[Decimal]] = {}
    for row in rows:
        if row.merchant in merchants:
            history.setdefault(("merchant", row.merchant), []).append(row.amount)
        if row.category in categories:
            history.setdefault(("category", row.category), []).append(row.amount)
    # Per group, the amount a payment must exceed to stand out (see the docstring), worked out once.
    lines = {}
    for key, values in history.items():
        median, mad = _median_mad(values)
        spread = Decimal(MAD_SCALE) * mad
        floor = max(median * ANOMALY_RATIO, median + ANOMALY_MIN_EXCESS)
        lines[key] = (median, len(values), floor, median + MAD_LIMIT * spread if spread > 0 else None)
    wanted = set(merchants)
    flagged = []
    for row in rows:
        if not row.in_range:
            continue
        basis = "merchant" if row.merchant in wanted else "category"
        if basis == "category" and (row.category not in categories or row.merchant in frequent):
            continue
        median, n, floor, mad_line = lines[(basis, row.merchant if basis == "merchant" else row.category)]
        if median <= 0 or row.amount < floor or (mad_line is not None and row.amount <= mad_line):
            continue
        flagged.append((row.amount / median, row, basis, median, n))
    flagged.sort(key=lambda f: (-f[0], f[1].id))
    flagged = flagged[:limit]
    if not flagged:
        return []
    # By primary key alone: the ids came from this owner's rows, and an owner condition would steer the planner
    # onto an owner index instead.
    when = dict(
        conn.execute(
            sa.select(records.c.id, records.c.occurred_at).where(records.c.id.in_([f[1].id for f in flagged]))
        ).fetchall()
    )
    found = []
    for ratio, row, basis, median, n in flagged:
        name = row.merchant if basis == "merchant" else row.category
        occurred_at = when[row.id]
        found.append(
            {
                "id": row.id,
                "basis": basis,
                "merchant": row.merchant,
                "category": row.category,
                "amount": _money(row.amount),
                "occurred_at": occurred_at.isoformat(),
                "usual": _money(median),
                "payments": n,
                "ratio": float(_ratio_text(ratio)),
                "message": _explain(basis, name, row.merchant, row.amount, occurred_at, median, n, ratio),
            }
        )
    return found


def _gather(engine: sa.Engine, parts: dict) -> dict:
    """Run each `parts` function on a connection and collect the results by name.

    On MySQL the parts run at the same time on pooled connections, so the server works on the scans in parallel
    (each part is one consistent read; the parts may straddle a concurrent write). SQLite does them one by one
    on one connection: its queries share a single file lock anyway.
    """
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            return {name: fn(conn) for name, fn in parts.items()}
    from concurrent.futures import ThreadPoolExecutor

    def run(fn):
        with engine.connect() as conn:
            return fn(conn)

    with ThreadPoolExecutor(max_workers=PARALLEL_QUERIES) as pool:
        futures = {name: pool.submit(run, fn) for name, fn in parts.items()}
        return {name: future.result() for name, future in futures.items()}


def stats(engine: sa.Engine, owner: str, start: date, end: date, *, today: date) -> dict:
    """Everything the 统计 screen draws for the inclusive days start..end, plus this month's forecast and budgets."""
    from records import budgets

    low, high = _bounds(start, end)
    got = _gather(
        engine,
        {
            "days": lambda conn: daily(conn, owner, start, end),
            "groups": lambda conn: spending_groups(conn, owner, start, end),
            "when_where": lambda conn: when_and_where(conn, owner, low, high),
            "forecast": lambda conn: forecast(conn, owner, today),
            "budgets": lambda conn: budgets.status(conn, owner, today),
        },
    )
    days, groups, (heat, platforms) = got["days"], got["groups"], got["when_where"]
    with engine.connect() as conn:
        unusual = anomalies(conn, owner, start, end, groups)
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "currency": "CNY",
        "totals": summarize(days, start, end),
        "trend": {unit: trend(days, start, end, unit) for unit in ("day", "week", "month")},
        "by_category": shares((g.category, g.net, g.count) for g in groups),
        "by_platform": shares(platforms),
        "top_merchants": shares(((g.merchant, g.net, g.count) for g in groups), limit=TOP_MERCHANTS),
        "heatmap": heat,
        "forecast": got["forecast"],
        "anomalies": unusual,
        "budgets": got["budgets"],
    }
