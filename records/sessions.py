"""Server-side sessions in the database: a random 32-byte token in the person's cookie, only its SHA-256 here.

A session lasts SESSION_DAYS past its last use; it ends on sign-out (this device or everywhere), when the
password changes (every other one), and when a forgotten password is reset (all of them).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

import sqlalchemy as sa

from records.dates import utcnow
from records.fields import utc_iso
from records.schema import people
from records.schema import sessions as table

TOKEN_BYTES = 32
TOKEN_MAX = 100  # a cookie value longer than any token we hand out is not looked up
DEVICE_MAX = 200
# Writing last-seen on every request would make every read a write; once in a while is enough to slide expiry.
TOUCH_EVERY = timedelta(minutes=5)


def digest(token: str) -> str:
    """The SHA-256 (hex) under which a token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def trim_device(user_agent: str | None) -> str | None:
    """A User-Agent as the sessions list shows it: printable, one line, at most 200 characters."""
    if not user_agent:
        return None
    text = re.sub(r"\s+", " ", "".join(c for c in user_agent if c.isprintable() or c.isspace())).strip()
    return text[:DEVICE_MAX] or None


def start(conn, person_id: str, *, days: int, device: str | None, address: str | None, now=None) -> tuple[str, str]:
    """Open a session for a person; returns (token for the cookie, never stored as such; the session's id)."""
    now = now or utcnow()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session_id = secrets.token_hex(8)
    conn.execute(table.delete().where(table.c.person_id == person_id, table.c.expires_at <= now))
    conn.execute(
        table.insert().values(
            token_sha256=digest(token),
            id=session_id,
            person_id=person_id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(days=days),
            device=trim_device(device),
            address=(address or "")[:64] or None,
        )
    )
    return token, session_id


def find(engine: sa.Engine, token: str | None, *, days: int, now=None) -> dict | None:
    """The live session of a cookie's token with its person ({person_id, username, session_id}), or None.

    Use slides the expiry forward (written at most every few minutes); an expired session is removed.
    """
    if not token or len(token) > TOKEN_MAX:
        return None
    now = now or utcnow()
    key = digest(token)
    query = (
        sa.select(table.c.id, table.c.person_id, table.c.last_seen_at, table.c.expires_at, people.c.username)
        .select_from(table.join(people, people.c.id == table.c.person_id))
        .where(table.c.token_sha256 == key)
    )
    with engine.connect() as conn:
        row = conn.execute(query).first()
    if row is None:
        return None
    if row.expires_at <= now:
        with engine.begin() as conn:
            conn.execute(table.delete().where(table.c.token_sha256 == key))
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        with engine.begin() as conn:
            conn.execute(
                table.update()
                .where(table.c.token_sha256 == key)
                .values(last_seen_at=now, expires_at=now + timedelta(days=days))
            )
    return {"person_id": row.person_id, "username": row.username, "session_id": row.id}


def end(engine: sa.Engine, token: str | None) -> bool:
    """End the session of this token (sign out this device); True when there was one."""
    if not token or len(token) > TOKEN_MAX:
        return False
    with engine.begin() as conn:
        return conn.execute(table.delete().where(table.c.token_sha256 == digest(token))).rowcount > 0


def end_all(conn, person_id: str, *, keep: str | None = None) -> int:
    """End every session of a person, except the one of token `keep`; returns how many ended."""
    query = table.delete().where(table.c.person_id == person_id)
    if keep:
        query = query.where(table.c.token_sha256 != digest(keep))
    return conn.execute(query).rowcount


def end_everywhere(engine: sa.Engine, person_id: str) -> int:
    """Sign a person out on every device (the 账户 screen's "sign out everywhere"); returns how many sessions ended."""
    with engine.begin() as conn:
        return end_all(conn, person_id)


def end_one(engine: sa.Engine, person_id: str, session_id: str) -> bool:
    """End one of a person's sessions by the id the list shows; True when it was theirs and live."""
    with engine.begin() as conn:
        done = conn.execute(table.delete().where(table.c.person_id == person_id, table.c.id == session_id))
        return done.rowcount > 0


def active(engine: sa.Engine, person_id: str, *, current: str | None = None, now=None) -> list[dict]:
    """A person's live sessions, most recently used first; `current` marks the one of this token."""
    now = now or utcnow()
    mine = digest(current) if current else None
    query = (
        sa.select(table)
        .where(table.c.person_id == person_id, table.c.expires_at > now)
        .order_by(table.c.last_seen_at.desc(), table.c.created_at.desc())
    )
    with engine.connect() as conn:
        return [
            {
                "id": r.id,
                "device": r.device,
                "address": r.address,
                "created_at": utc_iso(r.created_at),
                "last_seen_at": utc_iso(r.last_seen_at),
                "expires_at": utc_iso(r.expires_at),
                "current": r.token_sha256 == mine,
            }
            for r in conn.execute(query)
        ]
