"""Backups of the embedded SQLite ledger: taken while writes go on, kept BACKUP_KEEP deep, restored only when sound."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from records import backup, db, ledger
from records.schema import records
from settings import get_settings

ROOT = Path(__file__).resolve().parents[2]
TZ = "Asia/Shanghai"
ITEM = {"amount": "36.00", "occurred_at": "2026-11-03T12:34:56+08:00", "merchant": "全家", "category": "餐饮"}
NIGHT = datetime(2026, 11, 3, 3, 30, tzinfo=UTC)


def sqlite_settings(folder: Path):
    return dataclasses.replace(get_settings(), data_dir=folder, mysql_host=None)


@pytest.fixture
def live(tmp_path):
    """A migrated SQLite ledger under tmp_path/live, as the app runs it; yields its engine."""
    engine = db.build_engine(sqlite_settings(tmp_path / "live"))
    db.migrate(engine)
    yield engine
    engine.dispose()


def write(engine, n: int) -> dict:
    """Record number `n`: its memo and amount say which it is, so a restored row can be checked whole."""
    values = {**ITEM, "memo": f"write {n}", "amount": f"{n % 9000 + 1}.{n % 100:02d}"}
    return ledger.create(engine, "alice", values, tz=TZ)


def fill(engine, count: int) -> None:
    """`count` records in one transaction (a ledger big enough that a backup takes a while to copy)."""
    now = datetime(2026, 11, 3, 1, 0)
    rows = [
        {
            "owner": "alice",
            "direction": "expense",
            "amount": f"{i % 500 + 1}.50",
            "occurred_at": now - timedelta(minutes=i),
            "merchant": f"店 {i}",
            "memo": "旧的" * 20,
            "source": "manual",
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }
        for i in range(count)
    ]
    with engine.begin() as conn:
        conn.execute(records.insert(), rows)


def rows_of(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT id, memo, amount, merchant, source FROM records ORDER BY id").fetchall()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_backup_taken_while_writes_go_on_restores_a_consistent_prefix(live, tmp_path):
    fill(live, 20000)
    committed: list[dict] = []
    stop = threading.Event()
    failures: list[BaseException] = []

    def writer():
        n = 0
        try:
            while not stop.is_set():
                committed.append(write(live, n))
                n += 1
        except BaseException as exc:  # reported by the test below
            failures.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    deadline = time.monotonic() + 60
    while len(committed) < 20 and time.monotonic() < deadline and not failures:
        time.sleep(0.01)
    before = len(committed)
    try:
        out = backup.backup(live, tmp_path / "backups", NIGHT)
    finally:
        stop.set()
        thread.join()
    assert failures == [] and before >= 20
    assert out.name == "snapledger-20261103T033000Z.sqlite3"
    assert not [p for p in out.parent.iterdir() if p != out]  # no partial file left beside it

    fresh = tmp_path / "fresh"
    result = backup.restore(fresh / "snapledger.sqlite3", out)
    restored = db.build_engine(sqlite_settings(fresh))
    with restored.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        written = conn.execute(
            sa.select(records.c.id, records.c.memo, records.c.amount)
            .where(records.c.memo.like("write %"))
            .order_by(records.c.id)
        ).fetchall()
    assert ledger.list_records(restored, "alice", {"limit": 1})["records"]  # the app reads it
    restored.dispose()
    # A prefix of what the writer committed, each record whole: nothing torn, nothing out of order.
    assert len(written) >= before
    assert [(r.id, r.memo, f"{r.amount}") for r in written] == [
        (c["id"], c["memo"], c["amount"]) for c in committed[: len(written)]
    ]
    assert result["records"] == 20000 + len(written)


def test_a_backup_does_not_wait_for_a_write_in_progress_nor_hold_it(live, tmp_path):
    kept = write(live, 1)
    with live.connect() as writing:
        writing.begin()
        writing.execute(records.insert().values(**{**_row(), "memo": "not committed yet"}))
        out = backup.backup(live, tmp_path / "backups", NIGHT)  # the writer holds the write lock meanwhile
        writing.commit()
    assert [r[1] for r in rows_of(out)] == [kept["memo"]]
    assert len(rows_of(Path(live.url.database))) == 2


def _row() -> dict:
    now = datetime(2026, 11, 3, 1, 0)
    return {
        "owner": "alice",
        "direction": "expense",
        "amount": "1.00",
        "occurred_at": now,
        "source": "manual",
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }


def test_only_the_newest_backups_are_kept(live, tmp_path):
    folder = tmp_path / "backups"
    keep = 4
    made = [backup.backup(live, folder, NIGHT + timedelta(days=d), keep=keep) for d in range(keep + 3)]
    assert backup.backups(folder) == made[-keep:]
    assert sorted(p.name for p in folder.iterdir()) == [p.name for p in made[-keep:]]
    assert made[-1].name == "snapledger-20261109T033000Z.sqlite3"


def test_the_nightly_backup_writes_under_data_dir_and_keeps_backup_keep(live, tmp_path):
    settings = dataclasses.replace(sqlite_settings(tmp_path / "live"), backup_keep=2)
    outcomes = [backup.nightly(live, settings, NIGHT + timedelta(days=d)) for d in range(5)]
    folder = tmp_path / "live" / "backups"
    assert [p.name for p in backup.backups(folder)] == [outcomes[3]["file"], outcomes[4]["file"]]
    assert outcomes[-1]["kept"] == 2 and outcomes[-1]["removed"] == 1


def test_a_restore_replaces_the_ledger_a_running_app_sees_and_keeps_the_old_one(live, tmp_path):
    write(live, 1)
    out = backup.backup(live, tmp_path / "backups", NIGHT)
    write(live, 2)
    write(live, 3)
    assert len(ledger.list_records(live, "alice", {})["records"]) == 3
    folder = tmp_path / "live" / "backups"
    result = backup.restore(live, out, keep_current_in=folder, now=NIGHT + timedelta(hours=8))
    # The app's open engine reads the restored ledger at once; the ledger as it was is a backup of its own.
    assert [r["memo"] for r in ledger.list_records(live, "alice", {})["records"]] == ["write 1"]
    assert result["records"] == 1 and result["schema_revision"] == head_revision()
    assert len(rows_of(Path(result["previous"]))) == 3
    write(live, 4)  # and it keeps working
    assert len(ledger.list_records(live, "alice", {})["records"]) == 2


def head_revision() -> str:
    """The newest migration, which a restored ledger ends at."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(db.MIGRATIONS)).get_current_head()


def test_a_backup_of_an_older_schema_is_migrated_as_it_is_restored(tmp_path):
    old = db.build_engine(sqlite_settings(tmp_path / "old"))
    db.migrate(old, "0001")
    with old.begin() as conn:
        conn.execute(records.insert().values(**_row()))
    old.dispose()
    fresh = tmp_path / "fresh" / "snapledger.sqlite3"
    result = backup.restore(fresh, tmp_path / "old" / "snapledger.sqlite3")
    assert result["schema_revision"] == "0001"
    with sqlite3.connect(fresh) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
        assert conn.execute("SELECT COUNT(*) FROM imports").fetchone()[0] == 0


def _foreign_sqlite(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    return path


def _future_ledger(live, tmp_path) -> Path:
    out = backup.backup(live, tmp_path / "future", NIGHT)
    with sqlite3.connect(out) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    return out


def _extra_table(live, tmp_path) -> Path:
    out = backup.backup(live, tmp_path / "extra", NIGHT)
    with sqlite3.connect(out) as conn:
        conn.execute("CREATE TABLE invites (id TEXT PRIMARY KEY)")
    return out


def _truncated(live, tmp_path) -> Path:
    fill(live, 3000)
    out = backup.backup(live, tmp_path / "torn", NIGHT)
    data = out.read_bytes()
    out.write_bytes(data[: len(data) // 2])
    return out


REFUSED = {
    "garbage": (lambda live, tmp: _write(tmp / "x.sqlite3", b"not a database at all" * 100), "not a SQLite database"),
    "empty": (lambda live, tmp: _write(tmp / "empty.sqlite3", b""), "not a SQLite database"),
    "zip archive": (lambda live, tmp: _write(tmp / "a.zip", b"PK\x03\x04" + b"\0" * 200), "not a SQLite database"),
    "another app": (lambda live, tmp: _foreign_sqlite(tmp / "notes.sqlite3"), "not a SnapLedger ledger"),
    "newer schema": (_future_ledger, "schema revision '9999'"),
    "unknown table": (_extra_table, "tables this version does not know: invites"),
    "torn copy": (_truncated, "SQLite"),
    "missing": (lambda live, tmp: tmp / "nowhere.sqlite3", "is not a file"),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_restore_refuses_what_is_not_a_sound_ledger_backup_and_changes_nothing(live, tmp_path, case):
    make, says = REFUSED[case]
    write(live, 1)
    bad = make(live, tmp_path)
    folder = Path(live.url.database).parent
    before_rows, before_files = rows_of(Path(live.url.database)), sorted(os.listdir(folder))
    before_bad = digest(bad) if bad.exists() else None
    with pytest.raises(backup.BackupError, match=says.replace("(", r"\(")):
        backup.restore(live, bad, keep_current_in=folder / "backups")
    assert rows_of(Path(live.url.database)) == before_rows
    assert sorted(os.listdir(folder)) == before_files  # no staged copy left, no backup of the current ledger made
    assert (digest(bad) if bad.exists() else None) == before_bad  # the file itself is only read


def _cli(*args: str, env: dict) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MYSQL")}
    return subprocess.run(
        [sys.executable, "-m", "records", *args],
        cwd=ROOT,
        env={**environment, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_command_line_backs_up_and_restores_and_refuses_clearly(live, tmp_path):
    write(live, 1)
    env = {"DATA_DIR": str(tmp_path / "live")}
    out = tmp_path / "by-hand.sqlite3"
    done = _cli("backup", str(out), env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["file"] == str(out)
    again = _cli("backup", str(out), env=env)
    assert again.returncode == 1 and "already exists" in again.stderr

    write(live, 2)
    restored = _cli("restore", str(out), env=env)
    assert restored.returncode == 0, restored.stderr
    summary = json.loads(restored.stdout)
    assert summary["records"] == 1 and Path(summary["previous"]).parent == tmp_path / "live" / "backups"
    assert [r[1] for r in rows_of(Path(live.url.database))] == ["write 1"]

    garbage = _write(tmp_path / "garbage.sqlite3", b"hello")
    refused = _cli("restore", str(garbage), env=env)
    assert refused.returncode == 1 and "is not a SQLite database" in refused.stderr
    assert [r[1] for r in rows_of(Path(live.url.database))] == ["write 1"]


@pytest.mark.parametrize("command", ["backup", "restore"])
def test_on_mysql_the_command_line_says_backups_are_azures_job(tmp_path, command):
    args = [command] if command == "backup" else [command, str(tmp_path / "x.sqlite3")]
    done = _cli(*args, env={"MYSQL_HOST": "db.example.invalid", "DATA_DIR": str(tmp_path)})
    assert done.returncode == 1
    assert "Azure Database for MySQL keeps its backups" in done.stderr
    assert list(tmp_path.iterdir()) == []
