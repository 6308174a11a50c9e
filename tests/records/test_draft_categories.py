"""A draft never offers a category the book it is confirmed into hides (records.category_admin `hidden`)."""

import dataclasses

import pytest

from recognize import Extraction, Item
from recognize.models import DOUBTFUL
from records import category_admin, drafts, learning, storage
from tests.records.test_drafts import ITEM, PNG, upload


@pytest.fixture
def settings(db_settings, azurite):
    """Settings with a real Azurite behind the upload URLs (as tests/records/test_drafts.py)."""
    from devhost.azurite import provision

    storage.reset_service()
    provision(azurite.connection, "uploads", ["http://localhost:7071"])
    yield dataclasses.replace(db_settings, storage_connection=azurite.connection, uploads_container="uploads")
    storage.reset_service()


def recognized(engine, settings, *, category="交通", reason=None, owner="alice", data=b"", **values):
    """A ready draft of `owner` whose one item's category is `category` (a guess when `reason` is 'guessed')."""
    started = upload(engine, settings, owner=owner, data=PNG + data)

    def recognize_fn(_data, *, now, settings, **_):
        item = Item(
            fields={**ITEM, **values, "category": category},
            confidence={"amount": 0.99, "category": 0.5 if reason else 0.9},
            reasons={"category": reason} if reason else {},
        )
        return Extraction(items=[item], engine="ocr")

    drafts.on_blob(engine, settings, f"{owner}/{started['draft_id']}.png", recognize_fn=recognize_fn)
    return started["draft_id"]


def offered(engine, settings, draft_id, owner="alice", book=None):
    item = drafts.get(engine, settings, owner, draft_id, book=book)["items"][0]
    return item["fields"]["category"], item["confidence"].get("category"), item["reasons"].get("category")


def test_a_draft_read_before_its_category_was_hidden_offers_the_fallback_guess(engine, settings):
    draft_id = recognized(engine, settings, category="交通")
    assert offered(engine, settings, draft_id) == ("交通", 0.9, None)
    category_admin.update(engine, "alice", "交通", {"hidden": True})
    category, confidence, reason = offered(engine, settings, draft_id)
    assert (category, reason) == ("其他", "guessed") and confidence < DOUBTFUL  # marked 请核对
    assert [d["items"][0]["fields"]["category"] for d in drafts.list_open(engine, settings, "alice")] == ["其他"]
    category_admin.update(engine, "alice", "交通", {"hidden": False})  # shown again: the draft offers it again
    assert offered(engine, settings, draft_id) == ("交通", 0.9, None)


def test_a_category_under_a_hidden_parent_or_with_其他_hidden_too_is_not_offered(engine, settings):
    category_admin.add(engine, "alice", {"name": "打车", "parent": "交通"})
    taxi = recognized(engine, settings, category="打车")
    category_admin.update(engine, "alice", "交通", {"hidden": True})
    assert offered(engine, settings, taxi)[0] == "其他"
    category_admin.remove(engine, "alice", "其他")  # a default: removing hides it
    category, confidence, reason = offered(engine, settings, taxi)
    assert (category, reason) == (None, None) and confidence < DOUBTFUL  # left blank for the person


def test_a_category_hidden_in_the_shared_book_is_not_offered_there(engine, settings):
    draft_id = recognized(engine, settings, category="交通")
    category_admin.update(engine, "family-book", "交通", {"hidden": True})
    assert offered(engine, settings, draft_id)[0] == "交通"  # alice's own book still shows 交通
    category, confidence, reason = offered(engine, settings, draft_id, book="family-book")
    assert (category, reason) == ("其他", "guessed") and confidence < DOUBTFUL


def test_a_learned_rule_pointing_at_a_hidden_category_is_not_applied(engine, settings):
    with engine.begin() as conn:
        learning.learn(conn, "alice", "瑞幸咖啡", "娱乐")
        learning.learn(conn, "family-book", "瑞幸咖啡", "娱乐")
    category_admin.update(engine, "alice", "娱乐", {"hidden": True})
    category_admin.update(engine, "family-book", "娱乐", {"hidden": True})
    draft_id = recognized(engine, settings, category="餐饮", reason="guessed", merchant="瑞幸咖啡")
    assert offered(engine, settings, draft_id) == ("餐饮", 0.5, "guessed")  # the recognizer's own guess
    assert offered(engine, settings, draft_id, book="family-book") == ("餐饮", 0.5, "guessed")
    category_admin.update(engine, "alice", "娱乐", {"hidden": False})
    later = recognized(engine, settings, category="餐饮", reason="guessed", merchant="瑞幸咖啡", data=b"2")
    assert offered(engine, settings, later) == ("娱乐", learning.LEARNED_CONFIDENCE, None)


def test_a_person_may_still_file_under_a_hidden_category_they_pick(engine, settings):
    draft_id = recognized(engine, settings, category="交通")
    category_admin.update(engine, "alice", "交通", {"hidden": True})
    [record], created = drafts.confirm(engine, settings, "alice", draft_id, {"items": [{**ITEM, "category": "交通"}]})
    assert created and record["category"] == "交通"


def test_keeping_the_fallback_for_a_hidden_category_teaches_nothing(engine, settings):
    draft_id = recognized(engine, settings, category="交通", merchant="滴滴出行")
    category_admin.update(engine, "alice", "交通", {"hidden": True})
    fields = drafts.get(engine, settings, "alice", draft_id)["items"][0]["fields"]
    drafts.confirm(engine, settings, "alice", draft_id, {"items": [{"fields": fields}]})
    with engine.connect() as conn:
        assert learning.learned_category(conn, "alice", "滴滴出行") is None
