"""The e-invoice routes' part of the OpenAPI document: a record's invoice file and 报销 state, the invoices zip."""

from __future__ import annotations

ERROR = {"$ref": "#/components/schemas/Error"}
STAGE = {"type": ["string", "null"], "enum": ["reimbursable", "submitted", "reimbursed", None]}
INVOICE_FILTER = {"type": "string", "enum": ["any", "none", "reimbursable", "submitted", "reimbursed"]}
# A record's invoice as lists and reads show it (null when the record has none).
KIND = {
    "type": ["string", "null"],
    "enum": ["digital", "digital_normal", "digital_special", "legacy_normal", "legacy_special", None],
    "description": "数电票 (digital; 普通发票 normal, 增值税专用发票 special) or an older 增值税 invoice; null: unread",
}
# What an invoice says beside its number, each null when it was not read (a draft item's invoice leaves them out).
FACTS = {
    "kind": KIND,
    "buyer": {"type": ["string", "null"], "maxLength": 128, "description": "购买方 名称 (个人 for a person)"},
    "buyer_tax_id": {
        "type": ["string", "null"],
        "pattern": "^[0-9A-Z]{15,20}$",
        "description": "The buyer's 统一社会信用代码/纳税人识别号, when printed",
    },
    "tax": {
        "type": ["string", "null"],
        "pattern": r"^\d+\.\d{2}$",
        "examples": ["6.79"],
        "description": "合计税额, two decimals (its size on a credit note); kept only when it and the amount before "
        "tax add up to the 价税合计",
    },
    "credit_note": {
        "type": "boolean",
        "description": "A 红字 credit note: it cancels (part of) an earlier invoice and is recorded as a refund",
    },
    "reverses": {
        "type": ["string", "null"],
        "description": "The invoice a credit note reverses (被红冲蓝字数电票号码 / 对应正数发票), when printed",
    },
}
RECORD_INVOICE = {
    "type": ["object", "null"],
    "required": ["number", "reimbursement"],
    "properties": {"number": {"type": "string"}, "reimbursement": STAGE, **FACTS},
}
ID = {
    "name": "id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1, "maximum": 9223372036854775807},
}
COMMON = {
    "400": {"description": "Malformed request", "content": {"application/json": {"schema": ERROR}}},
    "401": {"description": "Not signed in", "content": {"application/json": {"schema": ERROR}}},
}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ERROR}}}


def _query(name: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema}


def paths(day: dict) -> dict:
    """The paths of the invoice routes; `day` is the document's date parameter (with its boundary examples)."""
    invoice = {
        "type": "object",
        "required": ["number", "reimbursement"],
        "properties": {
            "number": {"type": "string"},
            "reimbursement": STAGE,
            **FACTS,
            "filename": {"type": ["string", "null"]},
            "content_type": {"type": ["string", "null"]},
            "url": {"type": "string", "description": "A read-only URL of the original file, valid for minutes"},
        },
    }
    return {
        "/api/records/{id}/invoice": {
            "get": {
                "operationId": "getRecordInvoice",
                "summary": "The record's e-invoice and a short-lived URL of its original file",
                "parameters": [ID],
                "responses": {
                    "200": {"description": "OK", "content": {"application/json": {"schema": invoice}}},
                    "404": _error("No such record, or it has no invoice"),
                    "503": _error("Storage unavailable"),
                    **COMMON,
                },
            },
            "patch": {
                "operationId": "updateRecordInvoice",
                "summary": "Mark the record's invoice for 报销: reimbursable, submitted, reimbursed, or null",
                "parameters": [ID],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["reimbursement"],
                                "properties": {"reimbursement": STAGE},
                            }
                        }
                    },
                },
                "responses": {
                    "200": {"description": "OK", "content": {"application/json": {"schema": RECORD_INVOICE}}},
                    "404": _error("No such record, or it has no invoice"),
                    **COMMON,
                },
            },
        },
        "/api/invoices/export": {
            "get": {
                "operationId": "exportInvoices",
                "summary": "The invoices of a period as one zip: a CSV list and the original files",
                "parameters": [
                    _query("from", day),
                    _query("to", day),
                    _query("invoice", INVOICE_FILTER),
                    _query("lang", {"type": "string", "enum": ["zh", "en"]}),
                ],
                "responses": {
                    "200": {
                        "description": "A zip download",
                        "content": {"application/zip": {"schema": {"type": "string"}}},
                    },
                    "429": _error("Too many exports in the last minute"),
                    "503": _error("Storage unavailable"),
                    **COMMON,
                },
            }
        },
    }
