"""HTTP blueprint of the API: parse, call one domain function, answer. Routes live under /api."""

from __future__ import annotations

import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo

import azure.functions as func

from records import drafts, ledger
from records.db import get_engine
from records.errors import BadRequest, NotFound
from records.http import api, body_of, error_response, json_response, lang_of, principal_of
from settings import get_settings

logger = logging.getLogger(__name__)
bp = func.Blueprint()
ANON = func.AuthLevel.ANONYMOUS


def _owner(req: func.HttpRequest) -> str:
    return principal_of(req, get_settings())[0]


def _record_id(req: func.HttpRequest) -> int:
    try:
        record_id = int(req.route_params["id"])
    except (KeyError, ValueError) as exc:
        raise BadRequest("record id must be a number") from exc
    if not 0 < record_id < 2**63:  # beyond BIGINT no record can exist
        raise NotFound(f"record {record_id}")
    return record_id


@bp.route(route="api/uploads", methods=["POST"], auth_level=ANON)
@api
def create_upload(req: func.HttpRequest) -> func.HttpResponse:
    """Create a draft and hand back a short-lived URL to PUT the screenshot to."""
    settings = get_settings()
    result = drafts.start_upload(get_engine(), settings, _owner(req), body_of(req))
    return json_response(result, 201)


@bp.route(route="api/drafts", methods=["GET"], auth_level=ANON)
@api
def list_drafts(req: func.HttpRequest) -> func.HttpResponse:
    """The inbox: drafts still waiting for a person."""
    result = drafts.list_open(get_engine(), get_settings(), _owner(req), lang=lang_of(req))
    return json_response({"drafts": result})


@bp.route(route="api/drafts/{id}", methods=["GET"], auth_level=ANON)
@api
def get_draft(req: func.HttpRequest) -> func.HttpResponse:
    """One draft: status, recognized items, error, image URL."""
    result = drafts.get(get_engine(), get_settings(), _owner(req), req.route_params["id"], lang=lang_of(req))
    return json_response(result)


@bp.route(route="api/drafts/{id}/confirm", methods=["POST"], auth_level=ANON)
@api
def confirm_draft(req: func.HttpRequest) -> func.HttpResponse:
    """Save the kept items as records; again answers 200 with the same records."""
    saved, created = drafts.confirm(get_engine(), get_settings(), _owner(req), req.route_params["id"], body_of(req))
    return json_response({"records": saved}, 201 if created else 200)


@bp.route(route="api/drafts/{id}/retry", methods=["POST"], auth_level=ANON)
@api
def retry_draft(req: func.HttpRequest) -> func.HttpResponse:
    """Run recognition again on the stored screenshot."""
    result = drafts.retry(get_engine(), get_settings(), _owner(req), req.route_params["id"], lang=lang_of(req))
    return json_response(result)


@bp.route(route="api/drafts/{id}", methods=["DELETE"], auth_level=ANON)
@api
def discard_draft(req: func.HttpRequest) -> func.HttpResponse:
    """Throw a draft away."""
    drafts.discard(get_engine(), get_settings(), _owner(req), req.route_params["id"])
    return func.HttpResponse(status_code=204, headers={"Cache-Control": "no-store"})


@bp.route(route="api/records", methods=["GET"], auth_level=ANON)
@api
def list_records(req: func.HttpRequest) -> func.HttpResponse:
    """Newest-first records with filters and cursor paging."""
    return json_response(ledger.list_records(get_engine(), _owner(req), dict(req.params)))


@bp.route(route="api/records", methods=["POST"], auth_level=ANON)
@api
def create_record(req: func.HttpRequest) -> func.HttpResponse:
    """Manual entry."""
    record = ledger.create(get_engine(), _owner(req), body_of(req), tz=get_settings().ledger_tz)
    return json_response(record, 201)


@bp.route(route="api/records/{id:int}", methods=["GET"], auth_level=ANON)
@api
def get_record(req: func.HttpRequest) -> func.HttpResponse:
    """One record."""
    return json_response(ledger.get(get_engine(), _owner(req), _record_id(req)))


@bp.route(route="api/records/{id:int}", methods=["PATCH"], auth_level=ANON)
@api
def update_record(req: func.HttpRequest) -> func.HttpResponse:
    """Edit a record; the body names the version it was based on."""
    record = ledger.update(get_engine(), _owner(req), _record_id(req), body_of(req), tz=get_settings().ledger_tz)
    return json_response(record)


@bp.route(route="api/records/{id:int}", methods=["DELETE"], auth_level=ANON)
@api
def delete_record(req: func.HttpRequest) -> func.HttpResponse:
    """Soft-delete a record (it can be restored)."""
    return json_response({"record": ledger.delete(get_engine(), _owner(req), _record_id(req))})


@bp.route(route="api/records/{id:int}/restore", methods=["POST"], auth_level=ANON)
@api
def restore_record(req: func.HttpRequest) -> func.HttpResponse:
    """Undo a delete."""
    return json_response(ledger.restore(get_engine(), _owner(req), _record_id(req)))


@bp.route(route="api/summary", methods=["GET"], auth_level=ANON)
@api
def get_summary(req: func.HttpRequest) -> func.HttpResponse:
    """This month, today vs yesterday, top categories."""
    from records.summary import summary

    settings = get_settings()
    try:
        day = date.fromisoformat(req.params["date"]) if req.params.get("date") else None
    except ValueError as exc:
        raise BadRequest("date must be YYYY-MM-DD") from exc
    day = day or datetime.now(ZoneInfo(settings.ledger_tz)).date()
    return json_response(summary(get_engine(), _owner(req), day))


@bp.route(route="api/me", methods=["GET"], auth_level=ANON)
@api
def me(req: func.HttpRequest) -> func.HttpResponse:
    """Who is signed in, and in which auth mode."""
    settings = get_settings()
    owner, name = principal_of(req, settings)
    return json_response(
        {"owner": owner, "display_name": name, "auth_mode": settings.auth_mode, "tz": settings.ledger_tz}
    )


@bp.route(route="api/categories", methods=["GET"], auth_level=ANON)
@api
def list_categories(req: func.HttpRequest) -> func.HttpResponse:
    """The owner's categories: the defaults plus any the owner has used."""
    from records.categories import categories_of

    return json_response({"categories": categories_of(get_engine(), _owner(req))})


@bp.route(route="api/health", methods=["GET"], auth_level=ANON)
def health(req: func.HttpRequest) -> func.HttpResponse:
    """200 when the database and storage answer, else 503 naming what is down."""
    import sqlalchemy as sa

    from records import storage

    checks = {}
    try:
        with get_engine().connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:  # health reports, it does not raise
        logger.warning("health: database: %s", type(exc).__name__)
        checks["database"] = "down"
    try:
        storage.ping(get_settings())
        checks["storage"] = "ok"
    except Exception as exc:
        logger.warning("health: storage: %s", type(exc).__name__)
        checks["storage"] = "down"
    healthy = all(v == "ok" for v in checks.values())
    return json_response({"status": "ok" if healthy else "down", "checks": checks}, 200 if healthy else 503)


@bp.route(route="api/openapi.json", methods=["GET"], auth_level=ANON)
def openapi(req: func.HttpRequest) -> func.HttpResponse:
    """The OpenAPI 3.1 description of this API."""
    from records.openapi import document

    return json_response(document())


@bp.route(route="api/{*rest}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], auth_level=ANON)
def not_found(req: func.HttpRequest) -> func.HttpResponse:
    """Unknown API paths answer JSON, not the page."""
    return error_response("not_found", 404, lang_of(req))
