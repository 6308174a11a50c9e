"""The draft routes: start an upload, PUT the bytes to Azurite, read the draft, confirm once."""

import urllib.request

from records import drafts
from records.db import get_engine
from tests.fixtures.einvoices import pdf

ITEM = {"amount": "36.00", "occurred_at": "2026-11-03T12:34:56+08:00", "merchant": "全家", "category": "餐饮"}


def test_upload_then_confirm_through_handlers(call, app_env):
    status, started = call(
        "create_upload", "POST", body={"filename": "IMG_0001.PNG", "content_type": "image/png", "size": 70}
    )
    assert status == 201
    assert started["headers"] == {"x-ms-blob-type": "BlockBlob", "content-type": "image/png"}
    data = b"\x89PNG\r\n\x1a\n" + b"\0" * 62
    put = urllib.request.Request(started["upload_url"], data=data, method="PUT", headers=started["headers"])
    assert urllib.request.urlopen(put).status == 201
    draft_id = started["draft_id"]
    status, draft = call("get_draft", route_params={"id": draft_id})
    assert draft["status"] == "awaiting_upload"
    status, drafts = call("list_drafts")
    assert [d["id"] for d in drafts["drafts"]] == [draft_id]
    status, saved = call("confirm_draft", "POST", body={"items": [{"fields": ITEM}]}, route_params={"id": draft_id})
    assert status == 201 and saved["records"][0]["merchant"] == "全家"
    status, again = call("confirm_draft", "POST", body={"items": [{"fields": ITEM}]}, route_params={"id": draft_id})
    assert status == 200 and again == saved
    assert call("discard_draft", "DELETE", route_params={"id": draft_id})[0] == 409


def test_a_drafts_json_says_why_each_marked_field_is_marked(call, app_env):
    data = pdf()  # an e-invoice: its category is guessed from the seller's and the goods' words
    body = {"filename": "发票.pdf", "content_type": "application/pdf", "size": len(data)}
    _, started = call("create_upload", "POST", body=body)
    put = urllib.request.Request(started["upload_url"], data=data, method="PUT", headers=started["headers"])
    assert urllib.request.urlopen(put).status == 201
    blob = started["upload_url"].split("/uploads/", 1)[1].split("?", 1)[0]
    assert drafts.on_blob(get_engine(), app_env, blob).startswith("ready")

    status, draft = call("get_draft", route_params={"id": started["draft_id"]})

    assert status == 200
    [item] = draft["items"]
    assert item["reasons"]["category"] == "guessed"
    assert "amount" not in item["reasons"] and item["confidence"]["amount"] >= 0.6
    marked = {name for name, score in item["confidence"].items() if score < 0.6 and item["fields"].get(name)}
    assert set(item["reasons"]) >= marked
