"""A complete, re-importable archive of the database: every table's rows as JSON Lines inside a zip with a manifest.

Records keep their ids, soft-deleted rows and versions; drafts keep their items, state and errors. The archive
is the same whatever database wrote it, so a SQLite ledger can move to MySQL and back.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal

import sqlalchemy as sa

from records.books import PERSON_TABLES
from records.schema import book_members, metadata, record_extras, records

FORMAT = "snapledger-archive"
VERSION = 1
MANIFEST = "manifest.json"
BATCH = 500
# Tables the schema migrations keep for themselves; they are rebuilt by migrating, never restored.
SKIPPED_TABLES = {"alembic_version"}
# Rows that only mean something while they live: sessions end, first-run links and invite links expire, a minute's
# rate budget and an import running now pass. Neither archived nor restored; a restored ledger's people sign in again.
TRANSIENT_TABLES = {"sessions", "setup_tokens", "rate_events", "running_imports", "book_invites"}
# Tables whose owner is named by another column than `owner` (`export-all --owner` keeps that person's rows; with
# `--user`, the person's own rows of these tables are those whose column names them, except books and their seats).
OWNER_COLUMNS = {
    "people": "id",
    "sign_ins": "person_id",
    "recovery_codes": "person_id",
    "books": "created_by",
    "book_members": "person_id",
}


class ArchiveError(Exception):
    """The file is not a SnapLedger archive, is damaged, or does not fit this database."""


class ArchiveConflict(ArchiveError):
    """A row in the archive has the same key as a different row already in the database."""


def tables() -> list[sa.Table]:
    """Every table the app defines, in restore order (drafts before the records that point at them)."""
    first = ["drafts", "records"]
    named = {n: t for n, t in metadata.tables.items() if n not in TRANSIENT_TABLES}
    return [named[n] for n in first if n in named] + [named[n] for n in sorted(named) if n not in first]


def _encode(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:f}"
    return value


def _decode(column: sa.Column, value):
    if value is None:
        return None
    kind = column.type.impl if isinstance(column.type, sa.types.TypeDecorator) else column.type
    if isinstance(kind, sa.DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, sa.Date):
        return date.fromisoformat(value)
    if isinstance(kind, sa.Numeric) and not isinstance(kind, sa.Float):
        return Decimal(value)
    return value


def encode_row(table: sa.Table, row) -> dict:
    """A database row as the JSON object the archive stores."""
    mapping = row._mapping
    return {c.name: _encode(mapping[c.name]) for c in table.columns}


def _check_complete(conn) -> None:
    known = {t.name for t in tables()} | SKIPPED_TABLES | TRANSIENT_TABLES
    unknown = sorted(set(sa.inspect(conn).get_table_names()) - known)
    if unknown:
        raise ArchiveError(f"the database has tables this archive does not know: {', '.join(unknown)}")


def _schema_revision(conn) -> str | None:
    try:
        return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    except sa.exc.DBAPIError:
        return None


def export_all(engine: sa.Engine, out, *, owner: str | None = None, person: str | None = None) -> dict:
    """Write every row (or only `owner`'s, or only `person`'s) to `out` (a path or binary file) as a zip archive;
    returns the manifest.

    `owner` is one key: a book's rows, or a person's own rows and personal book. `person` (a person id) is what that
    person's 我的账本 lists: their account, their drafts, and every book they are a member of — each with all its
    rows, its members' seats, and the drafts its records were confirmed from. Raises ArchiveError when the database
    holds a table the archive would leave out.
    """
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "owner": owner,
        "tables": {},
    }
    # One read transaction, so the archive is a consistent picture even while the app keeps writing.
    with engine.connect() as conn, conn.begin(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        _check_complete(conn)
        manifest["schema_revision"] = _schema_revision(conn)
        if person is not None:
            manifest["person"] = person
            manifest["books"] = books = books_of(conn, person)
        for table in tables():
            query = sa.select(table).order_by(*table.primary_key.columns)
            if owner is not None:
                query = query.where(table.c[OWNER_COLUMNS.get(table.name, "owner")] == owner)
            elif person is not None:
                query = query.where(_persons_rows(table, person, books))
            digest, count = hashlib.sha256(), 0
            with archive.open(f"tables/{table.name}.jsonl", "w") as member:
                for row in conn.execute(query.execution_options(yield_per=BATCH)):
                    line = (json.dumps(encode_row(table, row), ensure_ascii=False, sort_keys=True) + "\n").encode()
                    digest.update(line)
                    member.write(line)
                    count += 1
            manifest["tables"][table.name] = {"rows": count, "sha256": digest.hexdigest()}
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
    return manifest


def books_of(conn, person: str) -> list[str]:
    """The ids of the books a person is a member of, their personal book (their own id) always among them."""
    seats = conn.execute(sa.select(book_members.c.book_id).where(book_members.c.person_id == person)).scalars()
    return sorted({person, *seats})


def _persons_rows(table: sa.Table, person: str, books: list[str]):
    """The condition that keeps a table's rows of `person` and of the books they are a member of."""
    if table.name == "books":
        return table.c.id.in_(books)
    if table.name == "book_members":
        return table.c.book_id.in_(books)
    if table.name in OWNER_COLUMNS:
        return table.c[OWNER_COLUMNS[table.name]] == person
    if table.name == "drafts":  # theirs, and the screenshots and invoices of their books' records
        shown = sa.select(records.c.draft_id).where(records.c.owner.in_(books), records.c.draft_id.is_not(None))
        filed = sa.select(record_extras.c.invoice_draft).where(
            record_extras.c.owner.in_(books), record_extras.c.invoice_draft.is_not(None)
        )
        return sa.or_(table.c.owner == person, table.c.id.in_(shown), table.c.id.in_(filed))
    if table.name in PERSON_TABLES:
        return table.c.owner == person
    return table.c.owner.in_(books)


def read_manifest(archive: zipfile.ZipFile) -> dict:
    """The archive's manifest, checked for format and version; raises ArchiveError."""
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError) as exc:
        raise ArchiveError("no readable manifest.json: not a SnapLedger archive") from exc
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise ArchiveError(f"unsupported archive format {manifest.get('format')!r} v{manifest.get('version')!r}")
    return manifest


def _rows(archive: zipfile.ZipFile, table: sa.Table, expected: dict):
    """The archived rows of `table`, after checking their count and checksum against the manifest."""
    raw = archive.read(f"tables/{table.name}.jsonl")
    if hashlib.sha256(raw).hexdigest() != expected["sha256"]:
        raise ArchiveError(f"tables/{table.name}.jsonl does not match its checksum: the archive is damaged")
    rows = [json.loads(line) for line in raw.decode("utf-8").splitlines() if line]
    if len(rows) != expected["rows"]:
        raise ArchiveError(f"tables/{table.name}.jsonl holds {len(rows)} rows, the manifest says {expected['rows']}")
    unknown = {key for row in rows for key in row} - set(table.c.keys())
    if unknown:
        raise ArchiveError(f"{table.name} has columns this version does not know: {', '.join(sorted(unknown))}")
    return rows


def _key(table: sa.Table, row: dict) -> tuple:
    return tuple(row[c.name] for c in table.primary_key.columns)


def import_all(engine: sa.Engine, source) -> dict:
    """Restore an archive (a path or binary file) into the database, in one transaction; returns counts per table.

    Rows already present with identical values are skipped, so importing twice changes nothing. Raises
    ArchiveError for a damaged or foreign file and ArchiveConflict when a key holds different data here; in
    both cases nothing is written.
    """
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    try:
        archive = zipfile.ZipFile(source)
    except zipfile.BadZipFile as exc:
        raise ArchiveError("not a zip file: not a SnapLedger archive") from exc
    with archive:
        manifest = read_manifest(archive)
        known = {t.name: t for t in tables()}
        missing = sorted(set(manifest["tables"]) - set(known))
        if missing:
            raise ArchiveError(f"the archive has tables this version does not know: {', '.join(missing)}")
        result = {}
        with engine.begin() as conn:
            for table in tables():
                if table.name not in manifest["tables"]:
                    continue
                result[table.name] = _restore_table(conn, table, _rows(archive, table, manifest["tables"][table.name]))
    return result


def _restore_table(conn, table: sa.Table, rows: list[dict]) -> dict:
    existing = {
        _key(table, encoded): encoded for encoded in (encode_row(table, r) for r in conn.execute(sa.select(table)))
    }
    fresh = []
    for row in rows:
        here = existing.get(_key(table, row))
        if here is None:
            fresh.append({c.name: _decode(c, row.get(c.name)) for c in table.columns})
        elif not _same(table, here, row):
            raise ArchiveConflict(f"{table.name} {_key(table, row)} already holds different data")
    for start in range(0, len(fresh), BATCH):
        conn.execute(table.insert(), fresh[start : start + BATCH])
    return {"restored": len(fresh), "already_there": len(rows) - len(fresh)}


def _same(table: sa.Table, here: dict, archived: dict) -> bool:
    """True when a stored row equals an archived one (compared in stored form, so '1.50' == '1.5')."""
    return all(_decode(c, here.get(c.name)) == _decode(c, archived.get(c.name)) for c in table.columns)
