"""The book routes as the Functions host calls them: /api/me and /api/books list a person's books, an invite answers
a link to the page with its QR code, and every refusal is a sentence in 简体中文 or English that changes nothing.
"""

from __future__ import annotations

import pytest

from records import accounts
from records.db import get_engine
from tests.security.conftest import (
    accounts_mode,  # noqa: F401 - the fixture, signed-in browsers
    table_counts,
)

GOOD = "correct horse battery"


def person(accounts_mode, name):  # noqa: F811 - the fixture passed on
    made = accounts.create(get_engine(), name, GOOD)
    browser = accounts_mode()
    assert browser.sign_in(name, GOOD).status == 200
    browser.id = made["id"]
    return browser


@pytest.fixture
def mum(accounts_mode):  # noqa: F811
    return person(accounts_mode, "mum")


@pytest.fixture
def book(mum):
    answer = mum("create_book", "POST", "/api/books", body={"name": "  我们  家 "})
    assert answer.status == 201
    return answer.body


def test_me_and_the_book_list_name_the_personal_book_first(mum, book):
    me = mum("me").body
    personal = {"id": mum.id, "name": "个人账本", "personal": True, "role": "owner", "members": 1}
    assert me["books"] == [personal, {**book, "members": 1}]
    assert book["name"] == "我们 家" and book["role"] == "owner" and not book["personal"]
    assert mum("list_books").body == {"books": me["books"]}


def test_an_invite_is_a_link_to_the_pages_accept_screen_with_a_qr_code(mum, book, accounts_mode):  # noqa: F811
    made = mum("create_invite", "POST", route_params={"id": book["id"]}, body={"role": "viewer", "hours": 24})
    assert made.status == 201
    assert made.body["url"] == f"http://localhost/#/invite/{made.body['token']}"
    assert made.body["qr"].startswith("data:image/svg+xml")
    dad = person(accounts_mode, "dad")
    offer = dad("get_invite", route_params={"token": made.body["token"]}).body
    assert offer["book"] == {"name": "我们 家"} and offer["invited_by"] == "mum" and offer["role"] == "viewer"
    assert not offer["member"]
    joined = dad("accept_invite", "POST", route_params={"token": made.body["token"]})
    assert joined.body == {"id": book["id"], "name": "我们 家", "personal": False, "role": "viewer"}
    members = mum("list_members", route_params={"id": book["id"]}).body["members"]
    assert [(m["name"], m["role"]) for m in members] == [("mum", "owner"), ("dad", "viewer")]


def test_a_personal_book_is_shared_by_an_invite_link_and_handed_over(mum, accounts_mode):  # noqa: F811
    item = {"amount": "12.50", "occurred_at": "2026-11-03T08:00:00+08:00", "merchant": "多年的账"}
    assert mum("create_record", "POST", "/api/records", body=item).status == 201
    made = mum("create_invite", "POST", route_params={"id": mum.id}, body={"role": "editor"})
    assert made.status == 201, made.body
    dad = person(accounts_mode, "dad")
    offer = dad("get_invite", route_params={"token": made.body["token"]}).body
    assert offer["book"] == {"name": "个人账本", "personal_of": "mum"}
    joined = dad("accept_invite", "POST", route_params={"token": made.body["token"]}).body
    assert joined == {"id": mum.id, "name": "个人账本", "personal": False, "role": "editor", "personal_of": "mum"}
    seen = dad("list_records", params={"book": mum.id}).body["records"]
    assert [r["merchant"] for r in seen] == ["多年的账"]
    assert dad("list_records").body["records"] == []  # his own personal book, as before
    handed = mum("hand_over_book", "POST", route_params={"id": mum.id}, body={"person": dad.id, "name": "家"})
    assert handed.status == 200, handed.body
    moved = handed.body["book"]
    assert moved["id"] != mum.id and (moved["name"], moved["personal"], moved["role"]) == ("家", False, "editor")
    assert [r["merchant"] for r in mum("list_records", params={"book": moved["id"]}).body["records"]] == ["多年的账"]
    assert mum("list_records").body["records"] == []  # a fresh personal book
    assert [b["id"] for b in dad("list_books").body["books"]] == [dad.id, moved["id"]]
    assert dad("list_members", route_params={"id": moved["id"]}).body["role"] == "owner"


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("zh-CN", "你不能退出自己的个人账本；可以先把它转让给另一位成员"),
        ("en", "You cannot leave your own personal book; hand it over to another member first."),
    ],
)
def test_leaving_ones_own_personal_book_is_refused_in_the_persons_language(mum, lang, sentence):
    before = table_counts()
    route = {"id": mum.id, "person": mum.id}
    answer = mum("remove_member", "DELETE", route_params=route, headers={"accept-language": lang})
    assert (answer.status, answer.code) == (409, "personal_book")
    assert answer.body["error"]["message"] == sentence
    assert table_counts() == before


@pytest.mark.parametrize(
    ("name", "method", "route", "body", "status", "code"),
    [
        ("create_book", "POST", {}, {"name": ""}, 422, "bad_book_name"),
        ("create_book", "POST", {}, ["我们家"], 422, "bad_book_name"),
        ("create_book", "POST", {}, {"name": "家" * 33}, 422, "bad_book_name"),
        ("rename_book", "PATCH", {"id": "BOOK"}, {"name": None}, 422, "bad_book_name"),
        ("create_invite", "POST", {"id": "BOOK"}, {"hours": "72"}, 422, "bad_invite_hours"),
        ("create_invite", "POST", {"id": "BOOK"}, {"hours": 24 * 8}, 422, "bad_invite_hours"),
        ("create_invite", "POST", {"id": "BOOK"}, {"role": "owner"}, 422, "bad_role"),
        ("set_member_role", "PATCH", {"id": "BOOK", "person": "ME"}, {"role": "viewer"}, 409, "owner_must_hand_over"),
        ("set_member_role", "PATCH", {"id": "BOOK", "person": "nobody"}, {"role": "viewer"}, 404, "no_such_member"),
        ("remove_member", "DELETE", {"id": "BOOK", "person": "ME"}, None, 409, "owner_must_hand_over"),
        ("remove_member", "DELETE", {"id": "ME", "person": "ME"}, None, 409, "personal_book"),
        ("hand_over_book", "POST", {"id": "BOOK"}, {"person": "ME"}, 404, "no_such_member"),
        ("hand_over_book", "POST", {"id": "BOOK"}, {}, 404, "no_such_member"),
        ("hand_over_book", "POST", {"id": "ME"}, {"person": "ME"}, 404, "no_such_member"),
        ("hand_over_book", "POST", {"id": "ME"}, {"person": "nobody"}, 404, "no_such_member"),
        ("list_members", "GET", {"id": "x" * 300}, None, 404, "no_such_book"),
        ("get_invite", "GET", {"token": "short"}, None, 404, "invite_invalid"),
        ("accept_invite", "POST", {"token": "t" * 40}, None, 404, "invite_invalid"),
    ],
)
def test_bad_requests_get_a_sentence_and_change_nothing(mum, book, name, method, route, body, status, code):
    route = {k: {"BOOK": book["id"], "ME": mum.id}.get(v, v) for k, v in route.items()}
    before = {k: v for k, v in table_counts().items() if k != "rate_events"}
    answer = mum(name, method, route_params=route, body=body)
    assert (answer.status, answer.code) == (status, code)
    assert answer.body["error"]["message"]
    assert {k: v for k, v in table_counts().items() if k != "rate_events"} == before


def test_a_book_in_single_user_mode_is_the_local_owners(call):
    status, made = call("create_book", "POST", "/api/books", body={"name": "家"})
    assert status == 201
    status, listed = call("list_books")
    assert [(b["id"], b["personal"]) for b in listed["books"]] == [("local", True), (made["id"], False)]
    item = {"amount": "5.00", "occurred_at": "2026-11-03T08:00:00+08:00", "merchant": "早餐"}
    status, record = call("create_record", "POST", "/api/records", body=item, params={"book": made["id"]})
    assert status == 201 and record["recorded_by"] == "local"
    assert call("list_records")[1]["records"] == []


def test_each_member_has_their_own_export_budget_in_a_shared_book(mum, book, accounts_mode, monkeypatch):  # noqa: F811
    from settings import get_settings

    made = mum("create_invite", "POST", route_params={"id": book["id"]}, body={"role": "viewer"}).body
    dad = person(accounts_mode, "dad")
    assert dad("accept_invite", "POST", route_params={"token": made["token"]}).status == 200
    monkeypatch.setenv("EXPORT_RATE_PER_MINUTE", "1")
    get_settings.cache_clear()
    shared = {"book": book["id"], "format": "csv"}
    assert mum("export_records", params=shared).status == 200
    assert dad("export_records", params=shared).status == 200  # Mum's export did not spend his
    again = mum("export_records", params=shared)
    assert (again.status, again.code) == (429, "exports_rate_limited")
