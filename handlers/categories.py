"""HTTP routes of a book's own categories: add, edit (rename, parent, icon, colour, hide), remove, merge, reorder.
Editors of the book write; the list itself is GET /api/categories (handlers/system.py)."""

from __future__ import annotations

import azure.functions as func

from handlers.responses import ANON, api, body_of, book_of, json_response
from records import category_admin
from records.db import get_engine

bp = func.Blueprint()


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
    return json_response(category_admin.update(get_engine(), book, req.route_params.get("key", ""), body_of(req)))


@bp.route(route="api/categories/{key}", methods=["DELETE"], auth_level=ANON)
@api
def remove_category(req: func.HttpRequest) -> func.HttpResponse:
    """Remove (or, for a default or one in use, hide) one category."""
    return json_response(
        category_admin.remove(get_engine(), book_of(req, "write").book, req.route_params.get("key", ""))
    )


@bp.route(route="api/categories/{key}/merge", methods=["POST"], auth_level=ANON)
@api
def merge_category(req: func.HttpRequest) -> func.HttpResponse:
    """Merge one category into another."""
    book = book_of(req, "write").book
    return json_response(category_admin.merge(get_engine(), book, req.route_params.get("key", ""), body_of(req)))
