"""The category routes' part of the OpenAPI document: a book's category list, and adding, editing, removing,
merging and reordering its categories (editors of the book)."""

from __future__ import annotations

ERROR = {"$ref": "#/components/schemas/Error"}
NAME = {"type": "string", "minLength": 1, "maxLength": 16}
OPTIONAL = {"type": ["string", "null"], "maxLength": 16}
ICON = {"type": ["string", "null"], "maxLength": 8, "description": "A short glyph; null: the name's first character"}
COLOUR = {"type": ["string", "null"], "pattern": "^#[0-9a-fA-F]{6}$"}
ENTRY = {
    "type": "object",
    "required": ["key", "names", "default", "parent", "icon", "colour", "hidden"],
    "properties": {
        "key": {"type": "string"},
        "names": {"type": "object", "properties": {"zh": {"type": "string"}, "en": {"type": "string"}}},
        "default": {"type": "boolean"},
        "parent": {"type": ["string", "null"]},
        "icon": {"type": ["string", "null"], "description": "null: the page shows the name's first character"},
        "colour": {"type": ["string", "null"]},
        "hidden": {"type": "boolean"},
    },
}
LISTING = {
    "type": "object",
    "required": ["categories", "names", "hidden", "order", "uncategorized"],
    "properties": {
        "categories": {"type": "array", "items": {"type": "string"}, "description": "The keys offered, in order"},
        "names": {"type": "array", "items": ENTRY},
        "hidden": {"type": "array", "items": ENTRY},
        "order": {"type": "array", "items": {"type": "string"}, "description": "Every key, hidden ones too"},
        "uncategorized": {"type": "object"},
    },
}
KEY = {
    "name": "key",
    "in": "path",
    "required": True,
    "description": "The category's name, or '~' and the base64url (no padding) of its UTF-8: a name holding '/' or"
    " '%' (from an old import) can only be sent so; the page always sends that form",
    "schema": {"type": "string", "minLength": 1, "maxLength": 200},
}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ERROR}}}


def _body(properties: dict, required: tuple[str, ...] = ()) -> dict:
    schema = {"type": "object", "required": list(required), "properties": properties, "additionalProperties": False}
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _answers(*statuses: str) -> dict:
    described = {
        "400": _error("Malformed request"),
        "401": _error("Not signed in"),
        "404": _error("No such category in this book"),
        "409": _error("A category has that name, or still has sub-categories"),
        "415": _error("The body is not JSON"),
        "422": _error("A bad name, parent, icon, colour, order or merge target; nothing changed"),
    }
    ok = {"200": {"description": "The book's categories", "content": {"application/json": {"schema": LISTING}}}}
    return {**ok, **{status: described[status] for status in ("400", "401", "415", *statuses)}}


def paths() -> dict:
    """The paths of the category routes."""
    editable = {"name": NAME, "parent": OPTIONAL, "icon": ICON, "colour": COLOUR}
    return {
        "/api/categories": {
            "get": {
                "operationId": "listCategories",
                "summary": "The book's categories in its order, each with its name in zh and en, parent, icon, colour",
                "responses": _answers(),
            },
            "post": {
                "operationId": "addCategory",
                "summary": "Add a category (or a sub-category of a top-level one) at the end of the list",
                "requestBody": _body(editable, ("name",)),
                "responses": _answers("409", "422"),
            },
        },
        "/api/categories/order": {
            "put": {
                "operationId": "orderCategories",
                "summary": "Put the listed categories first, in that order; the rest follow as they were",
                "requestBody": _body(
                    {"order": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 200}},
                    ("order",),
                ),
                "responses": _answers("422"),
            }
        },
        "/api/categories/{key}": {
            "patch": {
                "operationId": "updateCategory",
                "summary": "Rename (records, budgets and learned rules follow), move, re-icon, recolour, hide or show",
                "parameters": [KEY],
                "requestBody": _body({**editable, "hidden": {"type": "boolean"}}),
                "responses": _answers("404", "409", "422"),
            },
            "delete": {
                "operationId": "removeCategory",
                "summary": "Remove a category: a default or one in use is hidden, an unused own one goes",
                "parameters": [KEY],
                "responses": _answers("404", "409"),
            },
        },
        "/api/categories/{key}/merge": {
            "post": {
                "operationId": "mergeCategory",
                "summary": "Merge this category into another: its records, budgets and rules become the other's",
                "parameters": [KEY],
                "requestBody": _body({"into": NAME}, ("into",)),
                "responses": _answers("404", "422"),
            }
        },
    }
