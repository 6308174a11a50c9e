"""Over real HTTP, a fresh install in AUTH_MODE=accounts: no way in without an account, the one-time link the
devhost prints creates the first one, and the cookie it sets is what lets the browser in.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import time
import urllib.error
import urllib.request

import pytest

from tests.conftest import Devhost
from tests.security.test_devhost_auth import call, documented_operations

pytestmark = pytest.mark.azurite
GOOD = "correct horse battery"
# What a signed-out browser may do: read health and the API description, learn how to sign in, sign in or out.
SIGNED_OUT = {
    ("GET", "/api/health"): {200},
    ("GET", "/api/openapi.json"): {200},
    ("GET", "/api/setup"): {200},
    ("POST", "/api/setup"): {400},  # no token in the body
    ("POST", "/api/session"): {400},  # no username in the body
    ("DELETE", "/api/session"): {204},  # ends nothing
}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory, azurite):
    folder = tmp_path_factory.mktemp("accounts")
    host = Devhost(folder, azurite, AUTH_MODE="accounts")
    host.log_path = folder / "devhost.log"
    yield host
    host.stop()


def printed_link(host) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = re.search(r"http://127\.0\.0\.1:\d+/#/setup\?token=[A-Za-z0-9_-]+", host.log_path.read_text())
        if found:
            return found.group(0)
        time.sleep(0.2)
    raise AssertionError(f"no setup link in the log:\n{host.log_path.read_text()}")


class Browser:
    """urllib with a cookie jar: what a browser keeps between requests."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def __call__(self, method, path, body=None, headers=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.base + path, data=data, method=method, headers={"content-type": "application/json", **(headers or {})}
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                raw = response.read()
                return response.status, json.loads(raw) if raw else None, response.headers
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            return exc.code, json.loads(raw) if raw else None, exc.headers


def test_a_fresh_install_has_no_way_in_without_an_account(fresh):
    operations = list(documented_operations(fresh.url))
    assert len(operations) >= 25
    body = {"items": [], "filename": "a.png", "content_type": "image/png", "size": 10, "version": 1}
    for method, path in operations:
        status, answer = call(fresh.url, method, path, body if method in ("POST", "PATCH") else None)
        allowed = SIGNED_OUT.get((method, path))
        if allowed is not None:
            assert status in allowed, f"{method} {path} answered {status}"
        else:
            assert status == 401, f"{method} {path} answered {status}"
            assert answer["error"]["code"] == "unauthorized"
    assert call(fresh.url, "GET", "/api/setup") == (200, {"auth_mode": "accounts", "setup_needed": True})


def test_the_printed_link_creates_the_first_account_and_signs_the_browser_in(fresh):
    link = printed_link(fresh)
    token = link.split("token=", 1)[1]
    browser = Browser(fresh.url)
    # A forwarded-for header from the client is not believed: the devhost says where the request came from.
    status, made, headers = browser(
        "POST",
        "/api/setup",
        {"token": token, "username": "mum", "password": GOOD},
        headers={"x-forwarded-for": "6.6.6.6", "user-agent": "TestPhone/1.0"},
    )
    assert status == 201 and made["person"]["username"] == "mum"
    assert "HttpOnly" in headers["Set-Cookie"] and "SameSite=Lax" in headers["Set-Cookie"]
    assert browser("GET", "/api/me")[1]["username"] == "mum"
    sessions = browser("GET", "/api/sessions")[1]["sessions"]
    assert [(s["address"], s["device"]) for s in sessions] == [("127.0.0.1", "TestPhone/1.0")]
    assert browser("POST", "/api/records", {"amount": "12.00", "occurred_at": "2026-11-03T12:00:00+08:00"})[0] == 201
    # The link is spent; a second browser signs in with the password instead.
    again = Browser(fresh.url)("POST", "/api/setup", {"token": token, "username": "eve", "password": GOOD})
    assert (again[0], again[1]["error"]["code"]) == (409, "setup_done")
    other = Browser(fresh.url)
    assert other("POST", "/api/session", {"username": "mum", "password": GOOD})[0] == 200
    assert len(other("GET", "/api/records")[1]["records"]) == 1
    assert browser("DELETE", "/api/session")[0] == 204
    assert browser("GET", "/api/records")[0] == 401
