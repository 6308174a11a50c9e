"""Signing in: sessions that end when they should, slowing down and locking out repeated failures, the audit list,
changing a password, and two-step sign-in with an authenticator app's codes and recovery codes.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from records import accounts, sessions, signin, totp
from records.dates import utcnow
from records.errors import Forbidden, Invalid, TooManyAttempts, Unauthorized, WrongState

GOOD = "correct horse battery"
T0 = datetime(2026, 11, 3, 4, 0, 0)  # 12:00 in Asia/Shanghai
PHONE = signin.Client(address="192.168.1.20", device="Mozilla/5.0 (iPhone)\n  Safari")
LAPTOP = signin.Client(address="192.168.1.30", device="Mozilla/5.0 (X11; Linux)")


def attempt(engine, username="alice", password=GOOD, otp=None, client=PHONE, now=T0, days=30):
    return signin.sign_in(engine, username, password, otp, client=client, tz="Asia/Shanghai", days=days, now=now)


def code_of(exc_info) -> str:
    return exc_info.value.code


@pytest.fixture
def alice(engine):
    return accounts.create(engine, "alice", GOOD, now=T0 - timedelta(days=1))


def test_signing_in_opens_a_session_its_token_finds(engine, alice):
    result = attempt(engine)
    found = sessions.find(engine, result["token"], days=30, now=T0 + timedelta(minutes=1))
    assert found == {"person_id": alice["id"], "username": "alice", "session_id": result["session_id"]}
    assert sessions.find(engine, result["token"] + "x", days=30, now=T0) is None
    assert sessions.find(engine, "", days=30) is None


def test_only_the_tokens_hash_is_stored(engine, alice):
    import sqlalchemy as sa

    from records.schema import sessions as table

    token = attempt(engine)["token"]
    with engine.connect() as conn:
        stored = [tuple(r) for r in conn.execute(sa.select(table))]
    assert token not in repr(stored) and sessions.digest(token) in repr(stored)
    assert stored[0][table.c.keys().index("device")] == "Mozilla/5.0 (iPhone) Safari"


def test_an_unknown_username_gets_the_same_answer_as_a_wrong_password(engine, alice):
    with pytest.raises(Unauthorized) as unknown:
        attempt(engine, username="alicia")
    with pytest.raises(Unauthorized) as wrong:
        attempt(engine, password="not the password", now=T0 + timedelta(seconds=5))
    assert code_of(unknown) == code_of(wrong) == "bad_credentials"


def test_an_unused_session_expires_and_use_keeps_it_alive(engine, alice):
    token = attempt(engine, days=30)["token"]
    # Used every few weeks, it lives on; left alone past its days, it is gone.
    assert sessions.find(engine, token, days=30, now=T0 + timedelta(days=20))
    assert sessions.find(engine, token, days=30, now=T0 + timedelta(days=45))
    assert sessions.find(engine, token, days=30, now=T0 + timedelta(days=76)) is None
    assert sessions.find(engine, token, days=30, now=T0 + timedelta(days=45)) is None  # removed, not just hidden


def test_signing_out_ends_this_device_only_and_everywhere_ends_all(engine, alice):
    phone = attempt(engine, client=PHONE)["token"]
    laptop = attempt(engine, client=LAPTOP)["token"]
    assert sessions.end(engine, phone)
    assert sessions.find(engine, phone, days=30, now=T0) is None
    assert sessions.find(engine, laptop, days=30, now=T0) is not None
    tablet = attempt(engine, client=PHONE)["token"]
    with engine.begin() as conn:
        assert sessions.end_all(conn, alice["id"]) == 2
    assert sessions.find(engine, laptop, days=30, now=T0) is None
    assert sessions.find(engine, tablet, days=30, now=T0) is None


def test_the_sessions_list_marks_this_device(engine, alice):
    phone = attempt(engine, client=PHONE)["token"]
    attempt(engine, client=LAPTOP, now=T0 + timedelta(minutes=1))
    listed = sessions.active(engine, alice["id"], current=phone, now=T0 + timedelta(minutes=2))
    assert [(s["address"], s["current"]) for s in listed] == [("192.168.1.30", False), ("192.168.1.20", True)]
    assert "token" not in repr(listed).lower() or phone not in repr(listed)


def test_changing_the_password_ends_every_other_session(engine, alice):
    phone = attempt(engine, client=PHONE)["token"]
    laptop = attempt(engine, client=LAPTOP)["token"]
    ended = signin.change_password(
        engine, alice["id"], GOOD, "a much better one", token=phone, client=PHONE, tz="Asia/Shanghai", now=T0
    )
    assert ended == 1
    assert sessions.find(engine, phone, days=30, now=T0) is not None
    assert sessions.find(engine, laptop, days=30, now=T0) is None
    with pytest.raises(Unauthorized):
        attempt(engine, now=T0 + timedelta(minutes=1))
    assert attempt(engine, password="a much better one", now=T0 + timedelta(minutes=2))["token"]


def test_changing_the_password_needs_the_current_one_and_a_good_new_one(engine, alice):
    with pytest.raises(Forbidden) as wrong:
        signin.change_password(engine, alice["id"], "guess", "a much better one", token=None, client=PHONE, tz="UTC")
    with pytest.raises(Invalid) as weak:
        signin.change_password(engine, alice["id"], GOOD, "12345678", token=None, client=PHONE, tz="UTC")
    assert (code_of(wrong), code_of(weak)) == ("wrong_password", "weak_password")
    assert attempt(engine, now=utcnow())["token"]


def test_a_password_reset_ends_every_session(engine, alice):
    token = attempt(engine)["token"]
    assert accounts.reset_password(engine, "alice", "reset by the owner", now=T0)["sessions_ended"] == 1
    assert sessions.find(engine, token, days=30, now=T0) is None


def test_failures_slow_down_then_lock_the_username_for_fifteen_minutes(engine, alice):
    now = T0
    for _ in range(2):
        with pytest.raises(Unauthorized):
            attempt(engine, password="wrong", now=now)
    # After two failures in a row, the next try waits a second (then 2, then 4).
    with pytest.raises(TooManyAttempts) as slow:
        attempt(engine, password="wrong", now=now)
    assert code_of(slow) == "slow_down" and slow.value.retry_after == 1
    for wait in (1, 2, 4):
        now += timedelta(seconds=wait)
        with pytest.raises(Unauthorized):
            attempt(engine, password="wrong", now=now)
    # Five failures: even the right password is refused, with the local time to try again.
    with pytest.raises(TooManyAttempts) as locked:
        attempt(engine, now=now + timedelta(minutes=5))
    assert code_of(locked) == "locked_out"
    assert locked.value.params == {"until": "12:16"}  # 04:00:07 UTC + 15 min, rounded up, in Shanghai
    assert locked.value.retry_after == 653  # until 04:16:00 UTC, asked at 04:05:07
    # Another username from another address is not locked; after the time, the right password works.
    accounts.create(engine, "bob", "another good one")
    assert attempt(engine, "bob", "another good one", client=LAPTOP, now=now)["token"]
    assert attempt(engine, now=now + timedelta(minutes=16))["token"]


def test_a_success_starts_the_count_again(engine, alice):
    now = T0
    for step in range(4):
        now += timedelta(seconds=10)
        with pytest.raises(Unauthorized):
            attempt(engine, password="wrong", now=now)
        if step == 1:
            now += timedelta(seconds=10)
            attempt(engine, now=now)
    now += timedelta(seconds=10)
    assert attempt(engine, now=now)["token"]  # 2 + 2 failures, never 5 in a row


def test_one_address_trying_many_usernames_is_locked_out(engine, alice):
    now = T0
    for n in range(signin.ADDRESS_LIMIT.failures):
        now += timedelta(seconds=10)
        with pytest.raises(Unauthorized):
            attempt(engine, username=f"guess{n}", password="wrong", now=now)
    with pytest.raises(TooManyAttempts) as locked:
        attempt(engine, now=now + timedelta(seconds=10))
    assert code_of(locked) == "locked_out"
    assert attempt(engine, client=LAPTOP, now=now + timedelta(seconds=10))["token"]


def test_the_audit_list_shows_sign_ins_failures_and_password_changes(engine, alice):
    with pytest.raises(Unauthorized):
        attempt(engine, password="wrong", client=LAPTOP, now=T0)
    attempt(engine, now=T0 + timedelta(minutes=1))
    signin.change_password(
        engine,
        alice["id"],
        GOOD,
        "a much better one",
        token=None,
        client=PHONE,
        tz="UTC",
        now=T0 + timedelta(minutes=2),
    )
    listed = signin.history(engine, alice["id"])
    assert [(e["outcome"], e["address"]) for e in listed] == [
        ("password_changed", "192.168.1.20"),
        ("ok", "192.168.1.20"),
        ("bad_password", "192.168.1.30"),
    ]
    assert listed[1]["at"] == "2026-11-03T04:01:00Z"


# ---------------------------------------------------------------- two-step sign-in


def enrol(engine, person, now=T0) -> tuple[str, list[str]]:
    started = totp.begin(engine, person["id"], person["username"])
    assert started["uri"].startswith("otpauth://totp/SnapLedger:alice?secret=")
    assert started["qr"].startswith("data:image/svg+xml")
    codes = totp.confirm(engine, person["id"], totp.code_at(started["secret"], totp.step_at(now)), now=now)
    return started["secret"], codes


def test_two_step_sign_in_asks_for_a_code_and_takes_the_apps(engine, alice):
    secret, _ = enrol(engine, alice)
    later = T0 + timedelta(minutes=10)
    with pytest.raises(Unauthorized) as asked:
        attempt(engine, now=later)
    assert code_of(asked) == "otp_required"
    with pytest.raises(Unauthorized) as wrong:
        attempt(engine, otp="000000" if totp.code_at(secret, totp.step_at(later)) != "000000" else "111111", now=later)
    assert code_of(wrong) == "bad_otp"
    assert attempt(engine, otp=totp.code_at(secret, totp.step_at(later)), now=later + timedelta(seconds=1))["token"]


def test_a_code_works_once(engine, alice):
    secret, _ = enrol(engine, alice)
    later = T0 + timedelta(minutes=10)
    code = totp.code_at(secret, totp.step_at(later))
    attempt(engine, otp=code, now=later)
    with pytest.raises(Unauthorized) as replay:
        attempt(engine, otp=code, now=later + timedelta(seconds=2))
    assert code_of(replay) == "bad_otp"


def test_a_recovery_code_stands_in_once(engine, alice):
    _, codes = enrol(engine, alice)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert attempt(engine, otp=codes[3].upper(), now=T0 + timedelta(minutes=1))["token"]
    with pytest.raises(Unauthorized):
        attempt(engine, otp=codes[3], now=T0 + timedelta(minutes=2))
    assert totp.recovery_left(engine, alice["id"]) == 9


def test_enrolment_is_on_only_once_a_code_is_confirmed(engine, alice):
    started = totp.begin(engine, alice["id"], "alice")
    with pytest.raises(Unauthorized):
        totp.confirm(engine, alice["id"], "12345", now=T0)
    assert attempt(engine, now=T0)["token"]  # still no second step
    totp.confirm(engine, alice["id"], totp.code_at(started["secret"], totp.step_at(T0)), now=T0)
    with pytest.raises(WrongState):
        totp.begin(engine, alice["id"], "alice")


def test_turning_two_step_sign_in_off_needs_the_password(engine, alice):
    enrol(engine, alice)
    with pytest.raises(Forbidden):
        signin.turn_off_totp(engine, alice["id"], "guess", client=PHONE, tz="UTC", now=T0)
    signin.turn_off_totp(engine, alice["id"], GOOD, client=PHONE, tz="UTC", now=T0 + timedelta(seconds=30))
    assert attempt(engine, now=T0 + timedelta(minutes=1))["token"]
    assert totp.recovery_left(engine, alice["id"]) == 0
