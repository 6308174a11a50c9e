"""Backups of the embedded SQLite ledger: a nightly online copy with a retention, and restoring one by hand.

A backup is SQLite's online backup API (`sqlite3.Connection.backup`) run in one step, so it is one consistent
picture of the ledger even while the app keeps writing (WAL lets the writers go on meanwhile). It is written
under a temporary name and renamed when complete: a file named `snapledger-<UTC time>.sqlite3` is always a
whole database. A restore checks the file (a SQLite database of this app's schema, passing integrity_check),
migrates a copy of it to the newest schema, and only then writes it into the ledger in one transaction, so a
refused or failed restore changes nothing. On MySQL, backups are Azure's (point-in-time restore).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
import uuid
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from records.db import known_revisions, migrate
from records.schema import metadata

logger = logging.getLogger(__name__)

NAME = re.compile(r"^snapledger-\d{8}T\d{6}Z\.sqlite3$")
HEADER = b"SQLite format 3\x00"
REQUIRED_TABLES = {"drafts", "records", "alembic_version"}
ON_MYSQL = (
    "this ledger is on MySQL: Azure Database for MySQL keeps its backups (point-in-time restore, see the README); "
    "python -m records export-all writes an archive of it"
)


class BackupError(Exception):
    """A backup or restore could not be made; the message says why, and nothing was changed."""


def _path_of(target) -> Path:
    """The SQLite file of an engine (or a path as given); raises BackupError for MySQL."""
    if isinstance(target, sa.Engine):
        if target.dialect.name != "sqlite":
            raise BackupError(ON_MYSQL)
        return Path(target.url.database)
    return Path(target)


def _stamp(now: datetime | None) -> str:
    now = now or datetime.now(UTC)
    now = now.astimezone(UTC) if now.tzinfo else now
    return f"{now:%Y%m%dT%H%M%SZ}"


def copy_to(source, out: Path, *, replace: bool = False) -> Path:
    """Copy the ledger at `source` (an engine or a path) into the file `out`, online; returns `out`.

    Raises BackupError when there is no ledger, or when `out` exists and `replace` is not set.
    """
    source, out = _path_of(source), Path(out)
    if not source.is_file():
        raise BackupError(f"there is no ledger at {source}")
    if out.exists() and not replace:
        raise BackupError(f"{out} already exists; name a new file")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.partial")
    try:
        with _connect(source) as src, _connect(partial) as dst:
            src.backup(dst)  # one step: one read transaction, a consistent picture while writers go on
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            _check_integrity(dst, f"the copy of {source}")
        os.replace(partial, out)
    finally:
        _remove(partial)
    return out


def backup(source, dest_dir, now: datetime | None = None, *, keep: int | None = None) -> Path:
    """Write `snapledger-<UTC time>.sqlite3` into `dest_dir` and, with `keep`, delete all but the newest `keep`.

    Returns the new file. Raises BackupError (on MySQL, or with no ledger).
    """
    dest_dir = Path(dest_dir)
    # A second backup within the same second replaces the first: the newer picture wins.
    out = copy_to(source, dest_dir / f"snapledger-{_stamp(now)}.sqlite3", replace=True)
    if keep is not None:
        prune(dest_dir, keep)
    return out


def backups(dest_dir) -> list[Path]:
    """The complete backups in `dest_dir`, oldest first (their names sort by time)."""
    folder = Path(dest_dir)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if NAME.match(p.name) and p.is_file())


def prune(dest_dir, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups (at least one is always kept); returns the deleted files."""
    found = backups(dest_dir)
    old = found[: max(0, len(found) - max(1, keep))]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def nightly(engine: sa.Engine, settings, now: datetime | None = None) -> dict:
    """The scheduled backup: on the embedded SQLite ledger, a backup under DATA_DIR/backups kept BACKUP_KEEP deep.

    On MySQL it does nothing (Azure keeps those backups) and says so in its answer.
    """
    if engine.dialect.name != "sqlite":
        return {"skipped": "mysql"}
    folder = Path(settings.data_dir) / "backups"
    out = backup(engine, folder, now)
    removed = prune(folder, settings.backup_keep)
    return {"file": out.name, "bytes": out.stat().st_size, "kept": len(backups(folder)), "removed": len(removed)}


def restore(target, source_file, *, keep_current_in=None, now: datetime | None = None) -> dict:
    """Replace the ledger at `target` (an engine or a path) with the backup `source_file`, atomically.

    The file is only read (through a copy), checked and migrated before the ledger is touched; then the ledger
    changes in one transaction, or not at all. With `keep_current_in`, the ledger as it was is first backed up
    into that folder. Returns {"schema_revision", "records", "previous"}. Raises BackupError for a file that is
    not a SnapLedger backup; nothing is changed then.
    """
    live, source = _path_of(target), Path(source_file)
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    with source.open("rb") as handle:
        if handle.read(len(HEADER)) != HEADER:
            raise BackupError(f"{source} is not a SQLite database")
    live.parent.mkdir(parents=True, exist_ok=True)
    staged = live.with_name(f".restore-{uuid.uuid4().hex[:8]}.sqlite3")
    try:
        shutil.copyfile(source, staged)
        revision = _check_schema(staged, source)
        _migrate(staged)
        with _connect(staged) as src:
            _check_integrity(src, str(source))
            count = src.execute("SELECT COUNT(*) FROM records").fetchone()[0]
            previous = None
            if keep_current_in is not None and live.is_file():
                previous = backup(live, keep_current_in, now)
            with _connect(live) as dst:
                try:
                    src.backup(dst)  # the whole ledger is written in one transaction under its write lock
                except sqlite3.Error as exc:
                    raise BackupError(f"could not write into {live}: {exc}; the ledger is unchanged") from exc
    finally:
        _remove(staged)
    return {"schema_revision": revision, "records": count, "previous": previous and str(previous)}


def _check_schema(path: Path, named: Path) -> str:
    """The schema revision of a staged copy, after checking it is this app's database; raises BackupError."""
    try:
        with _connect(path) as conn:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            missing = REQUIRED_TABLES - tables
            if missing:
                lacking = ", ".join(sorted(missing))
                raise BackupError(f"{named} is a SQLite database but not a SnapLedger ledger (no {lacking})")
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{named} cannot be read as a SQLite database: {exc}") from exc
    if revision is None or revision[0] not in known_revisions():
        raise BackupError(f"{named} has schema revision {revision and revision[0]!r}, which this version does not know")
    unknown = tables - set(metadata.tables) - {"alembic_version", "sqlite_sequence"}
    if unknown:
        raise BackupError(f"{named} has tables this version does not know: {', '.join(sorted(unknown))}")
    return revision[0]


def _migrate(path: Path) -> None:
    """Bring a staged copy to the newest schema, as the app would on its first start."""
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        migrate(engine)
    finally:
        engine.dispose()


def _check_integrity(conn: sqlite3.Connection, named: str) -> None:
    result = conn.execute("PRAGMA integrity_check").fetchall()
    if result != [("ok",)]:
        raise BackupError(f"{named} fails SQLite's integrity check: {result[0][0]}")


def _connect(path: Path) -> closing[sqlite3.Connection]:
    """A sqlite3 connection in autocommit mode, closed (not only committed) when the `with` block ends."""
    return closing(sqlite3.connect(str(path), timeout=30, isolation_level=None))


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
