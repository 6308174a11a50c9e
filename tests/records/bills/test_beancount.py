"""Records out to Beancount: what the export writes passes the beancount package's own `bean-check`."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from beancount import loader

from records.bills.beancount import Accounts, is_valid_account, own_account, to_beancount
from records.errors import Invalid


def record(id, direction, amount, when, **fields):
    """A record in its API (JSON) form."""
    return {"id": id, "direction": direction, "amount": amount, "currency": "CNY", "occurred_at": when, **fields}


LEDGER = [
    record(
        1,
        "expense",
        "14.00",
        "2026-10-03T12:55:21+08:00",
        merchant="星轩餐饮",
        category="餐饮",
        payment_method="招商银行信用卡(1440)",
        platform="微信支付",
        order_no="4200001880202305164227146245",
        source="screenshot",
        memo='冰拿铁 "大杯" \\ 少冰',
    ),
    record(
        2,
        "expense",
        "99.00",
        "2026-10-04T09:00:00+08:00",
        merchant="京东",
        category="购物",
        payment_method="花呗",
        platform="支付宝",
        source="import:alipay",
        invoice_no="26442000000123456789",
    ),
    record(
        3,
        "refund",
        "99.00",
        "2026-10-05T10:00:00+08:00",
        merchant="京东",
        category="购物",
        payment_method="花呗",
        platform="支付宝",
        source="import:alipay",
        refund_of=2,
    ),
    record(
        4,
        "refund",
        "3.50",
        "2026-10-05T11:00:00+08:00",
        merchant="星轩餐饮",
        category="餐饮",
        payment_method="零钱",
        platform="微信支付",
    ),
    record(
        5,
        "income",
        "8800.00",
        "2026-10-10T09:00:00+08:00",
        merchant="公司",
        category="工资",
        payment_method="工商银行储蓄卡(0321)",
    ),
    record(6, "income", "66.66", "2026-10-11T20:00:00+08:00", merchant="阿May", category="人情", payment_method="零钱"),
    record(
        7,
        "transfer",
        "2310.55",
        "2026-10-25T08:00:00+08:00",
        merchant="招商银行信用卡(1440)",
        payment_method="工商银行储蓄卡(0321)",
        memo="信用卡还款",
    ),
    record(8, "transfer", "200.00", "2026-10-26T08:00:00+08:00", merchant="张三", payment_method="余额宝"),
    record(9, "expense", "0.01", "2026-10-27T08:00:00+08:00", merchant=None, category=None, payment_method=None),
]


def check(text: str, tmp_path: Path) -> list:
    """Run bean-check on the text as a file (exactly what a person would run) and load it in process too."""
    path = tmp_path / "ledger.beancount"
    path.write_text(text, encoding="utf-8")
    bean_check = shutil.which("bean-check") or str(Path(sys.executable).parent / "bean-check")
    done = subprocess.run([bean_check, "-C", str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    entries, errors, _ = loader.load_string(text)
    assert not errors, [e.message for e in errors]
    return entries


def test_a_ledger_with_refunds_transfers_imports_and_invoices_passes_bean_check(tmp_path):
    entries = check(to_beancount(LEDGER), tmp_path)
    transactions = [e for e in entries if type(e).__name__ == "Transaction"]
    assert len(transactions) == len(LEDGER)
    for txn in transactions:
        # bean-check tolerates half a cent, so the exact balance is checked here: every posting two decimals.
        assert sum(p.units.number for p in txn.postings) == Decimal("0")
        assert all(p.units.number.as_tuple().exponent == -2 for p in txn.postings)


def test_each_kind_of_record_lands_on_the_accounts_a_person_expects(tmp_path):
    entries = check(to_beancount(LEDGER), tmp_path)
    by_id = {e.meta["record_id"]: e for e in entries if type(e).__name__ == "Transaction"}
    legs = {rid: {p.account: p.units.number for p in txn.postings} for rid, txn in by_id.items()}
    assert legs["1"] == {"Expenses:Food": Decimal("14.00"), "Liabilities:CreditCard:CMB:1440": Decimal("-14.00")}
    assert legs["2"] == {"Expenses:Shopping": Decimal("99.00"), "Liabilities:Alipay:HuaBei": Decimal("-99.00")}
    # a refund gives the money back out of the expense, so spending is net of it
    assert legs["3"] == {"Liabilities:Alipay:HuaBei": Decimal("99.00"), "Expenses:Shopping": Decimal("-99.00")}
    assert legs["4"] == {"Assets:WeChat:Change": Decimal("3.50"), "Expenses:Food": Decimal("-3.50")}
    assert legs["5"] == {"Assets:Bank:ICBC:0321": Decimal("8800.00"), "Income:Salary": Decimal("-8800.00")}
    assert legs["6"] == {"Assets:WeChat:Change": Decimal("66.66"), "Income:Gifts": Decimal("-66.66")}
    # repaying one's own card moves money between one's own accounts; a transfer to a person is not spending
    assert legs["7"] == {
        "Liabilities:CreditCard:CMB:1440": Decimal("2310.55"),
        "Assets:Bank:ICBC:0321": Decimal("-2310.55"),
    }
    assert legs["8"] == {"Equity:Transfers": Decimal("200.00"), "Assets:Alipay:YuEBao": Decimal("-200.00")}
    assert legs["9"] == {"Expenses:Uncategorized": Decimal("0.01"), "Assets:Unknown": Decimal("-0.01")}


def test_order_and_invoice_numbers_are_metadata_and_a_refund_links_to_its_purchase(tmp_path):
    entries = check(to_beancount(LEDGER), tmp_path)
    by_id = {e.meta["record_id"]: e for e in entries if type(e).__name__ == "Transaction"}
    assert by_id["1"].meta["order_no"] == "4200001880202305164227146245"
    assert by_id["1"].meta["time"] == "12:55:21"
    assert by_id["1"].narration == '冰拿铁 "大杯" \\ 少冰'
    assert by_id["2"].meta["invoice_no"] == "26442000000123456789"
    assert by_id["2"].links == by_id["3"].links == {"sl-2"}
    assert "import-alipay" in by_id["2"].tags


def test_a_person_can_map_methods_and_categories_to_their_own_accounts(tmp_path):
    accounts = Accounts.from_json(
        {
            "methods": {"花呗": "Liabilities:Huabei"},
            "categories": {"购物": "Expenses:JD购物"},
            "transfers": "Assets:Owed",
        }
    )
    entries = check(to_beancount(LEDGER, accounts=accounts), tmp_path)
    used = {p.account for e in entries if type(e).__name__ == "Transaction" for p in e.postings}
    assert {"Liabilities:Huabei", "Expenses:JD购物", "Assets:Owed"} <= used
    assert "Liabilities:Alipay:HuaBei" not in used


@pytest.mark.parametrize(
    "bad", ["Expenses:餐饮", "Assets:WeChat:零钱", "expenses:Food", "Food", "Assets:C_1", "Assets:"]
)
def test_account_names_beancount_would_refuse_are_refused_with_a_reason(bad):
    assert not is_valid_account(bad)
    with pytest.raises(Invalid) as caught:
        Accounts.from_json({"categories": {"餐饮": bad}})
    assert caught.value.fields == {"categories.餐饮": "account_name"}


def test_bank_cards_are_named_by_bank_and_tail_number():
    assert own_account("招商银行信用卡(6789)") == "Liabilities:CreditCard:CMB:6789"
    assert own_account("中国银行储蓄卡（1234）") == "Assets:Bank:BOC:1234"
    assert own_account("某某农商银行借记卡(5555)") == "Assets:Bank:Other:5555"
    assert own_account("张三") is None
    assert all(is_valid_account(a) for a in (own_account("零钱通"), own_account("美团月付"), own_account("京东白条")))


def test_an_empty_ledger_is_still_a_valid_file(tmp_path):
    text = to_beancount([])
    check(text, tmp_path)
    assert re.search(r'option "title"', text)


def test_ascii_tags_become_beancount_tags_and_every_tag_is_kept_in_metadata(tmp_path):
    tagged = record(9, "expense", "30.00", "2026-10-05T09:00:00+08:00", category="交通", tags=["trip-2026", "出差"])
    [entry] = [e for e in check(to_beancount([tagged]), tmp_path) if getattr(e, "tags", None) is not None]
    assert "trip-2026" in entry.tags and "出差" not in entry.tags
    assert entry.meta["tags"] == "trip-2026 出差"
