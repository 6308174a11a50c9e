"""HTTP routes of the ledger's records: list, manual entry, read, edit, soft delete, restore."""

from __future__ import annotations

import azure.functions as func

from handlers.responses import ANON, api, body_of, json_response, owner_of
from records import ledger
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
    return json_response(ledger.list_records(get_engine(), owner_of(req), dict(req.params)))


@bp.route(route="api/records", methods=["POST"], auth_level=ANON)
@api
def create_record(req: func.HttpRequest) -> func.HttpResponse:
    """Manual entry."""
    record = ledger.create(get_engine(), owner_of(req), body_of(req), tz=get_settings().ledger_tz)
    return json_response(record, 201)


@bp.route(route="api/records/{id:int}", methods=["GET"], auth_level=ANON)
@api
def get_record(req: func.HttpRequest) -> func.HttpResponse:
    """One record."""
    return json_response(ledger.get(get_engine(), owner_of(req), record_id_of(req)))


@bp.route(route="api/records/{id:int}", methods=["PATCH"], auth_level=ANON)
@api
def update_record(req: func.HttpRequest) -> func.HttpResponse:
    """Edit a record; the body names the version it was based on."""
    record = ledger.update(get_engine(), owner_of(req), record_id_of(req), body_of(req), tz=get_settings().ledger_tz)
    return json_response(record)


@bp.route(route="api/records/{id:int}", methods=["DELETE"], auth_level=ANON)
@api
def delete_record(req: func.HttpRequest) -> func.HttpResponse:
    """Soft-delete a record (it can be restored)."""
    return json_response({"record": ledger.delete(get_engine(), owner_of(req), record_id_of(req))})


@bp.route(route="api/records/{id:int}/restore", methods=["POST"], auth_level=ANON)
@api
def restore_record(req: func.HttpRequest) -> func.HttpResponse:
    """Undo a delete."""
    return json_response(ledger.restore(get_engine(), owner_of(req), record_id_of(req)))
