"""People who sign in (AUTH_MODE=accounts): usernames, passwords hashed with argon2id, the audit list's rows,
the first account (which takes over what single-user mode recorded), and the one-time link that creates it.

There is no default password anywhere: the first account is made with the link printed at start, or with
`python -m records user add NAME`, which reads the password from standard input.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
import uuid
from datetime import datetime, timedelta
from functools import lru_cache

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from records import books, sessions, totp
from records.dates import utcnow
from records.errors import Forbidden, Invalid, NotFound, UsernameTaken, WrongState
from records.schema import metadata, people, records, setup_tokens, sign_ins
from records.schema import sessions as session_rows

# The owner single-user mode writes as; the first account takes its rows over.
SINGLE_USER_OWNER = "local"
USERNAME = re.compile(r"[\w.@-]{1,32}")
PASSWORD_MIN, PASSWORD_MAX = 8, 256
# The passwords people choose first (and Chinese-keyboard favourites); refused however long they are.
COMMON_PASSWORDS = frozenset(
    {
        "password",
        "password1",
        "password123",
        "passw0rd",
        "12345678",
        "123456789",
        "1234567890",
        "11111111",
        "00000000",
        "88888888",
        "66666666",
        "12341234",
        "87654321",
        "qwertyui",
        "qwerty123",
        "qwertyuiop",
        "1qaz2wsx",
        "1q2w3e4r",
        "a1234567",
        "aa123456",
        "abc12345",
        "abcd1234",
        "abcdefgh",
        "iloveyou",
        "woaini1314",
        "woaini520",
        "5201314520",
        "asdfghjk",
        "zxcvbnm123",
        "snapledger",
        "letmein1",
        "admin123",
        "administrator",
    }
)
SETUP_LINK_HOURS = 24
CLI_ADDRESS = "command line"

_hasher = PasswordHasher()  # argon2id with RFC 9106's low-memory parameters


def normalize_username(value) -> str:
    """The stored form of a username (NFKC, lower case); raises Invalid (bad_username) when it is not one."""
    name = unicodedata.normalize("NFKC", value).strip().lower() if isinstance(value, str) else ""
    if not USERNAME.fullmatch(name):
        raise Invalid("bad username", code="bad_username")
    return name


def check_password(password, username: str) -> str:
    """`password` when it is long enough, not a common one and does not contain the username; raises Invalid
    (weak_password).
    """
    if not isinstance(password, str) or not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise Invalid("password length", code="weak_password")
    folded = password.strip().lower()
    if folded in COMMON_PASSWORDS or (len(username) >= 3 and username in folded) or len(set(folded)) < 3:
        raise Invalid("weak password", code="weak_password")
    return password


def hash_password(password: str) -> str:
    """An argon2id hash of `password` (salted; the parameters are stored in it)."""
    return _hasher.hash(password)


@lru_cache(maxsize=1)
def _decoy_hash() -> str:
    # Checked against when a username names nobody, so that answer takes as long as a wrong password.
    return _hasher.hash(secrets.token_urlsafe(16))


def verify_password(stored: str | None, password) -> bool:
    """Whether `password` matches the stored hash; with no hash it still spends the time, then says no."""
    if not isinstance(password, str) or len(password) > PASSWORD_MAX:
        return False
    try:
        return _hasher.verify(stored or _decoy_hash(), password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """True when a hash was made with weaker parameters than today's (it is replaced at the next sign-in)."""
    try:
        return _hasher.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def owner_tables() -> list[sa.Table]:
    """Every table whose rows belong to an owner (what the first account takes over)."""
    return [table for table in metadata.sorted_tables if "owner" in table.c]


def has_people(conn) -> bool:
    """Whether any account exists."""
    return conn.execute(sa.select(people.c.id).limit(1)).first() is not None


def find(conn, username: str):
    """The person row for a normalized username, or None."""
    return conn.execute(sa.select(people).where(people.c.username == username)).first()


def id_of(engine: sa.Engine, username) -> str:
    """The person id of a username; raises Invalid (bad_username) and NotFound (no_such_user)."""
    name = normalize_username(username)
    with engine.connect() as conn:
        row = find(conn, name)
    if row is None:
        raise NotFound(f"person {name}", code="no_such_user")
    return row.id


def get(conn, person_id: str):
    """The person row for an id; raises NotFound."""
    row = conn.execute(sa.select(people).where(people.c.id == person_id)).first()
    if row is None:
        raise NotFound(f"person {person_id}")
    return row


def describe(row) -> dict:
    """What the API says about a person."""
    return {"id": row.id, "username": row.username, "totp": row.totp_secret is not None}


def record(conn, *, username: str, outcome: str, address: str, device: str | None, person_id=None, now=None) -> None:
    """Add a row to the sign-in audit list (a sign-in, a failure, a password change)."""
    conn.execute(
        sign_ins.insert().values(
            person_id=person_id,
            username=username[:64],
            address=(address or "")[:64],
            device=sessions.trim_device(device),
            outcome=outcome,
            at=now or utcnow(),
        )
    )


def create(engine: sa.Engine, username, password, *, setup_token: str | None = None, now=None) -> dict:
    """Create an account; the first one takes over single-user mode's rows in the same transaction.

    With `setup_token` (the first-run link) the account is made only while there is none and the token is
    good; the token then stops working. Raises Invalid (bad_username, weak_password), UsernameTaken,
    WrongState (setup_done) and Forbidden (setup_link_invalid).
    """
    now = now or utcnow()
    name = normalize_username(username)
    check_password(password, name)
    if setup_token is not None:
        with engine.connect() as conn:  # refuse before spending a hash on a request that cannot succeed
            _check_setup(conn, setup_token, now)
    hashed = hash_password(password)
    person_id = str(uuid.uuid4())
    with engine.begin() as conn:
        if setup_token is not None:
            _use_setup(conn, setup_token, now)
        first = not has_people(conn)
        if find(conn, name) is not None:
            raise UsernameTaken(name)
        try:
            conn.execute(
                people.insert().values(
                    id=person_id, username=name, password_hash=hashed, created_at=now, password_changed_at=now
                )
            )
        except sa.exc.IntegrityError as exc:
            raise UsernameTaken(name) from exc
        adopted = _adopt_single_user_rows(conn, person_id) if first else {}
        if first:
            conn.execute(setup_tokens.delete())
    return {"id": person_id, "username": name, "first": first, "adopted": adopted}


def _adopt_single_user_rows(conn, person_id: str) -> dict[str, int]:
    """Give every row single-user mode wrote to the first account; returns how many per table."""
    moved = {}
    for table in owner_tables():
        result = conn.execute(
            table.update().where(table.c.owner == SINGLE_USER_OWNER).values(owner=person_id),
        )
        if result.rowcount:
            moved[table.name] = result.rowcount
    conn.execute(records.update().where(records.c.recorded_by == SINGLE_USER_OWNER).values(recorded_by=person_id))
    books.adopt(conn, SINGLE_USER_OWNER, person_id)
    return moved


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_setup(conn, token, now: datetime) -> None:
    if has_people(conn):
        raise WrongState("an account exists", code="setup_done")
    if not isinstance(token, str) or not 10 < len(token) < 200:
        raise Forbidden("setup token", code="setup_link_invalid")
    found = conn.execute(
        sa.select(setup_tokens.c.token_sha256).where(
            setup_tokens.c.token_sha256 == _digest(token), setup_tokens.c.expires_at > now
        )
    ).first()
    if found is None:
        raise Forbidden("setup token", code="setup_link_invalid")


def _use_setup(conn, token: str, now: datetime) -> None:
    _check_setup(conn, token, now)
    conn.execute(setup_tokens.delete().where(setup_tokens.c.token_sha256 == _digest(token)))


def setup_token(engine: sa.Engine, *, now=None) -> str | None:
    """A new one-time token for the first-run link, or None when an account exists; earlier tokens stop working."""
    now = now or utcnow()
    with engine.begin() as conn:
        if has_people(conn):
            return None
        conn.execute(setup_tokens.delete())
        token = secrets.token_urlsafe(24)
        conn.execute(
            setup_tokens.insert().values(
                token_sha256=_digest(token), created_at=now, expires_at=now + timedelta(hours=SETUP_LINK_HOURS)
            )
        )
    return token


def setup_needed(engine: sa.Engine) -> bool:
    """Whether no account exists yet (the page then says where the first-run link is)."""
    with engine.connect() as conn:
        return not has_people(conn)


def set_password(conn, person_id: str, password: str, *, now=None) -> None:
    """Store a new password's hash (already checked by the caller)."""
    conn.execute(
        people.update()
        .where(people.c.id == person_id)
        .values(password_hash=hash_password(password), password_changed_at=now or utcnow())
    )


def _administer(engine: sa.Engine, username, outcome: str, change, now: datetime) -> tuple[str, int]:
    """Run `change(conn, row)` on the person `username` names (a command line's `user …`), end every session of
    theirs and note `outcome` in the sign-in list, in one transaction; returns (username, sessions ended).
    Raises NotFound (no_such_user), or what `change` raises (then nothing changes).
    """
    name = normalize_username(username)
    with engine.begin() as conn:
        row = find(conn, name)
        if row is None:
            raise NotFound(f"person {name}", code="no_such_user")
        change(conn, row)
        ended = sessions.end_all(conn, row.id)
        record(conn, username=name, outcome=outcome, address=CLI_ADDRESS, device=None, person_id=row.id, now=now)
    return name, ended


def reset_password(engine: sa.Engine, username, password, *, now=None) -> dict:
    """Give a person a new password (the command line's `user passwd`): every session of theirs ends.

    Raises NotFound for an unknown username and Invalid (weak_password).
    """
    now = now or utcnow()

    def change(conn, row):
        check_password(password, row.username)
        set_password(conn, row.id, password, now=now)

    name, ended = _administer(engine, username, "password_reset", change, now)
    return {"username": name, "sessions_ended": ended}


def turn_off_two_step(engine: sa.Engine, username, *, now=None) -> dict:
    """Switch a person's two-step sign-in off (the command line's `user totp-off`, for a lost phone and lost
    recovery codes); every session of theirs ends. Raises NotFound (no_such_user).
    """
    now = now or utcnow()
    name, ended = _administer(engine, username, "totp_off", lambda conn, row: totp.turn_off(conn, row.id), now)
    return {"username": name, "totp": False, "sessions_ended": ended}


def list_people(engine: sa.Engine) -> list[dict]:
    """Every account with its creation time, whether two-step sign-in is on, and its live sessions."""
    now = utcnow()
    live = (
        sa.select(session_rows.c.person_id, sa.func.count().label("n"))
        .where(session_rows.c.expires_at > now)
        .group_by(session_rows.c.person_id)
        .subquery()
    )
    query = (
        sa.select(people.c.username, people.c.created_at, people.c.totp_secret, live.c.n)
        .select_from(people.outerjoin(live, live.c.person_id == people.c.id))
        .order_by(people.c.created_at, people.c.username)
    )
    with engine.connect() as conn:
        return [
            {
                "username": r.username,
                "created_at": r.created_at.isoformat() + "Z",
                "totp": r.totp_secret is not None,
                "sessions": r.n or 0,
            }
            for r in conn.execute(query)
        ]
