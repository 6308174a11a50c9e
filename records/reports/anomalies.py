"""Anomalies: payments in a range far above what is usual at that merchant (or, for a merchant seen rarely, in
that category), each with a sentence in zh and en saying why it stands out.

"Far above" means at least 2.5× the median of the past year's payments there, 20 yuan or more above it, and
more than five scaled median absolute deviations away. The grouped sums (records.reports.groups) narrow the
year to the groups whose largest payment stands out; medians are then taken over those groups only.
"""

from __future__ import annotations

import statistics
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa

from records.categories import category_name
from records.dates import day_span
from records.money import ZERO, money_text
from records.reports.groups import Group, baseline_start
from records.reports.scan import live, scan
from records.schema import records

MIN_MERCHANT_PAYMENTS = 5
MIN_CATEGORY_PAYMENTS = 10
ANOMALY_RATIO = Decimal("2.5")
ANOMALY_MIN_EXCESS = Decimal("20.00")
MAD_SCALE = 1.4826  # makes the median absolute deviation comparable to a standard deviation
MAD_LIMIT = 5
PREFILTER_RATIO = Decimal("2")
CANDIDATES = 12
MERCHANT_INDEX = "FORCE INDEX (ix_records_owner_merchant)"


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
    paid, usual, times = money_text(amount), money_text(median), _ratio_text(ratio)
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
            f"{category_name(name, 'en')} payment (median ¥{usual} over {n} payments in the past year)."
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


def _history(conn, owner: str, start: date, end: date, merchants: list, categories: list) -> list:
    """The baseline year's expenses of the candidate merchants and categories, each marked whether in the range."""
    low, high = day_span(start, end)
    in_range = sa.case((records.c.occurred_at >= low, 1), else_=0).label("in_range")
    # Only what the medians need: every column more is parsed thousands of times (in Python, with pymysql).
    columns = (records.c.id, records.c.merchant, records.c.category, records.c.amount, in_range)
    baseline = [*live(owner, baseline_start(start, end), high), records.c.direction == "expense"]
    rows = []
    if merchants:
        query = sa.select(*columns).where(*baseline, records.c.merchant.in_(merchants))
        rows += conn.execute(query.with_hint(records, MERCHANT_INDEX, "mysql")).fetchall()
    if categories:
        query = scan(*columns).where(*baseline, records.c.category.in_(categories))
        seen = {row.id for row in rows}
        rows += [row for row in conn.execute(query) if row.id not in seen]
    return rows


def _lines(rows: list, merchants: list, categories: list) -> dict[tuple[str, str], tuple]:
    """Per ('merchant' | 'category', name): (median, payments, floor, MAD line), the bar a payment must clear."""
    history: dict[tuple[str, str], list[Decimal]] = {}
    for row in rows:
        if row.merchant in merchants:
            history.setdefault(("merchant", row.merchant), []).append(row.amount)
        if row.category in categories:
            history.setdefault(("category", row.category), []).append(row.amount)
    lines = {}
    for key, values in history.items():
        median, mad = _median_mad(values)
        spread = Decimal(MAD_SCALE) * mad
        floor = max(median * ANOMALY_RATIO, median + ANOMALY_MIN_EXCESS)
        lines[key] = (median, len(values), floor, median + MAD_LIMIT * spread if spread > 0 else None)
    return lines


def _flagged(rows: list, lines: dict, merchants: list, categories: list, frequent: set) -> list[tuple]:
    """(ratio, row, basis, median, payments) of each payment in the range that clears its bar, largest first."""
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
    return flagged


def _anomaly(ratio: Decimal, row, basis: str, median: Decimal, n: int, occurred_at: datetime) -> dict:
    """One anomaly as the API sends it."""
    name = row.merchant if basis == "merchant" else row.category
    return {
        "id": row.id,
        "basis": basis,
        "merchant": row.merchant,
        "category": row.category,
        "amount": money_text(row.amount),
        "occurred_at": occurred_at.isoformat(),
        "usual": money_text(median),
        "payments": n,
        "ratio": float(_ratio_text(ratio)),
        "message": _explain(basis, name, row.merchant, row.amount, occurred_at, median, n, ratio),
    }


def anomalies(conn, owner: str, start: date, end: date, groups: list[Group], *, limit: int = 10) -> list[dict]:
    """Payments in the range far above that merchant's usual (or, for a rarely seen merchant, the category's)."""
    merchants, categories, frequent = _candidates(groups)
    if not merchants and not categories:
        return []
    rows = _history(conn, owner, start, end, merchants, categories)
    flagged = _flagged(rows, _lines(rows, merchants, categories), merchants, categories, frequent)[:limit]
    if not flagged:
        return []
    # By primary key alone: the ids came from this owner's rows, and an owner condition would steer the planner
    # onto an owner index instead.
    when = dict(
        conn.execute(
            sa.select(records.c.id, records.c.occurred_at).where(records.c.id.in_([f[1].id for f in flagged]))
        ).fetchall()
    )
    return [_anomaly(ratio, row, basis, median, n, when[row.id]) for ratio, row, basis, median, n in flagged]
