"""ICBC debit card (工商银行借记卡) 明细 rows: 工银 app / 网上银行 → 账户明细 → 明细查询文件下载, as CSV.

A preamble names the card ("卡号: 1234****9876") and the sub-account, then the columns 交易日期, 摘要, [交易详情,]
交易场所, 交易国家或地区简称, 钞/汇, 交易金额(收入), 交易金额(支出), 交易币种, 记账金额(收入), 记账金额(支出), 记账币种,
余额, 对方户名[, 对方账户]; a 人民币合计 row ends the table. Cells are padded with spaces and a tab. Money in and out
are two columns (the 记账 ones are in the account's currency). Repayments (还款) and transfers between accounts
(转账, 汇款, 汇入, 网转, 赎回) are transfers; 退款 is a refund; the rest is spending or income. A row naming
支付宝/财付通 (in 交易场所 or 对方户名) is that wallet's payment (records.bills.banks).
"""

from __future__ import annotations

import functools
import re

from records.bills.banks import after_wallet, day_text, wallet_of
from records.bills.rows import BillRow, Skip, blank, build, join_memo

BANK = "工商银行借记卡"
CARD = re.compile(r"卡号[:：]\s*[\d*]*(\d{4})")
TRANSFER_WORDS = ("还款", "转账", "汇款", "汇入", "网转", "赎回", "转入", "转出")


def card_tail(preamble: list[list[str]]) -> str | None:
    """The card's last four digits, from the preamble's "卡号: 1234****9876"."""
    for cells in preamble:
        for cell in cells:
            found = CARD.search(cell)
            if found:
                return found.group(1)
    return None


def reader(preamble: list[list[str]]):
    """The row reader for a statement with this preamble."""
    tail = card_tail(preamble)
    return functools.partial(read_row, method=f"{BANK}({tail})" if tail else BANK)


def direction_of(money_in: bool, summary: str) -> str:
    """Money in or out and the 摘要 → our direction."""
    if any(word in summary for word in TRANSFER_WORDS):
        return "transfer"
    if money_in:
        return "refund" if "退款" in summary else "income"
    return "expense"


def read_row(line: int, v: dict, *, method: str = BANK) -> BillRow | Skip:
    """One data row of an ICBC debit card statement."""
    when = day_text(v.get("time", ""))
    if when is None:
        return Skip(line, "bad_time", {"value": v.get("time", "")[:40]})
    money_in, money_out = blank(v.get("amount_in", "")), blank(v.get("amount_out", ""))
    summary = v.get("summary", "").strip()
    place, counterparty = v.get("place", "").strip(), v.get("counterparty", "").strip()
    platform = wallet_of(place, counterparty)
    direction = direction_of(bool(money_in), summary)
    if platform and place:
        merchant = after_wallet(place)
    elif direction == "expense":
        merchant = place or counterparty
    else:
        merchant = counterparty or place  # who sent or received the money, not the channel (手机银行)
    return build(
        line,
        when,
        amount=money_in or money_out or "",
        direction=direction,
        merchant=blank(merchant),
        platform=platform,
        payment_method=method,
        category=None,
        memo=join_memo(*(text for text in (summary, v.get("details"), place, counterparty) if text != merchant)),
        order_no=None,
    )
