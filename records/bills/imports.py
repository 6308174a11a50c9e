"""Bill imports: a preview that says what is new, what is already there and what is skipped; then one commit.

Rows already in the ledger (screenshot records included) are found by records.duplicates, with the bill's
fields taken as exact. Committing twice writes nothing twice, and importing the same file again finds every
row already there.
"""

from __future__ import annotations

import base64
import json
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa

from recognize.categories import guess_category
from records import duplicates, fields, invoices, learning, limits, tags
from records.bills.own import COLUMNS
from records.bills.rows import Bill, Skip
from records.bills.table import parse
from records.categories import shown_and_hidden, stand_in
from records.dates import utcnow
from records.errors import Invalid, NotFound
from records.schema import imports, record_extras, records

STALE_PREVIEW = timedelta(days=2)
PREVIEW_ROWS = 200
FORMATS = ("alipay", "wechat", "jd", "meituan", "cmb", "icbc", "snapledger")
SOURCES = {kind: f"import:{kind}" for kind in FORMATS}
SKIP_REASONS = {
    "closed": ("交易关闭或未成功（{status}），没有发生资金变动", "Closed or unsuccessful ({status}); no money moved"),
    "bad_time": ("时间无法识别：{value}", "The time cannot be read: {value}"),
    "bad_amount": ("金额无法识别：{value}", "The amount cannot be read: {value}"),
    "invalid": ("内容有误：{fields}", "Not valid: {fields}"),
    "repeated": ("与第 {other} 行是同一笔交易（订单号相同）", "Same transaction as line {other} (same order number)"),
}
# A field's name in an English sentence where it is not the field name itself; in Chinese, our export's title.
FIELD_WORDS_EN = {"occurred_at": "time", "payment_method": "payment method", "order_no": "order number"}


def field_word(key: str, lang: str = "zh") -> str:
    """What a skip reason calls a field: '金额' / 'amount'."""
    return FIELD_WORDS_EN.get(key, key) if lang == "en" else COLUMNS.get(key, key)


def skip_reason(skip: dict, lang: str = "zh") -> str:
    """The sentence saying why a row was skipped, in 'zh' or 'en'."""
    zh, en = SKIP_REASONS.get(skip["code"], (skip["code"], skip["code"]))
    detail = dict(skip.get("detail") or {})
    if skip["code"] == "invalid":
        detail["fields"] = ("; " if lang == "en" else "；").join(
            f"{field_word(k, lang)}{': ' if lang == 'en' else '：'}{fields.reason_text(v, lang)}"
            for k, v in detail["fields"].items()
        )
    template = en if lang == "en" else zh
    return template.format(**{k: ("" if v is None else v) for k, v in detail.items()})


def _drain(items: list):
    """The list's items in order, each dropped from the list as it is handed out (so a 20,000-row bill and its
    checked rows are never both whole in memory).
    """
    items.reverse()
    while items:
        yield items.pop()


def _checked(bill: Bill, tz: str) -> tuple[list[dict], list[Skip]]:
    """Validate each row like user input; a row that fails becomes a Skip naming the fields."""
    kept: list[dict] = []
    skipped = list(bill.skipped)
    seen_orders: dict[str, int] = {}
    for row in _drain(bill.rows):
        try:
            values = fields.validate(row.fields, tz=tz)
            labels = tags.parse(row.tags)
        except Invalid as exc:
            skipped.append(Skip(row.line, "invalid", {"fields": exc.fields}))
            continue
        order_no = values.get("order_no")
        if order_no and order_no in seen_orders:
            skipped.append(Skip(row.line, "repeated", {"other": seen_orders[order_no]}))
            continue
        if order_no:
            seen_orders[order_no] = row.line
        kept.append(
            {
                "line": row.line,
                "values": values,
                "merchant_order_no": row.merchant_order_no,
                "refund_key": row.refund_key,
                "refund_line": row.refund_line,
                "tags": labels,
            }
        )
    return kept, sorted(skipped, key=lambda s: s.line)


def _assign_categories(conn, owner: str, rows: list[dict], kind: str) -> None:
    """Fill each row's category: what the person taught for the merchant, else the file's, else a guess.

    Our own export keeps the category the person chose. A refund takes its purchase's category. A category the
    book hides is never filled in, as in drafts: a taught one is passed over, and a file's or guessed one gives
    way to 其他 (or no category when 其他 is hidden too).
    """
    learned = learning.learned_categories(conn, owner, [r["values"].get("merchant") for r in rows])
    shown, hidden = shown_and_hidden(conn, owner)
    fallback = stand_in(shown)
    by_line = {r["line"]: r for r in rows}
    for row in rows:
        values = row["values"]
        if kind == "snapledger" and values.get("category"):
            continue
        taught = learned.get(learning.merchant_key(values.get("merchant")))
        if taught and taught not in hidden:
            values["category"] = taught
        elif not values.get("category"):
            # Money back is filed like the spending it undoes, never as income: guess as if it were the purchase.
            direction = "expense" if values["direction"] == "refund" else values["direction"]
            memo = (values.get("memo") or "").replace("退款", "")
            values["category"] = guess_category(values.get("merchant"), memo, direction=direction)
        if values.get("category") in hidden:
            values["category"] = fallback
    for row in rows:
        original = by_line.get(row["refund_line"] or -1)
        if row["values"]["direction"] == "refund" and original is not None:
            row["values"]["category"] = original["values"].get("category")


def _existing(conn, owner: str, rows: list[dict], kind: str) -> dict[int, tuple[int, str]]:
    """line → (id of the record it repeats, 'order_no' | 'amount_time' | 'wallet_day') for rows already in the
    ledger; a bank statement's rows (`kind`) are matched to the wallet rows of the same payments and back.
    """
    matches = duplicates.find(conn, owner, [row["values"] for row in rows], exact=True, source=SOURCES[kind])
    hits = zip(rows, matches, strict=True)
    return {row["line"]: (found[0].record.id, found[0].reason) for row, found in hits if found}


# A stored preview: its rows as JSON lines, deflated and in base64 after this prefix. A bill of 20,000 rows is
# 20 MB as one JSON text but half a megabyte packed, written and read one row at a time; previews stored before
# (a JSON list) are read too.
PACKED = "zlib-jsonl:"
UNPACK_CHUNK = 64 * 1024


def _encode(rows: list[dict]) -> str:
    """Rows packed for the imports table (Decimal and datetime as strings), one row at a time."""
    packer = zlib.compressobj(6)
    chunks = []
    for row in rows:
        values = dict(row["values"])
        values["amount"] = f"{values['amount']:.2f}"
        values["occurred_at"] = values["occurred_at"].isoformat()
        line = json.dumps({**row, "values": values}, ensure_ascii=False, separators=(",", ":"))
        chunks.append(packer.compress(line.encode("utf-8") + b"\n"))
    chunks.append(packer.flush())
    return PACKED + base64.b64encode(b"".join(chunks)).decode("ascii")


def _json_lines(packed: bytes):
    """The lines of deflated bytes, inflated a chunk at a time."""
    unpacker = zlib.decompressobj()
    rest = b""
    for start in range(0, len(packed), UNPACK_CHUNK):
        rest += unpacker.decompress(packed[start : start + UNPACK_CHUNK])
        *lines, rest = rest.split(b"\n")
        yield from lines
    rest += unpacker.flush()
    if rest:
        yield rest


def _decode(text: str) -> list[dict]:
    """Rows back from the imports table."""
    if text.startswith(PACKED):
        rows = [json.loads(line) for line in _json_lines(base64.b64decode(text[len(PACKED) :]))]
    else:
        rows = json.loads(text)
    for row in rows:
        row["values"]["amount"] = Decimal(row["values"]["amount"])
        row["values"]["occurred_at"] = datetime.fromisoformat(row["values"]["occurred_at"])
    return rows


def _invoice_joins(conn, owner: str, rows: list[dict], existing: dict) -> dict[int, int]:
    """line → the record of an invoice recorded before it that a new row pays for (commit joins the two)."""
    waiting, taken, joins = invoices.waiting(conn, owner), set(), {}
    if not waiting:
        return joins
    for row in rows:
        if row["line"] in existing:
            continue
        invoice = invoices.invoice_among(waiting, row["values"], taken=taken)
        if invoice is not None:
            taken.add(invoice["id"])
            joins[row["line"]] = invoice["id"]
    return joins


def _preview_row(row: dict, duplicate: tuple[int, str] | None, tz: str, invoice: int | None = None) -> dict:
    values = row["values"]
    return {
        "invoice_of": invoice,
        "line": row["line"],
        "status": "duplicate" if duplicate else "new",
        "duplicate_of": duplicate[0] if duplicate else None,
        "match": duplicate[1] if duplicate else None,
        "direction": values["direction"],
        "amount": f"{values['amount']:.2f}",
        "occurred_at": fields.wall_time_iso(values["occurred_at"], tz),
        "merchant": values.get("merchant"),
        "category": values.get("category"),
        "platform": values.get("platform"),
    }


@contextmanager
def running(engine: sa.Engine, settings, owner: str, *, spend: bool = True) -> Iterator[None]:
    """Hold this owner's one running import (Busy while another runs) and, with `spend`, count it against the
    owner's IMPORT_RATE_PER_MINUTE (RateLimited past it). Read the file inside the block: parsing is the cost.
    """
    with limits.one_import(engine, owner):
        if spend:
            limits.spend(engine, owner, "import", settings.import_rate_per_minute)
        yield


def preview(engine: sa.Engine, owner: str, data: bytes, *, filename: str = "", tz: str, lang: str = "zh") -> dict:
    """Read a bill file and keep it as a pending import; nothing becomes a record until commit.

    Answers {"import_id", "format", "new", "duplicate", "skipped": [{"line", "code", "reason"}], "rows"}.
    Raises BillFormatError for a file that is not a supported bill.
    """
    bill = parse(data, filename)
    rows, skipped = _checked(bill, tz)
    import_id = str(uuid.uuid4())
    now = utcnow()
    skipped_json = [{"line": s.line, "code": s.code, "detail": s.detail} for s in skipped]
    with engine.begin() as conn:
        # Previews nobody committed are dropped after a while; they hold a whole bill each.
        conn.execute(
            imports.delete().where(
                imports.c.owner == owner, imports.c.committed_at.is_(None), imports.c.created_at < now - STALE_PREVIEW
            )
        )
        _assign_categories(conn, owner, rows, bill.format)
        existing = _existing(conn, owner, rows, bill.format)
        joins = _invoice_joins(conn, owner, rows, existing)
        conn.execute(
            imports.insert().values(
                id=import_id,
                owner=owner,
                format=bill.format,
                filename=fields.tidy_typed(filename)[:255] or None,
                rows=_encode(rows),
                skipped=json.dumps(skipped_json, ensure_ascii=False),
                created_at=now,
            )
        )
    return {
        "import_id": import_id,
        "format": bill.format,
        "new": sum(1 for r in rows if r["line"] not in existing),
        "duplicate": len(existing),
        "with_invoice": len(joins),  # new rows that become the record of an invoice recorded before them
        "skipped": [{"line": s["line"], "code": s["code"], "reason": skip_reason(s, lang)} for s in skipped_json],
        "rows": [_preview_row(r, existing.get(r["line"]), tz, joins.get(r["line"])) for r in rows[:PREVIEW_ROWS]],
    }


def _purchase_in_db(conn, owner: str, row: dict):
    """The stored purchase a refund row points at, by its order number or the merchant's order number."""
    keys = [k for k in (row.get("refund_key"), row.get("merchant_order_no")) if k]
    if not keys:
        return None
    hit = conn.execute(
        sa.select(records.c.id, records.c.category)
        .where(records.c.owner == owner, records.c.order_no.in_(keys), records.c.direction != "refund")
        .order_by(records.c.id)
        .limit(1)
    ).first()
    if hit is None:
        hit = conn.execute(
            sa.select(records.c.id, records.c.category)
            .select_from(records.join(record_extras, record_extras.c.record_id == records.c.id))
            .where(
                record_extras.c.owner == owner,
                record_extras.c.merchant_order_no.in_(keys),
                records.c.direction != "refund",
            )
            .order_by(records.c.id)
            .limit(1)
        ).first()
    return hit


def _join_invoice(conn, owner: str, invoice_id: int, row: dict, *, source: str, import_id: str, now) -> None:
    """Make the record an invoice made this bill row's payment, keeping the invoice on it."""
    invoices.join_payment(conn, owner, invoice_id, row["values"], source=source, updated_at=now)
    conn.execute(
        record_extras.update()
        .where(record_extras.c.record_id == invoice_id, record_extras.c.owner == owner)
        .values(
            merchant_order_no=(row.get("merchant_order_no") or None) and row["merchant_order_no"][:64],
            import_id=import_id,
        )
    )


def commit(engine: sa.Engine, owner: str, import_id: str, *, recorded_by: str | None = None) -> tuple[dict, bool]:
    """Write the import's new rows into the book `owner` in one transaction, recorded by `recorded_by` (the
    book's own person when not named); returns (result, created).

    Duplicates are checked again (a screenshot may have been confirmed since the preview). A row paying for an
    e-invoice recorded before it (records.invoices) becomes that invoice's record instead of a second expense.
    Committing again returns the first result with created False. Raises NotFound.
    """
    with engine.begin() as conn:
        query = sa.select(imports).where(imports.c.id == import_id, imports.c.owner == owner)
        if conn.dialect.name != "sqlite":
            query = query.with_for_update()
        pending = conn.execute(query).first()
        if pending is None:
            raise NotFound(f"import {import_id}")
        if pending.committed_at is not None:
            return json.loads(pending.result), False
        rows = _decode(pending.rows)
        existing = _existing(conn, owner, rows, pending.format)
        ids: dict[int, int] = {line: hit[0] for line, hit in existing.items()}
        now = utcnow()
        created: list[int] = []
        joins = _invoice_joins(conn, owner, rows, existing)
        # Purchases first, so a refund in the same file can point at its purchase's new record.
        for row in sorted(rows, key=lambda r: r["values"]["direction"] == "refund"):
            if row["line"] in existing:
                continue
            values = row["values"]
            if row["line"] in joins:
                # The payment of an invoice recorded before it: the invoice's record becomes this row's.
                joined = joins[row["line"]]
                _join_invoice(conn, owner, joined, row, source=SOURCES[pending.format], import_id=import_id, now=now)
                ids[row["line"]] = joined
                created.append(joined)
                continue
            refund_of = ids.get(row["refund_line"]) if row.get("refund_line") else None
            if values["direction"] == "refund" and refund_of is None:
                purchase = _purchase_in_db(conn, owner, row)
                if purchase is not None:
                    refund_of = purchase.id
                    values["category"] = purchase.category or values.get("category")
            result = conn.execute(
                records.insert().values(
                    owner=owner,
                    recorded_by=recorded_by or owner,
                    source=SOURCES[pending.format],
                    created_at=now,
                    updated_at=now,
                    version=1,
                    **values,
                )
            )
            record_id = result.inserted_primary_key[0]
            ids[row["line"]] = record_id
            created.append(record_id)
            tags.replace(conn, owner, record_id, row.get("tags") or [])
            conn.execute(
                record_extras.insert().values(
                    record_id=record_id,
                    owner=owner,
                    merchant_order_no=(row.get("merchant_order_no") or None) and row["merchant_order_no"][:64],
                    refund_of=refund_of,
                    import_id=import_id,
                )
            )
        result = {
            "import_id": import_id,
            "format": pending.format,
            "imported": len(created),
            "with_invoice": len(joins),  # of the imported: rows that became the record of an invoice
            "duplicate": len(existing),
            "skipped": len(json.loads(pending.skipped)),
            "record_ids": sorted(created),
        }
        conn.execute(
            imports.update()
            .where(imports.c.id == import_id, imports.c.committed_at.is_(None))
            # The rows are records now; the result is all a second commit needs.
            .values(committed_at=now, result=json.dumps(result), rows="[]")
        )
        return result, True
