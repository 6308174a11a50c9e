"""Beancount out through the API: GET /api/records/export?format=beancount and the person's account mapping.

Every ledger the export writes is run through the beancount package's own `bean-check`, as a person would.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from tests.handlers.test_bills import upload
from tests.records.bills.test_beancount import check

SALARY = {
    "direction": "income",
    "amount": "8800.00",
    "occurred_at": "2026-10-10T09:00:00+08:00",
    "merchant": "公司",
    "category": "工资",
    "payment_method": "工商银行储蓄卡(0321)",
}
REPAYMENT = {
    "direction": "transfer",
    "amount": "2310.55",
    "occurred_at": "2026-10-25T08:00:00+08:00",
    "merchant": "招商银行信用卡(6789)",
    "payment_method": "工商银行储蓄卡(0321)",
    "memo": "信用卡还款",
}
TO_A_FRIEND = {
    "direction": "transfer",
    "amount": "200.00",
    "occurred_at": "2026-10-26T08:00:00+08:00",
    "merchant": "张三",
    "payment_method": "零钱",
}


@pytest.fixture
def ledger(respond, call):
    """A ledger with imported WeChat Pay and Alipay bills (a refund linked to its purchase) and typed-in income
    and transfers; answers the records as the list shows them.
    """
    for name in ("wechat_2026-10.csv", "alipay_2026-10.csv"):
        preview = json.loads(upload(respond, name).get_body())
        assert respond("commit_import", "POST", route_params={"import_id": preview["import_id"]}).status_code == 201
    for item in (SALARY, REPAYMENT, TO_A_FRIEND):
        assert call("create_record", "POST", "/api/records", body=item)[0] == 201
    return call("list_records", params={"limit": "200"})[1]["records"]


def export(respond, **params):
    response = respond("export_records", params={"format": "beancount", **params})
    assert response.status_code == 200, response.get_body()
    return response


def transactions(text: str, tmp_path) -> dict:
    """The ledger's transactions by record id, after bean-check accepted the file."""
    return {e.meta["record_id"]: e for e in check(text, tmp_path) if type(e).__name__ == "Transaction"}


def legs(txn) -> dict:
    return {p.account: p.units.number for p in txn.postings}


def test_the_export_of_a_whole_ledger_passes_bean_check(respond, ledger, tmp_path):
    response = export(respond)
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="snapledger_')
    assert '.beancount"' in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    by_id = transactions(response.get_body().decode("utf-8"), tmp_path)
    assert sorted(by_id) == sorted(str(r["id"]) for r in ledger)
    for record in ledger:
        txn = by_id[str(record["id"])]
        assert sum(legs(txn).values()) == Decimal("0")
        assert Decimal(record["amount"]) in legs(txn).values()
        if record.get("order_no"):
            assert txn.meta["order_no"] == record["order_no"]
    kinds = {r["direction"] for r in ledger}
    assert {"expense", "income", "refund", "transfer"} <= kinds
    assert any(r["source"].startswith("import") for r in ledger)


def test_a_refund_keeps_the_link_to_its_purchase(respond, ledger, tmp_path):
    by_id = transactions(export(respond).get_body().decode("utf-8"), tmp_path)
    refunds = [t for t in by_id.values() if "refund_of" in t.meta]
    assert refunds, "the WeChat bill's 美团 refund is linked to its purchase"
    for refund in refunds:
        purchase = by_id[refund.meta["refund_of"]]
        assert refund.links == purchase.links == {f"sl-{refund.meta['refund_of']}"}
        # the money goes back out of the purchase's expense account to the card that paid
        assert set(legs(refund)) == set(legs(purchase))


def test_transfers_move_money_between_own_accounts_or_out_of_the_ledger(respond, ledger, tmp_path):
    by_id = transactions(export(respond).get_body().decode("utf-8"), tmp_path)
    ids = {r["memo"] or r["merchant"]: str(r["id"]) for r in ledger if r["source"] == "manual"}
    assert legs(by_id[ids["信用卡还款"]]) == {
        "Liabilities:CreditCard:CMB:6789": Decimal("2310.55"),
        "Assets:Bank:ICBC:0321": Decimal("-2310.55"),
    }
    friend, salary = legs(by_id[ids["张三"]]), legs(by_id[ids["公司"]])
    assert friend == {"Equity:Transfers": Decimal("200.00"), "Assets:WeChat:Change": Decimal("-200.00")}
    assert salary == {"Assets:Bank:ICBC:0321": Decimal("8800.00"), "Income:Salary": Decimal("-8800.00")}


def test_the_list_filters_apply(call, respond, ledger, tmp_path):
    refunds = transactions(export(respond, direction="refund").get_body().decode("utf-8"), tmp_path)
    assert sorted(refunds) == sorted(str(r["id"]) for r in ledger if r["direction"] == "refund")
    late = transactions(export(respond, **{"from": "2026-10-25", "to": "2026-10-26"}).get_body().decode(), tmp_path)
    assert sorted(late) == sorted(str(r["id"]) for r in ledger if "2026-10-25" <= r["occurred_at"][:10] <= "2026-10-26")
    assert late and len(late) < len(ledger)
    friend = transactions(export(respond, q="张三").get_body().decode("utf-8"), tmp_path)
    listed = call("list_records", params={"q": "张三"})[1]["records"]
    assert sorted(friend) == sorted(str(r["id"]) for r in listed) and {t.payee for t in friend.values()} == {"张三"}
    assert len(friend) < len(ledger)
    wechat = transactions(export(respond, platform="微信支付").get_body().decode("utf-8"), tmp_path)
    assert wechat and {t.meta.get("platform") for t in wechat.values()} == {"微信支付"}
    nothing = export(respond, category="不存在的分类").get_body().decode("utf-8")
    assert transactions(nothing, tmp_path) == {}


def test_the_mapping_lists_what_the_records_use_and_a_persons_own_accounts_are_applied(call, respond, ledger, tmp_path):
    status, before = call("get_beancount_accounts")
    assert status == 200
    methods = {m["name"]: m for m in before["methods"]}
    assert methods["招商银行信用卡(6789)"]["account"] == "Liabilities:CreditCard:CMB:6789"
    assert methods["零钱"] == {
        "name": "零钱",
        "account": "Assets:WeChat:Change",
        "default": "Assets:WeChat:Change",
        "custom": False,
    }
    categories = {(c["name"], c["direction"]): c["account"] for c in before["categories"]}
    assert categories[("工资", "income")] == "Income:Salary"
    assert categories[("餐饮", "expense")] == "Expenses:Food"

    mine = {
        "methods": {"招商银行信用卡(6789)": "Liabilities:CMB:Card6789", "零钱": ""},
        "categories": {"餐饮": "Expenses:Food:Eating", "工资": "Income:Job:ACME", "交通": "Expenses:Transport"},
    }
    status, after = call("put_beancount_accounts", "PUT", "/api/beancount/accounts", body=mine)
    assert status == 200 and after == call("get_beancount_accounts")[1]
    methods = {m["name"]: m for m in after["methods"]}
    assert methods["招商银行信用卡(6789)"] == {
        "name": "招商银行信用卡(6789)",
        "account": "Liabilities:CMB:Card6789",
        "default": "Liabilities:CreditCard:CMB:6789",
        "custom": True,
    }
    assert methods["零钱"]["custom"] is False  # empty means the default
    categories = {(c["name"], c["direction"]): c for c in after["categories"]}
    assert categories[("工资", "income")]["account"] == "Income:Job:ACME"
    assert categories[("交通", "expense")]["custom"] is False  # the same as the default is not kept

    text = export(respond).get_body().decode("utf-8")
    used = {a for t in transactions(text, tmp_path).values() for a in legs(t)}
    assert {"Liabilities:CMB:Card6789", "Expenses:Food:Eating", "Income:Job:ACME"} <= used
    assert "Liabilities:CreditCard:CMB:6789" not in used  # the card repayment follows the person's name too


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"methods": {"招商银行信用卡(6789)": "Liabilities:招行"}}, "Liabilities:招行"),
        ({"categories": {"餐饮": "expenses:food"}}, "expenses:food"),
        ({"methods": {"零钱": "Expenses:Food"}}, "Expenses:Food"),  # a payment method is an asset or a liability
        ({"categories": {"餐饮": "Assets:Cash"}}, "Assets:Cash"),
        ({"income": {"工资": "Expenses:Salary"}}, "Expenses:Salary"),
        ({"categories": {"餐饮": 12}}, "12"),
    ],
)
def test_a_bad_account_name_is_422_naming_it_and_nothing_is_saved(call, respond, body, named):
    call("put_beancount_accounts", "PUT", body={"categories": {"购物": "Expenses:Shopping:Online"}})
    before = call("get_beancount_accounts")[1]
    good = {"methods": {"花呗": "Liabilities:Huabei"}, "categories": {"旅行": "Expenses:Trips"}}
    sent = {key: {**good.get(key, {}), **body.get(key, {})} for key in ("methods", "categories", "income")}
    response = respond("put_beancount_accounts", "PUT", body=sent, lang="en")
    assert response.status_code == 422
    error = json.loads(response.get_body())["error"]
    assert error["code"] == "bad_account"
    assert named in error["message"] and "Nothing was saved" in error["message"]
    assert call("get_beancount_accounts")[1] == before
    zh = respond("put_beancount_accounts", "PUT", body=sent)
    assert "什么都没有保存" in json.loads(zh.get_body())["error"]["message"]


@pytest.mark.parametrize("body", [[], "x", {"methods": []}, {"other": {}}, {"methods": {"": "Assets:Cash"}}])
def test_a_body_of_the_wrong_shape_is_refused_with_a_sentence(call, body):
    status, answer = call("put_beancount_accounts", "PUT", body=body)
    assert status in (400, 422) and answer["error"]["message"]


def test_names_are_kept_as_the_records_show_them_and_overlong_ones_refused(call):
    # Full-width brackets (as some bank apps write them) name the same card as plain ones.
    wide = {"methods": {"招商银行信用卡（6789）": "Liabilities:CMB"}}
    status, saved = call("put_beancount_accounts", "PUT", body=wide)
    assert status == 200 and [m["name"] for m in saved["methods"]] == ["招商银行信用卡(6789)"]
    status, answer = call("put_beancount_accounts", "PUT", body={"methods": {"卡" * 65: "Assets:Cash"}})
    assert status == 422 and answer["error"]["message"]
    assert [m["name"] for m in call("get_beancount_accounts")[1]["methods"]] == ["招商银行信用卡(6789)"]
