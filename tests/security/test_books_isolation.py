"""Isolation, proved (issue 13 part 4): three people signed in through AUTH_MODE=accounts — Alice and Bob with their
own books, book S that Alice owns and Bob joined by invite — walk every route of the API. Nobody reaches a book
they are not a member of, a viewer cannot write, a removed member sees nothing on the next request, an expired
or used invite does nothing, and sessions end on sign-out and on password change. On SQLite and MariaDB.
"""

from __future__ import annotations

import urllib.request
from datetime import datetime
from pathlib import Path

import pytest

from records import accounts
from records.db import get_engine
from records.schema import book_invites
from tests.fixtures.einvoices import pdf
from tests.handlers.multipart import multipart
from tests.security.conftest import GIF, ITEM, UPLOAD, put_blob, snapshot, table_counts, trigger
from tests.security.test_isolation import blob_of

GOOD = "correct horse battery"
BILL = Path(__file__).resolve().parent.parent / "fixtures" / "bills" / "alipay_2026-10.csv"
READ_ONLY = "You can only view this book, not change it; nothing was changed."
NO_BOOK = "There is no such book, or you are not one of its members."


class Family:
    """Alice, Bob and Carol signed in, and book S that Alice owns and Bob joined as `role`."""

    def __init__(self, accounts_mode, role: str):
        self.people = {}
        for name in ("alice", "bob", "carol"):
            person = accounts.create(get_engine(), name, GOOD)
            browser = accounts_mode()
            assert browser.sign_in(name, GOOD).status == 200
            browser.id = person["id"]
            self.people[name] = browser
        self.alice, self.bob, self.carol = self.people["alice"], self.people["bob"], self.people["carol"]
        made = self.alice("create_book", "POST", "/api/books", body={"name": "家"})
        assert made.status == 201, made.body
        self.book = made.body["id"]
        self.token = self.invite(role)
        joined = self.bob("accept_invite", "POST", route_params={"token": self.token})
        assert joined.status == 200 and joined.body["role"] == role, joined.body

    def invite(self, role: str = "editor") -> str:
        """A new invite into S made by Alice; its token."""
        answer = self.alice("create_invite", "POST", route_params={"id": self.book}, body={"role": role})
        assert answer.status == 201, answer.body
        return answer.body["token"]

    def record(self, who, book=None, **fields):
        """A record `who` types into `book` (their personal book when None)."""
        params = {"book": book} if book else {}
        answer = who("create_record", "POST", "/api/records", body={**ITEM, **fields}, params=params)
        assert answer.status == 201, answer.body
        return answer.body


@pytest.fixture
def family(accounts_mode):
    """The three people, with Bob an editor of S."""
    return Family(accounts_mode, "editor")


@pytest.fixture
def viewers(accounts_mode):
    """The three people, with Bob a viewer of S."""
    return Family(accounts_mode, "viewer")


def lasting_counts() -> dict[str, int]:
    """Rows per table, but the minute's rate budget (an export spends one, a read like any other)."""
    return {table: n for table, n in table_counts().items() if table != "rate_events"}


def screenshot_draft(app_functions, who) -> str:
    """A draft of `who` whose picture is stored (a GIF sent as PNG, so it fails and is filled in by hand)."""
    started = who("create_upload", "POST", "/api/uploads", body=UPLOAD)
    assert started.status == 201, started.body
    assert put_blob(started.body, GIF) == 201
    trigger(app_functions, blob_of(started.body))
    return started.body["draft_id"]


def book_routes(record_id: int, import_id: str = "0b0e0c8e-1111-4222-8333-444455556666"):
    """Every route that works in a book: (function, method, body, route params, needs)."""
    rid = {"id": str(record_id)}
    bill, _ = multipart("alipay_2026-10.csv", BILL.read_bytes())
    return [
        ("list_records", "GET", None, {}, "read"),
        ("get_record", "GET", None, rid, "read"),
        ("record_image", "GET", None, rid, "read"),
        ("export_records", "GET", None, {}, "read"),
        ("export_invoices", "GET", None, {}, "read"),
        ("get_summary", "GET", None, {}, "read"),
        ("get_stats", "GET", None, {}, "read"),
        ("get_budgets", "GET", None, {}, "read"),
        ("list_categories", "GET", None, {}, "read"),
        ("get_beancount_accounts", "GET", None, {}, "read"),
        ("list_members", "GET", None, {"id": "BOOK"}, "read"),
        ("create_record", "POST", ITEM, {}, "write"),
        ("update_record", "PATCH", {"memo": "改", "version": 1}, rid, "write"),
        ("delete_record", "DELETE", None, rid, "write"),
        ("restore_record", "POST", None, rid, "write"),
        ("update_record_invoice", "PATCH", {"reimbursement": "submitted"}, rid, "write"),
        ("put_budgets", "PUT", {"budgets": [{"category": None, "amount": "100.00"}]}, {}, "write"),
        ("put_beancount_accounts", "PUT", {"methods": {"零钱": "Assets:WeChat"}}, {}, "write"),
        ("create_import", "POST", bill, {}, "write"),
        ("commit_import", "POST", None, {"import_id": import_id}, "write"),
        ("rename_book", "PATCH", {"name": "别人的"}, {"id": "BOOK"}, "own"),
        ("create_invite", "POST", {"role": "editor"}, {"id": "BOOK"}, "own"),
        ("set_member_role", "PATCH", {"role": "viewer"}, {"id": "BOOK", "person": "BOB"}, "own"),
        ("hand_over_book", "POST", {"person": "BOB"}, {"id": "BOOK"}, "own"),
    ]


def call_in(who, book: str, route, bob: str):
    """Call one of book_routes as `who` in `book` (the path's book id where the route has one)."""
    name, method, body, params, _ = route
    params = {k: {"BOOK": book, "BOB": bob}.get(v, v) for k, v in params.items()}
    body = {"person": bob} if body == {"person": "BOB"} else body
    headers = {"content-type": "multipart/form-data; boundary=" + FORM_BOUNDARY} if name == "create_import" else None
    return who(name, method, "/api/x", body=body, params={"book": book}, route_params=params, headers=headers)


FORM_BOUNDARY = "----snapledgerTestBoundary7MA4YWxkTrZu0gW"


def test_nobody_reaches_a_book_they_are_not_a_member_of(family):
    alice, bob, carol = family.alice, family.bob, family.carol
    kept = family.record(alice, family.book, memo="S 的")
    mine = family.record(alice, memo="alice 自己的")
    before, counts = snapshot(), table_counts()
    for who, book, record in (
        (carol, family.book, kept),  # a shared book she was never invited to
        (carol, alice.id, mine),  # someone's personal book, named by their person id
        (bob, alice.id, mine),  # a member of S is still no member of Alice's own book
        (bob, "no-such-book", kept),
    ):
        for route in book_routes(record["id"]):
            answer = call_in(who, book, route, bob.id)
            assert (answer.status, answer.code) == (404, "no_such_book"), (route[0], book)
            assert answer.body["error"]["message"] == NO_BOOK
            assert "S 的" not in repr(answer.body) and "alice 自己的" not in repr(answer.body)
    assert snapshot() == before and table_counts() == counts
    # Without a book, each works in their own: Carol's and Bob's personal books are empty.
    for who in (bob, carol):
        assert who("list_records").body["records"] == []
        assert who("get_record", route_params={"id": str(kept["id"])}).status == 404
        assert [b["id"] for b in who("list_books").body["books"]] == ([who.id, family.book] if who is bob else [who.id])


def test_a_viewer_reads_the_shared_book_and_every_write_is_refused_with_a_sentence(viewers, app_functions):
    alice, bob = viewers.alice, viewers.bob
    record = viewers.record(alice, viewers.book, memo="买菜")
    before, counts = snapshot(), lasting_counts()
    for route in book_routes(record["id"]):
        answer = call_in(bob, viewers.book, route, bob.id)
        need = route[4]
        if need == "read":
            assert answer.status == 200, (route[0], answer.body)
        else:
            code = "book_read_only" if need == "write" else "book_owner_only"
            assert (answer.status, answer.code) == (403, code), route[0]
    assert snapshot() == before and lasting_counts() == counts
    refused = bob(
        "update_record",
        "PATCH",
        body={"memo": "x", "version": 1},
        params={"book": viewers.book},
        route_params={"id": str(record["id"])},
        headers={"accept-language": "zh-CN"},
    )
    assert refused.body["error"]["message"] == "你在这个账本里只能查看，不能修改；什么都没有改动"
    english = bob("create_record", "POST", body=ITEM, params={"book": viewers.book})
    assert english.body["error"]["message"] == READ_ONLY
    # A viewer's own drafts cannot be confirmed into the book either; they stay open in the inbox.
    draft = screenshot_draft(app_functions, bob)
    confirm = bob(
        "confirm_draft",
        "POST",
        body={"items": [{"fields": ITEM}]},
        params={"book": viewers.book},
        route_params={"id": draft},
    )
    assert (confirm.status, confirm.code) == (403, "book_read_only")
    assert [d["id"] for d in bob("list_drafts").body["drafts"]] == [draft]
    listed = bob("list_records", params={"book": viewers.book}).body["records"]
    assert [(r["memo"], r["recorded_by"]) for r in listed] == [("买菜", alice.id)]


def test_what_one_confirms_into_the_book_the_other_sees_with_its_screenshot(family, app_functions):
    alice, bob, carol = family.alice, family.bob, family.carol
    draft = screenshot_draft(app_functions, alice)
    saved = alice(
        "confirm_draft",
        "POST",
        body={"items": [{"fields": ITEM}]},
        params={"book": family.book},
        route_params={"id": draft},
    )
    assert saved.status == 201, saved.body
    record = saved.body["records"][0]
    again = alice(
        "confirm_draft",
        "POST",
        body={"items": [{"fields": ITEM}]},
        params={"book": family.book},
        route_params={"id": draft},
    )
    assert again.status == 200 and again.body["records"] == saved.body["records"]
    seen = bob("list_records", params={"book": family.book}).body["records"]
    assert [(r["id"], r["recorded_by"]) for r in seen] == [(record["id"], alice.id)]
    assert alice("list_records").body["records"] == []  # it went into S, not her personal book
    # Bob sees the screenshot through the record; the draft itself stays Alice's.
    image = bob("record_image", params={"book": family.book}, route_params={"id": str(record["id"])})
    assert image.status == 200 and urllib.request.urlopen(image.body["image_url"]).read() == GIF
    assert bob("get_draft", route_params={"id": draft}).status == 404
    for who, params in ((carol, {"book": family.book}), (carol, {}), (bob, {})):
        answer = who("record_image", params=params, route_params={"id": str(record["id"])})
        assert answer.status == 404 and "image_url" not in answer.body, params
    # A typed record has no screenshot.
    typed = family.record(bob, family.book)
    assert bob("record_image", params={"book": family.book}, route_params={"id": str(typed["id"])}).body == {
        "image_url": None
    }


def test_an_invoice_confirmed_into_the_book_is_opened_and_claimed_by_its_members(family, app_functions):
    alice, bob, carol = family.alice, family.bob, family.carol
    data = pdf()
    body = {"filename": "发票.pdf", "content_type": "application/pdf", "size": len(data)}
    started = alice("create_upload", "POST", "/api/uploads", body=body)
    assert put_blob(started.body, data) == 201
    trigger(app_functions, blob_of(started.body))
    route = {"id": started.body["draft_id"]}
    draft = alice("get_draft", route_params=route, params={"book": family.book}).body
    items = [{"fields": item["fields"]} for item in draft["items"]]
    saved = alice("confirm_draft", "POST", body={"items": items}, params={"book": family.book}, route_params=route)
    assert saved.status == 201, saved.body
    (record,) = saved.body["records"]
    rid, in_book = {"id": str(record["id"])}, {"book": family.book}
    # Bob, an editor of the book, opens the file and claims it; the claim is what Alice then sees.
    opened = bob("get_record_invoice", params=in_book, route_params=rid)
    assert opened.status == 200 and opened.body["number"] == record["invoice"]["number"] and opened.body["url"]
    marked = bob(
        "update_record_invoice", "PATCH", body={"reimbursement": "submitted"}, params=in_book, route_params=rid
    )
    assert marked.status == 200, marked.body
    assert alice("get_record_invoice", params=in_book, route_params=rid).body["reimbursement"] == "submitted"
    listed = bob("list_records", params={**in_book, "invoice": "submitted"}).body["records"]
    assert [r["id"] for r in listed] == [record["id"]]
    # The same invoice is one invoice in the book, whoever uploads it again.
    again = bob("create_upload", "POST", "/api/uploads", body=body)
    assert put_blob(again.body, data) == 201
    trigger(app_functions, blob_of(again.body))
    second = bob("get_draft", route_params={"id": again.body["draft_id"]}, params=in_book).body
    assert [d["reason"] for d in second["items"][0]["duplicates"]] == ["invoice_no"]
    refused = bob(
        "confirm_draft",
        "POST",
        body={"items": [{"fields": second["items"][0]["fields"]}]},
        params=in_book,
        route_params={"id": again.body["draft_id"]},
    )
    assert (refused.status, refused.code) == (409, "invoice_recorded")
    # Carol, no member, learns nothing of it.
    assert carol("get_record_invoice", params=in_book, route_params=rid).code == "no_such_book"
    assert carol("get_record_invoice", route_params=rid).status == 404


def test_an_editor_records_imports_and_budgets_in_the_book_and_the_member_filter_tells_who(family):
    alice, bob = family.alice, family.bob
    family.record(alice, family.book, merchant="菜场")
    family.record(bob, family.book, merchant="全家")
    body, content_type = multipart("alipay_2026-10.csv", BILL.read_bytes())
    preview = bob(
        "create_import", "POST", body=body, params={"book": family.book}, headers={"content-type": content_type}
    )
    assert preview.status == 201, preview.body
    committed = bob(
        "commit_import", "POST", params={"book": family.book}, route_params={"import_id": preview.body["import_id"]}
    )
    assert committed.status == 201 and committed.body["imported"] == preview.body["new"]
    # Another book's import id is not this book's.
    assert alice("commit_import", "POST", route_params={"import_id": preview.body["import_id"]}).status == 404
    by_alice = alice("list_records", params={"book": family.book, "member": alice.id}).body["records"]
    assert [r["merchant"] for r in by_alice] == ["菜场"]
    by_bob = alice("list_records", params={"book": family.book, "member": bob.id, "limit": "200"}).body["records"]
    assert len(by_bob) == 1 + committed.body["imported"] and {r["recorded_by"] for r in by_bob} == {bob.id}
    exported = alice("export_records", params={"book": family.book, "member": alice.id, "format": "csv"})
    assert exported.status == 200
    november = {"book": family.book, "from": "2026-11-01", "to": "2026-11-30"}
    assert alice("get_stats", params=november).body["totals"]["expense"] == "72.00"
    mine = alice("get_stats", params={**november, "member": alice.id}).body["totals"]
    assert (mine["count"], mine["expense"]) == (1, "36.00")
    day = {"book": family.book, "date": "2026-11-03"}
    assert alice("get_summary", params=day).body["today"]["count"] == 2
    assert alice("get_summary", params={**day, "member": bob.id}).body["today"]["count"] == 1
    put = bob(
        "put_budgets", "PUT", body={"budgets": [{"category": None, "amount": "800.00"}]}, params={"book": family.book}
    )
    assert put.status == 200, put.body
    assert alice("get_budgets", params={"book": family.book}).body["budgets"][0]["amount"] == "800.00"
    month = {"book": family.book, "month": "2026-11"}
    assert alice("get_budgets", params=month).body["budgets"][0]["spent"] == "72.00"
    assert alice("get_budgets", params={**month, "member": bob.id}).body["budgets"][0]["spent"] == "36.00"
    assert alice("get_budgets").body["budgets"] == []  # her own book has no budget


def test_a_removed_member_sees_nothing_on_the_next_request(family):
    alice, bob = family.alice, family.bob
    family.record(alice, family.book)
    assert len(bob("list_records", params={"book": family.book}).body["records"]) == 1
    assert alice("remove_member", "DELETE", route_params={"id": family.book, "person": bob.id}).status == 204
    answer = bob("list_records", params={"book": family.book})
    assert (answer.status, answer.code) == (404, "no_such_book")
    assert bob("list_members", route_params={"id": family.book}).status == 404
    assert [b["id"] for b in bob("list_books").body["books"]] == [bob.id]


def test_an_expired_or_used_invite_does_nothing(family):
    carol = family.carol
    before = table_counts()["book_members"]
    used = carol("accept_invite", "POST", route_params={"token": family.token})
    assert (used.status, used.code) == (404, "invite_invalid")
    expired = family.invite("viewer")
    with get_engine().begin() as conn:
        conn.execute(book_invites.update().values(expires_at=datetime(2020, 1, 1)))
    for name, method in (("get_invite", "GET"), ("accept_invite", "POST")):
        answer = carol(name, method, route_params={"token": expired})
        assert (answer.status, answer.code) == (404, "invite_invalid"), name
    assert table_counts()["book_members"] == before
    assert carol("list_records", params={"book": family.book}).status == 404


def test_sessions_end_on_sign_out_and_on_password_change(family):
    alice, bob = family.alice, family.bob
    family.record(alice, family.book)
    assert bob("sign_out", "DELETE").status == 204
    assert bob("list_records", params={"book": family.book}).status == 401
    other_device = type(alice)(alice.api.functions)
    other_device.cookie = alice.cookie
    assert alice("sign_in", "POST", body={"username": "alice", "password": GOOD}).status == 200
    changed = alice("change_password", "POST", body={"current": GOOD, "new": "another horse battery"})
    assert changed.status == 200, changed.body
    assert other_device("list_records", params={"book": family.book}).status == 401
    assert alice("list_records", params={"book": family.book}).status == 200


def join_personal(family, role: str) -> None:
    """Bob joins Alice's personal book (named by her person id) through an invite link with `role`."""
    made = family.alice("create_invite", "POST", route_params={"id": family.alice.id}, body={"role": role})
    assert made.status == 201, made.body
    joined = family.bob("accept_invite", "POST", route_params={"token": made.body["token"]})
    assert joined.status == 200 and joined.body["id"] == family.alice.id, joined.body


def test_a_personal_book_shared_with_a_viewer_is_walked_like_any_other_book(viewers):
    alice, bob, carol = viewers.alice, viewers.bob, viewers.carol
    join_personal(viewers, "viewer")
    record = viewers.record(alice, memo="多年的账")  # no book named: her personal book
    before, counts = snapshot(), lasting_counts()
    for route in book_routes(record["id"]):
        answer = call_in(bob, alice.id, route, bob.id)
        need = route[4]
        if need == "read":
            assert answer.status == 200, (route[0], answer.body)
        else:
            code = "book_read_only" if need == "write" else "book_owner_only"
            assert (answer.status, answer.code) == (403, code), route[0]
        stranger = call_in(carol, alice.id, route, bob.id)
        assert (stranger.status, stranger.code) == (404, "no_such_book"), route[0]
        assert "多年的账" not in repr(stranger.body)
    assert snapshot() == before and lasting_counts() == counts
    assert bob("list_records").body["records"] == []  # his own personal book is still his, and empty


def test_a_personal_book_handed_over_keeps_every_row_and_screenshot_and_its_old_key_opens_nothing(
    family, app_functions
):
    alice, bob, carol = family.alice, family.bob, family.carol
    join_personal(family, "editor")
    draft = screenshot_draft(app_functions, alice)
    confirmed = alice("confirm_draft", "POST", body={"items": [{"fields": ITEM}]}, route_params={"id": draft})
    assert confirmed.status == 201, confirmed.body
    typed = family.record(bob, alice.id, memo="爸爸记的")
    counts = lasting_counts()
    handed = alice("hand_over_book", "POST", route_params={"id": alice.id}, body={"person": bob.id})
    assert handed.status == 200, handed.body
    moved = handed.body["book"]["id"]
    after = lasting_counts()
    assert {t: after[t] - counts[t] for t in after if after[t] != counts[t]} == {"books": 1, "book_members": 1}
    # The book, with who recorded what and the screenshot, is the new owner's; Alice stays an editor of it.
    expected = sorted([(confirmed.body["records"][0]["id"], alice.id), (typed["id"], bob.id)])
    for who in (alice, bob):
        rows = who("list_records", params={"book": moved}).body["records"]
        assert sorted((r["id"], r["recorded_by"]) for r in rows) == expected
    image = bob("record_image", params={"book": moved}, route_params={"id": str(expected[0][0])})
    assert image.status == 200 and urllib.request.urlopen(image.body["image_url"]).read() == GIF
    assert bob("list_members", route_params={"id": moved}).body["role"] == "owner"
    assert alice("rename_book", "PATCH", route_params={"id": moved}, body={"name": "x"}).code == "book_owner_only"
    # Her person id is her fresh, empty personal book now: the members of the old one reach nothing through it.
    assert alice("list_records").body["records"] == []
    for who, book in ((bob, alice.id), (carol, alice.id), (carol, moved)):
        for route in book_routes(typed["id"]):
            answer = call_in(who, book, route, bob.id)
            assert (answer.status, answer.code) == (404, "no_such_book"), (route[0], book)
