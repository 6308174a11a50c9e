"""What every handler shares: sentences in the caller's language, malformed bodies, no caching, the principal."""

import json

import pytest

ITEM = {"amount": "36.00", "occurred_at": "2026-11-03T12:34:56+08:00", "merchant": "全家", "category": "餐饮"}


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


def test_responses_with_private_data_are_not_cached(respond):
    response = respond("list_records", url="/api/records")
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
