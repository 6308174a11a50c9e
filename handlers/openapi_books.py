"""The books' part of the OpenAPI document: the book and invite routes, and the `book` (and `member`) query
parameters every book-owned route takes.
"""

from __future__ import annotations

ERROR = {"$ref": "#/components/schemas/Error"}
ROLE = {"type": "string", "enum": ["owner", "editor", "viewer"]}
# Paths whose records, budgets, categories, imports or accounts belong to a book (?book=, default: personal).
BOOK_PATHS = (
    "/api/records",
    "/api/records/{id}",
    "/api/records/{id}/restore",
    "/api/records/{id}/image",
    "/api/records/{id}/invoice",
    "/api/invoices/export",
    "/api/records/export",
    "/api/summary",
    "/api/stats",
    "/api/budgets",
    "/api/categories",
    "/api/categories/order",
    "/api/categories/{key}",
    "/api/categories/{key}/merge",
    "/api/imports",
    "/api/imports/{id}/commit",
    "/api/beancount/accounts",
    "/api/drafts/{id}/confirm",
    "/api/drafts",  # the person's drafts, with duplicates looked for in the book
)
# Single operations of paths whose other operations name no book.
BOOK_OPERATIONS = (("/api/drafts/{id}", "get"),)
# Operations that can be filtered by who recorded a record.
MEMBER_FILTERED = (
    ("/api/records", "get"),
    ("/api/records/export", "get"),
    ("/api/invoices/export", "get"),
    ("/api/stats", "get"),
    ("/api/summary", "get"),
    ("/api/budgets", "get"),
)


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ERROR}}}


def _json(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _body(properties: dict, required: tuple[str, ...] = ()) -> dict:
    schema = {"type": "object", "required": list(required), "properties": properties}
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _path(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string", "maxLength": 200}}


BOOK_QUERY = {
    "name": "book",
    "in": "query",
    "required": False,
    "description": "The book's id (default: the person's personal book)",
    "schema": {"type": "string", "maxLength": 128},
}
MEMBER_QUERY = {
    "name": "member",
    "in": "query",
    "required": False,
    "description": "Only what this member (a person id) recorded",
    "schema": {"type": "string", "maxLength": 128},
}
BOOK_ERRORS = {
    "403": _error("The person's role in the book does not allow this (book_read_only, book_owner_only)"),
    "404": _error("No such book, or not a member of it (no_such_book)"),
}
SIGNED_IN = {"400": _error("Malformed request"), "401": _error("Not signed in")}
BOOK = {
    "type": "object",
    "required": ["id", "name", "personal", "role"],
    "properties": {
        "id": {"type": "string"},
        "name": {"type": "string"},
        "personal": {"type": "boolean", "description": "The person's own personal book"},
        "personal_of": {"type": "string", "description": "Whose personal book this is (another person's only)"},
        "role": ROLE,
        "members": {"type": "integer"},
    },
}
MEMBERS = {
    "type": "object",
    "required": ["members"],
    "properties": {
        "role": ROLE,
        "members": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["person", "name", "role", "joined_at", "you"],
                "properties": {
                    "person": {"type": "string"},
                    "name": {"type": "string"},
                    "role": ROLE,
                    "joined_at": {"type": "string"},
                    "you": {"type": "boolean"},
                },
            },
        },
    },
}
HANDED_OVER = {
    "type": "object",
    "required": ["book", "members"],
    "properties": {"book": BOOK, "members": MEMBERS["properties"]["members"]},
}
BOOK_LIST = {"type": "object", "required": ["books"], "properties": {"books": {"type": "array", "items": BOOK}}}
ROLE_CHANGED = {"type": "object", "properties": {"person": {"type": "string"}, "role": ROLE}}
NAME_BODY = _body({"name": {"type": "string", "minLength": 1, "maxLength": 32}}, ("name",))
INVITE = {
    "type": "object",
    "required": ["token", "url", "qr", "role", "expires_at"],
    "properties": {
        "token": {"type": "string"},
        "url": {"type": "string"},
        "qr": {"type": "string"},
        "role": ROLE,
        "expires_at": {"type": "string"},
    },
}
INVITE_INFO = {
    "type": "object",
    "required": ["book", "invited_by", "role", "expires_at", "member"],
    "properties": {
        "book": {
            "type": "object",
            "required": ["name"],
            "properties": {"name": {"type": "string"}, "personal_of": {"type": "string"}},
        },
        "invited_by": {"type": "string"},
        "role": ROLE,
        "expires_at": {"type": "string"},
        "member": {"type": "boolean"},
    },
}
INVITE_GONE = {
    "404": _error("Unknown, used or expired invite (invite_invalid)"),
    "429": {
        **_error("Too many invite links tried in a minute"),
        "headers": {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer", "minimum": 1}}},
    },
}


def paths() -> dict:
    """The book and invite routes' path items."""
    book_id, person, token = _path("id"), _path("person"), _path("token")
    return {
        "/api/books": {
            "get": {
                "operationId": "listBooks",
                "summary": "The person's books (personal first) with their role in each",
                "responses": {
                    "200": _json("Books", BOOK_LIST),
                    **SIGNED_IN,
                },
            },
            "post": {
                "operationId": "createBook",
                "summary": "Create a book; the person is its owner",
                "requestBody": NAME_BODY,
                "responses": {
                    "201": _json("Created", BOOK),
                    "415": _error("Not JSON"),
                    "422": _error("Bad name"),
                    **SIGNED_IN,
                },
            },
        },
        "/api/books/{id}": {
            "patch": {
                "operationId": "renameBook",
                "summary": "Rename a book (its owner)",
                "parameters": [book_id],
                "requestBody": NAME_BODY,
                "responses": {
                    "200": _json("Renamed", BOOK),
                    "415": _error("Not JSON"),
                    "422": _error("Bad name"),
                    **BOOK_ERRORS,
                    **SIGNED_IN,
                },
            }
        },
        "/api/books/{id}/members": {
            "get": {
                "operationId": "listMembers",
                "summary": "The book's members and their roles",
                "parameters": [book_id],
                "responses": {"200": _json("Members", MEMBERS), **BOOK_ERRORS, **SIGNED_IN},
            }
        },
        "/api/books/{id}/members/{person}": {
            "patch": {
                "operationId": "setMemberRole",
                "summary": "Make a member an editor or a viewer (the owner)",
                "parameters": [book_id, person],
                "requestBody": _body({"role": {"type": "string", "enum": ["editor", "viewer"]}}, ("role",)),
                "responses": {
                    "200": _json("Changed", ROLE_CHANGED),
                    "409": _error("The owner's own role changes by handing over"),
                    "415": _error("Not JSON"),
                    "422": _error("Bad role"),
                    **BOOK_ERRORS,
                    **SIGNED_IN,
                },
            },
            "delete": {
                "operationId": "removeMember",
                "summary": "Remove a member (the owner), or leave the book (yourself)",
                "parameters": [book_id, person],
                "responses": {
                    "204": {"description": "Removed"},
                    "409": _error("Leaving one's own personal book, or the owner leaving before handing over"),
                    **BOOK_ERRORS,
                    **SIGNED_IN,
                },
            },
        },
        "/api/books/{id}/owner": {
            "post": {
                "operationId": "handOverBook",
                "summary": "Hand the book over to another member (the owner); a personal book becomes a new shared "
                "book (the answer's book) and the old owner gets a fresh personal one",
                "parameters": [book_id],
                "requestBody": _body(
                    {
                        "person": {"type": "string", "maxLength": 128},
                        "name": {"type": "string", "minLength": 1, "maxLength": 32},
                    },
                    ("person",),
                ),
                "responses": {
                    "200": _json("The book and its members now", HANDED_OVER),
                    "415": _error("Not JSON"),
                    "422": _error("Bad name"),
                    **BOOK_ERRORS,
                    **SIGNED_IN,
                },
            }
        },
        "/api/books/{id}/invites": {
            "post": {
                "operationId": "createInvite",
                "summary": "A one-time invite link with its QR code (the owner; a personal book too)",
                "parameters": [book_id],
                "requestBody": _body(
                    {
                        "role": {"type": "string", "enum": ["editor", "viewer"]},
                        "hours": {"type": "integer", "minimum": 1, "maximum": 168},
                    }
                ),
                "responses": {
                    "201": _json("Invite", INVITE),
                    "415": _error("Not JSON"),
                    "422": _error("Bad role or hours"),
                    **BOOK_ERRORS,
                    **SIGNED_IN,
                },
            }
        },
        "/api/invites/{token}": {
            "get": {
                "operationId": "getInvite",
                "summary": "What an invite offers (for the accept screen)",
                "parameters": [token],
                "responses": {"200": _json("Invite", INVITE_INFO), **INVITE_GONE, **SIGNED_IN},
            }
        },
        "/api/invites/{token}/accept": {
            "post": {
                "operationId": "acceptInvite",
                "summary": "Join the invite's book with its role; the link stops working",
                "parameters": [token],
                "responses": {"200": _json("Joined", BOOK), "415": _error("Not JSON"), **INVITE_GONE, **SIGNED_IN},
            }
        },
    }


def add_book_parameters(document_paths: dict) -> None:
    """Give every book-owned operation the `book` query parameter and its 403/404 answers, and the
    member-filtered ones the `member` parameter (in place)."""
    operations = [(path, method) for path in BOOK_PATHS for method in document_paths.get(path, {})]
    for path, method in [*operations, *BOOK_OPERATIONS]:
        operation = document_paths[path][method]
        member = [MEMBER_QUERY] if (path, method) in MEMBER_FILTERED else []
        # A new list: operations share parameter lists (LIST_PARAMS).
        operation["parameters"] = [*operation.get("parameters", []), BOOK_QUERY, *member]
        for status, answer in BOOK_ERRORS.items():
            operation["responses"].setdefault(status, answer)
