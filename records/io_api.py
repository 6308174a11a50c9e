"""HTTP blueprint for bills in and out, statistics and budgets: parse, call one domain function, answer."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

import azure.functions as func

from records.db import get_engine
from records.errors import BadRequest, TooLarge
from records.http import PRIVATE_HEADERS, api, body_of, json_response, lang_of, principal_of
from settings import get_settings

bp = func.Blueprint()
ANON = func.AuthLevel.ANONYMOUS
MAX_BILL_BYTES = 10 * 1024 * 1024


def _owner(req: func.HttpRequest) -> str:
    return principal_of(req, get_settings())[0]


def _today() -> date:
    return datetime.now(ZoneInfo(get_settings().ledger_tz)).date()


def form_file(req: func.HttpRequest, name: str = "file") -> tuple[str, bytes]:
    """(filename, bytes) of the multipart/form-data part called `name`; raises BadRequest or TooLarge."""
    from email.parser import BytesParser
    from email.policy import HTTP

    content_type = req.headers.get("content-type") or ""
    if not content_type.lower().startswith("multipart/form-data") or "boundary=" not in content_type:
        raise BadRequest("expected multipart/form-data", code="file_required")
    body = req.get_body() or b""
    if len(body) > MAX_BILL_BYTES + 64 * 1024:
        raise TooLarge(f"{len(body)} bytes", code="bill_too_large")
    # The stdlib MIME parser reads form-data once it sees the request's own Content-Type as a header.
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    if not message.is_multipart():
        raise BadRequest("not multipart", code="file_required")
    for part in message.iter_parts():
        if part.get_param("name", header="content-disposition") == name:
            data = part.get_payload(decode=True) or b""
            if len(data) > MAX_BILL_BYTES:
                raise TooLarge(f"{len(data)} bytes", code="bill_too_large")
            return part.get_filename() or "", data
    raise BadRequest(f"no form field {name!r}", code="file_required")


@bp.route(route="api/imports", methods=["POST"], auth_level=ANON)
@api
def create_import(req: func.HttpRequest) -> func.HttpResponse:
    """Read an uploaded bill file and answer a preview: new, duplicate and skipped rows."""
    from records import imports

    owner = _owner(req)  # who asks comes first: an anonymous caller hears 401, not a form error
    filename, data = form_file(req)
    settings = get_settings()
    result = imports.preview(get_engine(), owner, data, filename=filename, tz=settings.ledger_tz, lang=lang_of(req))
    return json_response(result, 201)


@bp.route(route="api/imports/{import_id}/commit", methods=["POST"], auth_level=ANON)
@api
def commit_import(req: func.HttpRequest) -> func.HttpResponse:
    """Write a previewed import's new rows; again answers 200 with the same result."""
    from records import imports

    result, created = imports.commit(get_engine(), _owner(req), req.route_params["import_id"])
    return json_response(result, 201 if created else 200)


@bp.route(route="api/records/export", methods=["GET"], auth_level=ANON)
@api
def export_records(req: func.HttpRequest) -> func.HttpResponse:
    """The records matching the list filters as a CSV or XLSX download."""
    from records.export import export

    lang = (req.params.get("lang") or "").lower() or lang_of(req)
    data, content_type, filename = export(
        get_engine(), _owner(req), dict(req.params), today=_today().isoformat(), lang=lang
    )
    disposition = f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"
    headers = {**PRIVATE_HEADERS, "Content-Disposition": disposition}
    return func.HttpResponse(data, status_code=200, headers={**headers, "Content-Type": content_type})


@bp.route(route="api/stats", methods=["GET"], auth_level=ANON)
@api
def get_stats(req: func.HttpRequest) -> func.HttpResponse:
    """Totals, trends, shares, heat map, forecast, anomalies and budgets for ?from&to (default: this month)."""
    from records import stats

    today = _today()
    start, end = stats.parse_range(dict(req.params), today)
    return json_response(stats.stats(get_engine(), _owner(req), start, end, today=today))


@bp.route(route="api/budgets", methods=["GET"], auth_level=ANON)
@api
def get_budgets(req: func.HttpRequest) -> func.HttpResponse:
    """The month's budgets (?month=YYYY-MM, default this month) with what is left."""
    from records import budgets

    today = _today()
    month = budgets.parse_month(req.params.get("month"), today)
    return json_response(budgets.get(get_engine(), _owner(req), today, month))


@bp.route(route="api/budgets", methods=["PUT"], auth_level=ANON)
@api
def put_budgets(req: func.HttpRequest) -> func.HttpResponse:
    """Replace the budgets of every month (or of the body's month)."""
    from records import budgets

    return json_response(budgets.put(get_engine(), _owner(req), body_of(req), _today()))
