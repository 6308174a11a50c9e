"""Normalization shared by both engines: amounts, dates, platforms, categories."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from recognize import normalize
from recognize.categories import guess_category

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 1, 5, 10, 0, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("text", "value", "sign"),
    [
        ("-128.50", "128.50", "-"),
        ("+88.00", "88.00", "+"),
        ("¥36.00", "36.00", None),
        ("￥88", "88.00", None),
        ("12元", "12.00", None),
        ("-¥1,234.50", "1234.50", "-"),
        ("¥-12.00", "12.00", "-"),
        ("1,234,567.8", "1234567.80", None),
        ("－３６．００", "36.00", "-"),
        ("１２８.５０元", "128.50", None),
        ("−5.5", "5.50", "-"),
        ("支出 -25.00", "25.00", "-"),
        ("¥ 99,999,999.99", "99999999.99", None),
    ],
)
def test_parse_amount(text, value, sign):
    assert normalize.read_amount(text) == (Decimal(value), sign)


@pytest.mark.parametrize("text", ["", None, "支付成功", "¥0.00", "¥100,000,000.00", "abc"])
def test_parse_amount_refuses_nothing_zero_and_absurd(text):
    assert normalize.read_amount(text) == (None, None)


def test_format_amount_has_two_decimals():
    assert normalize.format_amount(Decimal("7")) == "7.00"
    assert normalize.format_amount(Decimal("1234.5")) == "1234.50"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026年11月3日 12:34:56", "2026-11-03T12:34:56"),
        ("2026年11月3日12:34:56", "2026-11-03T12:34:56"),
        ("2026-11-03 12:34:56", "2026-11-03T12:34:56"),
        ("2026/11/3 9:05", "2026-11-03T09:05:00"),
        ("2026.11.03 12:34", "2026-11-03T12:34:00"),
        ("20261103123456", "2026-11-03T12:34:56"),
        ("2026-11-0312:34:56", "2026-11-03T12:34:56"),
        ("２０２６年１１月３日", "2026-11-03T00:00:00"),
        ("2026年11月3日12时34分", "2026-11-03T12:34:00"),
        ("2026年1月2日 下午3:05", "2026-01-02T15:05:00"),
        # A weekday between the date and its time, or ISO's T, keeps the time.
        ("2025年12月3日 周三 12:34", "2025-12-03T12:34:00"),
        ("2025-12-03（星期三）08:05", "2025-12-03T08:05:00"),
        ("2025-12-03T12:34:56", "2025-12-03T12:34:56"),
        ("12月3日周三 下午3:05", "2025-12-03T15:05:00"),
        # No year: the most recent date that is not in the future (now is 2026-01-05 10:00).
        ("11月3日 12:34", "2025-11-03T12:34:00"),
        ("01-04 23:00", "2026-01-04T23:00:00"),
        ("01-05 23:00", "2026-01-05T23:00:00"),
        ("01-06 09:00", "2025-01-06T09:00:00"),
        ("2月29日", "2024-02-29T00:00:00"),
        ("今天 12:34", "2026-01-05T12:34:00"),
        ("昨天 18:02", "2026-01-04T18:02:00"),
    ],
)
def test_parse_datetime(text, expected):
    value = normalize.parse_datetime(text, now=NOW)
    assert value == datetime.fromisoformat(expected).replace(tzinfo=SHANGHAI)
    assert value.utcoffset() is not None


@pytest.mark.parametrize("text", ["", "12:34", "2026年2月30日", "2026年13月1日", "202611031234567890", "支付成功"])
def test_parse_datetime_refuses_impossible_or_missing_dates(text):
    assert normalize.parse_datetime(text, now=NOW) is None


def test_parse_datetime_uses_the_ledger_zone():
    value = normalize.parse_datetime("2026-11-03 12:34:56", now=NOW, tz="Europe/Berlin")
    assert value.isoformat() == "2026-11-03T12:34:56+01:00"


@pytest.mark.parametrize(
    ("text", "platform"),
    [
        ("微信", "微信支付"),
        ("Alipay", "支付宝"),
        ("京东支付", "京东"),
        ("云闪付", "云闪付"),
        ("滴滴出行", "滴滴出行"),
        ("中国工商银行", "工商银行"),
        ("ICBC", "工商银行"),
        ("", None),
    ],
)
def test_canonical_platform(text, platform):
    assert normalize.canonical_platform(text) == platform


def test_guess_category_from_merchant_and_goods():
    assert guess_category("星巴克", "拿铁咖啡") == "餐饮"
    assert guess_category("滴滴出行", "快车") == "交通"
    assert guess_category("某某公司", "") == "其他"
    assert guess_category("张三", direction="income") == "收入"


def test_owner_keywords_win_over_the_table():
    assert guess_category("星巴克", extra={"星巴克": "工作餐"}) == "工作餐"


def test_clean_text_folds_full_width_and_spaces():
    assert normalize.tidy_read("  ￥１２８．５０\u200b\n元 ") == "¥128.50 元"
