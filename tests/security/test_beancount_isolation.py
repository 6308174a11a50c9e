"""Two principals and the Beancount mapping: one person's accounts and records never reach another's ledger."""

from __future__ import annotations

from tests.conftest import http_request
from tests.security.conftest import ITEM, principal

CARD = "招商银行信用卡(6789)"


def ledger_of(api, who: str) -> str:
    """The Beancount file `who` downloads."""
    request = http_request("GET", "http://localhost/api/records/export", params={"format": "beancount"},
                           headers=principal(who))  # fmt: skip
    response = api.functions["export_records"](request)
    assert response.status_code == 200
    return response.get_body().decode("utf-8")


def test_bob_never_sees_or_changes_alices_accounts(easyauth):
    assert easyauth("create_record", "POST", body={**ITEM, "payment_method": CARD}).status == 201
    mine = {"methods": {CARD: "Liabilities:Alice:Card"}, "categories": {"餐饮": "Expenses:Alice:Food"}}
    assert easyauth("put_beancount_accounts", "PUT", body=mine).status == 200

    seen = easyauth("get_beancount_accounts", who="bob")
    assert seen.status == 200
    assert seen.body["methods"] == [] and seen.body["categories"] == []
    assert "Alice" not in ledger_of(easyauth, "bob") and "全家" not in ledger_of(easyauth, "bob")
    assert "Liabilities:Alice:Card" in ledger_of(easyauth, "alice") and "全家" in ledger_of(easyauth, "alice")

    # Bob sets his own mapping for the same names; Alice's stays as she left it.
    his = {"methods": {CARD: "Liabilities:Bob:Card"}}
    assert easyauth("put_beancount_accounts", "PUT", body=his, who="bob").status == 200
    assert easyauth("put_beancount_accounts", "PUT", body={}, who="bob").status == 200
    alice = easyauth("get_beancount_accounts").body
    assert {m["name"]: m["account"] for m in alice["methods"]} == {CARD: "Liabilities:Alice:Card"}
    assert {(c["name"], c["account"]) for c in alice["categories"]} == {("餐饮", "Expenses:Alice:Food")}
