"""Names as apps print them: '老周向你转账', '转账-转给小雨', '瑞幸咖啡-退款', '王芳(321******60)' name 老周, 小雨,
瑞幸咖啡 and 王芳, and say which way the money went; lines that only sit where a name sits are not names.
"""

from __future__ import annotations

from recognize.ocr.vocabulary import COMPANY_FORM, COMPANY_REGION, COMPANY_TRADES, GENERIC_NAMES, NAME_DECORATIONS


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


def short_name(legal: str | None) -> str | None:
    """The trade name people know a company by (上海瑞幸咖啡餐饮管理有限公司 → 瑞幸咖啡, 北京星巴克商贸有限公司 →
    星巴克); None when the text is not a company's legal name or nothing of at least two characters is left."""
    if not legal or not COMPANY_FORM.search(legal.replace(" ", "")):
        return None
    name = COMPANY_FORM.sub("", legal.replace(" ", ""))
    name = COMPANY_REGION.sub("", name)
    while (trimmed := COMPANY_TRADES.sub("", name)) != name and len(trimmed) >= 2:
        name = trimmed
    return name if len(name) >= 2 and not COMPANY_TRADES.fullmatch(name) else None
