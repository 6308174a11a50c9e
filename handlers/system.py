"""HTTP routes about the app itself: who is signed in, the category list, health, the OpenAPI document, and
the JSON 404 for every other path under /api.
"""

from __future__ import annotations

import logging

import azure.functions as func

from handlers.openapi import document
from handlers.responses import ANON, api, book_of, error_response, json_response, lang_of, principal_of, signed_in
from records import books, db, signin, storage, totp
from records.categories import named_categories
from settings import get_settings

logger = logging.getLogger(__name__)
bp = func.Blueprint()


@bp.route(route="api/me", methods=["GET"], auth_level=ANON)
@api
def me(req: func.HttpRequest) -> func.HttpResponse:
    """Who is signed in, and in which auth mode, with the books they are a member of (with accounts also: the
    username, whether two-step sign-in is on, and this session's id).
    """
    settings = get_settings()
    answer = {"auth_mode": settings.auth_mode, "tz": settings.ledger_tz}
    if settings.auth_mode == "accounts":
        session = signed_in(req, settings)
        person = signin.person_of(db.get_engine(), session["person_id"])
        return json_response(
            {
                "owner": person["id"],
                "display_name": person["username"],
                "username": person["username"],
                "totp": person["totp"],
                "recovery_codes_left": totp.recovery_left(db.get_engine(), person["id"]) if person["totp"] else None,
                "session_id": session["session_id"],
                "books": books.list_for(db.get_engine(), person["id"], person["username"]),
                **answer,
            }
        )
    owner, name = principal_of(req, settings)
    listed = books.list_for(db.get_engine(), owner, name)
    return json_response({"owner": owner, "display_name": name, "books": listed, **answer})


@bp.route(route="api/categories", methods=["GET"], auth_level=ANON)
@api
def list_categories(req: func.HttpRequest) -> func.HttpResponse:
    """The book's categories in its order (handlers/categories.py edits them), each with its zh and en name."""
    return json_response(named_categories(db.get_engine(), book_of(req).book))


def _check(name: str, probe) -> str:
    """'ok' when `probe()` returns, else 'down' (logged by kind only: health reports, it does not raise)."""
    try:
        probe()
    except Exception as exc:
        logger.warning("health: %s: %s", name, type(exc).__name__)
        return "down"
    return "ok"


@bp.route(route="api/health", methods=["GET"], auth_level=ANON)
def health(req: func.HttpRequest) -> func.HttpResponse:
    """200 when the database and storage answer, else 503 naming what is down."""
    checks = {
        "database": _check("database", lambda: db.ping(db.get_engine())),
        "storage": _check("storage", lambda: storage.ping(get_settings())),
    }
    healthy = all(v == "ok" for v in checks.values())
    return json_response({"status": "ok" if healthy else "down", "checks": checks}, 200 if healthy else 503)


@bp.route(route="api/openapi.json", methods=["GET"], auth_level=ANON)
def openapi(req: func.HttpRequest) -> func.HttpResponse:
    """The OpenAPI 3.1 description of this API."""
    return json_response(document())


@bp.route(route="api/{*rest}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], auth_level=ANON)
def not_found(req: func.HttpRequest) -> func.HttpResponse:
    """Unknown API paths answer JSON, not the page."""
    return error_response("not_found", 404, lang_of(req))
