"""What the bank statements share: dates without a time of day, and the wallet a card payment went through.

A bank row knows the day, not the minute: it is placed at noon of that day, and records.duplicates finds the
Alipay or WeChat Pay row of the same payment within a day of it. A row naming 支付宝 or 财付通 (WeChat Pay's
company: "支付宝-饿了么", "财付通-美团", 对方户名 "深圳市财付通支付科技有限公司") is that wallet's payment: its platform
is the wallet, its merchant what follows the dash.
"""

from __future__ import annotations

import re

NOON = "12:00:00"
FULL_DATE = re.compile(r"^(20\d{2})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$")
MONTH_DAY = re.compile(r"^(\d{1,2})[-/.月](\d{1,2})日?$")
# Names a wallet goes by in a bank's description → the platform our records use.
WALLETS = (("支付宝", "支付宝"), ("财付通", "微信支付"), ("微信支付", "微信支付"), ("微信", "微信支付"))


def day_text(text: str, statement: tuple[int, int] | None = None) -> str | None:
    """A bank's date as "YYYY-MM-DD 12:00:00": a full date, or "MM/DD" in a statement of (year, month), where a
    month after the statement's is last year's (December's rows in January's statement). None when unreadable.
    """
    text = (text or "").strip()
    full = FULL_DATE.match(text)
    if full:
        year, month, day = (int(part) for part in full.groups())
    else:
        short = MONTH_DAY.match(text)
        if short is None or statement is None:
            return None
        month, day = int(short.group(1)), int(short.group(2))
        year = statement[0] - 1 if month > statement[1] else statement[0]
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d} {NOON}"


def wallet_of(*texts: str | None) -> str | None:
    """The wallet ('支付宝' / '微信支付') the first of `texts` naming one names, else None."""
    for text in texts:
        for name, platform in WALLETS:
            if text and name in text:
                return platform
    return None


def after_wallet(text: str) -> str:
    """ "支付宝-饿了么" → "饿了么"; text not starting with a wallet's name stays as it is."""
    text = (text or "").strip()
    for name, _platform in WALLETS:
        if text.startswith(name) and "-" in text:
            return text.split("-", 1)[1].strip() or text
    return text
