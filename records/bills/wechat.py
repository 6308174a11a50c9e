"""WeChat Pay 账单流水 rows (CSV in UTF-8 with BOM, or XLSX)."""

from __future__ import annotations

from records.bills.rows import BillRow, Skip, blank, build, join_memo

PLATFORM = "微信支付"
# Failed payments and transfers the other side sent back (对方已退还) moved no money.
NO_MONEY = ("失败", "已关闭", "已退还")


def direction_of(flow: str, kind: str) -> str:
    """收入/支出/中性 (or "/") → our direction; money back from a purchase (…-退款) is a refund."""
    if flow == "支出":
        return "expense"
    if "退款" in kind:
        return "refund"
    if flow == "收入":
        return "income"
    return "transfer"


def read_row(line: int, v: dict) -> BillRow | Skip:
    """One data row of a WeChat Pay bill."""
    status = v.get("status", "")
    kind = v.get("type", "")
    direction = direction_of(v.get("direction", "").strip(), kind)
    merchant_order_no = blank(v.get("merchant_order_no", ""))
    return build(
        line,
        v.get("time", ""),
        amount=v.get("amount", ""),
        direction=direction,
        merchant=blank(v.get("counterparty", "")),
        platform=PLATFORM,
        payment_method=blank(v.get("method", "")),
        category=None,
        memo=join_memo(v.get("goods"), v.get("memo")),
        order_no=blank(v.get("order_no", "")),
        merchant_order_no=merchant_order_no,
        status=status,
        closed=any(word in status for word in NO_MONEY),
        # WeChat gives a refund the purchase's 商户单号.
        refund_key=merchant_order_no if direction == "refund" else None,
    )
