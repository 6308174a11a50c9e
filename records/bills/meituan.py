"""Meituan 美团 账单 rows (CSV in UTF-8 with BOM, from 美团 app → 我的 → 钱包 → 账单 → 下载账单).

Columns: 交易创建时间, 交易成功时间, 交易类型 (支付 / 退款 / 还款), 订单标题, 收/支, 支付方式 (美团月付, 微信支付, a
bank card…), 订单金额, 实付金额, 交易单号, 商家单号, 备注. What left the person's account is 实付金额 (after coupons
and discounts), never 订单金额; a discount is noted in the memo. A refund shares the purchase's 交易单号 or 商家单号.
"""

from __future__ import annotations

from records.bills.rows import BillRow, Skip, blank, build, clean_amount, join_memo

PLATFORM = "美团"
CLOSED = ("交易关闭", "已关闭", "失败", "已取消")


def direction_of(kind: str, flow: str) -> str:
    """交易类型 and 收/支 → our direction: 退款 is a refund, 还款 (美团月付 repaid) and 不计收支 are transfers."""
    if "退款" in kind:
        return "refund"
    if "还款" in kind or flow == "不计收支":
        return "transfer"
    if flow == "收入":
        return "income"
    return "expense"


def merchant_of(title: str) -> str | None:
    """The shop in an 订单标题: "袁记云饺-袁记云饺代金券" → "袁记云饺"; a title without a dash is the shop."""
    title = blank(title) or ""
    return blank(title.split("-", 1)[0]) if "-" in title else (title or None)


def read_row(line: int, v: dict) -> BillRow | Skip:
    """One data row of a Meituan bill."""
    kind = v.get("type", "").strip()
    direction = direction_of(kind, v.get("direction", "").strip())
    paid, ordered = clean_amount(v.get("amount", "")), clean_amount(v.get("order_amount", ""))
    discount = f"订单金额 {ordered}" if ordered and ordered != paid else None
    order_no = blank(v.get("order_no", ""))
    merchant_order_no = blank(v.get("merchant_order_no", ""))
    refund_key = None
    if direction == "refund":
        # The refund points at its purchase by the 交易单号 or the 商家单号 they share (link_refunds tries both); it
        # keeps no order number of its own, so it is never taken for the purchase itself.
        refund_key, order_no = order_no, None
    status = v.get("status", "")
    return build(
        line,
        v.get("paid_at") or v.get("time", ""),
        amount=paid,
        direction=direction,
        merchant=merchant_of(v.get("title", "")),
        platform=PLATFORM,
        payment_method=blank(v.get("method", "")),
        category=None,
        memo=join_memo(v.get("title"), discount, v.get("memo")),
        order_no=order_no,
        merchant_order_no=merchant_order_no,
        status=status,
        closed=any(word in status for word in CLOSED),
        refund_key=refund_key,
    )
