"""HTTP routes of a book's own categories: add, edit (rename, parent, icon, colour, hide), remove, merge, reorder.
Editors of the book write; the list itself is GET /api/categories (handlers/system.py).

A category's key is its name, and the name sits in the path. Names from old imports may hold '/' or '%', which no
host routes safely (an encoded slash is decoded before routing on Azure), so a key may also be written as '~' and
the base64url of its UTF-8 (what the page always sends): only letters, digits, '-', '_' and '~' travel.
"""

from __future__ import annotations

import base64
import binascii

import azure.functions as func

from handlers.responses import ANON, api, body_of, book_of, json_response
from records import category_admin
from records.db import get_engine

bp = func.Blueprint()


def category_key(req: func.HttpRequest) -> str:
    """The category the path names: '~' + base64url of the name, or the name itself."""
    raw = req.route_params.get("key", "")
    if raw.startswith("~"):
        try:
            return base64.urlsafe_b64decode(raw[1:] + "=" * (-len(raw[1:]) % 4)).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            pass  # not an encoded key: a name that starts with '~'
    return raw


@bp.route(route="api/categories", methods=["POST"], auth_level=ANON)
@api
def add_category(req: func.HttpRequest) -> func.HttpResponse:
    """Add a category or a sub-category; answers the book's list."""
    return json_response(category_admin.add(get_engine(), book_of(req, "write").book, body_of(req)))


@bp.route(route="api/categories/order", methods=["PUT"], auth_level=ANON)
@api
def order_categories(req: func.HttpRequest) -> func.HttpResponse:
    """Reorder the book's categories."""
    return json_response(category_admin.reorder(get_engine(), book_of(req, "write").book, body_of(req)))


@bp.route(route="api/categories/{key}", methods=["PATCH"], auth_level=ANON)
@api
def update_category(req: func.HttpRequest) -> func.HttpResponse:
    """Rename, move, re-icon, recolour, hide or show one category."""
    book = book_of(req, "write").book
    return json_response(category_admin.update(get_engine(), book, category_key(req), body_of(req)))


@bp.route(route="api/categories/{key}", methods=["DELETE"], auth_level=ANON)
@api
def remove_category(req: func.HttpRequest) -> func.HttpResponse:
    """Remove (or, for a default or one in use, hide) one category."""
    return json_response(category_admin.remove(get_engine(), book_of(req, "write").book, category_key(req)))


@bp.route(route="api/categories/{key}/merge", methods=["POST"], auth_level=ANON)
@api
def merge_category(req: func.HttpRequest) -> func.HttpResponse:
    """Merge one category into another."""
    book = book_of(req, "write").book
    return json_response(category_admin.merge(get_engine(), book, category_key(req), body_of(req)))
