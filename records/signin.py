"""Signing in and the checks around it: slowing down and locking out repeated failures, the second step, the
sign-in audit list, and changing a password (which ends every other session).

Failures are counted from the audit list. Per username: after 2 failures in a row each try waits a little longer
(1, 2, 4 seconds), and 5 in a row lock the username for 15 minutes; a success (or a password reset) starts the
count again, and failures older than a day are forgotten. Per address: 20 failures within 15 minutes lock that
address for 15 minutes, whichever usernames it tried. An unknown username is answered exactly like a wrong
password, and takes as long.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from records import accounts, sessions, totp
from records.dates import utcnow
from records.errors import Forbidden, Invalid, TooManyAttempts, Unauthorized, WrongState
from records.fields import utc_iso
from records.schema import people, sign_ins

FAILURES = ("bad_password", "bad_otp", "bad_current_password")
FRESH_START = ("ok", "ok_recovery_code", "password_reset")
LOCK_FOR = timedelta(minutes=15)
SLOW_AFTER = 2  # failures in a row before each next try must wait
HISTORY_LIMIT = 50


@dataclass(frozen=True)
class Limit:
    """How many failures of one key (a username, an address) lock it, counted over what time."""

    column: str
    failures: int
    window: timedelta
    counts_since_success: bool


USERNAME_LIMIT = Limit("username", 5, timedelta(days=1), True)
ADDRESS_LIMIT = Limit("address", 20, LOCK_FOR, False)


@dataclass(frozen=True)
class Client:
    """Where a request came from: its address and its device (User-Agent)."""

    address: str
    device: str | None = None


def _failure_times(conn, limit: Limit, value: str, now: datetime) -> list[datetime]:
    """The times of the counted failures of one key, oldest first."""
    column = sign_ins.c[limit.column]
    since = now - limit.window
    if limit.counts_since_success:
        last_good = conn.execute(
            sa.select(sa.func.max(sign_ins.c.at)).where(column == value, sign_ins.c.outcome.in_(FRESH_START))
        ).scalar()
        if last_good is not None and last_good >= since:
            since = last_good + timedelta(microseconds=1)
    query = (
        sa.select(sign_ins.c.at)
        .where(column == value, sign_ins.c.outcome.in_(FAILURES), sign_ins.c.at >= since)
        .order_by(sign_ins.c.at)
    )
    return [row.at for row in conn.execute(query)]


def _local_time(when: datetime, tz: str) -> str:
    return when.replace(tzinfo=ZoneInfo("UTC")).astimezone(ZoneInfo(tz)).strftime("%H:%M")


def check_attempts(conn, username: str, address: str, *, tz: str, now: datetime) -> None:
    """Raise TooManyAttempts (locked_out with the time to try again, or slow_down) when this try must wait."""
    for limit, value in ((USERNAME_LIMIT, username), (ADDRESS_LIMIT, address)):
        times = _failure_times(conn, limit, value, now)
        if len(times) >= limit.failures:
            until = times[-1] + LOCK_FOR
            if now < until:
                # Rounded up to the minute the sentence names, so trying at that time works.
                shown = until + timedelta(seconds=(60 - until.second) % 60)
                raise TooManyAttempts(
                    f"{limit.column} locked",
                    code="locked_out",
                    params={"until": _local_time(shown, tz)},
                    retry_after=math.ceil((shown - now).total_seconds()),
                )
        if limit is USERNAME_LIMIT and len(times) >= SLOW_AFTER:
            ready = times[-1] + timedelta(seconds=2 ** (len(times) - SLOW_AFTER))
            if now < ready:
                wait = math.ceil((ready - now).total_seconds())
                raise TooManyAttempts("slow down", code="slow_down", params={"seconds": str(wait)}, retry_after=wait)


def _name_for_counting(username) -> str:
    """The username as failures are counted under: normalized when it can be, else trimmed as given."""
    try:
        return accounts.normalize_username(username)
    except Invalid:
        return (username if isinstance(username, str) else "").strip()[:64]


def sign_in(engine: sa.Engine, username, password, otp=None, *, client: Client, tz: str, days: int, now=None) -> dict:
    """Check a username, password and (when enrolled) one-time code; returns {token, person, session_id}.

    Raises TooManyAttempts first when this username or address must wait, then Unauthorized: bad_credentials
    (unknown username and wrong password alike), otp_required, bad_otp.
    """
    now = now or utcnow()
    name = _name_for_counting(username)
    with engine.connect() as conn:
        check_attempts(conn, name, client.address, tz=tz, now=now)
        person = accounts.find(conn, name) if name else None
    if not accounts.verify_password(person.password_hash if person else None, password):
        _failed(engine, name, "bad_password", client, person, now)
        raise Unauthorized("bad credentials", code="bad_credentials")
    with engine.begin() as conn:
        outcome = "ok"
        if person.totp_secret:
            if otp in (None, ""):
                raise Unauthorized("second step", code="otp_required")
            second = totp.use(conn, person, otp, now=now)
            if second is None:
                outcome = "bad_otp"
            elif second == "recovery_code":
                outcome = "ok_recovery_code"
        if outcome != "bad_otp":
            if accounts.needs_rehash(person.password_hash):
                accounts.set_password(conn, person.id, password, now=person.password_changed_at)
            token, session = sessions.start(
                conn, person.id, days=days, device=client.device, address=client.address, now=now
            )
        _note(conn, client, name, outcome, person.id, now)
    if outcome == "bad_otp":
        raise Unauthorized("bad otp", code="bad_otp")
    return {"token": token, "person": accounts.describe(person), "session_id": session}


def _note(conn, client: Client, username: str, outcome: str, person_id, now: datetime) -> None:
    """Note what `client` did (a sign-in, a failure, a password change) in the sign-in audit list."""
    accounts.record(
        conn,
        username=username,
        outcome=outcome,
        address=client.address,
        device=client.device,
        person_id=person_id,
        now=now,
    )


def open_session(engine: sa.Engine, person: dict, *, client: Client, days: int, now=None) -> dict:
    """Sign a just-created account in (first-run setup); returns {token, person, session_id}."""
    now = now or utcnow()
    with engine.begin() as conn:
        token, session = sessions.start(conn, person["id"], days=days, device=client.device, address=client.address)
        _note(conn, client, person["username"], "ok", person["id"], now)
    return {
        "token": token,
        "person": {"id": person["id"], "username": person["username"], "totp": False},
        "session_id": session,
    }


def _failed(engine, name: str, outcome: str, client: Client, person, now: datetime) -> None:
    with engine.begin() as conn:
        _note(conn, client, name, outcome, person.id if person else None, now)


def _check_own_password(engine, person_id: str, password, client: Client, *, tz: str, now: datetime):
    """The person row when `password` is theirs; a wrong one counts as a failed sign-in. Raises Forbidden."""
    with engine.connect() as conn:
        person = accounts.get(conn, person_id)
        check_attempts(conn, person.username, client.address, tz=tz, now=now)
    if not accounts.verify_password(person.password_hash, password):
        _failed(engine, person.username, "bad_current_password", client, person, now)
        raise Forbidden("wrong current password", code="wrong_password")
    return person


def change_password(
    engine: sa.Engine, person_id: str, current, new, *, token: str | None, client: Client, tz: str, now=None
) -> int:
    """Replace a person's password when `current` is right; every session but this token's ends. Returns how many.

    Raises TooManyAttempts, Forbidden (wrong_password) and Invalid (weak_password).
    """
    now = now or utcnow()
    person = _check_own_password(engine, person_id, current, client, tz=tz, now=now)
    accounts.check_password(new, person.username)
    with engine.begin() as conn:
        accounts.set_password(conn, person_id, new, now=now)
        ended = sessions.end_all(conn, person_id, keep=token)
        _note(conn, client, person.username, "password_changed", person_id, now)
    return ended


def turn_off_totp(engine: sa.Engine, person_id: str, password, *, client: Client, tz: str, now=None) -> None:
    """Switch two-step sign-in off after checking the password. Raises TooManyAttempts, Forbidden, WrongState."""
    now = now or utcnow()
    person = _check_own_password(engine, person_id, password, client, tz=tz, now=now)
    if not person.totp_secret:
        raise WrongState("totp off", code="totp_off")
    with engine.begin() as conn:
        totp.turn_off(conn, person_id)
        _note(conn, client, person.username, "totp_off", person_id, now)


def history(engine: sa.Engine, person_id: str, *, limit: int = HISTORY_LIMIT) -> list[dict]:
    """A person's most recent sign-ins, failures and password changes, newest first."""
    query = (
        sa.select(sign_ins)
        .where(sign_ins.c.person_id == person_id)
        .order_by(sign_ins.c.at.desc(), sign_ins.c.id.desc())
        .limit(limit)
    )
    with engine.connect() as conn:
        return [
            {"at": utc_iso(r.at), "outcome": r.outcome, "address": r.address, "device": r.device}
            for r in conn.execute(query)
        ]


def person_of(engine: sa.Engine, person_id: str) -> dict:
    """What /api/me says about a signed-in person: id, username, whether two-step sign-in is on."""
    with engine.connect() as conn:
        row = conn.execute(sa.select(people).where(people.c.id == person_id)).first()
    return accounts.describe(row)
