"""The e-invoices of a period out as one zip, for a reimbursement (报销): a list (CSV, UTF-8 with BOM, so Excel opens
it) and every invoice's original file as it was uploaded (PDF, OFD, XML or picture).

The list names each invoice by number, date, seller, buyer (and tax ID), amount, tax, the invoice a 红字 credit note
reverses, 报销 state and the record it is on; an invoice whose
file is gone (deleted by hand in storage) is listed with 文件缺失 instead of its file name.
"""

from __future__ import annotations

import csv
import io
import zipfile

import sqlalchemy as sa

from records import limits, storage
from records.bills.own import guard
from records.errors import BadRequest
from records.invoices import STAGES
from records.ledger import filter_clauses
from records.schema import drafts, record_extras, records

MAX_INVOICES = 500
MAX_FILE = 10 * 1024 * 1024  # an upload's own limit: no invoice file is larger
STAGE_WORDS = {"reimbursable": "可报销", "submitted": "已提交", "reimbursed": "已报销"}
HEADERS = {
    "zh": ("发票号码", "日期", "销售方", "购买方", "购买方纳税人识别号", "金额", "税额", "币种", "红字冲销发票号码")
    + ("报销状态", "记录编号", "文件"),
    "en": ("invoice_no", "date", "seller", "buyer", "buyer_tax_id", "amount", "tax", "currency", "reverses")
    + ("reimbursement", "record_id", "file"),
}
MISSING = {"zh": "文件缺失", "en": "file missing"}


def _rows(engine: sa.Engine, owner: str, params: dict) -> list:
    """The owner's live records with an invoice matching the list filters, oldest first, with their files' blobs."""
    query = (
        sa.select(
            records.c.id,
            records.c.occurred_at,
            records.c.merchant,
            records.c.amount,
            records.c.currency,
            record_extras.c.invoice_no,
            record_extras.c.reimbursement,
            record_extras.c.invoice_buyer,
            record_extras.c.invoice_buyer_tax_id,
            record_extras.c.invoice_tax,
            record_extras.c.invoice_reverses,
            drafts.c.blob_name,
        )
        .select_from(
            records.join(record_extras, record_extras.c.record_id == records.c.id).outerjoin(
                drafts, drafts.c.id == record_extras.c.invoice_draft
            )
        )
        .where(*filter_clauses(owner, params), record_extras.c.invoice_no.is_not(None))
        .order_by(records.c.occurred_at, records.c.id)
        .limit(MAX_INVOICES + 1)
    )
    with engine.connect() as conn:
        return conn.execute(query).fetchall()


def _file(settings, blob_name: str | None) -> bytes | None:
    """An invoice's original bytes, or None when its blob is gone."""
    if not blob_name:
        return None
    facts = storage.blob_facts(settings, blob_name)
    if facts is None or facts.size > MAX_FILE:
        return None
    return storage.read_checked(settings, blob_name, facts)


def export_zip(
    engine: sa.Engine,
    settings,
    owner: str,
    params: dict,
    *,
    per_minute: int,
    lang: str = "zh",
    spender: str | None = None,
) -> bytes:
    """A zip of the invoices on the owner's (a book's) records in `params`' period (from, to; `invoice` a 报销 state
    or any).

    Raises BadRequest (a bad filter, or more than MAX_INVOICES invoices: invoice_period_too_large), RateLimited past
    `per_minute` exports a minute by `spender` (the person asking; the book's own person when not named),
    StorageUnavailable.
    """
    stage = params.get("invoice") or "any"
    if stage != "any" and stage not in STAGES:
        raise BadRequest(f"invoice filter {stage!r}", code="bad_invoice_filter")
    params = {**params, "invoice": stage}
    filter_clauses(owner, params)  # a bad filter is refused before the minute's budget is spent
    limits.spend(engine, spender or owner, "export", per_minute)
    rows = _rows(engine, owner, params)
    if len(rows) > MAX_INVOICES:
        raise BadRequest("too many invoices", code="invoice_period_too_large", params={"limit": str(MAX_INVOICES)})
    lang = "en" if lang == "en" else "zh"
    listing = io.StringIO()
    writer = csv.writer(listing, lineterminator="\r\n")
    writer.writerow(HEADERS[lang])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for row in rows:
            day = row.occurred_at.date().isoformat()
            data = _file(settings, row.blob_name)
            name = f"{day}_{row.invoice_no}.{row.blob_name.rsplit('.', 1)[-1]}" if data is not None else None
            if name:
                package.writestr(name, data)
            stage_text = (STAGE_WORDS.get(row.reimbursement) if lang == "zh" else row.reimbursement) or ""
            writer.writerow(
                [
                    row.invoice_no,
                    day,
                    guard(row.merchant or ""),
                    guard(row.invoice_buyer or ""),
                    row.invoice_buyer_tax_id or "",
                    f"{row.amount:.2f}",
                    f"{row.invoice_tax:.2f}" if row.invoice_tax is not None else "",
                    row.currency,
                    row.invoice_reverses or "",
                    stage_text,
                    row.id,
                    name or MISSING[lang],
                ]
            )
        package.writestr("发票清单.csv" if lang == "zh" else "invoices.csv", "\ufeff" + listing.getvalue())
    return out.getvalue()
