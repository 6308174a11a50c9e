"""The 统计 screen's numbers in one document (/api/stats): totals, trends, shares, top merchants, heat map,
forecast, anomalies and budgets for a date range, assembled from the other report modules.

Three grouped scans carry most of it: one by day (totals, and the weekly and monthly trends summed from the
days), one by merchant and category (shares, top merchants, anomaly candidates), one by weekday, hour and
platform (heat map, platform shares). Spending is net of refunds (records.money).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date

import sqlalchemy as sa

from records.categories import parents_of
from records.dates import day_span, parse_day
from records.errors import BadRequest
from records.reports import budgets
from records.reports.anomalies import anomalies
from records.reports.forecast import forecast
from records.reports.groups import spending_groups
from records.reports.scan import book_key
from records.reports.shares import shares, when_and_where
from records.reports.totals import daily, summarize
from records.reports.trend import UNITS, trend

MAX_DAYS = 3660
TOP_MERCHANTS = 10
PARALLEL_QUERIES = 3


def parse_range(params: dict, today: date) -> tuple[date, date]:
    """The inclusive (from, to) days of a request; this month so far when absent. Raises BadRequest."""
    end = parse_day(params["to"], "to", code="bad_period") if params.get("to") else today
    start = parse_day(params["from"], "from", code="bad_period") if params.get("from") else end.replace(day=1)
    if start > end or (end - start).days > MAX_DAYS:
        raise BadRequest("from must not be after to, and the range at most ten years", code="bad_period")
    return start, end


def _gather(engine: sa.Engine, parts: dict) -> dict:
    """Run each `parts` function on a connection and collect the results by name.

    On MySQL the parts run at the same time on pooled connections, so the server works on the scans in parallel
    (each part is one consistent read; the parts may straddle a concurrent write). SQLite does them one by one
    on one connection: its queries share a single file lock anyway.
    """
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            return {name: fn(conn) for name, fn in parts.items()}

    def run(fn):
        with engine.connect() as conn:
            return fn(conn)

    with ThreadPoolExecutor(max_workers=PARALLEL_QUERIES) as pool:
        futures = {name: pool.submit(run, fn) for name, fn in parts.items()}
        return {name: future.result() for name, future in futures.items()}


def stats(engine: sa.Engine, owner: str, start: date, end: date, *, today: date) -> dict:
    """Everything the 统计 screen draws for the inclusive days start..end, plus this month's forecast and budgets."""
    low, high = day_span(start, end)
    got = _gather(
        engine,
        {
            "days": lambda conn: daily(conn, owner, start, end),
            "groups": lambda conn: spending_groups(conn, owner, start, end),
            "when_where": lambda conn: when_and_where(conn, owner, low, high),
            "forecast": lambda conn: forecast(conn, owner, today),
            "budgets": lambda conn: budgets.status(conn, owner, today),
            "parents": lambda conn: parents_of(conn, book_key(owner)),
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
        "trend": {unit: trend(days, start, end, unit) for unit in UNITS},
        # A sub-category's spending counts in its parent's share; by_subcategory keeps them apart.
        "by_category": shares((got["parents"].get(g.category, g.category), g.net, g.count) for g in groups),
        "by_subcategory": shares((g.category, g.net, g.count) for g in groups if g.category in got["parents"]),
        "by_platform": shares(platforms),
        "top_merchants": shares(((g.merchant, g.net, g.count) for g in groups), limit=TOP_MERCHANTS),
        "heatmap": heat,
        "forecast": got["forecast"],
        "anomalies": unusual,
        "budgets": got["budgets"],
    }
