"""E-invoices on records: one invoice is one invoice, and an invoice and its payment are one record.

An invoice's number (发票号码) is its key, kept in record_extras.invoice_no: the same invoice uploaded again (as PDF,
then as OFD or XML) is reported as a duplicate by records.duplicates, and confirming it anyway is refused
(`InvoiceRecorded`), so no second invoice is ever written silently.

An invoice and the payment of the same purchase (a screenshot, a bill row) are linked on one record: the same
amount, an expense, the payment's day at most DAYS days from the invoice's, and the seller naming the merchant
(`same_party`). Whichever comes first, the record is the payment's when there is one and carries the invoice:
an invoice confirmed after its payment attaches to the payment's record; a payment confirmed after its invoice
takes over the record the invoice made (source 'invoice') instead of adding a second expense. The invoice's file
is the draft it was uploaded in (record_extras.invoice_draft), opened with a short-lived read URL.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, time, timedelta
from decimal import Decimal
from difflib import SequenceMatcher

import sqlalchemy as sa

from records import fields, storage
from records.errors import BadRequest, InvoiceRecorded, NotFound, StorageUnavailable
from records.schema import drafts, record_extras, records

DAYS = timedelta(days=5)
SOURCE = "invoice"  # the source of a record an invoice made before its payment was recorded
NUMBER = re.compile(r"^\d{8,20}$")
TAX_ID = re.compile(r"^[0-9A-Z]{15,20}$")  # 统一社会信用代码 (18) or an older 纳税人识别号
TAX = re.compile(r"^\d{1,10}\.\d{2}$")
BUYER_LIMIT = 128
FORMATS = ("pdf", "ofd", "xml", "picture")
# Which invoice (recognize/ocr/pdf.py KINDS): 数电票 普票/专票, or the older 增值税 电子普通/专用发票.
KINDS = ("digital", "digital_normal", "digital_special", "legacy_normal", "legacy_special")
STAGES = ("reimbursable", "submitted", "reimbursed")  # 报销: 可报销 → 已提交 → 已报销
# What a seller's registered name adds to the name a payment shows: brackets (branch, city), legal-form words.
_NOISE = re.compile(r"[(（][^)）]*[)）]|有限责任公司|股份有限公司|有限公司|分公司|公司|集团|[\s·\-—_]")
COLUMNS = ("id", "direction", "amount", "occurred_at", "tz", "merchant", "platform", "order_no", "draft_id", "source")


def checked(invoice) -> dict | None:
    """A recognized invoice's facts as a draft keeps them ({"number", "format"} and, when read and well-formed,
    "kind", "buyer", "buyer_tax_id", "tax", "credit_note", "reverses"), or None when they are unusable."""
    if not isinstance(invoice, dict):
        return None
    number, file_format, kind = invoice.get("number"), invoice.get("format"), invoice.get("kind")
    if not isinstance(number, str) or not NUMBER.match(number) or file_format not in FORMATS:
        return None
    out = {"number": number, "format": file_format, **({"kind": kind} if kind in KINDS else {})}
    buyer, tax_id, reverses = invoice.get("buyer"), invoice.get("buyer_tax_id"), invoice.get("reverses")
    if isinstance(buyer, str) and 0 < len(buyer.strip()) <= BUYER_LIMIT:
        out["buyer"] = buyer.strip()
    if isinstance(tax_id, str) and TAX_ID.match(tax_id):
        out["buyer_tax_id"] = tax_id
    if _tax(invoice.get("tax")) is not None:
        out["tax"] = f"{_tax(invoice['tax']):.2f}"
    if invoice.get("credit_note") is True:
        out["credit_note"] = True
        if isinstance(reverses, str) and NUMBER.match(reverses) and reverses != number:
            out["reverses"] = reverses
    return out


def _tax(value) -> Decimal | None:
    """A tax figure as two exact decimals (0 ≤ tax < 10¹⁰), or None."""
    if not isinstance(value, str) or not TAX.match(value):
        return None
    return Decimal(value)


def _name(value: str | None) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", value or "")).lower()


def same_party(seller: str | None, merchant: str | None) -> bool:
    """Whether an invoice's seller and a payment's merchant name the same business.

    Once tidied, one name holds the other (星巴克 in 上海星巴克咖啡经营有限公司), or they share three characters in a
    row (美团外卖-肯德基 and 肯德基有限公司). An unknown name matches nothing.
    """
    a, b = _name(seller), _name(merchant)
    if len(a) < 2 or len(b) < 2:
        return False
    if a in b or b in a:
        return True
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size >= 3


def belong(invoice: dict, payment: dict) -> bool:
    """Whether an invoice and a payment (fields in stored form) are one purchase: two expenses of the same amount,
    their days at most DAYS apart, the invoice's seller naming the payment's merchant."""
    if invoice.get("amount") is None or payment.get("amount") is None:
        return False
    if invoice.get("occurred_at") is None or payment.get("occurred_at") is None:
        return False
    if invoice.get("direction", "expense") != "expense" or payment.get("direction", "expense") != "expense":
        return False
    return (
        invoice["amount"] == payment["amount"]
        and abs(invoice["occurred_at"].date() - payment["occurred_at"].date()) <= DAYS
        and same_party(invoice.get("merchant"), payment.get("merchant"))
    )


def _records(conn, query) -> list[dict]:
    return [dict(row._mapping) for row in conn.execute(query.order_by(records.c.occurred_at, records.c.id))]


def _select():
    """Live records with the invoice number they carry (None without one)."""
    return (
        sa.select(*(records.c[name] for name in COLUMNS), record_extras.c.invoice_no)
        .select_from(records.outerjoin(record_extras, record_extras.c.record_id == records.c.id))
        .where(records.c.deleted_at.is_(None))
    )


def _nearest(rows: list[dict], values: dict):
    return min(rows, key=lambda row: abs(row["occurred_at"] - values["occurred_at"])) if rows else None


def _near(owner: str, values: dict):
    """Live expenses of this owner of `values`' amount whose days are at most DAYS from its day (an index range)."""
    day = datetime.combine(values["occurred_at"].date(), time())
    return _select().where(
        records.c.owner == owner,
        records.c.occurred_at >= day - DAYS,
        records.c.occurred_at < day + DAYS + timedelta(days=1),
        records.c.direction == "expense",
        records.c.amount == values["amount"],
    )


def payment_for(conn, owner: str, invoice: dict) -> dict | None:
    """The recorded payment (without an invoice yet) an invoice's fields (stored form) belong to, or None."""
    if invoice.get("amount") is None or invoice.get("occurred_at") is None:
        return None
    query = _near(owner, invoice).where(records.c.source != SOURCE, record_extras.c.invoice_no.is_(None))
    return _nearest([row for row in _records(conn, query) if belong(invoice, row)], invoice)


def waiting(conn, owner: str) -> list[dict]:
    """The owner's records an invoice made that no payment has joined yet (source 'invoice')."""
    query = _select().where(
        records.c.owner == owner, records.c.source == SOURCE, record_extras.c.invoice_no.is_not(None)
    )
    return _records(conn, query)


def invoice_among(invoices: list[dict], payment: dict, *, taken: set[int] = frozenset()) -> dict | None:
    """Of `waiting` invoices, the one a payment's fields (stored form) belong to and not `taken` yet, or None."""
    return _nearest([row for row in invoices if row["id"] not in taken and belong(row, payment)], payment)


def invoice_for(conn, owner: str, payment: dict, *, taken: set[int] = frozenset()) -> dict | None:
    """The record an invoice made before its payment (fields in stored form) was recorded, or None."""
    if payment.get("amount") is None or payment.get("occurred_at") is None:
        return None
    query = _near(owner, payment).where(records.c.source == SOURCE, record_extras.c.invoice_no.is_not(None))
    return invoice_among(_records(conn, query), payment, taken=taken)


def join_payment(conn, owner: str, invoice_id: int, values: dict, **columns) -> None:
    """Make the record an invoice made the payment's: the payment's fields win, what it leaves blank (a memo, a
    category) keeps what the invoice said; `columns` set the source and where the payment came from."""
    known = {key: value for key, value in values.items() if value is not None}
    conn.execute(
        records.update()
        .where(records.c.owner == owner, records.c.id == invoice_id)
        .values(version=records.c.version + 1, **columns, **known)
    )


def recorded(conn, owner: str, number: str):
    """The live record of this owner that already carries invoice `number`, or None."""
    query = (
        sa.select(records.c.id)
        .select_from(records.join(record_extras, record_extras.c.record_id == records.c.id))
        .where(records.c.owner == owner, records.c.deleted_at.is_(None), record_extras.c.invoice_no == number)
    )
    return conn.execute(query.order_by(records.c.id)).first()


def check_restorable(conn, owner: str, row) -> None:
    """Raise InvoiceRecorded when a deleted record's invoice is on another live record (uploaded again since):
    restoring it would count the invoice twice."""
    number = getattr(row, "invoice_no", None)
    other = recorded(conn, owner, number) if number else None
    if other is not None and other.id != row.id:
        raise InvoiceRecorded(
            f"invoice {number} is on record {other.id}",
            code="invoice_on_other_record",
            params={"number": number, "record": str(other.id)},
        )


def attach(conn, owner: str, record_id: int, invoice: dict, draft_id: str, *, refund_of: int | None = None) -> None:
    """Put an invoice (its `checked` facts; the file of draft `draft_id`) on a record, beside what record_extras
    holds for it; `refund_of` is the record a credit note gives money back for (the one carrying the invoice it
    reverses)."""
    values = {
        "invoice_no": invoice["number"],
        "invoice_draft": draft_id,
        "invoice_kind": invoice.get("kind") if invoice.get("kind") in KINDS else None,
        "invoice_buyer": invoice.get("buyer"),
        "invoice_buyer_tax_id": invoice.get("buyer_tax_id"),
        "invoice_tax": Decimal(invoice["tax"]) if invoice.get("tax") else None,
        "invoice_credit_note": True if invoice.get("credit_note") else None,
        "invoice_reverses": invoice.get("reverses"),
        **({"refund_of": refund_of} if refund_of is not None else {}),
    }
    updated = conn.execute(
        record_extras.update()
        .where(record_extras.c.record_id == record_id, record_extras.c.owner == owner)
        .values(**values)
    )
    if updated.rowcount == 0:
        conn.execute(record_extras.insert().values(record_id=record_id, owner=owner, **values))


def invoice_clause(params: dict):
    """The list filter `invoice` (any, none, or a 报销 stage) as a WHERE clause on records, or None."""
    wanted = params.get("invoice")
    if not wanted:
        return None
    extras = record_extras.alias("invoiced")  # lists read record_extras too: this one is the filter's own
    has = sa.select(extras.c.record_id).where(extras.c.record_id == records.c.id, extras.c.invoice_no.is_not(None))
    if wanted == "any":
        return has.exists()
    if wanted == "none":
        return ~has.exists()
    if wanted in STAGES:
        return has.where(extras.c.reimbursement == wanted).exists()
    raise BadRequest(f"invoice filter {wanted!r}", code="bad_invoice_filter")


def number_like(pattern: str):
    """A WHERE clause on records: the record's invoice number matches a LIKE `pattern` (escaped with a backslash)."""
    extras = record_extras.alias("numbered")
    return (
        sa.select(extras.c.record_id)
        .where(extras.c.record_id == records.c.id, extras.c.invoice_no.like(pattern, escape="\\"))
        .exists()
    )


def set_stage(engine: sa.Engine, owner: str, record_id: int, body) -> dict:
    """Mark a record's invoice reimbursable, submitted or reimbursed (or clear it with null); returns the invoice.

    Raises BadRequest for another value, NotFound when the record has no invoice.
    """
    if not isinstance(body, dict) or "reimbursement" not in body:
        raise BadRequest("reimbursement required", code="bad_reimbursement")
    stage = body["reimbursement"]
    if stage is not None and stage not in STAGES:
        raise BadRequest(f"reimbursement {stage!r}", code="bad_reimbursement")
    with engine.begin() as conn:
        row = _invoice_row(conn, owner, record_id)
        conn.execute(record_extras.update().where(record_extras.c.record_id == row.id).values(reimbursement=stage))
        row = _invoice_row(conn, owner, record_id)
    return fields.invoice_json(row, row.invoice_no)


def _invoice_row(conn, owner: str, record_id: int):
    """The live record's invoice facts with its file's blob; raises NotFound when there is no invoice."""
    query = (
        sa.select(
            records.c.id,
            record_extras.c.invoice_no,
            *(record_extras.c[name] for name in fields.INVOICE_FACTS),
            drafts.c.blob_name,
            drafts.c.content_type,
            drafts.c.filename,
        )
        .select_from(
            records.join(record_extras, record_extras.c.record_id == records.c.id).outerjoin(
                drafts, drafts.c.id == record_extras.c.invoice_draft
            )
        )
        .where(
            records.c.owner == owner,
            records.c.id == record_id,
            records.c.deleted_at.is_(None),
            record_extras.c.invoice_no.is_not(None),
        )
    )
    row = conn.execute(query).first()
    if row is None:
        raise NotFound(f"invoice of record {record_id}")
    return row


def file_of(engine: sa.Engine, settings, owner: str, record_id: int) -> dict:
    """The invoice of one of this owner's records with a short-lived read URL of its original file.

    Raises NotFound when the record is not the owner's or has no invoice, StorageUnavailable when no URL is signed.
    """
    with engine.connect() as conn:
        row = _invoice_row(conn, owner, record_id)
    url = storage.read_url(settings, row.blob_name) if row.blob_name else None
    if url is None:
        raise StorageUnavailable(f"no read URL for the invoice of record {record_id}")
    return {
        **fields.invoice_json(row, row.invoice_no),
        "filename": row.filename,
        "content_type": row.content_type,
        "url": url,
    }
