"""AUTH_MODE=accounts through the API: no way in without a session, the cookie's attributes, sign-in and its
sentences, signing out here and everywhere, changing the password, lockout, first-run setup, two-step sign-in,
and the first account finding what single-user mode recorded. On SQLite and MariaDB.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from records import accounts, signin, totp
from records.dates import utcnow
from records.db import get_engine
from tests.security.conftest import ITEM, snapshot, table_counts
from tests.security.test_isolation import ACCOUNTS, PUBLIC, TIMERS

GOOD = "correct horse battery"
# Account routes a signed-out browser may call: how to sign in, signing in, and signing out (which ends nothing).
SIGNED_OUT_OK = {"setup_state", "create_first_account", "sign_in", "sign_out"}


def person(name: str = "alice", password: str = GOOD) -> dict:
    return accounts.create(get_engine(), name, password)


def signed_in(accounts_mode, name: str = "alice", **browser):
    person(name)
    me = accounts_mode(**browser)
    assert me.sign_in(name, GOOD).status == 200
    return me


def test_every_api_function_answers_401_without_a_session(accounts_mode, app_functions):
    person()
    names = sorted(set(app_functions) - PUBLIC - SIGNED_OUT_OK - TIMERS)
    assert {"create_upload", "list_records", "me", "list_sessions", "change_password", "begin_totp"} <= set(names)
    stranger = accounts_mode()
    for cookie in (None, "made-up-token", "x" * 500):
        stranger.cookie = cookie
        for name in names:
            answer = stranger(
                name,
                "POST",
                "/api/x",
                body={**ITEM, "items": [{"fields": ITEM}], "version": 1, "current": GOOD, "new": "x" * 12},
                params={"q": "x", "all": "1"},
                route_params={"id": "1", "rest": "x"},
            )
            assert (answer.status, answer.code) == (401, "unauthorized"), f"{name} with cookie {cookie!r}"
            assert answer.body["error"]["message"] == "Please sign in."
    counts = table_counts()
    assert counts["people"] == 1 and counts["sessions"] == 0
    assert all(n == 0 for table, n in counts.items() if table not in ("people",))


def test_signing_in_sets_a_cookie_scripts_cannot_read_and_other_sites_do_not_send(accounts_mode):
    person()
    answer = accounts_mode().sign_in("Alice", GOOD)
    assert answer.status == 200 and answer.body["person"]["username"] == "alice"
    cookie = answer.headers["Set-Cookie"]
    assert re.fullmatch(
        r"snapledger_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Lax; Path=/; Max-Age=2592000", cookie
    )
    assert answer.headers["Cache-Control"] == "no-store"
    over_https = accounts_mode().sign_in("alice", GOOD, headers={"x-forwarded-proto": "https"})
    assert over_https.headers["Set-Cookie"].endswith("; Secure")


def test_a_wrong_password_and_an_unknown_username_get_one_sentence(accounts_mode):
    person()
    browser = accounts_mode()
    wrong = browser.sign_in("alice", "not the password")
    unknown = browser("sign_in", "POST", body={"username": "alicia", "password": GOOD}, lang="zh")
    assert (wrong.status, wrong.code, wrong.body["error"]["message"]) == (
        401,
        "bad_credentials",
        "The username or password is not right.",
    )
    assert (unknown.status, unknown.code, unknown.body["error"]["message"]) == (
        401,
        "bad_credentials",
        "用户名或密码不正确",
    )
    assert "Set-Cookie" not in wrong.headers and browser.cookie is None


@pytest.mark.parametrize(
    "body",
    [None, [], {"username": "alice"}, {"username": 5, "password": GOOD}, {"username": "alice", "password": None}],
)
def test_a_malformed_sign_in_is_a_400_that_counts_nothing(accounts_mode, body):
    person()
    answer = accounts_mode()("sign_in", "POST", body=body)
    assert (answer.status, answer.code) == (400, "bad_request")
    assert table_counts()["sign_ins"] == 0


def test_a_signed_in_person_works_then_signing_out_ends_the_session(accounts_mode):
    me = signed_in(accounts_mode)
    made = me("create_record", "POST", body=ITEM)
    assert made.status == 201
    who = me("me").body
    assert (who["username"], who["display_name"], who["auth_mode"], who["totp"]) == (
        "alice",
        "alice",
        "accounts",
        False,
    )
    assert [r["id"] for r in me("list_records").body["records"]] == [made.body["id"]]
    cookie = me.cookie

    out = me("sign_out", "DELETE", "/api/session")

    assert out.status == 204 and "Max-Age=0" in out.headers["Set-Cookie"] and me.cookie is None
    me.cookie = cookie  # a copy of the old cookie lets nobody back in
    assert me("list_records").status == 401


def test_signing_out_everywhere_ends_every_device(accounts_mode):
    phone = signed_in(accounts_mode)
    laptop = accounts_mode(address="192.168.1.30", agent="Mozilla/5.0 (X11; Linux)")
    assert laptop.sign_in("alice", GOOD).status == 200
    assert phone("sign_out", "DELETE", "/api/session", params={"all": "1"}).status == 204
    assert laptop("list_records").status == 401
    phone.cookie = laptop.cookie
    assert phone("me").status == 401


def test_the_sessions_list_shows_devices_and_sign_ins_and_ends_one(accounts_mode):
    phone = signed_in(accounts_mode)
    laptop = accounts_mode(address="192.168.1.30", agent="Mozilla/5.0 (X11; Linux)")
    laptop.sign_in("alice", "a wrong one")
    laptop.sign_in("alice", GOOD)
    listed = phone("list_sessions").body
    # Both signed in within the same second, perhaps: the list's order between them is not the point here.
    assert sorted((s["address"], s["device"], s["current"]) for s in listed["sessions"]) == [
        ("192.168.1.20", "Mozilla/5.0 (iPhone) Safari", True),
        ("192.168.1.30", "Mozilla/5.0 (X11; Linux)", False),
    ]
    assert [e["outcome"] for e in listed["sign_ins"]] == ["ok", "bad_password", "ok"]
    assert all(
        set(s) == {"id", "device", "address", "created_at", "last_seen_at", "expires_at", "current"}
        for s in listed["sessions"]
    )
    other = next(s["id"] for s in listed["sessions"] if not s["current"])
    assert phone("end_session", "DELETE", route_params={"id": other}).status == 204
    assert laptop("me").status == 401
    assert phone("end_session", "DELETE", route_params={"id": other}).status == 404


def test_changing_the_password_keeps_this_device_and_ends_the_others(accounts_mode):
    phone = signed_in(accounts_mode)
    laptop = accounts_mode(address="192.168.1.30")
    laptop.sign_in("alice", GOOD)
    wrong = phone("change_password", "POST", body={"current": "guess", "new": "a much better one"})
    weak = phone("change_password", "POST", body={"current": GOOD, "new": "12345678"}, lang="zh")
    assert (wrong.status, wrong.code) == (403, "wrong_password")
    assert (weak.status, weak.code) == (422, "weak_password") and "8 个字符" in weak.body["error"]["message"]
    assert laptop("me").status == 200  # refused changes end nothing

    changed = phone("change_password", "POST", body={"current": GOOD, "new": "a much better one"})

    assert changed.status == 200 and changed.body == {"sessions_ended": 1}
    assert phone("me").status == 200
    assert laptop("me").status == 401
    assert accounts_mode().sign_in("alice", "a much better one").status == 200
    assert accounts_mode().sign_in("alice", GOOD).code == "bad_credentials"


def test_a_locked_username_is_told_when_to_try_again(accounts_mode):
    person()
    start = utcnow() - timedelta(minutes=2)
    for n in range(5):  # five failures a while apart, as a person guessing would make them
        with pytest.raises(Exception, match="bad credentials"):
            signin.sign_in(
                get_engine(),
                "alice",
                "guess",
                client=signin.Client("192.168.1.99"),
                tz="Asia/Shanghai",
                days=30,
                now=start + timedelta(seconds=10 * n),
            )
    locked = accounts_mode().sign_in("alice", GOOD)
    assert (locked.status, locked.code) == (429, "locked_out")
    assert re.fullmatch(
        r"Too many failed sign-ins; locked for now\. Try again after \d\d:\d\d\.", locked.body["error"]["message"]
    )
    assert 0 < int(locked.headers["Retry-After"]) <= 15 * 60
    assert accounts_mode().cookie is None and table_counts()["sessions"] == 0


def test_the_first_run_link_creates_the_first_account_and_signs_it_in(accounts_mode):
    browser = accounts_mode()
    assert browser("setup_state").body == {"auth_mode": "accounts", "setup_needed": True}
    token = accounts.setup_token(get_engine())
    wrong = browser("create_first_account", "POST", body={"token": "x" * 32, "username": "alice", "password": GOOD})
    assert (wrong.status, wrong.code) == (403, "setup_link_invalid")
    weak = browser("create_first_account", "POST", body={"token": token, "username": "alice", "password": "alice123"})
    assert (weak.status, weak.code) == (422, "weak_password")

    made = browser("create_first_account", "POST", body={"token": token, "username": "Alice", "password": GOOD})

    assert made.status == 201 and made.body["person"]["username"] == "alice" and browser.cookie
    assert browser("me").body["username"] == "alice"
    again = accounts_mode()("create_first_account", "POST", body={"token": token, "username": "eve", "password": GOOD})
    assert (again.status, again.code) == (409, "setup_done")
    assert browser("setup_state").body["setup_needed"] is False
    assert table_counts()["people"] == 1


def test_the_first_account_finds_what_single_user_mode_recorded(app_env, app_functions, monkeypatch):
    from records import db
    from settings import get_settings
    from tests.security.conftest import Api, Browser

    local = Api(app_functions)
    kept = local("create_record", "POST", body={**ITEM, "memo": "before accounts"}, who=None)
    assert kept.status == 201
    monkeypatch.setenv("AUTH_MODE", "accounts")
    get_settings.cache_clear()
    db.reset_engine()
    browser = Browser(app_functions)
    assert browser("list_records").status == 401
    token = accounts.setup_token(get_engine())
    assert (
        browser("create_first_account", "POST", body={"token": token, "username": "mum", "password": GOOD}).status
        == 201
    )
    assert [r["memo"] for r in browser("list_records").body["records"]] == ["before accounts"]
    person("dad")
    dad = Browser(app_functions)
    dad.sign_in("dad", GOOD)
    assert dad("list_records").body["records"] == []


def test_people_see_only_their_own_records(accounts_mode):
    alice = signed_in(accounts_mode, "alice")
    bob = signed_in(accounts_mode, "bob", address="192.168.1.30")
    mine = alice("create_record", "POST", body={**ITEM, "memo": "alice 的"}).body
    assert bob("list_records").body["records"] == []
    assert bob("get_record", route_params={"id": str(mine["id"])}).status == 404
    assert alice("me").body["owner"] != bob("me").body["owner"]


def test_a_sign_in_from_another_site_is_refused_and_counts_nothing(accounts_mode):
    person()
    before = table_counts()
    foreign = accounts_mode().sign_in("alice", GOOD, headers={"origin": "https://evil.example", "host": "localhost"})
    assert (foreign.status, foreign.code) == (403, "foreign_origin") and "Set-Cookie" not in foreign.headers
    text = accounts_mode()(
        "sign_in", "POST", body=b'{"username":"alice","password":"x"}', headers={"content-type": "text/plain"}
    )
    assert (text.status, text.code) == (415, "json_required")
    assert table_counts() == before


def test_two_step_sign_in_over_the_api(accounts_mode):
    me = signed_in(accounts_mode)
    started = me("begin_totp", "POST").body
    assert started["qr"].startswith("data:image/svg+xml") and "secret=" in started["uri"]
    code = totp.code_at(started["secret"], totp.step_at(utcnow()))
    codes = me("confirm_totp", "POST", body={"code": code}).body["recovery_codes"]
    assert len(codes) == 10 and me("me").body["totp"] is True

    asked = accounts_mode().sign_in("alice", GOOD)
    assert (asked.status, asked.code) == (401, "otp_required")
    with_recovery = accounts_mode().sign_in("alice", GOOD, otp=codes[0])
    assert with_recovery.status == 200
    disabled = me("disable_totp", "POST", body={"password": GOOD})
    assert disabled.status == 204 and accounts_mode().sign_in("alice", GOOD).status == 200


def test_account_routes_are_off_in_single_user_mode(app_env, app_functions):
    from tests.security.conftest import Api

    api = Api(app_functions)
    before = snapshot()
    for name in sorted(ACCOUNTS - {"setup_state"}):
        answer = api(name, "POST", body={"username": "a", "password": GOOD}, route_params={"id": "x"}, who=None)
        assert (answer.status, answer.code) == (404, "accounts_off"), name
    assert api("setup_state", who=None).body == {"auth_mode": "single-user", "setup_needed": False}
    assert snapshot() == before


def test_an_auth_mode_nobody_knows_lets_nobody_in(app_env, app_functions, monkeypatch):
    from settings import get_settings
    from tests.security.conftest import Api

    monkeypatch.setenv("AUTH_MODE", "acounts")
    get_settings.cache_clear()
    answer = Api(app_functions)("list_records", who=None)
    assert (answer.status, answer.code) == (503, "auth_not_configured")
