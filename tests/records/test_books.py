"""Books on a real SQLite file and a real MariaDB over TLS: the personal book, shared books and roles, members,
handing over, one-time invites, and the upgrade from the release before books.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from records import accounts, books, db, drafts, ledger
from records.errors import Forbidden, Invalid, NotFound, RateLimited, WrongState
from records.reports import budgets
from records.schema import book_invites, metadata
from tests.records.test_drafts import ITEM as DRAFT_ITEM
from tests.records.test_drafts import reads, settings, upload  # noqa: F401 - settings is a fixture

TZ = "Asia/Shanghai"
ITEM = {"amount": "36.00", "occurred_at": "2026-11-03T12:34:56+08:00", "merchant": "全家"}


def shared(engine, owner="mum", name="家庭账本"):
    """A new book `owner` owns; returns its id."""
    return books.create(engine, owner, {"name": name}, display_name=owner)["id"]


def join(engine, book_id, person, role="editor"):
    """`person` joins `book_id` through a fresh invite with `role`."""
    made = books.invite(engine, books.seat(engine, "mum", book_id, "own"), {"role": role})
    return books.accept(engine, person, made["token"], display_name=person)


def test_a_person_works_in_their_personal_book_without_naming_it(engine):
    assert books.seat(engine, "mum", None) == books.Seat("mum", "mum", "owner")
    assert books.seat(engine, "mum", "", "own").book == "mum"
    listed = books.list_for(engine, "mum", "mum")
    assert listed == [{"id": "mum", "name": "个人账本", "personal": True, "role": "owner", "members": 1}]
    assert books.list_for(engine, "mum", "mum") == listed  # made once


def test_a_book_of_others_looks_like_no_book_at_all(engine):
    book = shared(engine)
    for other in (book, "mum", "nobody", "x" * 200):
        with pytest.raises(NotFound) as refused:
            books.seat(engine, "dad", other)
        assert refused.value.code == "no_such_book"


@pytest.mark.parametrize(
    ("role", "allowed", "refused"),
    [
        ("viewer", {"read"}, {"write": "book_read_only", "own": "book_owner_only"}),
        ("editor", {"read", "write"}, {"own": "book_owner_only"}),
    ],
)
def test_roles_decide_what_a_member_may_do(engine, role, allowed, refused):
    book = shared(engine)
    join(engine, book, "dad", role)
    for need in allowed:
        assert books.seat(engine, "dad", book, need) == books.Seat(book, "dad", role)
    for need, code in refused.items():
        with pytest.raises(Forbidden) as stopped:
            books.seat(engine, "dad", book, need)
        assert stopped.value.code == code


def test_what_one_member_records_the_others_see_with_who_recorded_it(engine):
    book = shared(engine)
    join(engine, book, "dad")
    ledger.create(engine, book, ITEM, tz=TZ, recorded_by="dad")
    ledger.create(engine, book, {**ITEM, "merchant": "菜场"}, tz=TZ, recorded_by="mum")
    seen = ledger.list_records(engine, books.seat(engine, "mum", book).book, {})["records"]
    assert sorted((r["merchant"], r["recorded_by"]) for r in seen) == [("全家", "dad"), ("菜场", "mum")]
    only_dad = ledger.list_records(engine, book, {"member": "dad"})["records"]
    assert [r["merchant"] for r in only_dad] == ["全家"]
    assert ledger.list_records(engine, "mum", {})["records"] == []  # her personal book stays apart


def test_members_are_listed_with_roles_and_the_owner_first(engine):
    book = shared(engine)
    join(engine, book, "kid", "viewer")
    listed = books.members(engine, books.seat(engine, "kid", book))
    assert [(m["person"], m["role"], m["you"]) for m in listed] == [("mum", "owner", False), ("kid", "viewer", True)]
    assert books.list_for(engine, "kid", "kid")[1] == {
        "id": book,
        "name": "家庭账本",
        "personal": False,
        "role": "viewer",
        "members": 2,
    }


def test_the_owner_changes_roles_but_not_their_own(engine):
    book = shared(engine)
    join(engine, book, "dad", "viewer")
    where = books.seat(engine, "mum", book, "own")
    assert books.set_role(engine, where, "dad", {"role": "editor"}) == {"person": "dad", "role": "editor"}
    assert books.seat(engine, "dad", book, "write").role == "editor"
    with pytest.raises(WrongState) as own:
        books.set_role(engine, where, "mum", {"role": "viewer"})
    assert own.value.code == "owner_must_hand_over"
    for bad in ({"role": "owner"}, {"role": "admin"}, {}, None):
        with pytest.raises(Invalid):
            books.set_role(engine, where, "dad", bad)
    with pytest.raises(NotFound) as nobody:
        books.set_role(engine, where, "stranger", {"role": "viewer"})
    assert nobody.value.code == "no_such_member"


def test_a_removed_member_sees_nothing_from_the_next_request_on(engine):
    book = shared(engine)
    join(engine, book, "dad")
    ledger.create(engine, book, ITEM, tz=TZ, recorded_by="dad")
    books.remove(engine, "mum", book, "dad")
    with pytest.raises(NotFound):
        books.seat(engine, "dad", book)
    assert [b["id"] for b in books.list_for(engine, "dad", "dad")] == ["dad"]


def test_leaving_is_for_members_not_for_the_owner_nor_the_personal_book(engine):
    book = shared(engine)
    join(engine, book, "dad")
    join(engine, book, "kid")
    with pytest.raises(Forbidden):
        books.remove(engine, "dad", book, "kid")  # only the owner removes others
    books.remove(engine, "kid", book, "kid")  # anyone may leave
    with pytest.raises(WrongState) as owner:
        books.remove(engine, "mum", book, "mum")
    assert owner.value.code == "owner_must_hand_over"
    with pytest.raises(WrongState) as personal:
        books.remove(engine, "mum", "mum", "mum")
    assert personal.value.code == "personal_book"


def test_handing_over_makes_the_old_owner_an_editor(engine):
    book = shared(engine)
    join(engine, book, "dad")
    handed = books.hand_over(engine, books.seat(engine, "mum", book, "own"), {"person": "dad"})
    assert handed["book"] == {"id": book, "name": "家庭账本", "personal": False, "role": "editor"}
    assert {m["person"]: m["role"] for m in handed["members"]} == {"dad": "owner", "mum": "editor"}
    with pytest.raises(Forbidden):
        books.seat(engine, "mum", book, "own")
    books.remove(engine, "mum", book, "mum")  # now she may leave


def counts(engine) -> dict[str, int]:
    """Rows per table."""
    with engine.connect() as conn:
        return {
            t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar() for t in metadata.sorted_tables
        }


def test_a_personal_book_is_shared_by_invite_and_stays_its_persons(engine):
    ledger.create(engine, "mum", {**ITEM, "merchant": "多年的账"}, tz=TZ, recorded_by="mum")
    made = books.invite(engine, books.seat(engine, "mum", None, "own"), {"role": "editor"})
    assert books.invite_info(engine, "dad", made["token"])["book"] == {"name": "个人账本", "personal_of": "mum"}
    joined = books.accept(engine, "dad", made["token"], display_name="dad")
    assert joined == {"id": "mum", "name": "个人账本", "personal": False, "role": "editor", "personal_of": "mum"}
    # Dad reads and writes in it by naming it; without a book both still work in their own.
    assert books.seat(engine, "dad", "mum", "write") == books.Seat("mum", "dad", "editor")
    ledger.create(engine, "mum", {**ITEM, "merchant": "爸爸记的"}, tz=TZ, recorded_by="dad")
    seen = ledger.list_records(engine, books.seat(engine, "dad", "mum").book, {})["records"]
    assert sorted((r["merchant"], r["recorded_by"]) for r in seen) == [("多年的账", "mum"), ("爸爸记的", "dad")]
    assert books.seat(engine, "dad", None).book == "dad" and ledger.list_records(engine, "dad", {})["records"] == []
    assert books.seat(engine, "mum", None) == books.Seat("mum", "mum", "owner")
    # Each sees their own personal book first; Dad sees Mum's as hers, not as his personal book.
    assert [(b["id"], b["personal"]) for b in books.list_for(engine, "dad", "dad")] == [("dad", True), ("mum", False)]
    assert books.list_for(engine, "mum", "mum") == [
        {"id": "mum", "name": "个人账本", "personal": True, "role": "owner", "members": 2}
    ]
    with pytest.raises(Forbidden):
        books.seat(engine, "dad", "mum", "own")


def test_the_owner_of_a_personal_book_removes_members_and_members_leave_it(engine):
    join(engine, "mum", "dad")
    join(engine, "mum", "kid", "viewer")
    books.remove(engine, "mum", "mum", "kid")
    books.remove(engine, "dad", "mum", "dad")
    for gone in ("dad", "kid"):
        with pytest.raises(NotFound):
            books.seat(engine, gone, "mum")
    with pytest.raises(WrongState) as personal:
        books.remove(engine, "mum", "mum", "mum")
    assert personal.value.code == "personal_book"


def test_handing_over_a_personal_book_moves_it_whole_and_gives_a_fresh_personal_book(engine):
    kept = ledger.create(engine, "mum", {**ITEM, "category": "餐饮", "tags": ["周末"]}, tz=TZ, recorded_by="mum")
    budgets.put(engine, "mum", {"budgets": [{"category": None, "amount": "900.00"}]}, datetime(2026, 11, 3).date())
    join(engine, "mum", "dad")
    join(engine, "mum", "kid", "viewer")
    waiting = books.invite(engine, books.seat(engine, "mum", None, "own"), {"role": "viewer"})
    before = counts(engine)
    handed = books.hand_over(engine, books.seat(engine, "mum", None, "own"), {"person": "dad"}, display_name="mum")
    moved = handed["book"]["id"]
    assert moved != "mum" and handed["book"] == {"id": moved, "name": "mum的账本", "personal": False, "role": "editor"}
    assert {m["person"]: m["role"] for m in handed["members"]} == {"dad": "owner", "mum": "editor", "kid": "viewer"}
    # Nothing is lost: the same rows, plus the new book and Mum's seat in her fresh personal book.
    after = counts(engine)
    assert {t: after[t] - before[t] for t in after if after[t] != before[t]} == {"books": 1, "book_members": 1}
    rows = ledger.list_records(engine, books.seat(engine, "dad", moved, "own").book, {})["records"]
    assert [(r["id"], r["recorded_by"], r["tags"]) for r in rows] == [(kept["id"], "mum", ["周末"])]
    budget = budgets.get(engine, moved, datetime(2026, 11, 3).date(), "2026-11")
    assert [b["amount"] for b in budget["budgets"]] == ["900.00"]
    # Routes that name no book: Mum's is a fresh empty personal book, Dad's and the kid's are their own as before.
    assert books.seat(engine, "mum", None) == books.Seat("mum", "mum", "owner")
    assert ledger.list_records(engine, "mum", {})["records"] == []
    assert books.seat(engine, "mum", moved, "write").role == "editor"
    assert [(b["id"], b["personal"], b["members"]) for b in books.list_for(engine, "mum", "mum")] == [
        ("mum", True, 1),
        (moved, False, 3),
    ]
    for other in ("dad", "kid"):
        with pytest.raises(NotFound):
            books.seat(engine, other, "mum")
    # An invite made before the hand-over joins the book it was made for.
    assert books.accept(engine, "gran", waiting["token"])["id"] == moved


def test_handing_over_a_renamed_personal_book_keeps_its_name_or_takes_the_one_given(engine):
    join(engine, "mum", "dad")
    books.rename(engine, books.seat(engine, "mum", None, "own"), {"name": "我们家"})
    first = books.hand_over(engine, books.seat(engine, "mum", None, "own"), {"person": "dad"})
    assert first["book"]["name"] == "我们家"
    join(engine, "mum", "dad")
    second = books.hand_over(engine, books.seat(engine, "mum", None, "own"), {"person": "dad", "name": " 旅行 "})
    assert second["book"]["name"] == "旅行"
    for bad in ({"person": "dad", "name": ""}, {"person": "dad", "name": "x" * 33}, {"person": "nobody"}):
        before = counts(engine)
        with pytest.raises((Invalid, NotFound)):
            books.hand_over(engine, books.seat(engine, "mum", None, "own"), bad)
        assert counts(engine) == before


def test_every_owner_column_is_a_book_or_a_person(engine):
    # Handing over a personal book moves the rows of these tables. A new table with an `owner` column fails here
    # until someone decides whether it belongs to a book (it moves) or to a person (books.PERSON_TABLES).
    assert {t.name for t in books.book_tables()} == {
        "records",
        "record_extras",
        "record_tags",
        "categories",
        "budgets",
        "category_rules",
        "imports",
        "beancount_accounts",
    }
    owned = {t.name for t in metadata.sorted_tables if "owner" in t.c}
    assert owned == books.PERSON_TABLES | {t.name for t in books.book_tables()}


def test_an_invite_is_one_time_and_keeps_only_the_tokens_hash(engine):
    book = shared(engine)
    made = books.invite(engine, books.seat(engine, "mum", book, "own"), {"role": "viewer", "hours": 2})
    with engine.connect() as conn:
        stored = conn.execute(sa.select(book_invites)).one()
    assert made["token"] not in repr(tuple(stored)) and stored.role == "viewer"
    info = books.invite_info(engine, "dad", made["token"])
    assert info["book"] == {"name": "家庭账本"} and info["invited_by"] == "mum" and info["role"] == "viewer"
    assert books.accept(engine, "dad", made["token"])["role"] == "viewer"
    for token in (made["token"], "made-up-token-of-length", ""):
        with pytest.raises(NotFound) as used:
            books.accept(engine, "kid", token)
        assert used.value.code == "invite_invalid"
    with pytest.raises(NotFound):
        books.seat(engine, "kid", book)


def test_an_expired_invite_does_nothing(engine):
    book = shared(engine)
    made = books.invite(engine, books.seat(engine, "mum", book, "own"), {"hours": 1})
    with engine.begin() as conn:
        conn.execute(book_invites.update().values(expires_at=datetime(2020, 1, 1)))
    with pytest.raises(NotFound):
        books.invite_info(engine, "dad", made["token"])
    with pytest.raises(NotFound):
        books.accept(engine, "dad", made["token"])
    with pytest.raises(NotFound):
        books.seat(engine, "dad", book)


def test_guessing_invite_tokens_is_slowed_down(engine):
    for _ in range(books.INVITE_FAILURES_PER_MINUTE):
        with pytest.raises(NotFound):
            books.invite_info(engine, "dad", "guess-guess-guess")
    with pytest.raises(RateLimited) as slowed:
        books.accept(engine, "dad", "guess-guess-guess")
    assert slowed.value.code == "invites_rate_limited"


@pytest.mark.parametrize("body", [{"role": "owner"}, {"hours": 0}, {"hours": 169}, {"hours": "72"}, {"hours": True}])
def test_invites_refuse_a_role_or_a_lifetime_out_of_bounds(engine, body):
    where = books.seat(engine, "mum", shared(engine), "own")
    with pytest.raises(Invalid):
        books.invite(engine, where, body)


@pytest.mark.parametrize("name", ["", "   ", "x" * 33, None, 5])
def test_a_book_needs_a_name(engine, name):
    with pytest.raises(Invalid) as bad:
        books.create(engine, "mum", {"name": name})
    assert bad.value.code == "bad_book_name"


def test_renaming_tidies_the_name(engine):
    book = shared(engine)
    renamed = books.rename(engine, books.seat(engine, "mum", book, "own"), {"name": "  我们 家  "})
    assert renamed["name"] == "我们 家"
    assert books.rename(engine, books.seat(engine, "mum", None, "own"), {"name": "我的"})["name"] == "我的"


def test_the_release_before_books_upgrades_and_everything_is_in_the_first_accounts_personal_book(db_settings):
    engine = db.build_engine(db_settings)
    db.migrate(engine, "0007")
    mum = "0b0e0c8e-1111-4222-8333-444455556666"  # the first account, as the previous release made it
    now = datetime(2026, 11, 3, 12, 0)
    cents = engine.dialect.name == "sqlite"
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO people (id, username, password_hash, created_at, password_changed_at)"
                " VALUES (:o, 'mum', :h, :t, :t)"
            ),
            {"o": mum, "h": accounts.hash_password("correct horse battery"), "t": now},
        )
        conn.execute(
            sa.text(
                "INSERT INTO records (owner, direction, amount, currency, occurred_at, tz, merchant, source,"
                " created_at, updated_at, version) VALUES (:o, 'expense', :a, 'CNY', :t, 'Asia/Shanghai', '全家',"
                " 'manual', :t, :t, 1)"
            ),
            {"o": mum, "a": 1250 if cents else "12.50", "t": now},
        )
        conn.execute(
            sa.text("INSERT INTO budgets (owner, category, month, amount, updated_at) VALUES (:o, '', '', :a, :t)"),
            {"o": mum, "a": 90000 if cents else "900.00", "t": now},
        )
        conn.execute(
            sa.text(
                "INSERT INTO category_rules (owner, merchant, category, updated_at) VALUES (:o, '全家', '餐饮', :t)"
            ),
            {"o": mum, "t": now},
        )
    db.migrate(engine)

    where = books.seat(engine, mum, None)
    rows = ledger.list_records(engine, where.book, {})["records"]
    listed = books.list_for(engine, mum, "mum")
    budget = budgets.get(engine, where.book, now.date(), "2026-11")
    with engine.connect() as conn:
        learned = conn.execute(sa.text("SELECT category FROM category_rules WHERE owner = :o"), {"o": mum}).scalar()
    engine.dispose()
    assert [(r["amount"], r["recorded_by"]) for r in rows] == [("12.50", mum)]
    assert listed == [{"id": mum, "name": "个人账本", "personal": True, "role": "owner", "members": 1}]
    assert [b["amount"] for b in budget["budgets"]] == ["900.00"]
    assert learned == "餐饮"


def test_the_first_account_takes_over_the_books_single_user_mode_made(engine):
    book = shared(engine, owner=accounts.SINGLE_USER_OWNER)
    ledger.create(engine, book, ITEM, tz=TZ, recorded_by=accounts.SINGLE_USER_OWNER)
    mum = accounts.create(engine, "mum", "correct horse battery", now=datetime.now() - timedelta(seconds=1))["id"]
    assert books.seat(engine, mum, book, "own").role == "owner"
    assert [r["recorded_by"] for r in ledger.list_records(engine, book, {})["records"]] == [mum]


def test_a_draft_warns_of_the_same_payment_in_the_book_it_is_confirmed_into(engine, settings):  # noqa: F811
    book = shared(engine, owner="alice")
    kept = ledger.create(engine, book, DRAFT_ITEM, tz=TZ, recorded_by="alice")
    started = upload(engine, settings)
    drafts.on_blob(engine, settings, f"alice/{started['draft_id']}.png", recognize_fn=reads(DRAFT_ITEM))
    in_book = drafts.get(engine, settings, "alice", started["draft_id"], book=book)
    assert [d["id"] for d in in_book["items"][0]["duplicates"]] == [kept["id"]]
    assert drafts.get(engine, settings, "alice", started["draft_id"])["items"][0]["duplicates"] == []
    saved, created = drafts.confirm(engine, settings, "alice", started["draft_id"], {"items": [DRAFT_ITEM]}, book=book)
    assert created and [(r["recorded_by"], r["source"]) for r in saved] == [("alice", "screenshot")]
    assert len(ledger.list_records(engine, book, {})["records"]) == 2
    assert ledger.list_records(engine, "alice", {})["records"] == []


def test_an_archive_of_one_book_holds_only_that_books_rows(engine, tmp_path):
    import json
    import zipfile

    from records import archive

    book = shared(engine)
    join(engine, book, "dad")
    ledger.create(engine, book, {**ITEM, "merchant": "共享"}, tz=TZ, recorded_by="dad")
    ledger.create(engine, "mum", {**ITEM, "merchant": "妈妈自己的"}, tz=TZ)
    ledger.create(engine, "dad", {**ITEM, "merchant": "爸爸自己的"}, tz=TZ)
    for owner, merchant in ((book, "共享"), ("mum", "妈妈自己的"), ("dad", "爸爸自己的")):
        out = tmp_path / f"{owner}.zip"
        archive.export_all(engine, out, owner=owner)
        with zipfile.ZipFile(out) as zf:
            rows = [json.loads(line) for line in zf.read("tables/records.jsonl").splitlines()]
            names = set(zf.namelist())
        assert [r["merchant"] for r in rows] == [merchant], owner
        # Books and members are archived, invite links never.
        assert "tables/book_invites.jsonl" not in names and "tables/books.jsonl" in names
