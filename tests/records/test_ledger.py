"""Records on a real SQLite file and a real MariaDB over TLS: create, edit with versions, delete, list."""

from decimal import Decimal

import pytest
import sqlalchemy as sa

from records import ledger
from records.errors import BadRequest, Conflict, Invalid, NotFound
from records.schema import records

TZ = "Asia/Shanghai"
OWNER = "alice"


def add(engine, owner=OWNER, **fields):
    data = {"amount": "10.00", "occurred_at": "2026-11-03T12:00:00+08:00", "merchant": "便利店", **fields}
    return ledger.create(engine, owner, data, tz=TZ)


def test_create_and_read_back_exact_amount(engine):
    record = add(engine, amount="128.50", category="餐饮", platform="微信支付", payment_method="零钱")
    assert record["amount"] == "128.50"
    assert record["direction"] == "expense"
    assert record["currency"] == "CNY"
    assert record["occurred_at"] == "2026-11-03T12:00:00+08:00"
    assert record["version"] == 1
    assert ledger.get(engine, OWNER, record["id"])["payment_method"] == "零钱"


def test_amounts_are_decimal_end_to_end(engine):
    for amount in ("0.10", "0.20", "99999999.99"):
        add(engine, amount=amount)
    with engine.connect() as conn:
        total = conn.execute(sa.select(sa.func.sum(records.c.amount)).where(records.c.owner == OWNER)).scalar()
    assert isinstance(total, Decimal)
    assert total == Decimal("100000000.29")


def test_time_with_other_offset_is_stored_as_owner_wall_time(engine):
    record = add(engine, occurred_at="2026-11-03T04:00:00Z")
    assert record["occurred_at"] == "2026-11-03T12:00:00+08:00"


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"amount": "-5"}, "amount"),
        ({"amount": "0"}, "amount"),
        ({"amount": "1e9"}, "amount"),
        ({"amount": "100000000"}, "amount"),
        ({"amount": "12.345"}, "amount"),
        ({"amount": True}, "amount"),
        ({"occurred_at": "2026-02-30T10:00:00"}, "occurred_at"),
        ({"occurred_at": "1999-12-31T10:00:00+08:00"}, "occurred_at"),
        ({"occurred_at": "2099-01-01T10:00:00+08:00"}, "occurred_at"),
        ({"direction": "spend"}, "direction"),
        ({"currency": "rmb"}, "currency"),
        ({"merchant": "x" * 129}, "merchant"),
        ({"memo": 5}, "memo"),
        ({"source": "import:alipay"}, "source"),
    ],
)
def test_bad_fields_are_named_and_nothing_is_stored(engine, fields, bad):
    with pytest.raises(Invalid) as caught:
        add(engine, **fields)
    assert bad in caught.value.fields
    assert ledger.list_records(engine, OWNER, {})["records"] == []


def test_text_is_stored_as_typed_without_control_characters(engine):
    record = add(engine, merchant="  咖啡☕ \u202eabc\x00 ", memo="'; DROP TABLE records; --")
    assert record["merchant"] == "咖啡☕ \u202eabc"
    assert record["memo"] == "'; DROP TABLE records; --"
    assert len(ledger.list_records(engine, OWNER, {})["records"]) == 1


def test_edit_needs_the_current_version(engine):
    record = add(engine)
    edited = ledger.update(engine, OWNER, record["id"], {"merchant": "超市", "version": 1}, tz=TZ)
    assert edited["merchant"] == "超市"
    assert edited["version"] == 2
    with pytest.raises(Conflict) as caught:
        ledger.update(engine, OWNER, record["id"], {"merchant": "旧页面", "version": 1}, tz=TZ)
    assert caught.value.current["merchant"] == "超市"
    assert caught.value.current["version"] == 2
    with pytest.raises(BadRequest):
        ledger.update(engine, OWNER, record["id"], {"merchant": "无版本"}, tz=TZ)
    assert ledger.get(engine, OWNER, record["id"])["merchant"] == "超市"


def test_invalid_edit_changes_nothing(engine):
    record = add(engine)
    with pytest.raises(Invalid):
        ledger.update(engine, OWNER, record["id"], {"amount": "-1", "merchant": "新", "version": 1}, tz=TZ)
    assert ledger.get(engine, OWNER, record["id"]) == record


def test_delete_then_restore(engine):
    record = add(engine)
    deleted = ledger.delete(engine, OWNER, record["id"])
    assert deleted["deleted_at"] is not None
    assert ledger.list_records(engine, OWNER, {})["records"] == []
    with pytest.raises(NotFound):
        ledger.update(engine, OWNER, record["id"], {"merchant": "x", "version": deleted["version"]}, tz=TZ)
    restored = ledger.restore(engine, OWNER, record["id"])
    assert restored["deleted_at"] is None
    assert [r["id"] for r in ledger.list_records(engine, OWNER, {})["records"]] == [record["id"]]


def test_one_owner_never_sees_another(engine):
    mine = add(engine, owner="alice")
    add(engine, owner="bob", merchant="bob's")
    assert [r["id"] for r in ledger.list_records(engine, "alice", {})["records"]] == [mine["id"]]
    for call in (ledger.get, ledger.delete, ledger.restore):
        with pytest.raises(NotFound):
            call(engine, "bob", mine["id"])
    with pytest.raises(NotFound):
        ledger.update(engine, "bob", mine["id"], {"merchant": "x", "version": 1}, tz=TZ)


def test_filters(engine):
    add(engine, occurred_at="2026-11-01T09:00:00+08:00", merchant="星巴克", category="餐饮", platform="微信支付")
    add(engine, occurred_at="2026-11-02T23:59:59+08:00", merchant="滴滴", category="交通", platform="滴滴出行")
    add(engine, occurred_at="2026-11-03T00:00:00+08:00", merchant="工资", direction="income", category="收入")
    add(engine, occurred_at="2026-11-04T08:00:00+08:00", merchant="100%_纯", memo="备注里有咖啡")

    def merchants(**params):
        return [r["merchant"] for r in ledger.list_records(engine, OWNER, params)["records"]]

    assert merchants(**{"from": "2026-11-02", "to": "2026-11-03"}) == ["工资", "滴滴"]
    assert merchants(category="餐饮") == ["星巴克"]
    assert merchants(platform="滴滴出行") == ["滴滴"]
    assert merchants(direction="income") == ["工资"]
    assert merchants(q="咖啡") == ["100%_纯"]
    assert merchants(q="%") == ["100%_纯"]
    assert merchants(q="' OR 1=1 --") == []
    with pytest.raises(BadRequest):
        merchants(**{"from": "yesterday"})


def test_cursor_pages_cover_everything_once_in_order(engine):
    for day in range(1, 8):
        for hour in (9, 9, 18):
            add(engine, occurred_at=f"2026-11-{day:02d}T{hour:02d}:00:00+08:00", memo=f"{day}-{hour}")
    seen, cursor = [], None
    while True:
        page = ledger.list_records(engine, OWNER, {"limit": "4", **({"cursor": cursor} if cursor else {})})
        seen += page["records"]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == 21
    assert len({r["id"] for r in seen}) == 21
    keys = [(r["occurred_at"], r["id"]) for r in seen]
    assert keys == sorted(keys, reverse=True)
    with pytest.raises(BadRequest):
        ledger.list_records(engine, OWNER, {"cursor": "not-a-cursor"})


def test_the_first_page_totals_every_record_the_filters_match(engine):
    for day in range(1, 6):
        add(engine, occurred_at=f"2026-11-{day:02d}T09:00:00+08:00", amount="12.50", category="餐饮")
    add(engine, occurred_at="2026-11-03T10:00:00+08:00", amount="2.50", direction="refund", category="餐饮")
    add(engine, occurred_at="2026-11-03T11:00:00+08:00", amount="3000.00", direction="income", category="收入")
    add(engine, occurred_at="2026-11-04T11:00:00+08:00", amount="500.00", direction="transfer")
    add(engine, occurred_at="2026-12-01T09:00:00+08:00", amount="99.00", category="餐饮")

    page = ledger.list_records(engine, OWNER, {"from": "2026-11-01", "to": "2026-11-30", "limit": "2"})
    # Two records on the page, but the totals are the month's: 5 × 12.50 less the refund; transfers are neither.
    assert len(page["records"]) == 2 and page["next_cursor"]
    assert {key: page["totals"][key] for key in ("expense", "income", "transfer", "count")} == {
        "expense": "60.00",
        "income": "3000.00",
        "transfer": "500.00",
        "count": 8,
    }
    assert ledger.list_records(engine, OWNER, {"category": "餐饮"})["totals"]["expense"] == "159.00"
    assert ledger.list_records(engine, OWNER, {"q": "没有这家"})["totals"] == {
        "expense": "0.00",
        "income": "0.00",
        "transfer": "0.00",
        "count": 0,
    }
    later = ledger.list_records(engine, OWNER, {"limit": "2", "cursor": page["next_cursor"]})
    assert "totals" not in later


def test_a_month_also_gets_its_totals_per_day(engine):
    add(engine, occurred_at="2026-11-02T09:00:00+08:00", amount="12.00")
    add(engine, occurred_at="2026-11-02T23:59:59+08:00", amount="3.00", direction="refund")
    add(engine, occurred_at="2026-11-05T10:00:00+08:00", amount="800.00", direction="income")
    add(engine, occurred_at="2026-12-01T00:00:00+08:00", amount="1.00")
    totals = ledger.list_records(engine, OWNER, {"from": "2026-11-01", "to": "2026-11-30"})["totals"]
    assert totals["days"] == {
        "2026-11-02": {"expense": "9.00", "income": "0.00", "count": 2},
        "2026-11-05": {"expense": "0.00", "income": "800.00", "count": 1},
    }
    assert "days" not in ledger.list_records(engine, OWNER, {"from": "2026-01-01", "to": "2026-12-31"})["totals"]
    assert "days" not in ledger.list_records(engine, OWNER, {"from": "2026-11-01"})["totals"]
    assert "days" not in ledger.list_records(engine, OWNER, {"from": "2026-11-30", "to": "2026-11-01"})["totals"]
