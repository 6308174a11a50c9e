"""Bounds per person that hold across worker processes and instances, kept in the database.

A per-minute budget for each costly kind of request (bill imports, recognition retries, exports): each request
spends one from its owner's budget or is refused with RateLimited and the seconds to wait. And one running
import per owner: a second preview or commit while one works is refused with Busy.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import sqlalchemy as sa

from records.dates import utcnow
from records.errors import Busy, RateLimited
from records.schema import rate_events, running_imports

logger = logging.getLogger(__name__)

WINDOW = timedelta(minutes=1)
CODES = {
    "import": "imports_rate_limited",
    "retry": "retries_rate_limited",
    "export": "exports_rate_limited",
    "invite": "invites_rate_limited",
}
# A running import that has not finished after this long belongs to a process that died; the next one takes over.
STALE_RUN = timedelta(minutes=5)


def retry_after(oldest, now) -> int:
    """Whole seconds until the oldest event in the window leaves it (at least 1)."""
    return max(1, int((oldest + WINDOW - now).total_seconds()) + 1)


def spend(engine: sa.Engine, owner: str, kind: str, per_minute: int) -> None:
    """Count one `kind` request of this owner; raises RateLimited when `per_minute` were made in the last minute."""
    now = utcnow()
    since = now - WINDOW
    match = (rate_events.c.owner == owner, rate_events.c.kind == kind)
    with engine.begin() as conn:
        conn.execute(rate_events.delete().where(*match, rate_events.c.at < since))
        used, oldest = conn.execute(
            sa.select(sa.func.count(), sa.func.min(rate_events.c.at)).where(*match, rate_events.c.at >= since)
        ).one()
        if used >= per_minute:
            wait = retry_after(oldest, now)
            raise RateLimited(f"{used} {kind} requests in the last minute", code=CODES[kind], retry_after=wait)
        conn.execute(rate_events.insert().values(owner=owner, kind=kind, at=now))


@contextmanager
def one_import(engine: sa.Engine, owner: str) -> Iterator[None]:
    """Hold this owner's one running import for the `with` block; raises Busy when another one runs."""
    token = str(uuid.uuid4())
    _take(engine, owner, token)
    try:
        yield
    finally:
        _release(engine, owner, token)


def _release(engine: sa.Engine, owner: str, token: str) -> None:
    """Let go of the running import; if the database will not answer now, the next import takes it over later."""
    try:
        with engine.begin() as conn:
            conn.execute(
                running_imports.delete().where(running_imports.c.owner == owner, running_imports.c.token == token)
            )
    except sa.exc.OperationalError:
        logger.warning("could not release an import lock; the next import takes it over after %s", STALE_RUN)


def _take(engine: sa.Engine, owner: str, token: str) -> None:
    now = utcnow()
    try:
        with engine.begin() as conn:
            conn.execute(running_imports.insert().values(owner=owner, token=token, started_at=now))
        return
    except sa.exc.IntegrityError:
        pass  # someone holds it: take it over only if its holder is long gone
    with engine.begin() as conn:
        taken = conn.execute(
            running_imports.update()
            .where(running_imports.c.owner == owner, running_imports.c.started_at < now - STALE_RUN)
            .values(token=token, started_at=now)
        )
    if taken.rowcount != 1:
        raise Busy(f"an import of {owner} is running")
    logger.warning("took over an import lock left by a process that stopped")
