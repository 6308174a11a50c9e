"""HTTP routes of the numbers: the home screen's summary, the 统计 screen's statistics, monthly budgets; each in
a book (?book=) and, for reading, optionally of one member (?member=).
"""

from __future__ import annotations

import azure.functions as func

from handlers.responses import ANON, api, body_of, book_of, json_response, today
from records.dates import parse_day
from records.db import get_engine
from records.reports import budgets, stats
from records.reports.scan import whose
from records.reports.summary import summary

bp = func.Blueprint()


def _whose(req: func.HttpRequest):
    """The book the request reads (?book=), or only what one of its members recorded (?member=)."""
    return whose(book_of(req).book, req.params.get("member"))


@bp.route(route="api/summary", methods=["GET"], auth_level=ANON)
@api
def get_summary(req: func.HttpRequest) -> func.HttpResponse:
    """This month, today vs yesterday, top categories (?date=YYYY-MM-DD, default today)."""
    day = parse_day(req.params["date"], "date") if req.params.get("date") else today()
    return json_response(summary(get_engine(), _whose(req), day))


@bp.route(route="api/stats", methods=["GET"], auth_level=ANON)
@api
def get_stats(req: func.HttpRequest) -> func.HttpResponse:
    """Totals, trends, shares, heat map, forecast, anomalies and budgets for ?from&to (default: this month)."""
    day = today()
    start, end = stats.parse_range(dict(req.params), day)
    return json_response(stats.stats(get_engine(), _whose(req), start, end, today=day))


@bp.route(route="api/budgets", methods=["GET"], auth_level=ANON)
@api
def get_budgets(req: func.HttpRequest) -> func.HttpResponse:
    """The month's budgets (?month=YYYY-MM, default this month) with what is left."""
    day = today()
    month = budgets.parse_month(req.params.get("month"), day)
    return json_response(budgets.get(get_engine(), _whose(req), day, month))


@bp.route(route="api/budgets", methods=["PUT"], auth_level=ANON)
@api
def put_budgets(req: func.HttpRequest) -> func.HttpResponse:
    """Replace the budgets of every month (or of the body's month)."""
    return json_response(budgets.put(get_engine(), book_of(req, "write").book, body_of(req), today()))
