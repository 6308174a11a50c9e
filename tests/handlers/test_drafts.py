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


def test_a_fully_discounted_payment_waits_for_an_amount_typed_by_hand_or_a_discard(call, app_env):
    from recognize import Extraction, Item

    # What the engine reads from a ¥0.00 page: everything but the amount, which it leaves blank and says why.
    read = {"direction": "expense", "merchant": "罗森", "platform": "云闪付", "payment_method": "农业银行储蓄卡(2468)"}

    def recognize_fn(data, *, now, settings, **_):
        scores = {"amount": 0.0, "direction": 0.74, "merchant": 0.55, "platform": 0.9, "payment_method": 0.95}
        item = Item(fields={"amount": None, **read}, confidence=scores, reasons={"amount": "fully_discounted"})
        return Extraction(items=[item.explain()], engine="ocr")

    for typed in (True, False):
        body = {"filename": "IMG_0002.PNG", "content_type": "image/png", "size": 70}
        _, started = call("create_upload", "POST", body=body)
        put = urllib.request.Request(
            started["upload_url"], data=b"\x89PNG\r\n\x1a\n" + b"\0" * 62, method="PUT", headers=started["headers"]
        )
        assert urllib.request.urlopen(put).status == 201
        blob = started["upload_url"].split("/uploads/", 1)[1].split("?", 1)[0]
        assert drafts.on_blob(get_engine(), app_env, blob, recognize_fn=recognize_fn).startswith("ready")
        route = {"id": started["draft_id"]}

        status, draft = call("get_draft", route_params=route)
        assert status == 200 and draft["status"] == "ready"
        [item] = draft["items"]
        assert item["fields"]["amount"] is None and item["fields"]["merchant"] == "罗森"
        assert item["reasons"]["amount"] == "fully_discounted"

        # Confirmed as read, the blank amount is refused with a reason, and the draft stays to be fixed.
        fields = {**item["fields"], "occurred_at": "2026-11-03T12:34:56+08:00"}
        status, refused = call("confirm_draft", "POST", body={"items": [{"fields": fields}]}, route_params=route)
        assert 400 <= status < 500 and refused["error"]["code"]
        assert call("get_draft", route_params=route)[1]["status"] == "ready"
        if typed:
            fields["amount"] = "22.95"
            status, saved = call("confirm_draft", "POST", body={"items": [{"fields": fields}]}, route_params=route)
            assert status == 201 and saved["records"][0]["amount"] == "22.95"
        else:
            assert call("discard_draft", "DELETE", route_params=route)[0] in (200, 204)
            assert call("get_draft", route_params=route)[1]["status"] == "discarded"
