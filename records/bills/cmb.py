"""China Merchants Bank credit card (招商银行信用卡) statement rows: the bill 掌上生活 or the monthly e-statement
(电子账单) gives, as CSV.

A title line names the statement's month ("招商银行信用卡对账单（个人消费卡账户 2024年01月）"), then the columns
交易日, 记账日, 交易摘要, 人民币金额, 卡号末四位, 交易地金额. Dates are "MM/DD" in that statement (a repayment has only
its 记账日); amounts are signed, spending positive. Repayments (还款) are transfers; other money back is a refund,
or income when the bank gives it (返现, 奖励: cash back). A row naming 支付宝/财付通 is that wallet's payment
(records.bills.banks).
"""

from __future__ import annotations

import functools
import re

from records.bills.banks import after_wallet, day_text, wallet_of
from records.bills.rows import BillRow, Skip, blank, build

BANK = "招商银行信用卡"
INCOME_WORDS = ("返现", "奖励", "积分兑换", "利息")  # money the bank gives, not a purchase's money coming back
STATEMENT = re.compile(r"(20\d{2})\s*年\s*(\d{1,2})\s*月")


def statement_month(preamble: list[list[str]]) -> tuple[int, int] | None:
    """(year, month) the title line before the header names, or None."""
    for cells in preamble:
        for cell in cells:
            found = STATEMENT.search(cell)
            if found:
                return int(found.group(1)), int(found.group(2))
    return None


def reader(preamble: list[list[str]]):
    """The row reader for a statement with this preamble."""
    return functools.partial(read_row, statement=statement_month(preamble))


def direction_of(amount: str, summary: str) -> str:
    """Signed amount and 交易摘要 → our direction."""
    if not amount.lstrip().startswith(("-", "−")):
        return "expense"
    if "还款" in summary:
        return "transfer"
    if any(word in summary for word in INCOME_WORDS):
        return "income"
    return "refund"


def read_row(line: int, v: dict, *, statement: tuple[int, int] | None = None) -> BillRow | Skip:
    """One data row of a CMB credit card statement."""
    raw_day = v.get("time", "") or v.get("posted", "")
    when = day_text(raw_day, statement)
    if when is None:
        return Skip(line, "bad_time", {"value": raw_day[:40]})
    summary = v.get("summary", "").strip()
    amount = v.get("amount", "")
    tail = blank(v.get("card_tail", ""))
    return build(
        line,
        when,
        amount=amount,
        direction=direction_of(amount, summary),
        merchant=blank(after_wallet(summary)),
        platform=wallet_of(summary),
        payment_method=f"{BANK}({tail})" if tail else BANK,
        category=None,
        memo=blank(summary),
        order_no=None,
    )
