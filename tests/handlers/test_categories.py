"""The category routes as the Functions host calls them: an editor adds, renames, merges, hides and reorders the
book's categories; a viewer reads them and is refused edits; every refusal is a sentence in 简体中文 or English."""

from __future__ import annotations

from records import accounts
from records.db import get_engine
from tests.security.conftest import accounts_mode  # noqa: F401 - the fixture, signed-in browsers

RECORD = {"amount": "3.00", "occurred_at": "2026-11-03T12:00:00+08:00", "category": "日用"}


def test_an_editor_adds_renames_merges_hides_and_reorders(call):
    status, listing = call("add_category", "POST", body={"name": "宠物", "icon": "🐱", "colour": "#336699"})
    assert status == 200 and "宠物" in listing["categories"]
    status, listing = call("add_category", "POST", body={"name": "猫粮", "parent": "宠物"})
    assert listing["categories"][listing["categories"].index("宠物") + 1] == "猫粮"
    status, record = call("create_record", "POST", body={**RECORD, "category": "猫粮"})
    status, listing = call("update_category", "PATCH", route_params={"key": "猫粮"}, body={"name": "猫咪口粮"})
    assert status == 200 and "猫咪口粮" in listing["categories"]
    assert call("get_record", route_params={"id": str(record["id"])})[1]["category"] == "猫咪口粮"
    status, listing = call("merge_category", "POST", route_params={"key": "猫咪口粮"}, body={"into": "宠物"})
    assert "猫咪口粮" not in listing["order"]
    assert call("get_record", route_params={"id": str(record["id"])})[1]["category"] == "宠物"
    status, listing = call("remove_category", "DELETE", route_params={"key": "教育"})
    assert "教育" not in listing["categories"]
    status, listing = call("order_categories", "PUT", body={"order": ["宠物"]})
    assert call("list_categories")[1]["categories"][0] == "宠物"


def test_refusals_are_sentences_in_the_readers_language_and_change_nothing(call, respond):
    before = call("list_categories")[1]
    status, body = call("add_category", "POST", body={"name": "餐饮"})
    assert status == 409 and body["error"]["message"].startswith("已经有同名的分类")
    answer = respond("add_category", "POST", body={"name": ""}, lang="en")
    assert answer.status_code == 422 and b"A category's name is 1 to 16 characters" in answer.get_body()
    status, body = call("update_category", "PATCH", route_params={"key": "没有"}, body={"icon": "x"})
    assert status == 404 and body["error"]["code"] == "no_such_category"
    status, body = call("merge_category", "POST", route_params={"key": "餐饮"}, body=b"[")
    assert status == 400
    status, body = call("order_categories", "PUT", body={"order": "餐饮"})
    assert status == 422 and body["error"]["code"] == "bad_category_order"
    assert call("list_categories")[1] == before


def test_a_viewer_reads_the_books_categories_but_cannot_change_them(accounts_mode):  # noqa: F811
    accounts.create(get_engine(), "mum", "correct horse battery")
    accounts.create(get_engine(), "dad", "correct horse battery")
    mum, dad = accounts_mode(), accounts_mode(address="192.168.1.21")
    assert mum.sign_in("mum", "correct horse battery").status == 200
    assert dad.sign_in("dad", "correct horse battery").status == 200
    book = mum("create_book", "POST", "/api/books", body={"name": "家"}).body
    token = mum("create_invite", "POST", route_params={"id": book["id"]}, body={"role": "viewer"}).body["token"]
    assert dad("accept_invite", "POST", route_params={"token": token}).status == 200
    assert mum("add_category", "POST", params={"book": book["id"]}, body={"name": "宠物"}).status == 200
    assert "宠物" in dad("list_categories", params={"book": book["id"]}).body["categories"]
    refused = dad("add_category", "POST", params={"book": book["id"]}, body={"name": "玩具"})
    assert refused.status == 403 and refused.code == "book_read_only"
    assert "玩具" not in mum("list_categories", params={"book": book["id"]}).body["order"]
    assert "宠物" not in mum("list_categories").body["categories"]  # the personal book has its own list


def encoded(name: str) -> str:
    """A category key as the page writes it in the path: '~' and the base64url of its UTF-8."""
    import base64

    return "~" + base64.urlsafe_b64encode(name.encode()).decode().rstrip("=")


def test_names_with_a_slash_or_a_percent_from_old_imports_are_edited_through_their_encoded_key(call):
    _, slash = call("create_record", "POST", body={**RECORD, "category": "外卖/夜宵"})
    _, percent = call("create_record", "POST", body={**RECORD, "category": "50%折扣"})
    assert {"外卖/夜宵", "50%折扣"} <= set(call("list_categories")[1]["categories"])
    status, listing = call(
        "update_category", "PATCH", route_params={"key": encoded("外卖/夜宵")}, body={"name": "夜宵"}
    )
    assert status == 200 and "夜宵" in listing["categories"] and "外卖/夜宵" not in listing["order"]
    assert call("get_record", route_params={"id": str(slash["id"])})[1]["category"] == "夜宵"
    status, listing = call("merge_category", "POST", route_params={"key": encoded("50%折扣")}, body={"into": "购物"})
    assert status == 200 and "50%折扣" not in listing["order"]
    assert call("get_record", route_params={"id": str(percent["id"])})[1]["category"] == "购物"
    status, listing = call("remove_category", "DELETE", route_params={"key": encoded("夜宵")})
    assert status == 200 and "夜宵" not in listing["categories"]  # in use: hidden, not gone
    # A name that merely starts with '~' is still found as written; an unknown key is a sentence, not a 500.
    call("create_record", "POST", body={**RECORD, "category": "~旧"})
    assert call("update_category", "PATCH", route_params={"key": "~旧"}, body={"icon": "🍜"})[0] == 200
    status, body = call("update_category", "PATCH", route_params={"key": encoded("没有/这个")}, body={"icon": "x"})
    assert status == 404 and body["error"]["code"] == "no_such_category"
