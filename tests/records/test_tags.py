"""Tags on records on a real SQLite file and MariaDB: set with a record, replaced by an edit, added and removed in
batches, filtered by; every bad tag is refused and changes nothing."""

from __future__ import annotations

import pytest

from records import batch, ledger
from records.errors import Invalid

TZ = "Asia/Shanghai"
BOOK = "alice"


def add(engine, **fields):
    data = {"amount": "10.00", "occurred_at": "2026-11-03T12:00:00+08:00", "merchant": "便利店", **fields}
    return ledger.create(engine, BOOK, data, tz=TZ)


def test_a_record_carries_its_tags_and_an_edit_replaces_them(engine):
    record = add(engine, tags=["出差", "#报销", "出差"])
    assert record["tags"] == ["出差", "报销"]
    edited = ledger.update(engine, BOOK, record["id"], {"version": record["version"], "tags": ["旅行"]}, tz=TZ)
    assert (edited["tags"], edited["version"]) == (["旅行"], record["version"] + 1)
    assert ledger.get(engine, BOOK, record["id"])["tags"] == ["旅行"]
    assert add(engine)["tags"] == []


def test_the_list_filters_by_tag(engine):
    a = add(engine, tags=["出差"])
    add(engine, tags=["旅行"])
    page = ledger.list_records(engine, BOOK, {"tag": "出差"})
    assert [r["id"] for r in page["records"]] == [a["id"]] and page["totals"]["count"] == 1
    assert page["records"][0]["tags"] == ["出差"]


def test_a_batch_adds_and_removes_a_tag(engine):
    a, b = add(engine, tags=["出差"]), add(engine)
    answer = batch.apply(engine, BOOK, {"action": "add_tag", "ids": [a["id"], b["id"]], "tag": "出差"})
    assert answer["count"] == 2 and all(r["tags"] == ["出差"] for r in answer["records"])
    assert ledger.get(engine, BOOK, a["id"])["version"] == a["version"]  # it had the tag: unchanged
    batch.apply(engine, BOOK, {"action": "remove_tag", "ids": [a["id"], b["id"]], "tag": "出差"})
    assert ledger.get(engine, BOOK, a["id"])["tags"] == [] == ledger.get(engine, BOOK, b["id"])["tags"]


@pytest.mark.parametrize(
    "tags", ["出差", [""], ["两 个"], ["a,b"], ["x" * 17], [1], [f"t{i}" for i in range(11)]], ids=repr
)
def test_bad_tags_are_refused_and_change_nothing(engine, tags):
    record = add(engine, tags=["出差"])
    with pytest.raises(Invalid) as caught:
        ledger.update(engine, BOOK, record["id"], {"version": record["version"], "tags": tags}, tz=TZ)
    assert caught.value.fields == {"tags": "bad_tags"}
    with pytest.raises(Invalid):
        add(engine, tags=tags)
    assert ledger.get(engine, BOOK, record["id"]) == record


def test_a_batch_refuses_a_record_with_ten_tags_already(engine):
    full = add(engine, tags=[f"t{i}" for i in range(10)])
    other = add(engine)
    with pytest.raises(Invalid):
        batch.apply(engine, BOOK, {"action": "add_tag", "ids": [full["id"], other["id"]], "tag": "多"})
    assert ledger.get(engine, BOOK, other["id"])["tags"] == []


def test_a_lone_surrogate_is_not_a_tag(engine):
    with pytest.raises(Invalid):
        add(engine, tags=["\ud800"])
