"""The hourly cleanup: what the ledger no longer needs is removed, and nothing a person still needs.

- a draft still `awaiting_upload` an hour after its upload URL expired is deleted, with its blob if one came
  (the blob trigger never took it: the page already tells the person to discard it and upload again);
- the picture of a discarded draft (discard deletes it at once; this catches a delete that failed);
- the picture of a confirmed draft older than IMAGE_RETENTION_DAYS (the record keeps every field), but never an
  e-invoice's file that a record carries (record_extras.invoice_draft): it is opened and exported from the record;
- a blob in the uploads container that belongs to no draft, once its upload URL has expired;
- bill import previews nobody committed within records.bills.imports.STALE_PREVIEW.

Pictures of drafts that are `recognizing`, `ready` or `failed` are never touched: the person has yet to look.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from records import storage
from records.bills.imports import STALE_PREVIEW
from records.dates import utcnow
from records.drafts import BLOB_NAME, PREVIEW_NAME
from records.schema import drafts, imports, record_extras, sessions, setup_tokens, sign_ins

logger = logging.getLogger(__name__)

# Past the upload URL's life: the clock skew a SAS allows (two minutes) and a late blob event.
UPLOAD_MARGIN = timedelta(hours=1)
BATCH = 500
COUNTS = (
    "stuck_drafts",
    "discarded_images",
    "expired_images",
    "orphan_blobs",
    "previews",
    "sessions",
    "sign_ins",
    "failed_deletes",
)


SIGN_IN_HISTORY = timedelta(days=180)  # how long the audit list of sign-ins keeps an attempt


def _naive_utc(moment: datetime) -> datetime:
    """`moment` as the naive UTC the database stores (an aware time is converted, a naive one taken as UTC)."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def expire_previews(engine: sa.Engine, now: datetime) -> int:
    """Delete import previews nobody committed within STALE_PREVIEW; returns how many went."""
    with engine.begin() as conn:
        result = conn.execute(
            imports.delete().where(imports.c.committed_at.is_(None), imports.c.created_at < now - STALE_PREVIEW)
        )
        return result.rowcount


def expire_sign_in_state(engine: sa.Engine, now: datetime) -> tuple[int, int]:
    """Delete sessions past their expiry and first-run links past theirs, and sign-in attempts older than
    SIGN_IN_HISTORY; returns (sessions, sign-ins) deleted."""
    with engine.begin() as conn:
        ended = conn.execute(sessions.delete().where(sessions.c.expires_at < now)).rowcount
        conn.execute(setup_tokens.delete().where(setup_tokens.c.expires_at < now))
        old = conn.execute(sign_ins.delete().where(sign_ins.c.at < now - SIGN_IN_HISTORY)).rowcount
    return ended, old


def _drafts_of(engine: sa.Engine, names) -> dict[str, sa.Row]:
    """blob name → its draft row (id, status, created_at, is_invoice), for the names that belong to a draft."""
    names = set(names)
    matches = [BLOB_NAME.match(name) or PREVIEW_NAME.match(name) for name in names]
    keys = sorted({match["id"] for match in matches if match})
    found = {}
    with engine.connect() as conn:
        for start in range(0, len(keys), BATCH):
            invoice = sa.select(record_extras.c.record_id).where(record_extras.c.invoice_draft == drafts.c.id)
            rows = conn.execute(
                sa.select(
                    drafts.c.id,
                    drafts.c.blob_name,
                    drafts.c.status,
                    drafts.c.created_at,
                    drafts.c.preview_blob,
                    invoice.exists().label("is_invoice"),
                ).where(drafts.c.id.in_(keys[start : start + BATCH]))
            )
            # Only the draft's own blob: another name carrying its id (another folder or type) is an orphan.
            for row in rows:
                # A document's preview picture (drafts.preview_blob) goes and stays with its draft's file.
                found.update({name: row for name in (row.blob_name, row.preview_blob) if name in names})
    return found


def _verdict(row, written: datetime, upload_cutoff: datetime, retention_cutoff: datetime) -> str | None:
    """Why a blob goes (the count it adds to), or None when it stays."""
    if row is None:
        return "orphan_blobs" if written < upload_cutoff else None
    if row.status == "discarded":
        return "discarded_images"
    if row.status == "confirmed" and row.created_at < retention_cutoff and not row.is_invoice:
        return "expired_images"
    if row.status == "awaiting_upload" and row.created_at < upload_cutoff:
        return "stuck_drafts"
    return None


def _delete_stuck(engine: sa.Engine, ids: list[str], cutoff: datetime) -> int:
    """Delete these drafts if they are still awaiting upload and older than `cutoff`; returns how many went.

    The condition sits in the DELETE itself, so a blob trigger or retry claiming a draft meanwhile wins.
    """
    gone = 0
    with engine.begin() as conn:
        for start in range(0, len(ids), BATCH):
            result = conn.execute(
                drafts.delete().where(
                    drafts.c.id.in_(ids[start : start + BATCH]),
                    drafts.c.status == "awaiting_upload",
                    drafts.c.created_at < cutoff,
                )
            )
            gone += result.rowcount
    return gone


def _sweep_blobs(engine: sa.Engine, settings, blobs: dict, counts: dict, cutoffs: tuple) -> None:
    """Delete the blobs that are orphaned, discarded, past retention or of a stuck draft (and that draft)."""
    upload_cutoff, retention_cutoff = cutoffs
    owners = _drafts_of(engine, blobs)
    for name, written in blobs.items():
        row = owners.get(name)
        reason = _verdict(row, written, upload_cutoff, retention_cutoff)
        if reason is None:
            continue
        if reason == "stuck_drafts" and not _delete_stuck(engine, [row.id], upload_cutoff):
            continue  # recognized meanwhile: the picture is needed now
        if storage.delete_blob(settings, name):
            counts[reason] += 1
        else:
            counts["failed_deletes"] += 1


def _sweep_stuck_without_image(engine: sa.Engine, blobs: dict, counts: dict, upload_cutoff: datetime) -> None:
    """Delete drafts whose upload URL expired with no picture sent."""
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(drafts.c.id, drafts.c.blob_name).where(
                drafts.c.status == "awaiting_upload", drafts.c.created_at < upload_cutoff
            )
        ).fetchall()
    ids = [row.id for row in rows if row.blob_name not in blobs]
    counts["stuck_drafts"] += _delete_stuck(engine, ids, upload_cutoff)


def sweep(engine: sa.Engine, settings, now: datetime | None = None) -> dict[str, int]:
    """Run the cleanup as of `now` (default: the current time); returns how many of each kind went.

    Raises StorageUnavailable when the uploads container cannot be listed (previews are expired first).
    """
    now = _naive_utc(now or utcnow())
    upload_cutoff = now - timedelta(minutes=settings.sas_minutes) - UPLOAD_MARGIN
    retention_cutoff = now - timedelta(days=settings.image_retention_days)
    counts = dict.fromkeys(COUNTS, 0)
    counts["previews"] = expire_previews(engine, now)
    counts["sessions"], counts["sign_ins"] = expire_sign_in_state(engine, now)
    # One listing, taken before any draft is judged: a blob that lands later belongs to a live upload URL.
    blobs = storage.list_uploads(settings)
    _sweep_stuck_without_image(engine, blobs, counts, upload_cutoff)
    _sweep_blobs(engine, settings, blobs, counts, (upload_cutoff, retention_cutoff))
    logger.info("cleanup: %s", " ".join(f"{key}={value}" for key, value in counts.items()))
    return counts
