"""Monthly budgets, overall and per category: what is left and how many days it lasts at the current pace."""

from __future__ import annotations

from datetime import date

import pytest

from records.errors import BadRequest, Invalid
from records.reports import budgets
from tests.records.reports.test_stats import LEDGER, OWNER, insert

TODAY = date(2026, 11, 10)


@pytest.fixture
def ledger(engine):
    insert(engine, LEDGER)
    return engine


def by_category(result: dict) -> dict:
    return {item["category"]: item for item in result["budgets"]}


def test_recurring_budgets_show_what_is_left_and_how_long_it_lasts(ledger):
    body = {"budgets": [{"category": None, "amount": "1000"}, {"category": "餐饮", "amount": "60.00"}]}
    result = budgets.put(ledger, OWNER, body, TODAY)
    assert result["month"] == "2026-11" and result["days_elapsed"] == 10
    overall, food = by_category(result)[None], by_category(result)["餐饮"]
    # 270.00 spent in 10 days (refund netted): 27.00 a day; 730.00 left lasts 27 days, past the month's end.
    assert overall == {
        "category": None,
        "amount": "1000.00",
        "recurring": True,
        "spent": "270.00",
        "left": "730.00",
        "used_share": 0.27,
        "daily_pace": "27.00",
        "days_remaining": 20,
        "lasts_days": 27,
        "runs_out_on": None,
        "over": False,
        "warning": None,
    }
    assert (food["spent"], food["left"], food["over"], food["lasts_days"], food["runs_out_on"]) == (
        "80.00",
        "-20.00",
        True,
        0,
        "2026-11-10",
    )


def test_a_months_own_budget_overrides_the_recurring_one(ledger):
    budgets.put(ledger, OWNER, {"budgets": [{"category": "", "amount": "1000.00"}]}, TODAY)
    result = budgets.put(ledger, OWNER, {"month": "2026-11", "budgets": [{"amount": "300.00"}]}, TODAY)
    overall = by_category(result)[None]
    assert (overall["amount"], overall["recurring"], overall["left"], overall["lasts_days"]) == (
        "300.00",
        False,
        "30.00",
        1,
    )
    assert overall["runs_out_on"] == "2026-11-11"
    # December has no budget of its own: the recurring one applies, with nothing spent yet.
    december = budgets.get(ledger, OWNER, TODAY, "2026-12")
    assert by_category(december)[None]["amount"] == "1000.00"
    assert by_category(december)[None]["spent"] == "5.00"


def test_put_replaces_the_scope_and_an_empty_amount_removes(ledger):
    budgets.put(ledger, OWNER, {"budgets": [{"amount": "1000"}, {"category": "交通", "amount": "100"}]}, TODAY)
    result = budgets.put(ledger, OWNER, {"budgets": [{"category": "交通", "amount": None}]}, TODAY)
    assert result["budgets"] == []
    assert budgets.get(ledger, "bob", TODAY)["budgets"] == []


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({"budgets": [{"amount": "-5"}]}, Invalid),
        ({"budgets": [{"amount": "12.345"}]}, Invalid),
        ({"budgets": [{"category": "x" * 40, "amount": "5"}]}, Invalid),
        ({"budgets": [{"category": 3, "amount": "5"}]}, Invalid),
        ({"month": "2026-13", "budgets": []}, BadRequest),
        ({"budgets": "all"}, BadRequest),
        ([], BadRequest),
    ],
)
def test_bad_budgets_change_nothing(ledger, body, error):
    budgets.put(ledger, OWNER, {"budgets": [{"amount": "1000"}]}, TODAY)
    with pytest.raises(error):
        budgets.put(ledger, OWNER, body, TODAY)
    assert by_category(budgets.get(ledger, OWNER, TODAY))[None]["amount"] == "1000.00"


@pytest.mark.parametrize(
    ("limit", "expected"),
    [("400.00", None), ("337.50", "near"), ("270.00", "near"), ("269.99", "over")],
)
def test_a_budget_warns_from_eighty_percent_and_when_it_is_passed(ledger, limit, expected):
    # 270.00 spent so far this month: 80% of 337.50 is exactly 270.00; all of 270.00 is used but not passed.
    result = budgets.put(ledger, OWNER, {"budgets": [{"category": None, "amount": limit}]}, TODAY)
    assert by_category(result)[None]["warning"] == expected


def test_an_unusual_payment_counts_as_spent_but_not_in_how_long_a_budget_lasts(engine):
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
    body = {"budgets": [{"amount": "3000"}, {"category": "餐饮", "amount": "1500"}]}
    result = budgets.put(engine, OWNER, body, date(2026, 11, 2))
    for item in result["budgets"]:
        # 935.00 spent; at the usual 18.00 a day (not 467.50) what is left lasts past the month's end.
        assert (item["spent"], item["daily_pace"], item["runs_out_on"]) == ("935.00", "18.00", None)
    assert by_category(result)["餐饮"]["lasts_days"] == 31
