"""Alipay 交易明细 CSV rows (GB18030, both the 支付宝（中国）网络技术有限公司 and 支付宝支付科技有限公司 files)."""

from __future__ import annotations

from recognize.categories import PRINTED
from records.bills.rows import BillRow, Skip, blank, build, join_memo

PLATFORM = "支付宝"
# A closed or unpaid trade moved no money, unless a refund row in the same file shows it was paid and refunded.
CLOSED = ("交易关闭", "等待付款", "支付失败", "交易失败", "已关闭", "失败")
# Alipay's own categories (交易分类) → ours; anything else is guessed from merchant and goods.
CATEGORIES = PRINTED  # Alipay's 交易分类 → our categories, one table (recognize/categories.py)


def direction_of(flow: str, status: str, goods: str) -> str:
    """收入/支出/不计收支 (or empty in old files) → our direction; 不计收支 is a refund or a transfer."""
    if flow == "支出":
        return "expense"
    if flow == "收入":
        return "refund" if "退款" in status else "income"
    return "refund" if ("退款" in status or goods.startswith("退款")) else "transfer"


def read_row(line: int, v: dict) -> BillRow | Skip:
    """One data row of an Alipay bill."""
    status = v.get("status", "")
    direction = direction_of(v.get("direction", ""), status, v.get("goods", ""))
    order_no = blank(v.get("order_no", ""))
    merchant_order_no = blank(v.get("merchant_order_no", ""))
    refund_key = None
    if direction == "refund" and order_no and "_" in order_no:
        # A refund's 交易订单号 is the purchase's number plus "_" and the refund's own suffix.
        refund_key = order_no.split("_", 1)[0]
    return build(
        line,
        v.get("time", ""),
        amount=v.get("amount", ""),
        direction=direction,
        merchant=blank(v.get("counterparty", "")),
        platform=PLATFORM,
        payment_method=blank(v.get("method", "")),
        category=CATEGORIES.get(v.get("category", "").strip()),
        memo=join_memo(v.get("goods"), v.get("memo")),
        order_no=order_no,
        merchant_order_no=merchant_order_no,
        status=status,
        closed=any(word in status for word in CLOSED),
        refund_key=refund_key,
    )
