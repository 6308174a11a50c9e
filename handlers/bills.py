"""HTTP routes for bill files in and out: import a bill (preview, then commit), export records (CSV, XLSX,
Beancount), and the person's Beancount account mapping."""

from __future__ import annotations

from urllib.parse import quote

import azure.functions as func

from handlers.forms import form_file
from handlers.responses import ANON, PRIVATE_HEADERS, api, body_of, book_of, json_response, lang_of, today
from records.bills import accounts, export, imports
from records.db import get_engine
from settings import get_settings

bp = func.Blueprint()


@bp.route(route="api/imports", methods=["POST"], auth_level=ANON)
@api
def create_import(req: func.HttpRequest) -> func.HttpResponse:
    """Read an uploaded bill file and answer a preview: new, duplicate and skipped rows."""
    seat = book_of(req, "write")  # who asks comes first: an anonymous caller hears 401, not a form error
    settings, engine = get_settings(), get_engine()
    # One import per person at a time, within a budget per minute, counted before the body is parsed.
    with imports.running(engine, settings, seat.person):
        filename, data = form_file(req)
        result = imports.preview(engine, seat.book, data, filename=filename, tz=settings.ledger_tz, lang=lang_of(req))
    return json_response(result, 201)


@bp.route(route="api/imports/{import_id}/commit", methods=["POST"], auth_level=ANON)
@api
def commit_import(req: func.HttpRequest) -> func.HttpResponse:
    """Write a previewed import's new rows; again answers 200 with the same result."""
    seat, engine = book_of(req, "write"), get_engine()
    with imports.running(engine, get_settings(), seat.person, spend=False):
        result, created = imports.commit(engine, seat.book, req.route_params["import_id"], recorded_by=seat.person)
    return json_response(result, 201 if created else 200)


@bp.route(route="api/records/export", methods=["GET"], auth_level=ANON)
@api
def export_records(req: func.HttpRequest) -> func.HttpResponse:
    """The records matching the list filters as a CSV, XLSX or Beancount download."""
    lang = (req.params.get("lang") or "").lower() or lang_of(req)
    per_minute = get_settings().export_rate_per_minute
    seat = book_of(req)
    data, content_type, filename = export.export(
        get_engine(),
        seat.book,
        dict(req.params),
        today=today().isoformat(),
        per_minute=per_minute,
        lang=lang,
        spender=seat.person,
    )
    disposition = f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"
    headers = {**PRIVATE_HEADERS, "Content-Disposition": disposition, "Content-Type": content_type}
    return func.HttpResponse(data, status_code=200, headers=headers)


@bp.route(route="api/beancount/accounts", methods=["GET"], auth_level=ANON)
@api
def get_beancount_accounts(req: func.HttpRequest) -> func.HttpResponse:
    """The Beancount accounts in use: each payment method and category of the person's records and its account."""
    return json_response(accounts.view(get_engine(), book_of(req).book))


@bp.route(route="api/beancount/accounts", methods=["PUT"], auth_level=ANON)
@api
def put_beancount_accounts(req: func.HttpRequest) -> func.HttpResponse:
    """Replace the person's own accounts ({"methods": {…}, "categories": {…}}); a bad name is 422, nothing saved."""
    return json_response(accounts.put(get_engine(), book_of(req, "write").book, body_of(req)))
