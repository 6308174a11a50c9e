"""Over real HTTP: in easyauth mode the host strips principal headers a client sends, so forging them gets 401."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import pytest

from tests.conftest import Devhost

pytestmark = pytest.mark.azurite
PUBLIC_PATHS = {"/api/health", "/api/openapi.json"}
# AUTH_MODE=accounts' own routes: behind Easy Auth they say accounts are off (GET /api/setup names the mode).
ACCOUNT_PATHS = ("/api/setup", "/api/session", "/api/password", "/api/totp")
FORGED = {
    "x-ms-client-principal-id": "alice",
    "x-ms-client-principal-name": "alice@example.com",
    "x-ms-client-principal-idp": "aad",
    "x-ms-client-principal": "eyJhdXRoX3R5cCI6ImFhZCJ9",
}


@pytest.fixture(scope="module")
def easyauth_host(tmp_path_factory, azurite):
    host = Devhost(tmp_path_factory.mktemp("easyauth"), azurite, AUTH_MODE="easyauth", WEBSITE_AUTH_ENABLED="True")
    yield host
    host.stop()


def call(base, method, path, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        base + path, data=data, method=method, headers={"content-type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw and "json" in response.headers["content-type"] else raw
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        return exc.code, json.loads(raw) if raw else None


def documented_operations(base):
    status, spec = call(base, "GET", "/api/openapi.json")
    assert status == 200
    for path, operations in spec["paths"].items():
        for method in operations:
            yield method.upper(), path.replace("{id}", "1")


def test_forged_principal_headers_are_stripped_on_every_route(easyauth_host):
    operations = list(documented_operations(easyauth_host.url))
    assert len(operations) >= 15
    for method, path in operations:
        body = {"items": [], "filename": "a.png", "content_type": "image/png", "size": 10, "version": 1}
        status, answer = call(easyauth_host.url, method, path, body if method in ("POST", "PATCH") else None, FORGED)
        if path in PUBLIC_PATHS or (method, path) == ("GET", "/api/setup"):
            assert status == 200, path
        elif path.startswith(ACCOUNT_PATHS):
            assert (status, answer["error"]["code"]) == (404, "accounts_off"), f"{method} {path}"
        else:
            assert status == 401, f"{method} {path} answered {status}"
            assert answer["error"]["code"] == "unauthorized"


def test_the_page_loads_signed_out_and_learns_it_is_not_signed_in(easyauth_host):
    status, page = call(easyauth_host.url, "GET", "/")
    assert status == 200 and b"<html" in page.lower()
    assert call(easyauth_host.url, "GET", "/api/me", headers=FORGED)[0] == 401


def test_single_user_mode_says_so(devhost_url):
    status, me = call(devhost_url, "GET", "/api/me", headers=FORGED)
    assert status == 200
    assert me["auth_mode"] == "single-user" and me["owner"] == "local"


def test_easyauth_without_app_service_authentication_says_so_at_start_and_serves_nothing(tmp_path, azurite):
    host = Devhost(tmp_path, azurite, AUTH_MODE="easyauth", WEBSITE_AUTH_ENABLED="")
    try:
        log, line = tmp_path / "devhost.log", "AUTH_MODE=easyauth but WEBSITE_AUTH_ENABLED is not True"
        for _ in range(200):  # the port accepts a moment before the start lines are written
            if line in log.read_text() or host.proc.poll() is not None:
                break
            time.sleep(0.05)
        said = log.read_text()  # before any request

        status, answer = call(host.url, "GET", "/api/records", headers=FORGED)
    finally:
        host.stop()
    assert line in said
    assert (status, answer["error"]["code"]) == (503, "auth_not_configured")
