"""A book's own category list on a real SQLite file and MariaDB: add with a parent, icon and colour, rename and
merge carrying records, budgets and learned rules, hide a default, reorder; every bad edit changes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from records import category_admin, ledger
from records.categories import categories_of, named_categories
from records.errors import CategoryError, NotFound
from records.learning import learn, learned_category
from records.reports import budgets, stats, summary
from records.schema import budgets as budget_table

TZ = "Asia/Shanghai"
BOOK = "alice"
TODAY = date(2026, 11, 20)


def add_record(engine, **fields):
    data = {"amount": "10.00", "occurred_at": "2026-11-03T12:00:00+08:00", "merchant": "宠物店", **fields}
    return ledger.create(engine, BOOK, data, tz=TZ)


def budget_of(engine, category):
    with engine.connect() as conn:
        return conn.execute(
            sa.select(budget_table.c.amount).where(budget_table.c.owner == BOOK, budget_table.c.category == category)
        ).scalar()


def test_a_category_with_a_sub_category_an_icon_and_a_colour_is_offered_after_its_parent(engine):
    category_admin.add(engine, BOOK, {"name": "宠物", "icon": "🐱", "colour": "#E4572E"})
    listing = category_admin.add(engine, BOOK, {"name": "猫粮", "parent": "宠物"})
    keys = listing["categories"]
    assert keys.index("猫粮") == keys.index("宠物") + 1
    names = {entry["key"]: entry for entry in listing["names"]}
    assert (names["宠物"]["icon"], names["宠物"]["colour"], names["宠物"]["parent"]) == ("🐱", "#e4572e", None)
    assert (names["猫粮"]["icon"], names["猫粮"]["parent"]) == (None, "宠物")  # the page shows its first character
    assert "餐饮" in keys and categories_of(engine, BOOK) == keys
    assert named_categories(engine, "bob")["categories"] == categories_of(engine, "bob")  # another book: defaults


def test_renaming_carries_records_budgets_and_learned_rules_along(engine):
    record = add_record(engine, category="餐饮")
    budgets.put(engine, BOOK, {"budgets": [{"category": "餐饮", "amount": "800.00"}]}, TODAY)
    with engine.begin() as conn:
        learn(conn, BOOK, "宠物店", "餐饮")
    listing = category_admin.update(engine, BOOK, "餐饮", {"name": "吃饭"})
    assert "吃饭" in listing["categories"] and "餐饮" not in listing["order"]
    after = ledger.get(engine, BOOK, record["id"])
    assert (after["category"], after["version"]) == ("吃饭", record["version"] + 1)
    assert budget_of(engine, "吃饭") == Decimal("800.00") and budget_of(engine, "餐饮") is None
    with engine.connect() as conn:
        assert learned_category(conn, BOOK, "宠物店") == "吃饭"


def test_merging_moves_everything_into_the_other_and_the_first_disappears(engine):
    category_admin.add(engine, BOOK, {"name": "宠物"})
    category_admin.add(engine, BOOK, {"name": "猫粮", "parent": "宠物"})
    a = add_record(engine, category="宠物")
    budgets.put(
        engine,
        BOOK,
        {"budgets": [{"category": "宠物", "amount": "100.00"}, {"category": "日用", "amount": "50.00"}]},
        TODAY,
    )
    listing = category_admin.merge(engine, BOOK, "宠物", {"into": "日用"})
    assert "宠物" not in listing["order"]
    assert {e["key"]: e["parent"] for e in listing["names"]}["猫粮"] == "日用"
    assert ledger.get(engine, BOOK, a["id"])["category"] == "日用"
    assert budget_of(engine, "日用") == Decimal("150.00") and budget_of(engine, "宠物") is None


def test_hiding_a_default_takes_it_out_of_the_offer_and_showing_brings_it_back(engine):
    listing = category_admin.remove(engine, BOOK, "教育")
    assert "教育" not in listing["categories"] and [e["key"] for e in listing["hidden"]] == ["教育"]
    listing = category_admin.update(engine, BOOK, "教育", {"hidden": False})
    assert "教育" in listing["categories"]
    category_admin.add(engine, BOOK, {"name": "宠物"})
    assert "宠物" not in category_admin.remove(engine, BOOK, "宠物")["order"]  # unused own category: gone


def test_reordering_puts_the_named_ones_first(engine):
    listing = category_admin.reorder(engine, BOOK, {"order": ["其他", "交通"]})
    assert listing["categories"][:3] == ["其他", "交通", "餐饮"]


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda e: category_admin.add(e, BOOK, {"name": ""}), "bad_category_name"),
        (lambda e: category_admin.add(e, BOOK, {"name": "一二三四五六七八九十一二三四五六七"}), "bad_category_name"),
        (lambda e: category_admin.add(e, BOOK, {"name": "a/b"}), "bad_category_name"),
        (lambda e: category_admin.add(e, BOOK, {"name": "\ud800"}), "bad_category_name"),
        (lambda e: category_admin.add(e, BOOK, {"name": 5}), "bad_category_name"),
        (lambda e: category_admin.add(e, BOOK, None), "bad_request"),
        (lambda e: category_admin.add(e, BOOK, {"name": "未分类"}), "bad_category_name"),
        (lambda e: category_admin.add(e, BOOK, {"name": "餐饮"}), "category_exists"),
        (lambda e: category_admin.add(e, BOOK, {"name": "宠物", "parent": "没有"}), "bad_category_parent"),
        (lambda e: category_admin.add(e, BOOK, {"name": "宠物", "colour": "red"}), "bad_category_colour"),
        (lambda e: category_admin.add(e, BOOK, {"name": "宠物", "icon": "x" * 9}), "bad_category_icon"),
        (lambda e: category_admin.add(e, BOOK, {"name": "宠物", "what": 1}), "bad_request"),
        (lambda e: category_admin.update(e, BOOK, "餐饮", {"name": "交通"}), "category_exists"),
        (lambda e: category_admin.update(e, BOOK, "餐饮", {"parent": "餐饮"}), "bad_category_parent"),
        (lambda e: category_admin.merge(e, BOOK, "餐饮", {"into": "餐饮"}), "bad_category_merge"),
        (lambda e: category_admin.merge(e, BOOK, "餐饮", {"into": "没有"}), "bad_category_merge"),
        (lambda e: category_admin.reorder(e, BOOK, {"order": ["餐饮", "餐饮"]}), "bad_category_order"),
        (lambda e: category_admin.reorder(e, BOOK, {"order": ["没有"]}), "bad_category_order"),
    ],
)
def test_bad_edits_are_refused_and_change_nothing(engine, call, code):
    before = named_categories(engine, BOOK)
    with pytest.raises(CategoryError) as caught:
        call(engine)
    assert caught.value.code == code
    assert named_categories(engine, BOOK) == before


def test_a_sub_category_cannot_have_its_own_and_a_parent_cannot_be_removed(engine):
    category_admin.add(engine, BOOK, {"name": "宠物"})
    category_admin.add(engine, BOOK, {"name": "猫粮", "parent": "宠物"})
    with pytest.raises(CategoryError):
        category_admin.add(engine, BOOK, {"name": "罐头", "parent": "猫粮"})
    with pytest.raises(CategoryError):
        category_admin.update(engine, BOOK, "宠物", {"parent": "餐饮"})
    with pytest.raises(CategoryError) as caught:
        category_admin.remove(engine, BOOK, "宠物")
    assert caught.value.status == 409
    with pytest.raises(NotFound):
        category_admin.update(engine, BOOK, "没有", {"icon": "x"})


def test_a_book_holds_at_most_200_categories(engine):
    for i in range(category_admin.MAX_CATEGORIES - len(categories_of(engine, BOOK))):
        category_admin.add(engine, BOOK, {"name": f"c{i}"})
    with pytest.raises(CategoryError) as caught:
        category_admin.add(engine, BOOK, {"name": "one more"})
    assert caught.value.code == "too_many_categories"


def test_statistics_budgets_and_the_list_count_a_sub_category_in_its_parent(engine):
    category_admin.add(engine, BOOK, {"name": "宠物"})
    category_admin.add(engine, BOOK, {"name": "猫粮", "parent": "宠物"})
    add_record(engine, category="猫粮", amount="30.00")
    add_record(engine, category="宠物", amount="5.00")
    add_record(engine, category="餐饮", amount="20.00")
    budgets.put(engine, BOOK, {"budgets": [{"category": "宠物", "amount": "100.00"}]}, TODAY)
    document = stats.stats(engine, BOOK, date(2026, 11, 1), date(2026, 11, 30), today=TODAY)
    assert [(c["name"], c["amount"]) for c in document["by_category"]] == [("宠物", "35.00"), ("餐饮", "20.00")]
    assert [(c["name"], c["amount"]) for c in document["by_subcategory"]] == [("猫粮", "30.00")]
    with engine.connect() as conn:
        top = summary.top_categories(conn, BOOK, date(2026, 11, 1), date(2026, 11, 30))
    assert [(c["category"], c["amount"]) for c in top] == [("宠物", "35.00"), ("餐饮", "20.00")]
    pet = {b["category"]: b for b in document["budgets"]["budgets"]}["宠物"]
    assert pet["spent"] == "35.00"
    listed = ledger.list_records(engine, BOOK, {"category": "宠物"})["records"]
    assert sorted(r["category"] for r in listed) == ["宠物", "猫粮"]
