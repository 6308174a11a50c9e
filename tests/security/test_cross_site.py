"""Another site's page cannot write to the ledger, and a DNS-rebound host name gets nothing.

Browsers send `text/plain` and form bodies cross-site without asking first, and send Origin / Sec-Fetch-Site
with every cross-origin write; the app refuses those on every state-changing route, and answers only to the
host names it was given (ALLOWED_HOSTS, plus loopback).
"""

from __future__ import annotations

import re

import pytest

from tests.security.conftest import ITEM, UPLOAD, Api, snapshot

WRITES = [
    ("create_record", "POST", {}, ITEM),
    ("create_upload", "POST", {}, UPLOAD),
    ("update_record", "PATCH", {"id": "1"}, {"version": 1, "fields": {"memo": "x"}}),
    ("delete_record", "DELETE", {"id": "1"}, None),
    ("restore_record", "POST", {"id": "1"}, None),
    ("put_budgets", "PUT", {}, {"month": None, "budgets": [{"category": None, "amount": "100"}]}),
    ("confirm_draft", "POST", {"id": "d"}, {"items": [{"fields": ITEM}]}),
    ("retry_draft", "POST", {"id": "d"}, None),
    ("discard_draft", "DELETE", {"id": "d"}, None),
    ("create_import", "POST", {}, b"x"),
    ("commit_import", "POST", {"import_id": "i"}, None),
    ("put_beancount_accounts", "PUT", {}, {"methods": {"零钱": "Assets:WeChat:Wallet"}}),
]
ORIGIN = "http://localhost:7071"
READS = [
    "list_records",
    "get_summary",
    "get_stats",
    "get_budgets",
    "list_drafts",
    "me",
    "export_records",
    "get_beancount_accounts",
]


@pytest.fixture
def local(app_env, app_functions, monkeypatch):
    """The embedded default (single-user), answering to localhost and to the LAN name it was given."""
    from settings import get_settings

    monkeypatch.setenv("ALLOWED_HOSTS", "ledger.home.arpa")
    monkeypatch.setenv("UPLOAD_RATE_PER_MINUTE", "1000")
    get_settings.cache_clear()
    api = Api(app_functions)
    assert api("create_record", "POST", body=ITEM, who=None).status == 201
    return api


def attempt(api, function, method, params, body, headers, **extra):
    return api(function, method, route_params=params, body=body, headers=headers, who=None, **extra)


REFUSED = [
    ({"content-type": "text/plain", "origin": ORIGIN, "host": "localhost:7071"}, 415, "json_required"),
    ({"content-type": "application/x-www-form-urlencoded"}, 415, "json_required"),
    ({"origin": "https://evil.example", "host": "localhost:7071"}, 403, "foreign_origin"),
    ({"origin": "null", "host": "localhost:7071"}, 403, "foreign_origin"),
    ({"origin": "http://localhost:8080", "host": "localhost:7071"}, 403, "foreign_origin"),
    ({"sec-fetch-site": "cross-site", "host": "localhost:7071"}, 403, "foreign_origin"),
    ({"host": "evil.example:7071"}, 421, "unknown_host"),
]


@pytest.mark.parametrize(("function", "method", "params", "body"), WRITES)
@pytest.mark.parametrize(("headers", "status", "code"), REFUSED)
def test_cross_site_and_foreign_host_writes_are_refused_with_a_sentence_and_change_nothing(
    local, function, method, params, body, headers, status, code
):
    before = snapshot()

    answer = attempt(local, function, method, params, body, headers)
    zh = attempt(local, function, method, params, body, headers, lang="zh-CN")

    assert (answer.status, answer.code) == (status, code), answer.body
    assert answer.body["error"]["message"] != zh.body["error"]["message"]
    assert snapshot() == before


@pytest.mark.parametrize("function", READS)
def test_a_dns_rebound_host_reads_nothing(local, function):
    answer = local(function, headers={"host": "evil.example:7071"}, who=None)
    assert (answer.status, answer.code) == (421, "unknown_host")
    assert "ALLOWED_HOSTS" in answer.body["error"]["message"]


@pytest.mark.parametrize("host", ["localhost:7071", "127.0.0.1:7071", "[::1]:7071", "LEDGER.home.arpa:7071"])
def test_the_pages_own_requests_are_served_on_every_allowed_host(local, host):
    origin = f"http://{host.lower()}"
    same_site = {"origin": origin, "host": host.lower(), "sec-fetch-site": "same-origin"}

    created = local("create_record", "POST", body={**ITEM, "amount": "1.00"}, headers=same_site, who=None)
    listed = local("list_records", headers={"host": host}, who=None)

    assert created.status == 201, created.body
    assert listed.status == 200 and len(listed.body["records"]) == 2


def test_a_client_that_is_not_a_browser_still_writes_json(local):
    # curl and scripts send no Origin; JSON bodies cannot be sent cross-site without a preflight.
    answer = local("create_record", "POST", body={**ITEM, "amount": "2.00"}, who=None)
    assert answer.status == 201


def state_changing_routes(app_function_metadata) -> list[tuple[str, str, list[str]]]:
    """(function, method, route parameter names) of every POST, PUT, PATCH and DELETE the app registers."""
    found = []
    for fn in app_function_metadata:
        for binding in fn.get_bindings():
            trigger = binding.get_dict_repr()
            if trigger.get("type") != "httpTrigger":
                continue
            for method in trigger["methods"]:
                verb = str(getattr(method, "value", method)).upper()
                # `not_found` answers every unknown /api path 404 whatever is sent: it changes nothing.
                if verb in {"POST", "PUT", "PATCH", "DELETE"} and fn.get_function_name() != "not_found":
                    found.append((fn.get_function_name(), verb, re.findall(r"{\*?(\w+)", trigger["route"])))
    return found


def test_every_state_changing_route_the_app_registers_refuses_them_all(local, app_function_metadata):
    # Read from the app's own function metadata, so a route added later is walked without being listed here.
    routes = state_changing_routes(app_function_metadata)
    names = {name for name, _, _ in routes}
    assert len(routes) >= 30 and {"sign_in", "create_first_account", "accept_invite", "hand_over_book"} <= names
    before = snapshot()
    for name, method, params in routes:
        for headers, status, code in REFUSED:
            answer = attempt(local, name, method, {p: "1" for p in params}, {}, headers)
            assert (answer.status, answer.code) == (status, code), (name, method, headers)
            assert answer.body["error"]["message"]
    assert snapshot() == before
