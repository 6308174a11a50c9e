"""What every handler shares: sentences in the caller's language, malformed bodies, no caching, the principal."""

import json

import pytest

from tests.security.conftest import encoded_principal, principal

NAME_ID = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier"
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
    monkeypatch.setenv("WEBSITE_AUTH_ENABLED", "True")
    get_settings.cache_clear()
    status, body = call("list_records")
    assert status == 401 and body["error"]["code"] == "unauthorized"
    alice = {**principal("alice-id"), "x-ms-client-principal-name": "alice@example.com"}
    status, record = call("create_record", "POST", body=ITEM, headers=alice)
    assert status == 201
    status, me = call("me", headers=alice)
    assert me == {
        "owner": "alice-id",
        "display_name": "alice@example.com",
        "auth_mode": "easyauth",
        "tz": "Asia/Shanghai",
        "books": [{"id": "alice-id", "name": "个人账本", "personal": True, "role": "owner", "members": 1}],
    }
    bob = principal("bob-id")
    assert call("list_records", headers=bob)[1]["records"] == []
    assert call("get_record", route_params={"id": str(record["id"])}, headers=bob)[0] == 404


def _locked_error():
    """A genuine 'database is locked' from SQLite, as SQLAlchemy raises it when another writer holds the lock."""
    import sqlite3
    import tempfile

    import sqlalchemy.exc

    path = tempfile.mktemp(suffix=".sqlite3")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        return sqlalchemy.exc.OperationalError("BEGIN IMMEDIATE", {}, exc)
    finally:
        other.close()
        holder.close()
    raise AssertionError("the second writer was not refused")


def test_a_request_that_lost_a_race_for_the_write_lock_is_run_again_and_writes_once(call, monkeypatch):
    from handlers import records as handler
    from handlers import responses
    from records import ledger

    real = ledger.create
    attempts = []

    def contended(*args, **kwargs):
        attempts.append(1)
        if len(attempts) <= 2:
            raise _locked_error()
        return real(*args, **kwargs)

    monkeypatch.setattr(handler.ledger, "create", contended)
    monkeypatch.setattr(responses, "CONTENTION_BACKOFF_SECONDS", 0)
    status, body = call("create_record", "POST", body=ITEM)
    assert status == 201 and len(attempts) == 3
    status, page = call("list_records")
    assert [r["merchant"] for r in page["records"]] == ["全家"]


def test_a_lock_that_never_frees_answers_busy_with_retry_after_not_unavailable(respond, monkeypatch):
    from handlers import records as handler
    from handlers import responses

    def always_locked(*args, **kwargs):
        raise _locked_error()

    monkeypatch.setattr(handler.ledger, "create", always_locked)
    monkeypatch.setattr(responses, "CONTENTION_BACKOFF_SECONDS", 0)
    answer = respond("create_record", "POST", body=ITEM)
    assert answer.status_code == 503
    assert json.loads(answer.get_body())["error"]["code"] == "database_busy"
    assert answer.headers["Retry-After"] == "3"


def test_easyauth_without_app_service_authentication_in_front_refuses_every_request(call, monkeypatch, caplog):
    from handlers import responses
    from settings import get_settings

    monkeypatch.setenv("AUTH_MODE", "easyauth")
    monkeypatch.delenv("WEBSITE_AUTH_ENABLED", raising=False)
    monkeypatch.setattr(responses, "_warned_unprotected", False)
    get_settings.cache_clear()
    for name, method in (("list_records", "GET"), ("me", "GET"), ("create_record", "POST")):
        status, body = call(name, method, body=ITEM if method == "POST" else None, headers=principal("alice-id"))
        assert (status, body["error"]["code"]) == (503, "auth_not_configured"), name
        assert body["error"]["message"] == "登录服务没有开启，应用暂不可用"
    said = [r.getMessage() for r in caplog.records if "WEBSITE_AUTH_ENABLED" in r.getMessage()]
    assert len(said) == 1  # one clear line, not one per request


@pytest.mark.parametrize(
    "encoded",
    [
        "",
        "not base64!",
        "bm90IGpzb24=",  # "not json"
        "WzEsMl0=",  # [1,2]
        "eyJhdXRoX3R5cCI6ImFhZCJ9",  # {"auth_typ": "aad"} without claims
        encoded_principal("mallory-id"),  # claims of someone else than the id header
        encoded_principal("alice-id", claims=[{"typ": 1, "val": "x"}]),
        encoded_principal("alice-id", claims=[{"typ": "name", "val": "alice-id"}]),  # no id claim to check against
        encoded_principal("alice-id", claims=[{"typ": NAME_ID, "val": "mallory-id"}]),  # another provider's someone
    ],
)
def test_easyauth_principal_headers_of_the_wrong_shape_are_not_a_person(call, monkeypatch, encoded):
    from settings import get_settings

    monkeypatch.setenv("AUTH_MODE", "easyauth")
    monkeypatch.setenv("WEBSITE_AUTH_ENABLED", "True")
    get_settings.cache_clear()
    headers = {"x-ms-client-principal-id": "alice-id", "x-ms-client-principal": encoded}
    status, body = call("list_records", headers=headers)
    assert (status, body["error"]["code"]) == (401, "unauthorized")


def test_easyauth_takes_a_principal_of_another_provider_by_its_name_identifier(call, monkeypatch):
    from settings import get_settings

    monkeypatch.setenv("AUTH_MODE", "easyauth")
    monkeypatch.setenv("WEBSITE_AUTH_ENABLED", "True")
    get_settings.cache_clear()
    # Google or GitHub through Easy Auth: no object id; X-MS-CLIENT-PRINCIPAL-ID is the name identifier.
    claims = [{"typ": NAME_ID, "val": "1049551"}, {"typ": "name", "val": "Li Lei"}]
    encoded = encoded_principal("1049551", auth_typ="google", claims=claims)
    headers = {"x-ms-client-principal-id": "1049551", "x-ms-client-principal": encoded}

    status, me = call("me", headers=headers)

    assert status == 200 and me["owner"] == "1049551"
