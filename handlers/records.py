"""HTTP routes of a book's records: list, manual entry, read, edit, soft delete, restore, batch edits, the
screenshot."""

from __future__ import annotations

import azure.functions as func

from handlers.responses import ANON, api, body_of, book_of, json_response
from records import batch, drafts, ledger
from records.db import get_engine
from records.errors import BadRequest, NotFound
from settings import get_settings

bp = func.Blueprint()


def record_id_of(req: func.HttpRequest) -> int:
    """The {id} of a record route; raises BadRequest for text, NotFound for an id no record can have."""
    try:
        record_id = int(req.route_params["id"])
    except (KeyError, ValueError) as exc:
        raise BadRequest("record id must be a number") from exc
    if not 0 < record_id < 2**63:  # beyond BIGINT no record can exist
        raise NotFound(f"record {record_id}")
    return record_id


@bp.route(route="api/records", methods=["GET"], auth_level=ANON)
@api
def list_records(req: func.HttpRequest) -> func.HttpResponse:
    """Newest-first records with filters and cursor paging."""
    return json_response(ledger.list_records(get_engine(), book_of(req).book, dict(req.params)))


@bp.route(route="api/records", methods=["POST"], auth_level=ANON)
@api
def create_record(req: func.HttpRequest) -> func.HttpResponse:
    """Manual entry."""
    seat = book_of(req, "write")
    record = ledger.create(get_engine(), seat.book, body_of(req), tz=get_settings().ledger_tz, recorded_by=seat.person)
    return json_response(record, 201)


@bp.route(route="api/records/batch", methods=["POST"], auth_level=ANON)
@api
def batch_records(req: func.HttpRequest) -> func.HttpResponse:
    """Set the category of several records (or of a merchant's), add or remove a tag, delete several, or restore."""
    return json_response(batch.apply(get_engine(), book_of(req, "write").book, body_of(req)))


@bp.route(route="api/records/{id:int}", methods=["GET"], auth_level=ANON)
@api
def get_record(req: func.HttpRequest) -> func.HttpResponse:
    """One record."""
    return json_response(ledger.get(get_engine(), book_of(req).book, record_id_of(req)))


@bp.route(route="api/records/{id:int}", methods=["PATCH"], auth_level=ANON)
@api
def update_record(req: func.HttpRequest) -> func.HttpResponse:
    """Edit a record; the body names the version it was based on."""
    book = book_of(req, "write").book
    record = ledger.update(get_engine(), book, record_id_of(req), body_of(req), tz=get_settings().ledger_tz)
    return json_response(record)


@bp.route(route="api/records/{id:int}", methods=["DELETE"], auth_level=ANON)
@api
def delete_record(req: func.HttpRequest) -> func.HttpResponse:
    """Soft-delete a record (it can be restored)."""
    return json_response({"record": ledger.delete(get_engine(), book_of(req, "write").book, record_id_of(req))})


@bp.route(route="api/records/{id:int}/restore", methods=["POST"], auth_level=ANON)
@api
def restore_record(req: func.HttpRequest) -> func.HttpResponse:
    """Undo a delete."""
    return json_response(ledger.restore(get_engine(), book_of(req, "write").book, record_id_of(req)))


@bp.route(route="api/records/{id:int}/image", methods=["GET"], auth_level=ANON)
@api
def record_image(req: func.HttpRequest) -> func.HttpResponse:
    """A short-lived URL of the screenshot a record was confirmed from, for any member of its book."""
    return json_response(drafts.record_image(get_engine(), get_settings(), book_of(req).book, record_id_of(req)))
