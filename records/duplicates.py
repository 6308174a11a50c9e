"""Whether a payment repeats a record already in the ledger: one rule, for screenshots and for bill files.

An e-invoice (a payment carrying `invoice_no`) repeats the record that already carries that invoice number, whatever
else differs (the same invoice as PDF and as OFD, reason 'invoice_no'), and nothing else: its number names it, so two
invoices of one amount on one day are two invoices (an invoice and its payment are linked by records.invoices).

A payment repeats a record when both carry the same platform order number (on the same platform, or where
either platform is unknown); failing that, when the amounts are equal and the times at most ten minutes apart.
Callers differ in one thing, how far the payment's fields can be trusted, and that is the parameter `exact`:

- a recognized screenshot (exact=False) may have misread its direction, its platform or a digit of its order
  number, so amount and time alone decide the second test; every candidate (up to five) becomes a warning
  for the person to judge, and nothing is decided for them;
- a bill file's row (exact=True) is the platform's own data, so direction, platform and order number must
  agree as well (a missing one agrees with anything); the import decides by itself, so each record answers for
  at most one row, the nearest in time; and deleted records count for order numbers, so a row the person
  deleted does not come back with the next import.

A bank statement knows the day of a payment, not its minute: a bank row that went through a wallet (platform
支付宝 or 微信支付, read from "支付宝-…"/"财付通-…") and that wallet's own row of the same payment are one payment when
amount and direction agree, they are at most a day apart, and the wallet row was paid with that card (its payment
method ends in the card's last four digits, or is unknown) (reason 'wallet_day'), whichever file came first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta
from typing import NamedTuple

import sqlalchemy as sa

from records.fields import wall_time_iso
from records.schema import record_extras, records

WINDOW = timedelta(minutes=10)
DAY = timedelta(days=1)
WALLETS = ("支付宝", "微信支付")
BANK_SOURCES = ("import:cmb", "import:icbc")  # records.bills.imports.SOURCES of the bank statements
WARNINGS = 5  # candidates a screenshot's warning names per test; more adds nothing for a person
BATCH = 500
COLUMNS = (
    "id",
    "direction",
    "amount",
    "occurred_at",
    "tz",
    "merchant",
    "platform",
    "order_no",
    "draft_id",
    "source",
    "payment_method",
)
TAIL = re.compile(r"(\d{4})\D*$")  # a card's last four digits at the end of a payment method: 招商银行信用卡(6789)


class Match(NamedTuple):
    """An existing record a payment may repeat, and which test found it ('order_no', 'amount_time', 'wallet_day')."""

    record: sa.Row
    reason: str


def find(
    conn,
    owner: str,
    payments: Sequence[dict],
    *,
    exact: bool = False,
    exclude_draft: str | None = None,
    source: str | None = None,
):
    """For each payment (record fields in stored form), the list of `Match`es it may repeat, by the rule above.

    `exclude_draft` leaves out the records a draft itself became; `source` is the payments' own (a bill's, so a
    bank statement's rows and the wallet rows in the ledger, or the other way round, can be matched by the day).
    """
    bank = source in BANK_SOURCES
    keep = (lambda row: row.draft_id != exclude_draft) if exclude_draft else (lambda row: True)
    by_order = _by_order(conn, owner, payments, include_deleted=exact)
    by_invoice = _by_invoice(conn, owner, payments)
    used: set[int] = set()
    found: list[list[Match]] = []
    for payment in payments:
        if payment.get("invoice_no"):
            invoiced = [row for row in by_invoice.get(payment["invoice_no"], []) if keep(row)]
            found.append([Match(row, "invoice_no") for row in invoiced[:WARNINGS]])
            continue
        hits = [
            row
            for row in by_order.get(payment.get("order_no") or "", [])
            if keep(row) and row.id not in used and _agree(row.platform, payment.get("platform"))
        ]
        if exact:
            hits = hits[:1]
            used.update(row.id for row in hits)
        found.append([Match(row, "order_no") for row in hits[:WARNINGS]])
    rest = [i for i, p in enumerate(payments) if not found[i] and not p.get("invoice_no") and _timed(p)]
    nearby = _nearby(conn, owner, [payments[i] for i in rest], DAY if exact else WINDOW)
    for i in rest:
        payment = payments[i]
        hits = [row for row in nearby if keep(row) and row.id not in used and _near(row, payment, exact=exact)]
        reason = "amount_time"
        if exact and not hits:
            hits = [row for row in nearby if keep(row) and row.id not in used and _wallet(row, payment, bank=bank)]
            reason = "wallet_day"
        if exact and hits:
            hits = [min(hits, key=lambda row: abs(row.occurred_at - payment["occurred_at"]))]
            used.add(hits[0].id)
        found[i] = [Match(row, reason) for row in hits[:WARNINGS]]
    return found


def describe(match: Match) -> dict:
    """A match as a draft item's duplicate warning: the record's identifying fields and the test that found it."""
    row = match.record
    return {
        "id": row.id,
        "direction": row.direction,
        "amount": f"{row.amount:.2f}",
        "occurred_at": wall_time_iso(row.occurred_at, row.tz),
        "merchant": row.merchant,
        "platform": row.platform,
        "order_no": row.order_no,
        "reason": match.reason,
    }


def _agree(ours, theirs) -> bool:
    """Two values of a field agree when they are equal or either is unknown."""
    return ours is None or theirs is None or ours == theirs


def _timed(payment: dict) -> bool:
    return payment.get("amount") is not None and payment.get("occurred_at") is not None


def _near(row, payment: dict, *, exact: bool) -> bool:
    """The second test: same amount within the window (and, for exact payments, agreeing fields)."""
    if row.amount != payment["amount"] or abs(row.occurred_at - payment["occurred_at"]) > WINDOW:
        return False
    if not exact:
        return True
    return (
        row.direction == payment.get("direction")
        and _agree(row.platform, payment.get("platform"))
        and _agree(row.order_no, payment.get("order_no"))
    )


def _wallet(row, payment: dict, *, bank: bool) -> bool:
    """A bank row and a wallet's row of one payment: the same wallet, amount and direction, a day apart at most,
    exactly one of the two from a bank statement (`bank` says whether the payment is), paid with that card.
    """
    platform = payment.get("platform")
    if not (
        platform in WALLETS
        and row.platform == platform
        and bank != (row.source in BANK_SOURCES)
        and row.amount == payment["amount"]
        and row.direction == payment.get("direction")
        and abs(row.occurred_at - payment["occurred_at"]) <= DAY
    ):
        return False
    bank_method, wallet_method = (payment.get("payment_method"), row.payment_method)
    if not bank:
        bank_method, wallet_method = wallet_method, bank_method
    return _paid_with(wallet_method, bank_method)


def _paid_with(wallet_method: str | None, bank_method: str | None) -> bool:
    """Whether a wallet payment's method can be the bank's card: the same last four digits, or either unknown.

    花呗, 余额, 零钱 name no card, so a wallet row paid with them is never a card's payment.
    """
    card = TAIL.search(bank_method or "")
    if card is None or not wallet_method:
        return True
    used = TAIL.search(wallet_method)
    return used is not None and used.group(1) == card.group(1)


def _by_order(conn, owner: str, payments: Sequence[dict], *, include_deleted: bool) -> dict[str, list]:
    """order_no → the owner's records carrying it (live ones only unless `include_deleted`), oldest first."""
    orders = sorted({p["order_no"] for p in payments if p.get("order_no")})
    found: dict[str, list] = {}
    for start in range(0, len(orders), BATCH):
        query = sa.select(*(records.c[name] for name in COLUMNS)).where(
            records.c.owner == owner, records.c.order_no.in_(orders[start : start + BATCH])
        )
        if not include_deleted:
            query = query.where(records.c.deleted_at.is_(None))
        for row in conn.execute(query.order_by(records.c.id)):
            found.setdefault(row.order_no, []).append(row)
    return found


def _by_invoice(conn, owner: str, payments: Sequence[dict]) -> dict[str, list]:
    """invoice_no → the owner's live records carrying that invoice, oldest first."""
    numbers = sorted({p["invoice_no"] for p in payments if p.get("invoice_no")})
    if not numbers:
        return {}
    query = (
        sa.select(*(records.c[name] for name in COLUMNS), record_extras.c.invoice_no)
        .select_from(records.join(record_extras, record_extras.c.record_id == records.c.id))
        .where(records.c.owner == owner, records.c.deleted_at.is_(None), record_extras.c.invoice_no.in_(numbers))
    )
    found: dict[str, list] = {}
    for row in conn.execute(query.order_by(records.c.id)):
        found.setdefault(row.invoice_no, []).append(row)
    return found


def _nearby(conn, owner: str, payments: Sequence[dict], window: timedelta = WINDOW) -> list:
    """The owner's live records from `window` before the earliest payment to `window` after the latest."""
    if not payments:
        return []
    start = min(p["occurred_at"] for p in payments) - window
    end = max(p["occurred_at"] for p in payments) + window
    query = sa.select(*(records.c[name] for name in COLUMNS)).where(
        records.c.owner == owner, records.c.deleted_at.is_(None), records.c.occurred_at.between(start, end)
    )
    return conn.execute(query.order_by(records.c.occurred_at, records.c.id)).fetchall()
