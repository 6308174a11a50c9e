"""JD 京东 交易流水 rows (CSV in UTF-8 with BOM, from 京东 app → 我的 → 钱包 → 账单 → 导出账单, or 京东金融).

Columns: 交易时间, 交易分类, 商户名称, 交易说明, 收/支, 金额, 收/付款方式, 交易状态, 交易订单号, 商家订单号, 备注.
A purchase refunded in part or whole says so in its amount ("2977.63(已退款2974.66)", "293.10(已全额退款)"); the
money back is a row of its own (交易说明 "退款-…", 收入) carrying the purchase's 交易订单号, which is how it is linked.
不计收支 rows (白条 repayments, 小金库 transfers) move money between the person's own accounts: transfers.
"""

from __future__ import annotations

import re

from recognize.categories import PRINTED
from records.bills.rows import BillRow, Skip, blank, build, join_memo

PLATFORM = "京东"
# Trades that never completed moved no money (a refund row in the same file can still show one was paid).
CLOSED = ("交易关闭", "已关闭", "交易失败", "支付失败", "失败", "已取消", "交易取消")
# "2977.63(已退款2974.66)", "293.10（已全额退款）", "¥12.00(已退款¥3.00)": the paid amount, and what came back.
AMOUNT = re.compile(
    r"^\s*[¥￥]?\s*([\d,]+(?:\.\d+)?)\s*(?:[（(]\s*已(全额)?退款\s*[¥￥]?\s*([\d,]*(?:\.\d+)?)\s*[）)])?\s*$"
)


def split_amount(text: str) -> tuple[str, str | None]:
    """The paid amount of a JD amount cell, and the refunded amount it notes (None when it notes none)."""
    match = AMOUNT.match(text or "")
    if match is None:
        return text, None
    paid, whole, refunded = match.groups()
    if whole:
        return paid, paid
    return paid, (refunded or None)


def direction_of(flow: str, description: str) -> str:
    """收入/支出/不计收支 → our direction; money back (交易说明 "退款-…") is a refund."""
    if flow == "支出":
        return "expense"
    if flow == "收入":
        return "refund" if description.startswith("退款") else "income"
    return "refund" if description.startswith("退款") else "transfer"


def read_row(line: int, v: dict) -> BillRow | Skip:
    """One data row of a JD bill."""
    status = v.get("status", "")
    description = v.get("description", "")
    direction = direction_of(v.get("direction", "").strip(), description)
    amount, refunded = split_amount(v.get("amount", ""))
    order_no = blank(v.get("order_no", ""))
    merchant_order_no = blank(v.get("merchant_order_no", ""))
    refund_key = None
    if direction == "refund":
        # A refund carries its purchase's 交易订单号; its own number is the 商家订单号. The purchase keeps the order
        # number, so the refund is not mistaken for the purchase once more, here or in the ledger.
        refund_key, order_no = order_no, None
    return build(
        line,
        v.get("time", ""),
        amount=amount,
        direction=direction,
        merchant=blank(v.get("merchant_name", "")),
        platform=PLATFORM,
        payment_method=blank(v.get("method", "")),
        category=PRINTED.get(v.get("category", "").strip()),
        memo=join_memo(description, v.get("memo"), f"已退款 {refunded}" if refunded else None),
        order_no=order_no,
        merchant_order_no=merchant_order_no,
        status=status,
        closed=any(word in status for word in CLOSED),
        refund_key=refund_key,
    )
