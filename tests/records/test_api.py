"""The API handlers, called through the app's decorated functions with real HttpRequest objects."""

import json
import urllib.request

import pytest

from tests.conftest import http_request

ITEM = {"amount": "36.00", "occurred_at": "2026-11-03T12:34:56+08:00", "merchant": "全家", "category": "餐饮"}


@pytest.fixture
def call(app_env, app_functions):
    def call(name, method="GET", url="/api", *, lang="zh", **kwargs):
        headers = {"accept-language": "en-US,en" if lang == "en" else "zh-CN,zh", **kwargs.pop("headers", {})}
        response = app_functions[name](http_request(method, f"http://localhost{url}", headers=headers, **kwargs))
        body = response.get_body()
        return response.status_code, (json.loads(body) if body and response.mimetype == "application/json" else None)

    return call


def test_manual_entry_list_edit_delete_restore(call):
    status, record = call("create_record", "POST", "/api/records", body=ITEM)
    assert status == 201 and record["amount"] == "36.00"
    rid = str(record["id"])
    status, page = call("list_records", params={"q": "全家"})
    assert status == 200 and [r["id"] for r in page["records"]] == [record["id"]]
    status, edited = call("update_record", "PATCH", body={"memo": "午饭", "version": 1}, route_params={"id": rid})
    assert status == 200 and edited["memo"] == "午饭" and edited["version"] == 2
    status, body = call("update_record", "PATCH", body={"memo": "旧", "version": 1}, route_params={"id": rid})
    assert status == 409
    assert body["error"]["code"] == "conflict" and body["record"]["memo"] == "午饭"
    status, body = call("delete_record", "DELETE", route_params={"id": rid})
    assert status == 200 and body["record"]["deleted_at"]
    assert call("list_records")[1]["records"] == []
    status, body = call("restore_record", "POST", route_params={"id": rid})
    assert status == 200 and body["deleted_at"] is None
    assert call("get_record", route_params={"id": rid})[1]["memo"] == "午饭"


def test_errors_are_sentences_in_the_callers_language(call):
    status, body = call("create_record", "POST", body={**ITEM, "amount": "-1"}, lang="en")
    assert status == 422
    assert body["error"]["code"] == "invalid"
    assert body["error"]["message"] == "Some fields are not valid."
    assert "amount" in body["error"]["fields"]
    status, body = call("create_record", "POST", body={**ITEM, "amount": "-1"})
    assert body["error"]["message"] == "填写的内容有误"
    status, body = call(
        "create_upload", "POST", body={"filename": "a.png", "content_type": "image/png", "size": 11 << 20}
    )
    assert status == 413 and body["error"]["message"] == "图片不能超过 10 MB"


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[1,2]", b"\xff\xfe", json.dumps({"x": "y" * 300_000}).encode()],
)
def test_malformed_bodies_get_4xx_and_change_nothing(call, body):
    status, answer = call("create_record", "POST", body=body)
    assert 400 <= status < 500
    assert answer["error"]["code"] in ("bad_request", "invalid", "too_large")
    assert call("list_records")[1]["records"] == []


def test_missing_records_are_404(call):
    assert call("get_record", route_params={"id": "999"})[0] == 404
    assert call("restore_record", "POST", route_params={"id": "121874418755123806208"})[0] == 404
    assert call("get_draft", route_params={"id": "nope"})[0] == 404


def test_responses_with_private_data_are_not_cached(app_env, app_functions):
    response = app_functions["list_records"](http_request("GET", "http://localhost/api/records"))
    assert response.headers["Cache-Control"] == "no-store"


def test_easyauth_needs_principal_headers(call, monkeypatch):
    from settings import get_settings

    monkeypatch.setenv("AUTH_MODE", "easyauth")
    get_settings.cache_clear()
    status, body = call("list_records")
    assert status == 401 and body["error"]["code"] == "unauthorized"
    alice = {"x-ms-client-principal-id": "alice-id", "x-ms-client-principal-name": "alice@example.com"}
    status, record = call("create_record", "POST", body=ITEM, headers=alice)
    assert status == 201
    status, me = call("me", headers=alice)
    assert me == {
        "owner": "alice-id",
        "display_name": "alice@example.com",
        "auth_mode": "easyauth",
        "tz": "Asia/Shanghai",
    }
    bob = {"x-ms-client-principal-id": "bob-id"}
    assert call("list_records", headers=bob)[1]["records"] == []
    assert call("get_record", route_params={"id": str(record["id"])}, headers=bob)[0] == 404


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


def test_summary_counts_refunds_against_spending_and_ignores_transfers(call):
    for fields in (
        {**ITEM, "amount": "100.00", "occurred_at": "2026-11-03T09:00:00+08:00"},
        {**ITEM, "amount": "30.00", "direction": "refund", "occurred_at": "2026-11-03T10:00:00+08:00"},
        {**ITEM, "amount": "500.00", "direction": "transfer", "occurred_at": "2026-11-03T11:00:00+08:00"},
        {**ITEM, "amount": "8.00", "category": "交通", "occurred_at": "2026-11-02T11:00:00+08:00"},
        {**ITEM, "amount": "1000.00", "direction": "income", "category": "收入", "occurred_at": "2026-11-01T08:00:00"},
    ):
        assert call("create_record", "POST", body=fields)[0] == 201
    status, summary = call("get_summary", params={"date": "2026-11-03"})
    assert status == 200
    assert summary["month"] == {"expense": "78.00", "income": "1000.00", "count": 5}
    assert summary["today"]["expense"] == "70.00"
    assert summary["yesterday"]["expense"] == "8.00"
    assert [c["category"] for c in summary["top_categories"]] == ["餐饮", "交通"]
    assert call("get_summary", params={"date": "03/11/2026"})[0] == 400


def test_health_openapi_and_categories(call):
    status, health = call("health")
    assert status == 200 and health["checks"] == {"database": "ok", "storage": "ok"}
    status, cats = call("list_categories")
    assert "餐饮" in cats["categories"]
    status, spec = call("openapi")
    assert spec["openapi"].startswith("3.1")
    assert {"/api/uploads", "/api/drafts/{id}/confirm", "/api/records/{id}/restore"} <= set(spec["paths"])


def test_unknown_api_paths_answer_json_404(call):
    status, body = call("not_found", route_params={"rest": "nope"})
    assert status == 404 and body["error"]["code"] == "not_found"
