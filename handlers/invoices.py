"""HTTP routes of the e-invoices on records: open a record's invoice file, mark it for 报销, and download the invoices
of a period as one zip."""

from __future__ import annotations

from urllib.parse import quote

import azure.functions as func

from handlers.records import record_id_of
from handlers.responses import ANON, PRIVATE_HEADERS, api, body_of, book_of, json_response, lang_of
from records import invoices
from records.bills import invoices as invoice_files
from records.db import get_engine
from settings import get_settings

bp = func.Blueprint()


@bp.route(route="api/records/{id:int}/invoice", methods=["GET"], auth_level=ANON)
@api
def get_record_invoice(req: func.HttpRequest) -> func.HttpResponse:
    """The record's invoice: its number, 报销 state and a short-lived URL of the original file, for any member."""
    return json_response(invoices.file_of(get_engine(), get_settings(), book_of(req).book, record_id_of(req)))


@bp.route(route="api/records/{id:int}/invoice", methods=["PATCH"], auth_level=ANON)
@api
def update_record_invoice(req: func.HttpRequest) -> func.HttpResponse:
    """Mark the record's invoice reimbursable, submitted or reimbursed ({"reimbursement": …}, null clears it)."""
    book = book_of(req, "write").book
    return json_response(invoices.set_stage(get_engine(), book, record_id_of(req), body_of(req)))


@bp.route(route="api/invoices/export", methods=["GET"], auth_level=ANON)
@api
def export_invoices(req: func.HttpRequest) -> func.HttpResponse:
    """The invoices of the records matching the list filters as one zip: a list and the original files."""
    settings, seat = get_settings(), book_of(req)
    params = dict(req.params)
    lang = (params.get("lang") or "").lower() or lang_of(req)  # the page's language, which a plain link cannot send
    data = invoice_files.export_zip(
        get_engine(),
        settings,
        seat.book,
        params,
        per_minute=settings.export_rate_per_minute,
        lang=lang,
        spender=seat.person,
    )
    span = "_".join(part for part in (params.get("from"), params.get("to")) if part) or "all"
    filename = f"发票_{span}.zip"
    disposition = f"attachment; filename=\"invoices_{span}.zip\"; filename*=UTF-8''{quote(filename)}"
    headers = {**PRIVATE_HEADERS, "Content-Disposition": disposition, "Content-Type": "application/zip"}
    return func.HttpResponse(data, status_code=200, headers=headers)
