"""Rows of SnapLedger's own export (CSV or XLSX, Chinese or English headers), for a round trip."""

from __future__ import annotations

from records.importers import Row, Skip, blank, build

FORMULA_GUARD = ("'=", "'+", "'-", "'@")
DIRECTIONS = {"支出": "expense", "收入": "income", "转账": "transfer", "退款": "refund"}


def unguard(text: str) -> str:
    """Undo the apostrophe our CSV export puts before text a spreadsheet would run as a formula."""
    return text[1:] if text.startswith(FORMULA_GUARD) else text


def read_row(line: int, v: dict) -> Row | Skip:
    """One data row of our export."""
    v = {key: unguard(value) for key, value in v.items()}
    raw = v.get("direction", "").strip()
    direction = DIRECTIONS.get(raw, raw.lower() or "expense")
    return build(
        line,
        v.get("time", ""),
        amount=v.get("amount", ""),
        direction=direction,
        currency=blank(v.get("currency", "")) or "CNY",
        merchant=blank(v.get("counterparty", "")),
        platform=blank(v.get("platform", "")),
        payment_method=blank(v.get("method", "")),
        category=blank(v.get("category", "")),
        memo=blank(v.get("memo", "")),
        order_no=blank(v.get("order_no", "")),
        refund_key=blank(v.get("refund_of", "")),
    )
