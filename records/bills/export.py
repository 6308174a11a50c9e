"""Export records in our own bill format (records/bills/own.py) as CSV (UTF-8 with BOM, so Excel opens it) or
XLSX, or as a Beancount ledger (records/bills/beancount.py) with the person's account mapping, with the list's filters.

Columns are in Chinese by default (English with lang='en'); the importer reads both back (a round trip).
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

import sqlalchemy as sa

from records import fields, limits
from records.bills import accounts
from records.bills.beancount import to_beancount
from records.bills.own import COLUMNS, DIRECTION_WORDS, FORMULA_STARTS, guard
from records.errors import BadRequest
from records.ledger import filter_clauses
from records.schema import record_extras, records

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "beancount": "text/plain; charset=utf-8",
}
MAX_ROWS = 200_000


def headers(lang: str) -> list[str]:
    """Column titles: Chinese, or the API's field names for lang='en'."""
    return [name if lang == "en" else title for name, title in COLUMNS.items()]


def _rows(engine: sa.Engine, owner: str, params: dict):
    """The owner's records matching the list filters, oldest first, each with its refund's purchase order number."""
    purchase = records.alias("purchase")
    query = (
        sa.select(records, purchase.c.order_no.label("refund_of"), fields.tags_column())
        .select_from(
            records.outerjoin(record_extras, record_extras.c.record_id == records.c.id).outerjoin(
                purchase, purchase.c.id == record_extras.c.refund_of
            )
        )
        .where(*filter_clauses(owner, params))
        .order_by(records.c.occurred_at, records.c.id)
        .limit(MAX_ROWS)
    )
    with engine.connect() as conn:
        yield from conn.execute(query)


def _ledger_rows(engine: sa.Engine, owner: str, params: dict):
    """The owner's matching records as the Beancount writer reads them: with the purchase id a refund links to and
    the e-invoice a record carries (its number, buyer, buyer tax ID, tax, and the invoice a credit note reverses)."""
    query = (
        sa.select(
            records,
            record_extras.c.refund_of,
            record_extras.c.merchant_order_no,
            record_extras.c.invoice_no,
            record_extras.c.invoice_buyer,
            record_extras.c.invoice_buyer_tax_id,
            record_extras.c.invoice_tax,
            record_extras.c.invoice_reverses,
            fields.tags_column(),
        )
        .select_from(records.outerjoin(record_extras, record_extras.c.record_id == records.c.id))
        .where(*filter_clauses(owner, params))
        .order_by(records.c.occurred_at, records.c.id)
        .limit(MAX_ROWS)
    )
    with engine.connect() as conn:
        for row in conn.execute(query):
            tax = f"{row.invoice_tax:.2f}" if row.invoice_tax is not None else None
            yield {**row._mapping, "amount": f"{row.amount:.2f}", "invoice_tax": tax, "tags": fields.tag_list(row.tags)}


def to_ledger(engine: sa.Engine, owner: str, params: dict) -> bytes:
    """A Beancount file (UTF-8) of the owner's records matching `params`, booked with the owner's accounts."""
    rows = _ledger_rows(engine, owner, params)
    return to_beancount(rows, accounts=accounts.load(engine, owner), title="SnapLedger").encode("utf-8")


def _values(row, lang: str) -> list:
    """One record as cell values in column order: wall-clock time, Decimal amount, text."""
    words = {} if lang == "en" else DIRECTION_WORDS
    special = {
        "direction": words.get(row.direction, row.direction),
        "tags": " ".join(fields.tag_list(row.tags)) or None,
    }
    return [special[name] if name in special else getattr(row, name) for name in COLUMNS]


def _csv_safe(value) -> str:
    """A cell as CSV text; text that Excel would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    text = str(value)
    if not isinstance(value, str):
        return text
    return guard(text)


def to_csv(rows, lang: str) -> bytes:
    """CSV bytes in UTF-8 with a BOM; amounts as exact two-decimal text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers(lang))
    for row in rows:
        writer.writerow([_csv_safe(v) for v in _values(row, lang)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows, lang: str) -> bytes:
    """An XLSX workbook; amounts are exact decimal numbers shown as 0.00, times as dates."""
    # openpyxl is heavy and only XLSX exports need it.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("records" if lang == "en" else "账单")
    sheet.append(headers(lang))
    for row in rows:
        cells = []
        for value in _values(row, lang):
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
            elif value is not None and not isinstance(value, str):
                # openpyxl writes a Decimal's own digits: no float on the way to the file.
                cell.number_format = "0.00"
            elif isinstance(value, str) and value.startswith(FORMULA_STARTS):
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export(
    engine: sa.Engine,
    owner: str,
    params: dict,
    *,
    today: str,
    per_minute: int,
    lang: str = "zh",
    spender: str | None = None,
) -> tuple[bytes, str, str]:
    """(file bytes, content type, file name) of the owner's (a book's) records matching `params`.

    Raises BadRequest, or RateLimited past `per_minute` exports in the last minute (EXPORT_RATE_PER_MINUTE) by
    `spender` (the person asking; the book's own person when not named): each member has their own budget.
    """
    kind = (params.get("format") or "csv").lower()
    if kind not in FORMATS:
        raise BadRequest("format must be csv, xlsx or beancount")
    filter_clauses(owner, params)  # a bad filter is refused before the minute's budget is spent
    limits.spend(engine, spender or owner, "export", per_minute)
    if kind == "beancount":
        data = to_ledger(engine, owner, params)
    else:
        rows = _rows(engine, owner, params)
        data = to_xlsx(rows, lang) if kind == "xlsx" else to_csv(rows, lang)
    span = "_".join(p for p in (params.get("from"), params.get("to")) if p) or today
    return data, FORMATS[kind], f"snapledger_{span}.{kind}"
