"""Normalization shared by every engine: text read off a screen, amounts, dates, platforms."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

JOINT_STOCK_BANKS = (
    "浦发银行", "中信银行", "光大银行", "华夏银行", "民生银行", "广发银行", "兴业银行", "平安银行", "浙商银行",
    "恒丰银行", "渤海银行",
)  # fmt: skip
PLATFORMS = {
    "微信支付": ("微信", "wechat", "weixin", "财付通", "零钱通"),
    "支付宝": ("支付宝", "alipay", "花呗", "余额宝"),
    "云闪付": ("云闪付", "unionpay", "银联"),
    "美团": ("美团", "meituan"),
    "京东": ("京东", "jd.com", "jd", "京东支付"),
    "滴滴出行": ("滴滴", "didi", "小桔科技"),  # 北京小桔科技有限公司 is the company behind 滴滴出行
    "拼多多": ("拼多多", "pinduoduo"),
    "饿了么": ("饿了么", "eleme"),
    "淘宝": ("淘宝", "taobao", "天猫"),
    "抖音支付": ("抖音", "douyin"),
    # Bank apps last: their names also appear inside payment methods ('招商银行信用卡') shown by the apps above.
    "工商银行": ("工商银行", "icbc", "工银"),
    "招商银行": ("招商银行", "cmb", "招行"),
    "建设银行": ("建设银行", "ccb", "建行"),
    "中国银行": ("中国银行", "中行"),
    "农业银行": ("农业银行", "农行"),
    "交通银行": ("交通银行", "交行"),
    "邮储银行": ("邮储银行", "邮政储蓄"),
    # The national joint-stock banks, by their full names only (short forms such as 平安 name other firms too).
    **{name: (name,) for name in JOINT_STOCK_BANKS},
}
# The bank apps among PLATFORMS: a platform only when the bank's own app drew the page.
BANK_PLATFORMS = (
    "工商银行",
    "招商银行",
    "建设银行",
    "中国银行",
    "农业银行",
    "交通银行",
    "邮储银行",
    *JOINT_STOCK_BANKS,
)


_AMOUNT = re.compile(r"([+\-−－]?)\s*[¥￥]?\s*([+\-−－]?)\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*元?")


MAX_AMOUNT = Decimal("100000000")


def tidy_read(text: str | None) -> str:
    """NFKC-normalize, drop control characters and collapse whitespace."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    # Line breaks separate words: keep them as spaces; other control and format characters go.
    text = "".join(ch if not ch.isspace() else " " for ch in text if ch.isspace() or unicodedata.category(ch)[0] != "C")
    return re.sub(r"\s+", " ", text).strip()


def read_amount(text: str | None) -> tuple[Decimal | None, str | None]:
    """Parse '-¥1,234.50', '+88.00', '12元' into (Decimal magnitude, sign) where sign is '-', '+' or None."""
    text = tidy_read(text).replace("−", "-").replace("－", "-")
    match = _AMOUNT.search(text)
    if not match:
        return None, None
    sign = match.group(1) or match.group(2) or None
    whole = match.group(3).replace(",", "")
    cents = (match.group(4) or "").ljust(2, "0")
    try:
        value = Decimal(f"{whole}.{cents or '00'}")
    except InvalidOperation:
        return None, None
    if value <= 0 or value >= MAX_AMOUNT:
        return None, None
    return value.quantize(Decimal("0.01")), sign


def is_zero_amount(text: str | None) -> bool:
    """True for a printed amount of nothing ('¥0.00', '0元'): what a fully discounted payment shows as paid.
    `read_amount` gives None for it (a record holds amounts above 0), so callers can say why it is blank."""
    match = _AMOUNT.fullmatch(tidy_read(text).replace("−", "-").replace("－", "-").replace(" ", ""))
    return bool(match) and not match.group(3).strip("0,") and not (match.group(4) or "").strip("0")


def format_amount(value: Decimal) -> str:
    """The API's amount form: a string with two decimals."""
    return f"{value.quantize(Decimal('0.01'))}"


_TIME = r"(?:(?:上午|下午|晚上|凌晨|中午)\s*)?(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{2})(?:\s*[:：分]\s*(?P<S>\d{2}))?"


# What may sit between a date and its time: a weekday (11月3日 周一 12:34, 2025-11-03（星期一）12:34) or ISO's T.
_BETWEEN = r"(?:\s*[(（]?(?:周|星期|礼拜)[一二三四五六日天][)）]?|T)?"

_DATE_PATTERNS = (
    re.compile(
        r"(?<!\d)(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
        rf"{_BETWEEN}\s*(?:{_TIME})?"
    ),
    # Glued forms from bill exports and receipts: 20261103123456, 20261103 12:34:56.
    re.compile(r"(?<!\d)(?P<y>20\d{2})(?P<m>\d{2})(?P<d>\d{2})\s*(?P<H>\d{2}):?(?P<M>\d{2}):?(?P<S>\d{2})?(?!\d)"),
    re.compile(r"(?<!\d)(?P<m>\d{1,2})\s*[-/月]\s*(?P<d>\d{1,2})\s*日?" rf"{_BETWEEN}\s*(?:{_TIME})?"),
    re.compile(rf"(?P<rel>今天|昨天|前天)\s*(?:{_TIME})?"),
)


_RELATIVE_DAYS = {"今天": 0, "昨天": 1, "前天": 2}


_PM = re.compile(r"下午|晚上")


def _hour(text: str, hour: int) -> int:
    """Turn a 12-hour clock ('下午3:05') into 24-hour time."""
    return hour + 12 if hour < 12 and _PM.search(text) else hour


def _date_parts(parts: dict, now: datetime) -> tuple[int, int, int] | None:
    """(year, month, day) from a match; a missing year is the most recent year where the date is not in the future."""
    if parts.get("rel"):
        day = (now - timedelta(days=_RELATIVE_DAYS[parts["rel"]])).date()
        return day.year, day.month, day.day
    month, day = int(parts["m"]), int(parts["d"])
    if parts.get("y"):
        return int(parts["y"]), month, day
    # Look back a few years so 2月29日 finds the last leap year.
    for year in range(now.year, now.year - 8, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= now.date():
            return year, month, day
    return None


def parse_datetime(text: str | None, *, now: datetime | None = None, tz: str = "Asia/Shanghai") -> datetime | None:
    """Parse the date forms payment apps use into an aware datetime in the owner's zone.

    A date without a year becomes the most recent past date with that month and day; 今天/昨天/前天 count back
    from `now`. Impossible dates (2月30日, 25:00) give None.
    """
    text = tidy_read(text)
    if not text:
        return None
    zone = ZoneInfo(tz)
    now = (now or datetime.now(zone)).astimezone(zone)
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        parts = match.groupdict()
        try:
            ymd = _date_parts(parts, now)
            if ymd is None:
                continue
            return datetime(
                *ymd,
                _hour(match.group(0), int(parts.get("H") or 0)),
                int(parts.get("M") or 0),
                int(parts.get("S") or 0),
                tzinfo=zone,
            )
        except ValueError:
            continue
    return None


def canonical_platform(text: str | None) -> str | None:
    """Map what a screenshot says ('微信', 'Alipay', '京东支付') to the canonical platform name."""
    text = tidy_read(text).lower()
    if not text:
        return None
    for name, aliases in PLATFORMS.items():
        if any(alias.lower() in text for alias in aliases):
            return name
    return None
