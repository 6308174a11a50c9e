"""SnapLedger's own bill format: what records/bills/export.py writes and `read_row` reads back (a round trip).

Its columns with their Chinese titles (an English file uses the field names), the directions' Chinese words,
and the apostrophe that keeps a spreadsheet from running a cell as a formula.
"""

from __future__ import annotations

from records.bills.rows import BillRow, Skip, blank, build

# The export's columns in order: field → Chinese title. The importer's column aliases include both names.
COLUMNS = {
    "occurred_at": "时间",
    "direction": "收支",
    "amount": "金额",
    "currency": "币种",
    "merchant": "商户",
    "platform": "支付平台",
    "payment_method": "支付方式",
    "category": "分类",
    "memo": "备注",
    "order_no": "订单号",
    "refund_of": "退款对应订单号",
    "source": "来源",
    "tags": "标签",  # space-separated, read back as the record's tags
}
# Each of recognize.models.DIRECTIONS in Chinese (a test checks that no direction is missing).
DIRECTION_WORDS = {"expense": "支出", "income": "收入", "transfer": "转账", "refund": "退款"}
_DIRECTION_OF_WORD = {word: direction for direction, word in DIRECTION_WORDS.items()}
# Text starting with one of these is a formula to a spreadsheet: the CSV export puts an apostrophe before it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard(text: str) -> str:
    """Text as a CSV cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unguard(text: str) -> str:
    """Undo `guard`."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def read_row(line: int, v: dict) -> BillRow | Skip:
    """One data row of our export."""
    v = {key: unguard(value) for key, value in v.items()}
    raw = v.get("direction", "").strip()
    direction = _DIRECTION_OF_WORD.get(raw, raw.lower() or "expense")
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
        tags=(v.get("tags") or "").split(),
    )
