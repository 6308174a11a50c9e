"""The statistics document on a small known ledger: every number exact, on SQLite and on MariaDB alike."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from records.errors import BadRequest
from records.reports import stats
from records.schema import records

OWNER = "alice"
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))
TODAY = date(2026, 11, 10)

LEDGER = [
    # (when, direction, amount, category, merchant, platform)
    ("2026-10-31 23:59:59", "expense", "77.00", "餐饮", "夜宵", "美团"),
    ("2026-11-02 08:30:00", "expense", "30.00", "餐饮", "瑞幸咖啡", "微信支付"),
    ("2026-11-02 12:00:00", "expense", "50.00", "餐饮", "食堂", "支付宝"),
    ("2026-11-03 19:15:00", "expense", "200.00", "购物", "京东", "京东"),
    ("2026-11-04 09:00:00", "refund", "20.00", "购物", "京东", "京东"),
    ("2026-11-05 18:00:00", "income", "1000.00", "收入", "公司", None),
    ("2026-11-06 10:00:00", "transfer", "500.00", None, "余额宝", "支付宝"),
    ("2026-11-09 08:30:00", "expense", "10.00", "交通", "地铁", "云闪付"),
    ("2026-12-01 00:00:00", "expense", "5.00", "交通", "地铁", "云闪付"),
]


def insert(engine, rows, owner: str = OWNER, **extra) -> None:
    now = datetime(2026, 11, 10)
    with engine.begin() as conn:
        for when, direction, amount, category, merchant, platform in rows:
            conn.execute(
                records.insert().values(
                    owner=owner,
                    direction=direction,
                    amount=Decimal(amount),
                    currency="CNY",
                    occurred_at=datetime.fromisoformat(when),
                    tz="Asia/Shanghai",
                    category=category,
                    merchant=merchant,
                    platform=platform,
                    source="manual",
                    created_at=now,
                    updated_at=now,
                    version=1,
                    **extra,
                )
            )


@pytest.fixture
def ledger(engine):
    insert(engine, LEDGER)
    # Neither a deleted record nor another owner's counts.
    insert(engine, [("2026-11-03 10:00:00", "expense", "999.00", "购物", "京东", "京东")], deleted_at=datetime.now())
    insert(engine, [("2026-11-03 10:00:00", "expense", "888.00", "购物", "京东", "京东")], owner="bob")
    return engine


def test_totals_net_refunds_and_leave_transfers_out(ledger):
    result = stats.stats(ledger, OWNER, *NOVEMBER, today=TODAY)
    assert result["totals"] == {
        "expense": "270.00",
        "gross_expense": "290.00",
        "refund": "20.00",
        "income": "1000.00",
        "transfer": "500.00",
        "balance": "730.00",
        "count": 7,
        "daily_average": "9.00",
        "days": 30,
    }


def test_daily_trend_has_every_day_and_nets_refunds(ledger):
    days = stats.stats(ledger, OWNER, *NOVEMBER, today=TODAY)["trend"]["day"]
    assert len(days) == 30 and days[0]["period"] == "2026-11-01" and days[-1]["period"] == "2026-11-30"
    busy = {d["period"]: (d["expense"], d["income"]) for d in days if d != {**d, "expense": "0.00", "income": "0.00"}}
    assert busy == {
        "2026-11-02": ("80.00", "0.00"),
        "2026-11-03": ("200.00", "0.00"),
        "2026-11-04": ("-20.00", "0.00"),
        "2026-11-05": ("0.00", "1000.00"),
        "2026-11-09": ("10.00", "0.00"),
    }


def test_weekly_trend_starts_on_monday_and_monthly_sums(ledger):
    trend = stats.stats(ledger, OWNER, *NOVEMBER, today=TODAY)["trend"]
    assert trend["week"] == [
        {"period": "2026-10-26", "expense": "0.00", "income": "0.00"},
        {"period": "2026-11-02", "expense": "260.00", "income": "1000.00"},
        {"period": "2026-11-09", "expense": "10.00", "income": "0.00"},
        {"period": "2026-11-16", "expense": "0.00", "income": "0.00"},
        {"period": "2026-11-23", "expense": "0.00", "income": "0.00"},
        {"period": "2026-11-30", "expense": "0.00", "income": "0.00"},
    ]
    whole_year = stats.stats(ledger, OWNER, date(2026, 10, 1), date(2026, 12, 31), today=TODAY)["trend"]["month"]
    assert whole_year == [
        {"period": "2026-10", "expense": "77.00", "income": "0.00"},
        {"period": "2026-11", "expense": "270.00", "income": "1000.00"},
        {"period": "2026-12", "expense": "5.00", "income": "0.00"},
    ]


def test_shares_by_category_platform_and_merchant(ledger):
    result = stats.stats(ledger, OWNER, *NOVEMBER, today=TODAY)
    assert result["by_category"] == [
        {"name": "购物", "amount": "180.00", "count": 2, "share": 0.6667},
        {"name": "餐饮", "amount": "80.00", "count": 2, "share": 0.2963},
        {"name": "交通", "amount": "10.00", "count": 1, "share": 0.037},
    ]
    assert [(p["name"], p["amount"]) for p in result["by_platform"]] == [
        ("京东", "180.00"),
        ("支付宝", "50.00"),
        ("微信支付", "30.00"),
        ("云闪付", "10.00"),
    ]
    assert [(m["name"], m["amount"], m["count"]) for m in result["top_merchants"]] == [
        ("京东", "180.00", 2),
        ("食堂", "50.00", 1),
        ("瑞幸咖啡", "30.00", 1),
        ("地铁", "10.00", 1),
    ]


def test_heatmap_is_weekday_by_hour_of_spending(ledger):
    assert stats.stats(ledger, OWNER, *NOVEMBER, today=TODAY)["heatmap"] == [
        {"weekday": 0, "hour": 8, "amount": "40.00", "count": 2},
        {"weekday": 0, "hour": 12, "amount": "50.00", "count": 1},
        {"weekday": 1, "hour": 19, "amount": "200.00", "count": 1},
    ]


def test_forecast_projects_this_month_at_the_current_pace(ledger):
    assert stats.stats(ledger, OWNER, *NOVEMBER, today=TODAY)["forecast"] == {
        "month": "2026-11",
        "spent": "270.00",
        "days_elapsed": 10,
        "days_in_month": 30,
        "daily_pace": "27.00",
        "projected": "810.00",
        "last_month": "77.00",
        "left_out": {"count": 0, "amount": "0.00"},
    }


def test_forecast_leaves_out_an_unusual_payment_and_says_so(engine):
    # A coffee a day in October; on 2 November one ¥899 payment there stands out.
    usual = [(f"2026-10-{d:02d} 08:00:00", "expense", "18.00", "餐饮", "瑞幸咖啡", "微信支付") for d in range(1, 21)]
    insert(
        engine,
        usual
        + [
            ("2026-11-01 08:00:00", "expense", "18.00", "餐饮", "瑞幸咖啡", "微信支付"),
            ("2026-11-02 08:00:00", "expense", "899.00", "餐饮", "瑞幸咖啡", "微信支付"),
            ("2026-11-02 09:00:00", "expense", "18.00", "餐饮", "瑞幸咖啡", "微信支付"),
        ],
    )
    result = stats.stats(engine, OWNER, *NOVEMBER, today=date(2026, 11, 2))
    assert [a["amount"] for a in result["anomalies"]] == ["899.00"]
    # Spent so far counts the ¥899 once; the pace is the usual ¥18 a day, not (899 + 36) / 2.
    assert result["forecast"] == {
        "month": "2026-11",
        "spent": "935.00",
        "days_elapsed": 2,
        "days_in_month": 30,
        "daily_pace": "18.00",
        "projected": "1439.00",
        "last_month": "360.00",
        "left_out": {"count": 1, "amount": "899.00"},
    }


def test_an_unusual_payment_in_a_category_is_explained_with_its_english_name(engine):
    rows = [(f"2026-10-{d:02d} 12:00:00", "expense", "25.00", "餐饮", f"面馆{d}", "支付宝") for d in range(1, 13)]
    insert(engine, rows + [("2026-11-03 20:00:00", "expense", "400.00", "餐饮", "Sushi Bar", "支付宝")])
    (anomaly,) = stats.stats(engine, OWNER, *NOVEMBER, today=TODAY)["anomalies"]
    assert "your usual Food & drink payment" in anomaly["message"]["en"]
    assert "餐饮" not in anomaly["message"]["en"]


def test_an_unusually_large_payment_is_explained(engine):
    usual = [(f"2026-10-{d:02d} 08:00:00", "expense", "18.00", "餐饮", "瑞幸咖啡", "微信支付") for d in range(1, 8)]
    usual += [("2026-10-09 08:00:00", "expense", "21.00", "餐饮", "瑞幸咖啡", "微信支付")]
    # A taxi that costs a little more than usual is not an anomaly.
    taxis = [(f"2026-10-{d:02d} 09:00:00", "expense", "30.00", "交通", "滴滴出行", "支付宝") for d in range(1, 8)]
    insert(
        engine,
        usual
        + taxis
        + [
            ("2026-11-05 15:00:00", "expense", "360.00", "餐饮", "瑞幸咖啡", "微信支付"),
            ("2026-11-05 16:00:00", "expense", "45.00", "交通", "滴滴出行", "支付宝"),
        ],
    )
    found = stats.stats(engine, OWNER, *NOVEMBER, today=TODAY)["anomalies"]
    assert len(found) == 1
    anomaly = found[0]
    assert (anomaly["merchant"], anomaly["amount"], anomaly["usual"], anomaly["basis"]) == (
        "瑞幸咖啡",
        "360.00",
        "18.00",
        "merchant",
    )
    assert anomaly["ratio"] == 20.0 and anomaly["payments"] == 9
    assert anomaly["message"]["zh"] == (
        "2026-11-05 在「瑞幸咖啡」支付 ¥360.00，是你在这家平时单笔（中位数 ¥18.00，近一年 9 笔）的 20.0 倍。"
    )
    assert anomaly["message"]["en"] == (
        "On 2026-11-05 you paid ¥360.00 at 瑞幸咖啡, 20.0× your usual there "
        "(median ¥18.00 over 9 payments in the past year)."
    )


def test_a_rare_merchant_is_compared_with_its_category(engine):
    rows = [(f"2026-10-{d:02d} 12:00:00", "expense", "25.00", "餐饮", f"面馆{d}", "支付宝") for d in range(1, 13)]
    insert(engine, rows + [("2026-11-03 20:00:00", "expense", "400.00", "餐饮", "日料店", "支付宝")])
    (anomaly,) = stats.stats(engine, OWNER, *NOVEMBER, today=TODAY)["anomalies"]
    assert (anomaly["basis"], anomaly["usual"], anomaly["merchant"]) == ("category", "25.00", "日料店")
    assert "「餐饮」类" in anomaly["message"]["zh"]


def test_empty_ledger_gives_zeros_not_errors(engine):
    result = stats.stats(engine, OWNER, *NOVEMBER, today=TODAY)
    assert result["totals"]["expense"] == "0.00" and result["by_category"] == [] and result["anomalies"] == []
    assert result["forecast"]["projected"] == "0.00"


@pytest.mark.parametrize(
    "params", [{"from": "2026-13-01"}, {"from": "2026-11-05", "to": "2026-11-01"}, {"from": "1990-01-01"}]
)
def test_bad_ranges_are_refused(params):
    with pytest.raises(BadRequest) as caught:
        stats.parse_range(params, TODAY)
    assert caught.value.code == "bad_period"


def test_default_range_is_this_month_so_far():
    assert stats.parse_range({}, TODAY) == (date(2026, 11, 1), TODAY)


def test_weekdays_and_hours_bucket_the_same_on_both_databases(engine):
    # Midnight and one second before it, every day of a week from Monday 2026-11-02: the edges of every bucket.
    rows = []
    for offset in range(7):
        day = date(2026, 11, 2) + timedelta(days=offset)
        rows.append((f"{day} 00:00:00", "expense", "1.00", "餐饮", "A", "支付宝"))
        rows.append((f"{day} 23:59:59", "expense", "2.00", "餐饮", "A", "支付宝"))
    insert(engine, rows)
    heat = stats.stats(engine, OWNER, date(2026, 11, 2), date(2026, 11, 8), today=TODAY)["heatmap"]
    assert [(c["weekday"], c["hour"], c["amount"]) for c in heat] == [
        (weekday, hour, amount) for weekday in range(7) for hour, amount in ((0, "1.00"), (23, "2.00"))
    ]
    weeks = stats.stats(engine, OWNER, date(2026, 11, 1), date(2026, 11, 9), today=TODAY)["trend"]["week"]
    assert [(w["period"], w["expense"]) for w in weeks] == [
        ("2026-10-26", "0.00"),
        ("2026-11-02", "21.00"),
        ("2026-11-09", "0.00"),
    ]


def test_a_year_view_is_its_own_baseline(ledger):
    year = stats.stats(ledger, OWNER, date(2026, 1, 1), date(2026, 12, 31), today=TODAY)
    assert [(c["name"], c["amount"], c["count"]) for c in year["by_category"]] == [
        ("购物", "180.00", 2),
        ("餐饮", "157.00", 3),
        ("交通", "15.00", 2),
    ]
    assert year["totals"]["expense"] == "352.00" and len(year["trend"]["month"]) == 12
    usual = [(f"2026-10-{d:02d} 08:00:00", "expense", "18.00", "餐饮", "瑞幸咖啡", "微信支付") for d in range(1, 9)]
    insert(ledger, [*usual, ("2026-11-05 15:00:00", "expense", "360.00", "餐饮", "瑞幸咖啡", "微信支付")])
    found = stats.stats(ledger, OWNER, date(2026, 1, 1), date(2026, 12, 31), today=TODAY)["anomalies"]
    assert [(a["merchant"], a["amount"], a["usual"]) for a in found] == [("瑞幸咖啡", "360.00", "18.00")]
