"""The hourly cleanup on real drafts with real blobs in Azurite: exactly what nobody needs goes, as time moves on."""

from __future__ import annotations

import dataclasses
import os
from datetime import UTC, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from records import cleanup, drafts, storage
from records.bills import imports
from records.dates import utcnow
from records.schema import drafts as drafts_table
from records.schema import imports as imports_table
from records.schema import records
from tests.security.conftest import ITEM, put_blob

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 40
GIF = b"GIF89a" + b"\0" * 40
BILL = (Path(__file__).resolve().parents[1] / "fixtures" / "bills" / "alipay_2026-10.csv").read_bytes()
UPLOAD = {"filename": "pay.png", "content_type": "image/png", "size": len(PNG)}


def recognized(data, *, now=None, settings=None, **_):
    """What a recognizer returns for the test's screenshot: one payment."""
    from recognize.models import Extraction, Item

    fields = {"amount": "23.90", "occurred_at": "2026-11-03T08:15:42+08:00", "merchant": "瑞幸咖啡"}
    item = Item(fields, {"amount": 0.9})
    return Extraction(items=[item], raw_text="瑞幸咖啡 ¥23.90", engine="ocr", elapsed_ms=5, warnings=[])


@pytest.fixture
def settings(db_settings, azurite):
    """Settings on the test's database and a container of its own in the session's Azurite."""
    from devhost.azurite import provision

    container = "t" + os.urandom(6).hex()
    provision(azurite.connection, container, ["http://localhost:7071"])
    storage.reset_service()
    yield dataclasses.replace(
        db_settings, storage_connection=azurite.connection, uploads_container=container, upload_rate_per_minute=1000
    )
    storage.reset_service()


def upload(engine, settings, data: bytes | None = PNG) -> tuple[str, dict]:
    """Start an upload as alice and, unless `data` is None, PUT the bytes to its URL; returns (draft id, answer)."""
    started = drafts.start_upload(engine, settings, "alice", UPLOAD)
    if data is not None:
        assert put_blob(started, data) == 201
    return started["draft_id"], started


def blob(draft_id: str) -> str:
    return f"alice/{draft_id}.png"


def states(engine) -> dict[str, str]:
    with engine.connect() as conn:
        return dict(conn.execute(sa.select(drafts_table.c.id, drafts_table.c.status)).fetchall())


def preview_ids(engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(sa.select(imports_table.c.id)).scalars())


def test_the_sweep_removes_exactly_what_nobody_needs_as_time_goes_on(engine, settings):
    start = utcnow()
    never_sent, _ = upload(engine, settings, None)
    missed, _ = upload(engine, settings)  # the picture arrived but the blob trigger never took it
    ready, _ = upload(engine, settings)
    drafts.on_blob(engine, settings, blob(ready), recognize_fn=recognized)
    failed, _ = upload(engine, settings, GIF)
    drafts.on_blob(engine, settings, blob(failed), recognize_fn=recognized)
    busy, _ = upload(engine, settings)
    with engine.begin() as conn:  # the blob trigger is reading it right now
        conn.execute(drafts_table.update().where(drafts_table.c.id == busy).values(status="recognizing"))
    confirmed, _ = upload(engine, settings)
    drafts.on_blob(engine, settings, blob(confirmed), recognize_fn=recognized)
    drafts.confirm(engine, settings, "alice", confirmed, {"items": [{"fields": ITEM}]})
    discarded, started = upload(engine, settings)
    drafts.discard(engine, settings, "alice", discarded)
    assert put_blob(started, PNG) == 201  # the picture is back, as if discard's delete had failed
    service = storage.get_service(settings).get_container_client(settings.uploads_container)
    service.upload_blob("alice/not-a-draft.png", PNG)
    service.upload_blob("stray.txt", b"hello")
    service.upload_blob(f"bob/{ready}.png", PNG)  # the id of alice's ready draft, in another folder
    committed = imports.preview(engine, "alice", BILL, filename="a.csv", tz="Asia/Shanghai")["import_id"]
    imports.commit(engine, "alice", committed)
    pending = imports.preview(engine, "alice", BILL, filename="a.csv", tz="Asia/Shanghai")["import_id"]
    everyone = {never_sent, missed, ready, failed, busy, confirmed, discarded}
    strays = {"alice/not-a-draft.png", "stray.txt", f"bob/{ready}.png"}
    pictures = {blob(d) for d in everyone - {never_sent}} | strays
    assert set(storage.list_uploads(settings)) == pictures

    # Five minutes on, every upload URL still works: only the discarded picture goes (discard deletes it at once).
    counts = cleanup.sweep(engine, settings, start + timedelta(minutes=5))
    assert counts == {**dict.fromkeys(cleanup.COUNTS, 0), "discarded_images": 1}
    assert set(states(engine)) == everyone
    pictures.remove(blob(discarded))
    assert set(storage.list_uploads(settings)) == pictures
    assert preview_ids(engine) == {committed, pending}

    # Two hours on: the drafts whose upload URL died long ago go (with the picture the trigger never took), and
    # so do the stray blobs.
    counts = cleanup.sweep(engine, settings, start + timedelta(hours=2))
    assert counts == {**dict.fromkeys(cleanup.COUNTS, 0), "stuck_drafts": 2, "orphan_blobs": 3}
    assert set(states(engine)) == everyone - {never_sent, missed}
    pictures -= strays | {blob(missed)}
    assert set(storage.list_uploads(settings)) == pictures
    assert set(cleanup.sweep(engine, settings, start + timedelta(hours=2)).values()) == {0}  # twice: nothing more

    # Three days on: the preview nobody committed goes; the committed one keeps its answer for a second commit.
    assert cleanup.sweep(engine, settings, start + timedelta(days=3))["previews"] == 1
    assert preview_ids(engine) == {committed}
    assert imports.commit(engine, "alice", committed)[1] is False
    assert set(storage.list_uploads(settings)) == pictures

    # Past the image retention: the confirmed picture goes (its record stays). Pictures a person has yet to look
    # at stay, however old.
    later = start + timedelta(days=settings.image_retention_days, hours=1)
    counts = cleanup.sweep(engine, settings, later)
    assert counts == {**dict.fromkeys(cleanup.COUNTS, 0), "expired_images": 1}
    assert states(engine) == {
        ready: "ready",
        failed: "failed",
        busy: "recognizing",
        confirmed: "confirmed",
        discarded: "discarded",
    }
    assert set(storage.list_uploads(settings)) == {blob(ready), blob(failed), blob(busy)}
    with engine.connect() as conn:
        kept = conn.execute(sa.select(records.c.merchant).where(records.c.draft_id == confirmed)).scalars().all()
    assert kept == [ITEM["merchant"]]


def test_a_stuck_draft_recognized_meanwhile_keeps_its_picture(engine, settings):
    missed, _ = upload(engine, settings)
    later = utcnow() + timedelta(hours=2)
    blobs = storage.list_uploads(settings)
    # A late blob event claims the draft after the sweep listed the container but before it judged the draft.
    drafts.on_blob(engine, settings, blob(missed), recognize_fn=recognized)
    counts = dict.fromkeys(cleanup.COUNTS, 0)
    cleanup._sweep_blobs(engine, settings, blobs, counts, (later, later - timedelta(days=30)))
    assert states(engine) == {missed: "ready"}
    assert set(storage.list_uploads(settings)) == {blob(missed)}
    assert set(counts.values()) == {0}


def test_the_sweep_logs_one_line_of_counts_and_nothing_personal(engine, settings, caplog):
    never_sent, _ = upload(engine, settings, None)
    with caplog.at_level("INFO", logger="records.cleanup"):
        cleanup.sweep(engine, settings, utcnow() + timedelta(hours=2))
    (line,) = [r.getMessage() for r in caplog.records if r.name == "records.cleanup"]
    assert "stuck_drafts=1" in line and "orphan_blobs=0" in line
    assert "alice" not in line and never_sent not in line


def test_the_sweep_ends_expired_sessions_and_forgets_old_sign_in_attempts(engine, settings):
    from records import sessions
    from records.schema import sessions as sessions_table
    from records.schema import sign_ins

    now = utcnow()
    with engine.begin() as conn:
        _, live = sessions.start(conn, "alice", days=30, device="phone", address="10.0.0.2", now=now)
        sessions.start(conn, "alice", days=1, device="old", address="10.0.0.3", now=now - timedelta(days=5))
        for days_ago in (1, 200):
            conn.execute(
                sign_ins.insert().values(
                    username="alice", address="10.0.0.2", outcome="ok", at=now - timedelta(days=days_ago)
                )
            )

    counts = cleanup.sweep(engine, settings, now=now.replace(tzinfo=UTC))

    assert (counts["sessions"], counts["sign_ins"]) == (1, 1)
    with engine.connect() as conn:
        assert [row.device for row in conn.execute(sa.select(sessions_table))] == ["phone"]
        assert conn.execute(sa.select(sa.func.count()).select_from(sign_ins)).scalar() == 1
