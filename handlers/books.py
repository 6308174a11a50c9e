"""HTTP routes of books: list and create books, rename one, its members (change a role, remove, leave, hand over
ownership), invite links with a QR code, and an invite's accept screen. Every other book route takes `?book=`.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import azure.functions as func

from handlers.responses import ANON, api, body_of, json_response, principal_of
from records import books
from records.db import get_engine
from records.totp import qr_data_uri
from settings import get_settings

bp = func.Blueprint()
NO_CONTENT = {"Cache-Control": "no-store"}


def _person(req: func.HttpRequest) -> tuple[str, str]:
    """(person id, display name) of the caller; raises Unauthorized."""
    return principal_of(req, get_settings())


def _seat(req: func.HttpRequest, need: str) -> books.Seat:
    """The caller's seat in the book of the path's {id}; raises NotFound (no_such_book) or Forbidden."""
    return books.seat(get_engine(), _person(req)[0], req.route_params.get("id", ""), need)


def invite_url(req: func.HttpRequest, token: str) -> str:
    """The page's address that opens the invite's accept screen (`#/invite/<token>`), on the request's origin."""
    parts = urlsplit(req.url)
    return f"{parts.scheme}://{parts.netloc}/#/invite/{token}"


@bp.route(route="api/books", methods=["GET"], auth_level=ANON)
@api
def list_books(req: func.HttpRequest) -> func.HttpResponse:
    """The caller's books, their personal book first, each with their role."""
    person, name = _person(req)
    return json_response({"books": books.list_for(get_engine(), person, name)})


@bp.route(route="api/books", methods=["POST"], auth_level=ANON)
@api
def create_book(req: func.HttpRequest) -> func.HttpResponse:
    """A new book ({"name"}) with the caller as its owner."""
    person, name = _person(req)
    return json_response(books.create(get_engine(), person, body_of(req), display_name=name), 201)


@bp.route(route="api/books/{id}", methods=["PATCH"], auth_level=ANON)
@api
def rename_book(req: func.HttpRequest) -> func.HttpResponse:
    """Rename a book ({"name"}); its owner only."""
    return json_response(books.rename(get_engine(), _seat(req, "own"), body_of(req)))


@bp.route(route="api/books/{id}/members", methods=["GET"], auth_level=ANON)
@api
def list_members(req: func.HttpRequest) -> func.HttpResponse:
    """The book's members with their roles; any member may see them."""
    seat = _seat(req, "read")
    return json_response({"role": seat.role, "members": books.members(get_engine(), seat)})


@bp.route(route="api/books/{id}/members/{person}", methods=["PATCH"], auth_level=ANON)
@api
def set_member_role(req: func.HttpRequest) -> func.HttpResponse:
    """Make a member an editor or a viewer ({"role"}); the owner only."""
    seat = _seat(req, "own")
    return json_response(books.set_role(get_engine(), seat, req.route_params.get("person", ""), body_of(req)))


@bp.route(route="api/books/{id}/members/{person}", methods=["DELETE"], auth_level=ANON)
@api
def remove_member(req: func.HttpRequest) -> func.HttpResponse:
    """Remove a member (the owner), or leave the book (the member themself)."""
    person = _person(req)[0]
    books.remove(get_engine(), person, req.route_params.get("id", ""), req.route_params.get("person", ""))
    return func.HttpResponse(status_code=204, headers=NO_CONTENT)


@bp.route(route="api/books/{id}/owner", methods=["POST"], auth_level=ANON)
@api
def hand_over_book(req: func.HttpRequest) -> func.HttpResponse:
    """Hand the book over to another member ({"person"[, "name"]}); the old owner stays as an editor. A personal
    book becomes a new shared book (its id in the answer's `book`) and the old owner gets a fresh personal one."""
    seat = _seat(req, "own")
    return json_response(books.hand_over(get_engine(), seat, body_of(req), display_name=_person(req)[1]))


@bp.route(route="api/books/{id}/invites", methods=["POST"], auth_level=ANON)
@api
def create_invite(req: func.HttpRequest) -> func.HttpResponse:
    """A one-time invite link ({"role", "hours"}) with its QR code; the owner only."""
    made = books.invite(get_engine(), _seat(req, "own"), body_of(req))
    url = invite_url(req, made["token"])
    return json_response({**made, "url": url, "qr": qr_data_uri(url)}, 201)


@bp.route(route="api/invites/{token}", methods=["GET"], auth_level=ANON)
@api
def get_invite(req: func.HttpRequest) -> func.HttpResponse:
    """What an invite offers (book name, who invites, role), for the accept screen; 404 when used or expired."""
    person = _person(req)[0]
    return json_response(books.invite_info(get_engine(), person, req.route_params.get("token", "")))


@bp.route(route="api/invites/{token}/accept", methods=["POST"], auth_level=ANON)
@api
def accept_invite(req: func.HttpRequest) -> func.HttpResponse:
    """Join the invite's book with its role; the link then stops working."""
    person, name = _person(req)
    return json_response(books.accept(get_engine(), person, req.route_params.get("token", ""), display_name=name))
