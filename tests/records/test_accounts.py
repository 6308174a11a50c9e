"""Accounts: usernames and passwords, argon2id hashes, the first-run link, and the first account taking over what
single-user mode recorded.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from records import accounts, learning, ledger
from records.errors import Forbidden, Invalid, NotFound, UsernameTaken, WrongState
from records.reports import budgets
from records.schema import people

GOOD = "correct horse battery"
ITEM = {"amount": "36.00", "occurred_at": "2026-11-03T12:34:56+08:00", "merchant": "全家", "category": "餐饮"}


def test_passwords_are_stored_as_argon2id_hashes_that_verify(engine):
    accounts.create(engine, "Alice", GOOD)
    with engine.connect() as conn:
        stored = conn.execute(sa.select(people.c.username, people.c.password_hash)).one()
    assert stored.username == "alice"
    assert stored.password_hash.startswith("$argon2id$") and GOOD not in stored.password_hash
    assert accounts.verify_password(stored.password_hash, GOOD)
    assert not accounts.verify_password(stored.password_hash, GOOD.upper())
    assert not accounts.verify_password(None, GOOD)
    assert not accounts.verify_password(stored.password_hash, None)


def test_two_hashes_of_one_password_differ():
    assert accounts.hash_password(GOOD) != accounts.hash_password(GOOD)


@pytest.mark.parametrize(
    "password", ["", "short", "password", "12345678", "88888888", "aaaaaaaaaaaa", "alice", "x" * 257]
)
def test_weak_passwords_are_refused_with_their_own_code(password):
    with pytest.raises(Invalid) as caught:
        accounts.check_password(password, "alice")
    assert caught.value.code == "weak_password"


def test_the_username_itself_is_no_password(engine):
    with pytest.raises(Invalid) as caught:
        accounts.create(engine, "grandmother", "Grandmother")
    assert caught.value.code == "weak_password"


@pytest.mark.parametrize("name", ["", " ", "a b", "x" * 33, "<script>", "a/b", None, 5])
def test_usernames_that_are_not_one_are_refused(name):
    with pytest.raises(Invalid) as caught:
        accounts.normalize_username(name)
    assert caught.value.code == "bad_username"


@pytest.mark.parametrize(
    ("given", "stored"), [("Alice", "alice"), ("小明", "小明"), ("ＢＯＢ", "bob"), ("a.b-c_d@x", "a.b-c_d@x")]
)
def test_usernames_are_stored_in_one_form(given, stored):
    assert accounts.normalize_username(given) == stored


def test_a_username_is_taken_once_whatever_its_case(engine):
    accounts.create(engine, "alice", GOOD)
    with pytest.raises(UsernameTaken):
        accounts.create(engine, "ALICE", "another good one")


def _rows_by_owner(engine, owner: str) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t.name: conn.execute(sa.select(sa.func.count()).select_from(t).where(t.c.owner == owner)).scalar()
            for t in accounts.owner_tables()
        }


def test_the_first_account_takes_over_every_row_single_user_mode_wrote(engine):
    # What a person recorded before accounts existed: a record, a learned category, a budget.
    local = accounts.SINGLE_USER_OWNER
    record = ledger.create(engine, local, ITEM, tz="Asia/Shanghai")
    with engine.begin() as conn:
        learning.learn(conn, local, "全家", "餐饮")
    budgets.put(engine, local, {"month": None, "budgets": [{"category": None, "amount": "900"}]}, date(2026, 11, 3))
    ledger.create(engine, "someone-else", ITEM, tz="Asia/Shanghai")
    before = _rows_by_owner(engine, local)

    first = accounts.create(engine, "alice", GOOD)
    second = accounts.create(engine, "bob", "another good one")

    assert first["first"] and not second["first"]
    assert {k: v for k, v in before.items() if v} == first["adopted"]
    assert {"records", "category_rules", "budgets"} <= set(first["adopted"])
    assert _rows_by_owner(engine, first["id"]) == before
    assert set(_rows_by_owner(engine, local).values()) == {0}
    assert set(_rows_by_owner(engine, second["id"]).values()) == {0}
    assert [r["id"] for r in ledger.list_records(engine, first["id"], {})["records"]] == [record["id"]]
    assert len(ledger.list_records(engine, "someone-else", {})["records"]) == 1


def test_the_setup_link_makes_the_first_account_once(engine):
    token = accounts.setup_token(engine)
    assert token and accounts.setup_needed(engine)
    with pytest.raises(Forbidden) as wrong:
        accounts.create(engine, "alice", GOOD, setup_token=token + "x")
    assert wrong.value.code == "setup_link_invalid"

    made = accounts.create(engine, "alice", GOOD, setup_token=token)

    assert made["first"] and not accounts.setup_needed(engine)
    with pytest.raises(WrongState) as again:
        accounts.create(engine, "mallory", GOOD, setup_token=token)
    assert again.value.code == "setup_done"
    assert accounts.setup_token(engine) is None


def test_a_new_start_replaces_the_setup_link_and_an_old_one_expires(engine):
    now = datetime(2026, 11, 3, 12, 0)
    old = accounts.setup_token(engine, now=now)
    new = accounts.setup_token(engine, now=now)
    with pytest.raises(Forbidden):
        accounts.create(engine, "alice", GOOD, setup_token=old, now=now)
    with pytest.raises(Forbidden):
        accounts.create(engine, "alice", GOOD, setup_token=new, now=now + timedelta(hours=25))
    assert accounts.create(engine, "alice", GOOD, setup_token=new, now=now + timedelta(hours=23))["first"]


def test_a_reset_password_works_and_the_old_one_does_not(engine):
    made = accounts.create(engine, "alice", GOOD)
    accounts.reset_password(engine, "Alice", "a brand new secret")
    with engine.connect() as conn:
        stored = accounts.get(conn, made["id"]).password_hash
    assert accounts.verify_password(stored, "a brand new secret")
    assert not accounts.verify_password(stored, GOOD)
    with pytest.raises(NotFound) as unknown:
        accounts.reset_password(engine, "nobody", "a brand new secret")
    assert unknown.value.code == "no_such_user"


def test_the_people_list_says_who_has_two_step_sign_in(engine):
    accounts.create(engine, "alice", GOOD)
    accounts.create(engine, "bob", "another good one")
    listed = accounts.list_people(engine)
    assert [(p["username"], p["totp"], p["sessions"]) for p in listed] == [("alice", False, 0), ("bob", False, 0)]
