"""The numbers' routes: the home summary, statistics for a range, budgets."""

from __future__ import annotations

import json

from tests.handlers.test_bills import upload

ITEM = {"amount": "36.00", "occurred_at": "2026-11-03T12:34:56+08:00", "merchant": "全家", "category": "餐饮"}


def as_json(response) -> dict:
    return json.loads(response.get_body())


def test_summary_counts_refunds_against_spending_and_ignores_transfers(call):
    for fields in (
        {**ITEM, "amount": "100.00", "occurred_at": "2026-11-03T09:00:00+08:00"},
        {**ITEM, "amount": "30.00", "direction": "refund", "occurred_at": "2026-11-03T10:00:00+08:00"},
        {**ITEM, "amount": "500.00", "direction": "transfer", "occurred_at": "2026-11-03T11:00:00+08:00"},
        {**ITEM, "amount": "8.00", "category": "交通", "occurred_at": "2026-11-02T11:00:00+08:00"},
        {**ITEM, "amount": "1000.00", "direction": "income", "category": "收入", "occurred_at": "2026-11-01T08:00:00"},
    ):
        assert call("create_record", "POST", body=fields)[0] == 201
    status, summary = call("get_summary", params={"date": "2026-11-03"})
    assert status == 200
    assert summary["month"] == {"expense": "78.00", "income": "1000.00", "count": 5}
    assert summary["today"]["expense"] == "70.00"
    assert summary["yesterday"]["expense"] == "8.00"
    assert [c["category"] for c in summary["top_categories"]] == ["餐饮", "交通"]
    assert call("get_summary", params={"date": "03/11/2026"})[0] == 400


def test_summary_calls_a_record_without_a_category_uncategorized_not_other(call):
    # 其他 is a category of its own; a record with none is null, which the page shows as 未分类 / Uncategorized.
    for category in (None, "其他"):
        body = {**ITEM, "amount": "5.00" if category else "9.00", "category": category}
        assert call("create_record", "POST", body=body)[0] == 201
    _status, summary = call("get_summary", params={"date": "2026-11-03"})
    assert [(c["category"], c["amount"]) for c in summary["top_categories"]] == [(None, "9.00"), ("其他", "5.00")]


def test_stats_for_a_range(respond):
    preview = as_json(upload(respond, "alipay_2026-10.csv"))
    respond("commit_import", "POST", route_params={"import_id": preview["import_id"]})
    response = respond("get_stats", params={"from": "2026-10-01", "to": "2026-10-31"})
    assert response.status_code == 200
    result = as_json(response)
    assert (result["totals"]["expense"], result["totals"]["income"], result["totals"]["transfer"]) == (
        "171.30",
        "5000.00",
        "1000.00",
    )
    assert len(result["trend"]["day"]) == 31 and result["trend"]["month"][0]["period"] == "2026-10"
    assert result["by_platform"][0]["name"] == "支付宝"
    bad = respond("get_stats", params={"from": "2026-10-31", "to": "2026-10-01"}, lang="en")
    assert bad.status_code == 400 and as_json(bad)["error"]["message"] == "The date range is not valid."


def test_budgets_put_and_get(respond):
    body = {"budgets": [{"category": None, "amount": "3000.00"}, {"category": "餐饮", "amount": "800"}]}
    response = respond("put_budgets", "PUT", "/api/budgets", body=body)
    assert response.status_code == 200
    got = as_json(respond("get_budgets"))
    assert [(b["category"], b["amount"], b["left"]) for b in got["budgets"]] == [
        (None, "3000.00", "3000.00"),
        ("餐饮", "800.00", "800.00"),
    ]
    bad = respond("put_budgets", "PUT", "/api/budgets", body={"budgets": [{"amount": "-1"}]})
    assert bad.status_code == 422 and "budgets[0].amount" in as_json(bad)["error"]["fields"]
    assert respond("get_budgets", params={"month": "2026-1"}).status_code == 400
