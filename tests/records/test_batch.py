"""Batch edits on a real SQLite file and MariaDB: set a category (of several records or a merchant's), delete and
restore several, all or nothing, teaching the learner."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from records import batch, ledger
from records.errors import BadRequest, Invalid, NotFound
from records.learning import learned_category
from records.schema import records

TZ = "Asia/Shanghai"
OWNER = "alice"


def add(engine, owner=OWNER, **fields):
    data = {"amount": "10.00", "occurred_at": "2026-11-03T12:00:00+08:00", "merchant": "便利店", **fields}
    return ledger.create(engine, owner, data, tz=TZ)


def snapshot(engine):
    with engine.connect() as conn:
        return conn.execute(sa.select(records).order_by(records.c.id)).fetchall()


def test_several_records_get_a_category_and_their_merchants_teach_it(engine):
    a = add(engine, merchant="瑞幸咖啡", category="其他")
    b = add(engine, merchant="全家", category=None)
    c = add(engine, merchant="全家", category="日用")
    answer = batch.apply(engine, OWNER, {"action": "set_category", "ids": [a["id"], b["id"]], "category": "餐饮"})
    assert answer["count"] == 2
    assert {r["id"]: (r["category"], r["version"]) for r in answer["records"]} == {
        a["id"]: ("餐饮", 2),
        b["id"]: ("餐饮", 2),
    }
    assert ledger.get(engine, OWNER, c["id"])["category"] == "日用"  # not selected, not changed
    with engine.connect() as conn:
        assert learned_category(conn, OWNER, "瑞幸咖啡") == "餐饮"
        assert learned_category(conn, OWNER, "全家") == "餐饮"


def test_every_record_from_a_merchant_gets_the_category(engine):
    ids = [add(engine, merchant="滴滴出行", category=None)["id"] for _ in range(3)]
    other = add(engine, merchant="滴滴代驾", category="其他")
    gone = add(engine, merchant="滴滴出行", category=None)
    ledger.delete(engine, OWNER, gone["id"])
    theirs = add(engine, owner="bob", merchant="滴滴出行", category=None)
    answer = batch.apply(engine, OWNER, {"action": "set_category", "merchant": "滴滴出行", "category": "交通"})
    assert answer["count"] == 3 and sorted(r["id"] for r in answer["records"]) == sorted(ids)
    assert ledger.get(engine, OWNER, other["id"])["category"] == "其他"
    assert ledger.get(engine, OWNER, gone["id"])["category"] is None  # deleted records are left as they were
    assert ledger.get(engine, "bob", theirs["id"])["category"] is None
    with engine.connect() as conn:
        assert learned_category(conn, OWNER, "滴滴出行") == "交通"
        assert learned_category(conn, "bob", "滴滴出行") is None


def test_several_records_are_deleted_and_restored(engine):
    ids = [add(engine, memo=str(i))["id"] for i in range(3)]
    answer = batch.apply(engine, OWNER, {"action": "delete", "ids": ids[:2]})
    assert answer["count"] == 2 and all(r["deleted_at"] for r in answer["records"])
    assert [r["id"] for r in ledger.list_records(engine, OWNER, {})["records"]] == [ids[2]]
    batch.apply(engine, OWNER, {"action": "restore", "ids": ids[:2]})
    assert len(ledger.list_records(engine, OWNER, {})["records"]) == 3


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (None, BadRequest),
        ({"action": "explode", "ids": [1]}, BadRequest),
        ({"action": "delete"}, BadRequest),
        ({"action": "delete", "ids": []}, BadRequest),
        ({"action": "delete", "ids": ["1"]}, BadRequest),
        ({"action": "delete", "ids": [True]}, BadRequest),
        ({"action": "delete", "ids": list(range(1, 202))}, BadRequest),
        ({"action": "set_category", "ids": [1]}, Invalid),
        ({"action": "set_category", "ids": [1], "category": "x" * 33}, Invalid),
        ({"action": "set_category", "merchant": "  ", "category": "餐饮"}, Invalid),
        ({"action": "set_category", "merchant": 7, "category": "餐饮"}, Invalid),
    ],
)
def test_bad_batches_change_nothing(engine, body, error):
    add(engine)
    before = snapshot(engine)
    with pytest.raises(error):
        batch.apply(engine, OWNER, body)
    assert snapshot(engine) == before


def test_a_batch_naming_anothers_or_a_missing_record_changes_nothing(engine):
    mine = add(engine, category="其他")
    theirs = add(engine, owner="bob")
    before = snapshot(engine)
    for ids in ([mine["id"], theirs["id"]], [mine["id"], 10**12]):
        with pytest.raises(NotFound):
            batch.apply(engine, OWNER, {"action": "set_category", "ids": ids, "category": "餐饮"})
        with pytest.raises(NotFound):
            batch.apply(engine, OWNER, {"action": "delete", "ids": ids})
    with pytest.raises(NotFound):  # a live record cannot be "restored"
        batch.apply(engine, OWNER, {"action": "restore", "ids": [mine["id"]]})
    assert snapshot(engine) == before
