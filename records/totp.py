"""Optional two-step sign-in: time-based one-time codes (TOTP, RFC 6238) from an authenticator app, and recovery
codes for when the phone is lost.

Enrolling gives a secret, its otpauth:// URI and a QR code (SVG); it is switched on only once a code from the
app is confirmed, which also hands out ten recovery codes (only their SHA-256 is kept; each works once). A code
is accepted one 30-second step either side of now, and never twice.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import UTC, datetime

import pyotp
import sqlalchemy as sa

from records.dates import utcnow
from records.errors import Unauthorized, WrongState
from records.schema import people, recovery_codes

ISSUER = "SnapLedger"
STEP_SECONDS = 30
RECOVERY_COUNT = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def step_at(now: datetime) -> int:
    """The 30-second time step of a naive UTC time."""
    return int(now.replace(tzinfo=UTC).timestamp()) // STEP_SECONDS


def code_at(secret: str, step: int) -> str:
    """The 6-digit code of `secret` for a time step."""
    return pyotp.TOTP(secret).generate_otp(step)


def matching_step(secret: str, code, *, after: int | None, now: datetime) -> int | None:
    """The time step (now, or one either side) whose code is `code` and that is later than `after`, else None."""
    if not isinstance(code, str):
        return None
    code = re.sub(r"\s", "", code)
    if not re.fullmatch(r"\d{6}", code):
        return None
    current = step_at(now)
    for step in (current - 1, current, current + 1):
        if (after is None or step > after) and hmac.compare_digest(code_at(secret, step), code):
            return step
    return None


def _recovery_digest(code: str) -> str:
    return hashlib.sha256(re.sub(r"[\s-]", "", code.lower()).encode()).hexdigest()


def new_recovery_codes() -> list[str]:
    """Ten fresh recovery codes, written like 'k7pq-mx2d-9hta' (60 bits each)."""
    codes = []
    for _ in range(RECOVERY_COUNT):
        letters = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(12))
        codes.append("-".join(letters[i : i + 4] for i in range(0, 12, 4)))
    return codes


def qr_data_uri(uri: str) -> str:
    """The QR code of `uri` as an SVG data: URI the page shows in an <img>."""
    import segno  # only the enrolment screen needs it

    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def begin(engine: sa.Engine, person_id: str, username: str) -> dict:
    """Start enrolling: a new secret waits for confirmation. Returns {secret, uri, qr}; raises WrongState when on."""
    secret = pyotp.random_base32()
    with engine.begin() as conn:
        row = conn.execute(sa.select(people.c.totp_secret).where(people.c.id == person_id)).first()
        if row is not None and row.totp_secret:
            raise WrongState("totp on", code="totp_already_on")
        conn.execute(people.update().where(people.c.id == person_id).values(totp_pending=secret))
    uri = pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)
    return {"secret": secret, "uri": uri, "qr": qr_data_uri(uri)}


def confirm(engine: sa.Engine, person_id: str, code, *, now=None) -> list[str]:
    """Switch two-step sign-in on with a code from the app; returns the recovery codes (shown this once).

    Raises WrongState (totp_not_started, totp_already_on) and Unauthorized (bad_otp).
    """
    now = now or utcnow()
    with engine.begin() as conn:
        row = conn.execute(sa.select(people).where(people.c.id == person_id)).first()
        if row.totp_secret:
            raise WrongState("totp on", code="totp_already_on")
        if not row.totp_pending:
            raise WrongState("no enrolment", code="totp_not_started")
        step = matching_step(row.totp_pending, code, after=None, now=now)
        if step is None:
            raise Unauthorized("bad code", code="bad_otp")
        conn.execute(
            people.update()
            .where(people.c.id == person_id)
            .values(totp_secret=row.totp_pending, totp_pending=None, totp_last_step=step)
        )
        codes = new_recovery_codes()
        conn.execute(recovery_codes.delete().where(recovery_codes.c.person_id == person_id))
        conn.execute(
            recovery_codes.insert(), [{"person_id": person_id, "code_sha256": _recovery_digest(c)} for c in codes]
        )
    return codes


def turn_off(conn, person_id: str) -> None:
    """Switch two-step sign-in off and forget its secret and recovery codes."""
    conn.execute(
        people.update().where(people.c.id == person_id).values(totp_secret=None, totp_pending=None, totp_last_step=None)
    )
    conn.execute(recovery_codes.delete().where(recovery_codes.c.person_id == person_id))


def use(conn, person, code, *, now: datetime) -> str | None:
    """Check a sign-in's second step: 'code' or 'recovery_code' when it passes (and is used up), else None."""
    step = matching_step(person.totp_secret, code, after=person.totp_last_step, now=now)
    if step is not None:
        conn.execute(people.update().where(people.c.id == person.id).values(totp_last_step=step))
        return "code"
    if not isinstance(code, str) or not 10 <= len(code) <= 40:
        return None
    spent = conn.execute(
        recovery_codes.update()
        .where(
            recovery_codes.c.person_id == person.id,
            recovery_codes.c.code_sha256 == _recovery_digest(code),
            recovery_codes.c.used_at.is_(None),
        )
        .values(used_at=now)
    )
    return "recovery_code" if spent.rowcount else None


def recovery_left(engine: sa.Engine, person_id: str) -> int:
    """How many unused recovery codes a person has."""
    with engine.connect() as conn:
        return conn.execute(
            sa.select(sa.func.count()).where(
                recovery_codes.c.person_id == person_id, recovery_codes.c.used_at.is_(None)
            )
        ).scalar()
