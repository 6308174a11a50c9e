"""What an invoice's text says beyond its labelled values, for PDFs and pictures alike: the 价税合计 worked out from
the 合计 row (金额 + 税额) and checked against the capitals (大写), the seller on an older invoice whose text lists
the printed form first and the filled-in values after it, a 代开 invoice's real seller, the platform that issued
it (开票人), a toll invoice's travel date, and which number is an order number.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from recognize.ocr.vocabulary_docs import (
    CAPITAL_AMOUNT,
    CAPITAL_DIGITS,
    CAPITAL_GROUPS,
    CAPITAL_UNITS,
    INVOICE_FIELD_WORDS,
    ISSUED_BY_TAX_OFFICE,
    ISSUER,
    ON_BEHALF_OF,
    TRAVEL_DATE,
    TRAVEL_DATE_HEADER,
)

_YUAN_AMOUNT = re.compile(r"[¥￥]\s*(-?\d[\d,]*\.\d{2})")
# The 合计 row's figures, whose small ¥ OCR often reads as Y, V or W.
_ROW_AMOUNT = re.compile(r"(?:^|\s)[¥￥YVW]\s*(-?\d[\d,]*\.\d{2})(?!\d)")
# A name as a party block prints it: CJK (with brackets and a few Latin letters for a brand), no label colon.
_NAME_LIKE = re.compile(r"[\u4e00-\u9fff（）()·A-Za-z]{4,40}")


def capital_amount(text: str) -> Decimal | None:
    """The amount a 大写 line spells (壹佰壹拾贰圆贰角整 → 112.20), or None when no clean capital amount is read."""
    found = CAPITAL_AMOUNT.search(text)
    if not found:
        return None
    spelled = found.group(0)
    yuan_part, rest = re.split(r"[圆元]", spelled, maxsplit=1)
    total, group, digit = 0, 0, None
    for char in yuan_part:
        if char in CAPITAL_DIGITS:
            digit = CAPITAL_DIGITS[char]
        elif char in CAPITAL_UNITS:
            group += (1 if digit is None else digit) * CAPITAL_UNITS[char]
            digit = None
        else:  # 万 / 亿
            total = (total + group + (digit or 0)) * CAPITAL_GROUPS[char]
            group, digit = 0, None
    yuan = total + group + (digit or 0)
    jiao = re.search(r"([壹贰叁肆伍陆柒捌玖])角", rest)
    fen = re.search(r"([壹贰叁肆伍陆柒捌玖])分", rest)
    cents = (CAPITAL_DIGITS[jiao.group(1)] * 10 if jiao else 0) + (CAPITAL_DIGITS[fen.group(1)] if fen else 0)
    return Decimal(yuan) + Decimal(cents) / 100


def _amount(value: str) -> Decimal | None:
    try:
        return Decimal(value.replace(",", ""))
    except InvalidOperation:
        return None


def sum_rows(text: str) -> list[tuple[Decimal, Decimal]]:
    """金额 and 税额 of every line that could be the 合计 row (exactly two ¥ amounts, the first the larger), the
    one nearest above the 价税合计 line first."""
    lines = text.split("\n")
    stop = next((n for n, line in enumerate(lines) if "价税合计" in line), len(lines))
    order = [*range(stop - 1, -1, -1), *range(stop, len(lines))]
    rows = []
    for n in order:
        found = [_amount(v) for v in _ROW_AMOUNT.findall(lines[n])]
        if len(found) == 2 and None not in found and abs(found[0]) > abs(found[1]):
            rows.append((found[0], found[1]))
    return rows


def worked_out_total(text: str, amounts: list[Decimal]) -> tuple[Decimal, float] | None:
    """The 价税合计 as 金额 + 税额 of the 合计 row, with how sure it is: sure when the capitals or another ¥ amount on
    the page say the same, unsure (to be checked) when nothing else does."""
    rows = sum_rows(text)
    capitals = capital_amount(text)
    for net, tax in rows:
        if capitals == abs(net + tax) or net + tax in amounts:
            return net + tax, 0.9
    return (rows[0][0] + rows[0][1], 0.55) if rows else None


def travel_date(text: str) -> str | None:
    """A toll invoice's first 通行日期起 (YYYYMMDD in the item line under its header), as YYYY-MM-DD."""
    header = TRAVEL_DATE_HEADER.search(text)
    if not header:
        return None
    found = TRAVEL_DATE.search(text, header.end())
    return f"{found.group(1)}-{found.group(2)}-{found.group(3)}" if found else None


def name_like(text: str) -> str | None:
    """`text` when it reads as a party's name (no field label, no colon, mostly CJK), else None."""
    text = text.strip()
    if not text or INVOICE_FIELD_WORDS.search(text) or re.search(r"[:：\d*/<>+]", text):
        return None
    return text if _NAME_LIKE.fullmatch(text) else None


def tail_like(text: str) -> bool:
    """Whether `text` can be the wrapped end of a name (公司, 服务有限公司): CJK and brackets only, no field label."""
    text = text.strip()
    return bool(re.fullmatch(r"[\u4e00-\u9fff（）()]{1,30}", text)) and not INVOICE_FIELD_WORDS.search(text)


def name_after_total(text: str) -> str | None:
    """On an older invoice whose text holds the form first and the values after it, the seller's name is the first
    name on a line after the 价税合计 figure (the seller's block follows the total; the buyer's precedes the items)."""
    lines = text.split("\n")
    figure = max(
        (n for n, line in enumerate(lines) if _YUAN_AMOUNT.search(line) and CAPITAL_AMOUNT.search(line)), default=None
    )
    if figure is None:
        return None
    for line in lines[figure + 1 : figure + 4]:
        first = line.split()[0] if line.split() else ""
        if name_like(first):
            return first
    return None


def on_behalf_of(text: str) -> str | None:
    """A 代开 invoice's real seller, as its 备注 names it (代开企业名称：…), or None."""
    found = ON_BEHALF_OF.search(text)
    name = found.group("name") if found else ""
    return name if len(name) >= 4 else None


def issued_by_tax_office(text: str) -> bool:
    """Whether a tax office issued the invoice for the seller (代开): then the printed 销售方 is the office."""
    return bool(ISSUED_BY_TAX_OFFICE.search(text))


def issuer_names(text: str) -> list[str]:
    """Whom the invoice names as its 开票人 and 收款人 (people, a system, or a platform's shop)."""
    return [found.group("name") for found in ISSUER.finditer(text)]


def is_order_number(number: str, has_code: bool) -> bool:
    """Whether an invoice's 发票号码 can stand as an order number: a 数电票's 20 digits name one invoice nationwide;
    an older invoice's 8 digits repeat under every 发票代码, so they name no order (the code and number together
    are kept as the invoice's own key, which is what finds the same invoice twice)."""
    return len(number) >= 12 and not (has_code and len(number) == 8)
