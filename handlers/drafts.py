"""HTTP routes of the draft inbox: start an upload, list and read drafts, confirm, retry, discard.

Drafts are the person's own until confirmed; confirming takes `?book=` like every book route.
"""

from __future__ import annotations

import azure.functions as func

from handlers.responses import ANON, api, body_of, book_of, json_response, lang_of, owner_of
from records import drafts
from records.db import get_engine
from settings import get_settings

bp = func.Blueprint()


@bp.route(route="api/uploads", methods=["POST"], auth_level=ANON)
@api
def create_upload(req: func.HttpRequest) -> func.HttpResponse:
    """Create a draft and hand back a short-lived URL to PUT the screenshot to."""
    result = drafts.start_upload(get_engine(), get_settings(), owner_of(req), body_of(req))
    return json_response(result, 201)


@bp.route(route="api/drafts", methods=["GET"], auth_level=ANON)
@api
def list_drafts(req: func.HttpRequest) -> func.HttpResponse:
    """The inbox: drafts still waiting for a person."""
    seat = book_of(req)  # the person's drafts; duplicates are looked for in the book they work in
    result = drafts.list_open(get_engine(), get_settings(), seat.person, lang=lang_of(req), book=seat.book)
    return json_response({"drafts": result})


@bp.route(route="api/drafts/{id}", methods=["GET"], auth_level=ANON)
@api
def get_draft(req: func.HttpRequest) -> func.HttpResponse:
    """One draft: status, recognized items, error, image URL."""
    seat, draft_id = book_of(req), req.route_params["id"]
    result = drafts.get(get_engine(), get_settings(), seat.person, draft_id, lang=lang_of(req), book=seat.book)
    return json_response(result)


@bp.route(route="api/drafts/{id}/confirm", methods=["POST"], auth_level=ANON)
@api
def confirm_draft(req: func.HttpRequest) -> func.HttpResponse:
    """Save the kept items as records of the person's book (or `?book=`, as its editor); again answers 200 with the
    same records."""
    seat = book_of(req, "write")
    saved, created = drafts.confirm(
        get_engine(), get_settings(), seat.person, req.route_params["id"], body_of(req), book=seat.book
    )
    return json_response({"records": saved}, 201 if created else 200)


@bp.route(route="api/drafts/{id}/retry", methods=["POST"], auth_level=ANON)
@api
def retry_draft(req: func.HttpRequest) -> func.HttpResponse:
    """Run recognition again on the stored screenshot."""
    result = drafts.retry(get_engine(), get_settings(), owner_of(req), req.route_params["id"], lang=lang_of(req))
    return json_response(result)


@bp.route(route="api/drafts/{id}", methods=["DELETE"], auth_level=ANON)
@api
def discard_draft(req: func.HttpRequest) -> func.HttpResponse:
    """Throw a draft away."""
    drafts.discard(get_engine(), get_settings(), owner_of(req), req.route_params["id"])
    return func.HttpResponse(status_code=204, headers={"Cache-Control": "no-store"})
