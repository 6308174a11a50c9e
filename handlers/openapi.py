"""The OpenAPI 3.1 description of the API, built as data."""

from __future__ import annotations

from functools import lru_cache

from handlers.openapi_accounts import paths as account_paths
from handlers.openapi_books import add_book_parameters
from handlers.openapi_books import paths as book_paths
from handlers.openapi_categories import paths as category_paths
from handlers.openapi_invoices import FACTS as INVOICE_FACTS
from handlers.openapi_invoices import INVOICE_FILTER, RECORD_INVOICE
from handlers.openapi_invoices import paths as invoice_paths
from recognize.models import DIRECTIONS, REASONS, TEXT_LIMITS

STR_OR_NULL = {"type": ["string", "null"]}
TAGS = {
    "type": "array",
    "maxItems": 10,
    "items": {"type": "string", "minLength": 1, "maxLength": 16, "pattern": "^[^\\s,#]+$"},
    "description": "0..10 short words (no spaces, commas or #)",
}


def _fields_schema(*, required: tuple[str, ...] = (), tags: bool = False) -> dict:
    props = {
        "direction": {"type": "string", "enum": list(DIRECTIONS)},
        "amount": {"type": "string", "pattern": r"^\d{1,8}(\.\d{1,2})?$", "examples": ["128.50"]},
        "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
        "occurred_at": {
            # One pattern, not format + pattern: generators fail to find strings meeting two overlapping rules.
            "type": "string",
            "pattern": r"^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]"
            r"(:[0-5][0-9])?(Z|[+-](0[0-9]|1[0-4]):[0-5][0-9])$",
            "description": "Wall time with offset; dates before 2000 or more than 2 days ahead are refused",
            "examples": ["2026-11-03T12:34:56+08:00"],
        },
        **{k: {"type": ["string", "null"], "maxLength": n} for k, n in TEXT_LIMITS.items()},
        **({"tags": TAGS} if tags else {}),
    }
    return {"type": "object", "properties": props, "required": list(required), "additionalProperties": False}


def _record_schema() -> dict:
    schema = _fields_schema(tags=True)
    schema["properties"] = {
        **schema["properties"],
        "id": {"type": "integer"},
        "source": {"type": "string"},
        "draft_id": STR_OR_NULL,
        "created_at": {"type": "string"},
        "updated_at": {"type": "string"},
        "deleted_at": STR_OR_NULL,
        "version": {"type": "integer"},
        "recorded_by": {**STR_OR_NULL, "description": "The person who recorded it"},
        "invoice": RECORD_INVOICE,
    }
    schema["required"] = ["id", "direction", "amount", "currency", "occurred_at", "version"]
    schema.pop("additionalProperties")
    return schema


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _ok(schema_ref: str, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": schema_ref}}}}


def _json_body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


ID = {
    "name": "id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1, "maximum": 9223372036854775807},
}
DRAFT_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
COMMON_ERRORS = {"400": _error("Malformed request"), "401": _error("Not signed in")}
RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer", "minimum": 1}}}
RATE_LIMITED = {"429": {**_error("Too many in the last minute; Retry-After says when to try"), "headers": RETRY_AFTER}}
IMPORT_RUNNING = {"409": {**_error("Another import of this person is running"), "headers": RETRY_AFTER}}


def _query(name: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema or {"type": "string"}}


# Boundary examples the fuzz run's examples phase sends: the calendar's ends (accepted 1900..2999, refused past
# them with 400 day_out_of_range), a year-0 month, and a cursor whose id is beyond 64 bits.
DAY = {
    "type": "string",
    "format": "date",
    "examples": ["2026-11-03", "1900-01-01", "2999-12-31", "0001-01-01", "9999-12-31"],
}
MONTH = {"type": "string", "pattern": r"^\d{4}-\d{2}$", "examples": ["2026-11", "0000-01", "0001-01", "9999-12"]}
CURSOR = {"type": "string", "examples": ["MjAyNi0xMS0wMVQxMDowMDowMHw5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5"]}

LIST_PARAMS = [
    _query("from", DAY),
    _query("to", DAY),
    _query("q"),
    _query("category"),
    _query("tag", {"type": "string", "maxLength": 16}),
    _query("platform"),
    _query("direction", {"type": "string", "enum": list(DIRECTIONS)}),
    {
        **_query("limit", {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}),
        "description": "Records per page, 1..200 (50 when absent); anything else is refused with 400 bad_limit",
    },
    _query("cursor", CURSOR),
    _query("invoice", INVOICE_FILTER),
]


ACCOUNT_TABLE = {
    "type": ["object", "null"],
    "maxProperties": 500,
    "propertyNames": {"minLength": 1, "maxLength": 64},
    "additionalProperties": {"type": ["string", "null"], "maxLength": 200, "examples": ["Expenses:Food"]},
}
_MAPPED = {
    "type": "object",
    "required": ["name", "account", "default", "custom"],
    "properties": {
        "name": {"type": "string"},
        "direction": {"type": "string", "enum": ["expense", "income"]},
        "account": {"type": "string"},
        "default": {"type": "string"},
        "custom": {"type": "boolean"},
    },
}
BEANCOUNT_ACCOUNTS = {
    "type": "object",
    "required": ["methods", "categories", "fallbacks"],
    "properties": {
        "methods": {"type": "array", "items": _MAPPED},
        "categories": {"type": "array", "items": _MAPPED},
        "fallbacks": {"type": "object", "additionalProperties": {"type": "string"}},
    },
}


@lru_cache(maxsize=1)
def document() -> dict:
    """The whole OpenAPI document."""
    record = {"$ref": "#/components/schemas/Record"}
    draft = {"$ref": "#/components/schemas/Draft"}
    spec = {
        "openapi": "3.1.0",
        "info": {
            "title": "SnapLedger API",
            "version": "1.0.0",
            "description": "截图记账: screenshots in, records out.",
        },
        "servers": [{"url": "/"}],
        "paths": {
            "/api/uploads": {
                "post": {
                    "operationId": "createUpload",
                    "summary": "Create a draft and get a short-lived URL to PUT the screenshot to",
                    "requestBody": _json_body(
                        {
                            "type": "object",
                            "required": ["filename", "content_type", "size"],
                            "properties": {
                                "filename": {"type": "string", "minLength": 1, "maxLength": 255},
                                "content_type": {
                                    "type": "string",
                                    "enum": [
                                        "image/png",
                                        "image/jpeg",
                                        "image/webp",
                                        "image/heic",
                                        "application/pdf",
                                        "application/ofd",
                                        "application/xml",
                                        "text/xml",
                                    ],
                                },
                                "size": {"type": "integer", "minimum": 1, "maximum": 10 * 1024 * 1024},
                                "last_modified": {
                                    "type": "integer",
                                    "description": "File.lastModified (ms since 1970): a capture-time hint",
                                },
                            },
                        }
                    ),
                    "responses": {
                        "201": _ok("#/components/schemas/Upload", "Draft created"),
                        "413": _error("Too large"),
                        "415": _error("Unsupported type"),
                        "422": _error("Invalid fields"),
                        "503": _error("Storage unavailable"),
                        **COMMON_ERRORS,
                    },
                }
            },
            "/api/drafts": {
                "get": {
                    "operationId": "listDrafts",
                    "summary": "Drafts still waiting for a person",
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["drafts"],
                                        "properties": {"drafts": {"type": "array", "items": draft}},
                                    }
                                }
                            },
                        },
                        **COMMON_ERRORS,
                    },
                }
            },
            "/api/drafts/{id}": {
                "get": {
                    "operationId": "getDraft",
                    "parameters": [DRAFT_ID],
                    "responses": {
                        "200": _ok("#/components/schemas/Draft"),
                        "404": _error("No such draft"),
                        **COMMON_ERRORS,
                    },
                },
                "delete": {
                    "operationId": "discardDraft",
                    "parameters": [DRAFT_ID],
                    "responses": {
                        "204": {"description": "Discarded"},
                        "404": _error("No such draft"),
                        "409": _error("Already confirmed"),
                        **COMMON_ERRORS,
                    },
                },
            },
            "/api/drafts/{id}/confirm": {
                "post": {
                    "operationId": "confirmDraft",
                    "parameters": [DRAFT_ID],
                    "requestBody": _json_body(
                        {
                            "type": "object",
                            "required": ["items"],
                            "properties": {
                                "items": {
                                    "type": "array",
                                    "minItems": 1,
                                    "maxItems": 100,
                                    "items": {
                                        "type": "object",
                                        "required": ["fields"],
                                        "properties": {
                                            "fields": _fields_schema(required=("amount", "occurred_at")),
                                            "attach": {
                                                "type": "boolean",
                                                "description": "false keeps the item apart from the invoice or "
                                                "payment it would join (attach_to)",
                                            },
                                        },
                                    },
                                }
                            },
                        }
                    ),
                    "responses": {
                        "201": _ok("#/components/schemas/RecordList", "Records written"),
                        "200": _ok("#/components/schemas/RecordList", "Already confirmed: the same records"),
                        "404": _error("No such draft"),
                        "409": _error("Draft discarded, or its invoice is already recorded (invoice_recorded)"),
                        "422": _error("Invalid items"),
                        "503": _error("Database unavailable; the draft is kept"),
                        **COMMON_ERRORS,
                    },
                }
            },
            "/api/drafts/{id}/retry": {
                "post": {
                    "operationId": "retryDraft",
                    "parameters": [DRAFT_ID],
                    "responses": {
                        "200": _ok("#/components/schemas/Draft"),
                        "404": _error("No such draft"),
                        "409": _error("Cannot retry in this state"),
                        **RATE_LIMITED,
                        **COMMON_ERRORS,
                    },
                }
            },
            "/api/records": {
                "get": {
                    "operationId": "listRecords",
                    "parameters": LIST_PARAMS,
                    "responses": {"200": _ok("#/components/schemas/RecordPage"), **COMMON_ERRORS},
                },
                "post": {
                    "operationId": "createRecord",
                    "requestBody": _json_body(_fields_schema(required=("amount", "occurred_at"), tags=True)),
                    "responses": {"201": _ok("#/components/schemas/Record"), "422": _error("Invalid"), **COMMON_ERRORS},
                },
            },
            "/api/records/{id}": {
                "get": {
                    "operationId": "getRecord",
                    "parameters": [ID],
                    "responses": {
                        "200": {**_ok("#/components/schemas/Record")},
                        "404": _error("No such record"),
                        **COMMON_ERRORS,
                    },
                },
                "patch": {
                    "operationId": "updateRecord",
                    "parameters": [ID],
                    "requestBody": _json_body(
                        {
                            **_fields_schema(),
                            "properties": {
                                **_fields_schema(tags=True)["properties"],
                                "version": {"type": "integer", "minimum": 1, "maximum": 2147483647},
                            },
                            "required": ["version"],
                        }
                    ),
                    "responses": {
                        "200": _ok("#/components/schemas/Record"),
                        "404": _error("No such record"),
                        "409": {
                            "description": "Version conflict; the current record is included",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Conflict"}}},
                        },
                        "422": _error("Invalid"),
                        **COMMON_ERRORS,
                    },
                },
                "delete": {
                    "operationId": "deleteRecord",
                    "parameters": [ID],
                    "responses": {
                        "200": {
                            "description": "Deleted (restorable)",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["record"],
                                        "properties": {"record": record},
                                    }
                                }
                            },
                        },
                        "404": _error("No such record"),
                        **COMMON_ERRORS,
                    },
                },
            },
            "/api/records/{id}/restore": {
                "post": {
                    "operationId": "restoreRecord",
                    "parameters": [ID],
                    "responses": {
                        "200": _ok("#/components/schemas/Record"),
                        "404": _error("No such record"),
                        "409": _error("Its invoice is on another record since (invoice_on_other_record)"),
                        **COMMON_ERRORS,
                    },
                }
            },
            "/api/records/{id}/image": {
                "get": {
                    "operationId": "getRecordImage",
                    "summary": "A short-lived URL of the screenshot the record was confirmed from (null when none)",
                    "parameters": [ID],
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["image_url"],
                                        "properties": {"image_url": STR_OR_NULL},
                                    }
                                }
                            },
                        },
                        "404": _error("Not found"),
                        **COMMON_ERRORS,
                    },
                }
            },
            "/api/records/batch": {
                "post": {
                    "operationId": "batchRecords",
                    "summary": "Set the category of several records (or of every record from a merchant, teaching the "
                    "learner), add or remove a tag on several, delete several records, or restore them",
                    "requestBody": _json_body(
                        {
                            "type": "object",
                            "required": ["action"],
                            "properties": {
                                "action": {
                                    "type": "string",
                                    "enum": ["set_category", "add_tag", "remove_tag", "delete", "restore"],
                                },
                                "tag": {"type": "string", "minLength": 1, "maxLength": 16},
                                "ids": {
                                    "type": "array",
                                    "minItems": 1,
                                    "maxItems": 200,
                                    "items": {"type": "integer", "minimum": 1},
                                },
                                "merchant": {"type": "string", "maxLength": 128},
                                "category": {"type": ["string", "null"], "maxLength": 32},
                            },
                        }
                    ),
                    "responses": {
                        "200": {
                            "description": "The records as they are now (up to 200) and how many were changed",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["records", "count"],
                                        "properties": {
                                            "records": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/Record"},
                                            },
                                            "count": {"type": "integer"},
                                        },
                                    }
                                }
                            },
                        },
                        "404": _error("A named record is not this person's, or not live (deleted, to restore)"),
                        "422": _error("Invalid category or merchant; nothing changed"),
                        **COMMON_ERRORS,
                    },
                }
            },
            "/api/summary": {
                "get": {
                    "operationId": "getSummary",
                    "parameters": [_query("date", DAY)],
                    "responses": {"200": {"description": "Totals for the home screen"}, **COMMON_ERRORS},
                }
            },
            "/api/me": {
                "get": {
                    "operationId": "me",
                    "responses": {"200": {"description": "The signed-in person"}, **COMMON_ERRORS},
                }
            },
            "/api/imports": {
                "post": {
                    "operationId": "previewImport",
                    "summary": "Preview a WeChat/Alipay bill file (or our own export): new, duplicate, skipped rows",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "multipart/form-data": {
                                "schema": {
                                    "type": "object",
                                    "required": ["file"],
                                    "properties": {
                                        "file": {"type": "string", "contentMediaType": "application/octet-stream"}
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "201": _ok("#/components/schemas/ImportPreview", "Preview stored"),
                        "413": _error("File too large"),
                        "422": _error("Unknown bill format"),
                        **IMPORT_RUNNING,
                        **RATE_LIMITED,
                        **COMMON_ERRORS,
                    },
                }
            },
            "/api/imports/{id}/commit": {
                "post": {
                    "operationId": "commitImport",
                    "parameters": [{**DRAFT_ID, "name": "id"}],
                    "responses": {
                        "201": {"description": "New rows written"},
                        "200": {"description": "Already committed: the same result"},
                        "404": _error("No such import"),
                        **IMPORT_RUNNING,
                        **COMMON_ERRORS,
                    },
                }
            },
            "/api/records/export": {
                "get": {
                    "operationId": "exportRecords",
                    "parameters": [
                        _query("format", {"type": "string", "enum": ["csv", "xlsx", "beancount"]}),
                        _query("lang", {"type": "string", "enum": ["zh", "en"]}),
                        *LIST_PARAMS[:6],
                    ],
                    "responses": {
                        "200": {
                            "description": "CSV (UTF-8 with BOM), XLSX or Beancount ledger download",
                            "content": {
                                "text/csv": {"schema": {"type": "string"}},
                                "text/plain": {"schema": {"type": "string"}},
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                                    "schema": {"type": "string"}
                                },
                            },
                        },
                        **RATE_LIMITED,
                        **COMMON_ERRORS,
                    },
                }
            },
            "/api/beancount/accounts": {
                "get": {
                    "operationId": "getBeancountAccounts",
                    "summary": "Each payment method and category of the person's records and its Beancount account",
                    "responses": {"200": _ok("#/components/schemas/BeancountAccounts"), **COMMON_ERRORS},
                },
                "put": {
                    "operationId": "putBeancountAccounts",
                    "summary": "Replace the person's own Beancount accounts; empty or default ones follow the defaults",
                    "requestBody": _json_body(
                        {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": {key: ACCOUNT_TABLE for key in ("methods", "categories", "income")},
                        }
                    ),
                    "responses": {
                        "200": _ok("#/components/schemas/BeancountAccounts", "Saved"),
                        "422": _error("An account Beancount or the mapping refuses (bad_account); nothing saved"),
                        **COMMON_ERRORS,
                    },
                },
            },
            "/api/stats": {
                "get": {
                    "operationId": "getStats",
                    "parameters": [
                        _query("from", DAY),
                        _query("to", DAY),
                    ],
                    "responses": {
                        "200": {"description": "Totals, trends, shares, heat map, forecast, anomalies, budgets"},
                        **COMMON_ERRORS,
                    },
                }
            },
            "/api/budgets": {
                "get": {
                    "operationId": "getBudgets",
                    "parameters": [_query("month", MONTH)],
                    "responses": {"200": {"description": "The month's budgets with what is left"}, **COMMON_ERRORS},
                },
                "put": {
                    "operationId": "putBudgets",
                    "requestBody": _json_body(
                        {
                            "type": "object",
                            "required": ["budgets"],
                            "properties": {
                                "month": {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}$"},
                                "budgets": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "category": {"type": ["string", "null"], "maxLength": 32},
                                            "amount": {"type": ["string", "null"]},
                                        },
                                    },
                                },
                            },
                        }
                    ),
                    "responses": {"200": {"description": "Budgets saved"}, "422": _error("Invalid"), **COMMON_ERRORS},
                },
            },
            "/api/health": {
                "get": {
                    "operationId": "health",
                    "responses": {
                        "200": {"description": "Database and storage answer"},
                        "503": {"description": "Down"},
                    },
                }
            },
            "/api/openapi.json": {
                "get": {"operationId": "openapi", "responses": {"200": {"description": "This document"}}}
            },
            **account_paths(),
            **book_paths(),
            **invoice_paths(DAY),
            **category_paths(),
        },
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["code", "message"],
                            "properties": {
                                "code": {"type": "string"},
                                "message": {"type": "string"},
                                "fields": {"type": "object", "additionalProperties": {"type": "string"}},
                            },
                        }
                    },
                },
                "Fields": _fields_schema(),
                "Record": _record_schema(),
                "RecordList": {
                    "type": "object",
                    "required": ["records"],
                    "properties": {"records": {"type": "array", "items": record}},
                },
                "RecordPage": {
                    "type": "object",
                    "required": ["records", "next_cursor"],
                    "properties": {
                        "records": {"type": "array", "items": record},
                        "next_cursor": STR_OR_NULL,
                        "totals": {
                            "type": "object",
                            "description": "First page only: the sums of every record the filters match",
                            "properties": {
                                "expense": {"type": "string"},
                                "income": {"type": "string"},
                                "transfer": {"type": "string"},
                                "count": {"type": "integer"},
                                "days": {
                                    "type": "object",
                                    "description": "When from and to span at most 31 days: the same per day",
                                    "additionalProperties": {"type": "object"},
                                },
                            },
                        },
                    },
                },
                "Conflict": {
                    "type": "object",
                    "required": ["error", "record"],
                    "properties": {"error": {"$ref": "#/components/schemas/Error/properties/error"}, "record": record},
                },
                "ImportPreview": {
                    "type": "object",
                    "required": ["import_id", "format", "new", "duplicate", "skipped"],
                    "properties": {
                        "import_id": {"type": "string"},
                        "format": {"type": "string"},
                        "new": {"type": "integer"},
                        "duplicate": {"type": "integer"},
                        "with_invoice": {
                            "type": "integer",
                            "description": "New rows that pay for an e-invoice recorded before and join its record",
                        },
                        "skipped": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["line", "reason"],
                                "properties": {"line": {"type": "integer"}, "reason": {"type": "string"}},
                            },
                        },
                    },
                },
                "BeancountAccounts": BEANCOUNT_ACCOUNTS,
                "Upload": {
                    "type": "object",
                    "required": ["draft_id", "upload_url", "headers", "expires_at"],
                    "properties": {
                        "draft_id": {"type": "string"},
                        "upload_url": {"type": "string"},
                        "headers": {"type": "object", "additionalProperties": {"type": "string"}},
                        "expires_at": {"type": "string"},
                    },
                },
                "Draft": {
                    "type": "object",
                    "required": ["id", "status", "items", "error", "image_url"],
                    "properties": {
                        "id": {"type": "string"},
                        "status": {
                            "type": "string",
                            "enum": ["awaiting_upload", "recognizing", "ready", "failed", "confirmed", "discarded"],
                        },
                        "filename": STR_OR_NULL,
                        "items": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["fields", "confidence"],
                                "properties": {
                                    "fields": {"type": "object"},
                                    "confidence": {"type": "object", "additionalProperties": {"type": "number"}},
                                    "reasons": {
                                        "type": "object",
                                        "description": (
                                            "Why each field the page marks 请核对 (confidence below 0.6, and a value "
                                            "or required) is doubtful; unmarked fields have none"
                                        ),
                                        "additionalProperties": {"type": "string", "enum": list(REASONS)},
                                    },
                                    "warnings": {"type": "array", "items": {"type": "string"}},
                                    "duplicates": {"type": "array", "items": {"type": "object"}},
                                    "invoice": {
                                        "type": "object",
                                        "description": (
                                            "An e-invoice's number, format and, when read, kind, buyer, buyer_tax_id, "
                                            "tax, credit_note and reverses (a 红字 credit note's item is a refund)"
                                        ),
                                        "properties": {
                                            "number": {"type": "string"},
                                            "format": {"type": "string", "enum": ["pdf", "ofd", "xml", "picture"]},
                                            **INVOICE_FACTS,
                                        },
                                    },
                                    "attach_to": {
                                        "type": ["object", "null"],
                                        "description": "The record this invoice (or payment) joins on confirm",
                                    },
                                },
                            },
                        },
                        "error": {
                            "oneOf": [
                                {"type": "null"},
                                {
                                    "type": "object",
                                    "required": ["code", "message"],
                                    "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
                                },
                            ]
                        },
                        "engine": STR_OR_NULL,
                        "same_image_as": {"type": "array", "items": {"type": "string"}},
                        "likely_duplicate": {"type": "boolean"},
                        "image_url": STR_OR_NULL,
                        "content_type": {"type": "string"},
                        "preview_url": {
                            "type": ["string", "null"],
                            "description": "A PNG of a PDF's or OFD's first page, for the review",
                        },
                        "created_at": {"type": "string"},
                        "updated_at": {"type": "string"},
                    },
                },
            }
        },
    }
    add_book_parameters(spec["paths"])
    return spec
