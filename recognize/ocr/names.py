"""Names as apps print them: '老周向你转账', '转账-转给小雨', '瑞幸咖啡-退款', '王芳(321******60)' name 老周, 小雨,
瑞幸咖啡 and 王芳, and say which way the money went; lines that only sit where a name sits are not names.
"""

from __future__ import annotations

from recognize.ocr.vocabulary import GENERIC_NAMES, NAME_DECORATIONS


def undecorate(text: str | None) -> tuple[str | None, str | None]:
    """(the name inside the decoration, the direction it implies: income, transfer, expense, refund, "by_sign"
    (money to or from a person: the amount's sign decides) or None)."""
    if not text:
        return text, None
    compact = text.strip()
    for pattern, direction in NAME_DECORATIONS:
        match = pattern.match(compact)
        if match and match["name"].strip():
            return match["name"].strip(), direction
    return compact, None


def is_generic(text: str | None) -> bool:
    """True for lines such as 扣费金额, 还款成功, 网上支付, '满减 -¥6.00', '多多果园抵扣' that name nothing."""
    return bool(text) and bool(GENERIC_NAMES.search(text.replace(" ", "")))
