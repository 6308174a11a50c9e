"""The draft routes: start an upload, PUT the bytes to Azurite, read the draft, confirm once."""

import urllib.request

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
