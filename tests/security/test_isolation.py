"""Two principals through every route: one owner never reaches another's drafts, images or records."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.security.conftest import GIF, ITEM, UPLOAD, put_blob, snapshot, table_counts, trigger

# Functions every signed-out caller may reach; everything else under /api needs a principal.
PUBLIC = {"health", "openapi", "not_found", "static_site", "on_upload"}
# Timer functions: the host calls them on a schedule, never over HTTP.
TIMERS = {"cleanup", "nightly_backup"}
# The routes of AUTH_MODE=accounts: with Easy Auth they say accounts are off (GET /api/setup names the mode).
ACCOUNTS = {
    "setup_state",
    "create_first_account",
    "sign_in",
    "sign_out",
    "list_sessions",
    "end_session",
    "change_password",
    "begin_totp",
    "confirm_totp",
    "disable_totp",
}


def blob_of(upload: dict) -> str:
    """The blob name an upload URL points at (inside the uploads container)."""
    path = urllib.parse.urlsplit(upload["upload_url"]).path
    return urllib.parse.unquote(path.split("/uploads/", 1)[1])


def failed_draft(api, app_functions, who: str) -> str:
    """A draft of `who` whose image is stored (a GIF sent as PNG), so it has an image URL; returns its id."""
    started = api("create_upload", "POST", "/api/uploads", who=who, body=UPLOAD)
    assert started.status == 201, started.body
    assert put_blob(started.body, GIF) == 201
    trigger(app_functions, blob_of(started.body))
    return started.body["draft_id"]


def test_every_api_function_answers_401_without_a_principal(easyauth, app_functions):
    names = sorted(set(app_functions) - PUBLIC - TIMERS - ACCOUNTS)
    assert {"create_upload", "confirm_draft", "list_records", "update_record", "restore_record"} <= set(names)
    for name in names:
        answer = easyauth(
            name,
            "POST",
            "/api/x",
            who=None,
            body={**ITEM, "items": [{"fields": ITEM}], "version": 1},
            params={"q": "x"},
            route_params={"id": "1", "rest": "x"},
        )
        assert (answer.status, answer.code) == (401, "unauthorized"), name
        assert answer.body["error"]["message"] == "Please sign in."
    assert all(count == 0 for count in table_counts().values())


def test_account_routes_say_accounts_are_off_behind_easy_auth(easyauth):
    body = {"username": "alice", "password": "x" * 12, "token": "t" * 20, "current": "a", "new": "b", "code": "1"}
    for name in sorted(ACCOUNTS - {"setup_state"}):
        answer = easyauth(name, "POST", "/api/x", body=body, route_params={"id": "x"})
        assert (answer.status, answer.code) == (404, "accounts_off"), name
    assert easyauth("setup_state", who=None).body == {"auth_mode": "easyauth", "setup_needed": False}
    assert all(count == 0 for count in table_counts().values())


def test_a_bill_import_asks_who_is_calling_before_reading_the_file(easyauth):
    answer = easyauth("create_import", "POST", "/api/imports", who=None, body=b"")
    assert (answer.status, answer.code) == (401, "unauthorized")


@pytest.mark.parametrize("bad", ["", "   ", "x" * 129])
def test_empty_or_overlong_principal_ids_are_not_signed_in(easyauth, bad):
    answer = easyauth("list_records", headers={"x-ms-client-principal-id": bad}, who=None)
    assert answer.status == 401


def test_health_and_the_api_description_need_no_principal(easyauth):
    assert easyauth("health", who=None).status == 200
    spec = easyauth("openapi", who=None)
    assert spec.status == 200 and "/api/records" in spec.body["paths"]


def test_bob_cannot_read_change_or_list_alices_records(easyauth):
    kept = easyauth("create_record", "POST", body={**ITEM, "memo": "alice 的午饭", "category": "私房钱"}).body
    gone = easyauth("create_record", "POST", body={**ITEM, "amount": "9.00"}).body
    assert easyauth("delete_record", "DELETE", route_params={"id": str(gone["id"])}).status == 200
    before = snapshot()
    for rid in (kept["id"], gone["id"]):
        route = {"id": str(rid)}
        assert easyauth("get_record", who="bob", route_params=route).status == 404
        assert (
            easyauth("update_record", "PATCH", who="bob", route_params=route, body={"memo": "x", "version": 1}).code
            == "not_found"
        )
        assert (
            easyauth("update_record", "PATCH", who="bob", route_params=route, body={"memo": "x", "version": 2}).status
            == 404
        )
        assert easyauth("delete_record", "DELETE", who="bob", route_params=route).status == 404
        assert easyauth("restore_record", "POST", who="bob", route_params=route).status == 404
    for params in ({}, {"q": "alice"}, {"category": "私房钱"}, {"direction": "expense"}, {"from": "2026-01-01"}):
        page = easyauth("list_records", who="bob", params=params)
        assert page.status == 200 and page.body["records"] == [], params
    summary = easyauth("get_summary", who="bob", params={"date": "2026-11-03"}).body
    assert summary["month"]["count"] == 0
    assert "私房钱" not in easyauth("list_categories", who="bob").body["categories"]
    assert snapshot() == before
    mine = easyauth("list_records").body["records"]
    assert [r["id"] for r in mine] == [kept["id"]]
    assert easyauth("restore_record", "POST", route_params={"id": str(gone["id"])}).status == 200


def test_bob_cannot_see_confirm_retry_or_discard_alices_drafts(easyauth, app_functions):
    draft_id = failed_draft(easyauth, app_functions, "alice")
    mine = easyauth("get_draft", route_params={"id": draft_id}).body
    assert mine["status"] == "failed" and mine["error"]["code"] == "unsupported_type"
    assert f"/uploads/alice/{draft_id}.png?" in mine["image_url"]
    before = snapshot()
    route = {"id": draft_id}
    for name, method, body in (
        ("get_draft", "GET", None),
        ("confirm_draft", "POST", {"items": [{"fields": ITEM}]}),
        ("retry_draft", "POST", None),
        ("discard_draft", "DELETE", None),
    ):
        answer = easyauth(name, method, who="bob", route_params=route, body=body)
        assert (answer.status, answer.code) == (404, "not_found"), name
        assert draft_id not in repr(answer.body)
    assert easyauth("list_drafts", who="bob").body == {"drafts": []}
    assert easyauth("list_records", who="bob").body["records"] == []
    assert snapshot() == before
    # Alice still has her draft and can fill it in by hand.
    saved = easyauth("confirm_draft", "POST", route_params=route, body={"items": [{"fields": ITEM}]})
    assert saved.status == 201


def test_image_urls_are_signed_for_the_owners_blob_only(easyauth, app_functions):
    alice_draft = failed_draft(easyauth, app_functions, "alice")
    bob_draft = failed_draft(easyauth, app_functions, "bob")
    alice_url = easyauth("get_draft", route_params={"id": alice_draft}).body["image_url"]
    bob_url = easyauth("get_draft", who="bob", route_params={"id": bob_draft}).body["image_url"]
    assert f"/uploads/bob/{bob_draft}.png?" in bob_url
    assert urllib.request.urlopen(bob_url).read() == GIF
    # Bob's signature, pointed at Alice's blob or at the container listing, opens nothing.
    stolen = bob_url.replace(f"/bob/{bob_draft}.png", f"/alice/{alice_draft}.png")
    listing = bob_url.split(f"/bob/{bob_draft}.png")[0] + "?restype=container&comp=list&" + bob_url.split("?", 1)[1]
    for url in (stolen, listing):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url)
        assert refused.value.code == 403
    assert alice_url != bob_url and "/bob/" not in alice_url
    listed = easyauth("list_drafts", who="bob").body["drafts"]
    assert [d["id"] for d in listed] == [bob_draft]


def test_owner_ids_differing_only_in_case_or_accents_are_different_people(easyauth):
    alice = easyauth("create_record", "POST", body={**ITEM, "memo": "alice"}).body
    for other in ("ALICE", "Alice", "alicé", "ålice"):
        answer = easyauth("list_records", who=other)
        assert answer.status == 200
        assert answer.body["records"] == [], f"{other!r} sees alice's records"
        assert easyauth("get_record", who=other, route_params={"id": str(alice["id"])}).status == 404, other


def test_a_principal_id_with_path_characters_stays_in_its_own_blob_folder(easyauth):
    started = easyauth("create_upload", "POST", who="../alice", body=UPLOAD)
    assert started.status == 201
    name = blob_of(started.body)
    folder = name.split("/")[0]
    assert folder.startswith("u-") and len(name.split("/")) == 2
    assert easyauth("list_drafts").body == {"drafts": []}
