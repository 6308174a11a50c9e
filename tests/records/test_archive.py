"""Backups: `export-all` writes every row to an archive; `import-all` restores it into an empty database."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import subprocess
import sys
import zipfile
from datetime import datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa

from records import archive, db, drafts, ledger, storage
from records.bills import accounts as beancount_accounts
from settings import get_settings

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ITEM = {"amount": "36.00", "occurred_at": "2026-11-03T12:34:56+08:00", "merchant": "全家", "category": "餐饮"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 40


def recognized(data, *, now=None, settings=None, **_):
    """What a recognizer returns for the test's screenshot: two items, one of them an emoji-laden memo."""
    from recognize.models import Extraction, Item

    items = [
        Item({"amount": "23.90", "occurred_at": "2026-11-03T08:15:42+08:00", "merchant": "瑞幸咖啡"}, {"amount": 0.98}),
        Item({"amount": "5.00", "occurred_at": "2026-11-03T08:20:00+08:00", "memo": "🧋 小料"}, {"amount": 0.7}),
    ]
    return Extraction(items=items, raw_text="瑞幸咖啡 ¥23.90", engine="ocr", elapsed_ms=5, warnings=[])


@pytest.fixture
def blob_connection(azurite):
    """The session's Azurite with the uploads container (drafts need storage to answer)."""
    from devhost.azurite import provision

    storage.reset_service()
    provision(azurite.connection, "uploads", ["http://localhost:7071"])
    yield azurite.connection
    storage.reset_service()


@pytest.fixture
def settings(db_settings, blob_connection):
    return dataclasses.replace(db_settings, storage_connection=blob_connection, upload_rate_per_minute=1000)


def uploaded(engine, settings, owner: str, body: dict, data: bytes = PNG) -> str:
    """A draft of `owner` whose image was PUT to its upload URL; returns its id."""
    import urllib.request

    started = drafts.start_upload(engine, settings, owner, body)
    request = urllib.request.Request(started["upload_url"], data=data, method="PUT", headers=started["headers"])
    with urllib.request.urlopen(request) as response:
        assert response.status == 201
    return started["draft_id"]


def sqlite_target(settings, folder):
    """A migrated, empty SQLite database in `folder`."""
    engine = db.build_engine(dataclasses.replace(settings, mysql_host=None, data_dir=folder))
    db.migrate(engine)
    return engine


def mysql_target(mariadb):
    """A migrated, empty database on the session's MariaDB."""
    name = "r_" + os.urandom(4).hex()
    mariadb.sql(f"CREATE DATABASE {name} CHARACTER SET utf8mb4;")
    engine = db.build_engine(mariadb.settings(database=name))
    db.migrate(engine)
    return engine


def populate(engine, settings) -> dict:
    """A ledger with everything an archive must keep; returns the ids worth checking."""
    from records.schema import budgets, category_rules

    kept = ledger.create(engine, "alice", {**ITEM, "memo": "مطعم 🍜 'x' OR 1=1"}, tz="Asia/Shanghai")
    edited = ledger.create(engine, "alice", {**ITEM, "amount": "99999999.99"}, tz="Asia/Shanghai")
    edited = ledger.update(engine, "alice", edited["id"], {"memo": "改过", "version": 1}, tz="Asia/Shanghai")
    edited = ledger.update(engine, "alice", edited["id"], {"amount": "0.01", "version": 2}, tz="Asia/Shanghai")
    deleted = ledger.create(engine, "alice", {**ITEM, "direction": "refund"}, tz="Asia/Shanghai")
    ledger.delete(engine, "alice", deleted["id"])
    bobs = ledger.create(engine, "bob", {**ITEM, "merchant": "bob 的店"}, tz="Asia/Shanghai")
    body = {"filename": "pay.png", "content_type": "image/png", "size": len(PNG)}
    confirmed = uploaded(engine, settings, "alice", body)
    drafts.on_blob(engine, settings, f"alice/{confirmed}.png", recognize_fn=recognized)
    drafts.confirm(
        engine, settings, "alice", confirmed, {"items": [{"fields": ITEM}, {"fields": {**ITEM, "amount": "1.00"}}]}
    )
    ready = uploaded(engine, settings, "alice", body)
    drafts.on_blob(engine, settings, f"alice/{ready}.png", recognize_fn=recognized)
    failed = uploaded(engine, settings, "bob", body, b"GIF89a")
    drafts.on_blob(engine, settings, f"bob/{failed}.png", recognize_fn=recognized)
    waiting = drafts.start_upload(engine, settings, "alice", body)["draft_id"]
    discarded = drafts.start_upload(engine, settings, "alice", body)["draft_id"]
    drafts.discard(engine, settings, "alice", discarded)
    now = datetime(2026, 11, 3, 1, 2, 3)
    with engine.begin() as conn:
        conn.execute(
            budgets.insert().values(owner="alice", category="", month="", amount=Decimal("3000.00"), updated_at=now)
        )
        conn.execute(
            category_rules.insert().values(owner="alice", merchant="瑞幸咖啡", category="餐饮", updated_at=now)
        )
    # A person's Beancount accounts (records.bills.accounts) are part of their ledger too.
    alices = {"methods": {"花呗": "Liabilities:Huabei"}, "categories": {"餐饮": "Income:X"}}
    beancount_accounts.put(engine, "alice", alices)
    beancount_accounts.put(engine, "bob", {"categories": {"餐饮": "Expenses:Bob:Food"}})
    return {
        "records": {"alice": [kept["id"], edited["id"], deleted["id"]], "bob": [bobs["id"]]},
        "drafts": {"alice": [confirmed, ready, waiting, discarded], "bob": [failed]},
    }


def dump(engine) -> dict[str, list[dict]]:
    """Every row of every app table, in the archive's encoding, ordered by key."""
    out = {}
    with engine.connect() as conn:
        for table in archive.tables():
            rows = conn.execute(sa.select(table).order_by(*table.primary_key.columns))
            out[table.name] = [archive.encode_row(table, r) for r in rows]
    return out


def test_export_then_import_into_an_empty_database_restores_every_row(engine, settings, tmp_path, request):
    ids = populate(engine, settings)
    before = dump(engine)
    assert len(before["records"]) == 6 and len(before["drafts"]) == 5 and len(before["beancount_accounts"]) == 3
    assert any(r["deleted_at"] for r in before["records"]) and any(r["version"] == 3 for r in before["records"])
    out = tmp_path / "backup.zip"
    manifest = archive.export_all(engine, out)
    assert manifest["tables"]["records"]["rows"] == 6 and manifest["schema_revision"]

    if settings.mysql_host is None:
        target = sqlite_target(settings, tmp_path / "restored")
    else:
        target = mysql_target(request.getfixturevalue("mariadb"))
    result = archive.import_all(target, out)
    assert result["records"] == {"restored": 6, "already_there": 0}
    assert dump(target) == before
    # The restored ledger answers exactly as the old one did, deleted and edited records included.
    for owner, record_ids in ids["records"].items():
        for rid in record_ids:
            assert ledger.get(target, owner, rid) == ledger.get(engine, owner, rid)
        assert ledger.list_records(target, owner, {}) == ledger.list_records(engine, owner, {})
    for owner, draft_ids in ids["drafts"].items():
        for did in draft_ids:
            old, new = drafts.get(engine, settings, owner, did), drafts.get(target, settings, owner, did)
            assert {k: v for k, v in new.items() if k != "image_url"} == {
                k: v for k, v in old.items() if k != "image_url"
            }
    # New records after a restore get new ids, never one of the restored ones.
    fresh = ledger.create(target, "alice", ITEM, tz="Asia/Shanghai")
    assert fresh["id"] > max(r["id"] for r in before["records"])
    target.dispose()


def test_importing_twice_changes_nothing(engine, settings, tmp_path):
    populate(engine, settings)
    out = tmp_path / "backup.zip"
    archive.export_all(engine, out)
    before = dump(engine)
    result = archive.import_all(engine, out)
    assert all(r["restored"] == 0 for r in result.values())
    assert result["records"]["already_there"] == 6
    assert dump(engine) == before


def test_one_owners_archive_holds_only_their_rows(engine, settings, tmp_path):
    populate(engine, settings)
    out = tmp_path / "alice.zip"
    manifest = archive.export_all(engine, out, owner="alice")
    assert manifest["owner"] == "alice"
    assert manifest["tables"]["records"]["rows"] == 5 and manifest["tables"]["drafts"]["rows"] == 4
    with zipfile.ZipFile(out) as zf:
        for name in zf.namelist():
            if name.endswith(".jsonl"):
                assert all(json.loads(line)["owner"] == "alice" for line in zf.read(name).splitlines())


def test_a_sqlite_ledger_moves_to_mariadb(tmp_path, mariadb, blob_connection):
    settings = dataclasses.replace(get_settings(), storage_connection=blob_connection, upload_rate_per_minute=1000)
    source = sqlite_target(settings, tmp_path / "src")
    populate(source, settings)
    out = io.BytesIO()
    archive.export_all(source, out)
    target = mysql_target(mariadb)
    archive.import_all(target, out.getvalue())
    assert dump(target) == dump(source)
    target.dispose()
    source.dispose()
    storage.reset_service()


def test_conflicting_or_damaged_archives_change_nothing(engine, settings, tmp_path):
    populate(engine, settings)
    out = tmp_path / "backup.zip"
    archive.export_all(engine, out)
    before = dump(engine)
    with zipfile.ZipFile(out) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    # The same record id holding another amount here: refuse, and roll back what was already restored.
    rows = [json.loads(line) for line in members["tables/records.jsonl"].splitlines()]
    rows[0]["amount"] = "1.23"
    changed = ("\n".join(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in rows) + "\n").encode()
    manifest = json.loads(members["manifest.json"])
    import hashlib

    manifest["tables"]["records"]["sha256"] = hashlib.sha256(changed).hexdigest()
    conflicting = {**members, "tables/records.jsonl": changed, "manifest.json": json.dumps(manifest).encode()}
    with engine.begin() as conn:
        # Drafts restore before records: this one would be written before the conflict is found.
        conn.execute(sa.text("DELETE FROM drafts WHERE status = 'discarded'"))
    before = dump(engine)
    with pytest.raises(archive.ArchiveConflict):
        archive.import_all(engine, zip_of(conflicting))
    assert dump(engine) == before
    tampered = {**members, "tables/records.jsonl": changed}
    with pytest.raises(archive.ArchiveError, match="checksum"):
        archive.import_all(engine, zip_of(tampered))
    with pytest.raises(archive.ArchiveError, match="not a SnapLedger archive"):
        archive.import_all(engine, b"not a zip")
    with pytest.raises(archive.ArchiveError, match="manifest"):
        archive.import_all(engine, zip_of({"x.txt": b"hello"}))
    assert dump(engine) == before


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def test_the_command_line_exports_and_restores(tmp_path):
    env = {**os.environ, "DATA_DIR": str(tmp_path / "old")}
    env.pop("MYSQL_HOST", None)
    settings = dataclasses.replace(get_settings(), mysql_host=None, data_dir=tmp_path / "old")
    engine = db.build_engine(settings)
    db.migrate(engine)
    ledger.create(engine, "local", ITEM, tz="Asia/Shanghai")
    engine.dispose()
    out = tmp_path / "b.zip"

    def run(*args, data_dir):
        return subprocess.run(
            [sys.executable, "-m", "records", *args],
            cwd=ROOT,
            env={**env, "DATA_DIR": str(data_dir)},
            capture_output=True,
            text=True,
            timeout=120,
        )

    exported = run("export-all", "--out", str(out), data_dir=tmp_path / "old")
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["rows"]["records"] == 1
    for _ in range(2):
        restored = run("import-all", str(out), data_dir=tmp_path / "new")
        assert restored.returncode == 0, restored.stderr
    assert json.loads(restored.stdout)["tables"]["records"] == {"restored": 0, "already_there": 1}
    bad = run("import-all", str(tmp_path / "missing.zip"), data_dir=tmp_path / "new")
    assert bad.returncode == 1 and "missing.zip" in bad.stderr


def family_ledger(engine, settings) -> dict:
    """Alice and Bob with accounts and a book S that Alice owns and Bob joined, Bob confirming a screenshot into it;
    Carol on her own. Returns their ids and S's."""
    from records import accounts, books

    ids = {name: accounts.create(engine, name, "correct horse battery")["id"] for name in ("alice", "bob", "carol")}
    alice, bob, carol = ids["alice"], ids["bob"], ids["carol"]
    for name, person in ids.items():
        books.list_for(engine, person, name)  # as signing in does: each person's personal book has its row
    book = books.create(engine, alice, {"name": "家"}, display_name="alice")["id"]
    made = books.invite(engine, books.seat(engine, alice, book, "own"), {"role": "editor"})
    books.accept(engine, bob, made["token"], display_name="bob")
    ledger.create(engine, alice, {**ITEM, "merchant": "alice 自己的"}, tz="Asia/Shanghai", recorded_by=alice)
    ledger.create(engine, bob, {**ITEM, "merchant": "bob 自己的"}, tz="Asia/Shanghai", recorded_by=bob)
    ledger.create(engine, carol, {**ITEM, "merchant": "carol 的"}, tz="Asia/Shanghai", recorded_by=carol)
    body = {"filename": "pay.png", "content_type": "image/png", "size": len(PNG)}
    shot = uploaded(engine, settings, bob, body)
    drafts.on_blob(engine, settings, f"{bob}/{shot}.png", recognize_fn=recognized)
    drafts.confirm(engine, settings, bob, shot, {"items": [{"fields": {**ITEM, "merchant": "S 的"}}]}, book=book)
    drafts.start_upload(engine, settings, bob, body)  # an open draft of Bob's own: not Alice's to archive
    return {**ids, "book": book, "shot": shot}


def test_one_persons_archive_holds_their_account_drafts_and_every_book_they_are_in(engine, settings, tmp_path):
    family = family_ledger(engine, settings)
    alice, bob, book = family["alice"], family["bob"], family["book"]
    out = tmp_path / "alice.zip"
    manifest = archive.export_all(engine, out, person=alice)
    assert manifest["person"] == alice and manifest["books"] == sorted([alice, book])
    with zipfile.ZipFile(out) as zf:
        rows = {n[7:-6]: [json.loads(x) for x in zf.read(n).splitlines()] for n in zf.namelist() if n[-6:] == ".jsonl"}
    assert sorted(r["merchant"] for r in rows["records"]) == ["S 的", "alice 自己的"]
    assert [r["id"] for r in rows["people"]] == [alice]
    assert {r["id"] for r in rows["books"]} == {alice, book}
    assert sorted((r["book_id"], r["person_id"]) for r in rows["book_members"]) == sorted(
        [(alice, alice), (book, alice), (book, bob)]
    )
    # The screenshot Bob confirmed into S comes along (its record shows it); Bob's other drafts do not.
    assert [d["id"] for d in rows["drafts"]] == [family["shot"]]
    assert {r["person_id"] for r in rows["sign_ins"] + rows["recovery_codes"]} <= {alice}
    # It restores into an empty database: Alice's books are whole there, and nobody else's rows are.
    target = sqlite_target(settings, tmp_path / "new")
    archive.import_all(target, out)
    assert sorted(r["merchant"] for r in ledger.list_records(target, book, {})["records"]) == ["S 的"]
    assert [r["merchant"] for r in ledger.list_records(target, alice, {})["records"]] == ["alice 自己的"]
    assert ledger.list_records(target, bob, {})["records"] == []
    target.dispose()


def test_the_command_line_exports_one_persons_books_by_user_name(tmp_path, blob_connection):
    settings = dataclasses.replace(
        get_settings(), mysql_host=None, data_dir=tmp_path, storage_connection=blob_connection
    )
    engine = db.build_engine(settings)
    db.migrate(engine)
    family = family_ledger(engine, dataclasses.replace(settings, upload_rate_per_minute=1000))
    engine.dispose()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYSQL")}

    def run(*args, lang="en_GB.UTF-8"):
        return subprocess.run(
            [sys.executable, "-m", "records", "export-all", *args],
            cwd=ROOT,
            env={**env, "DATA_DIR": str(tmp_path), "LANG": lang, "LC_ALL": lang},
            capture_output=True,
            text=True,
            timeout=120,
        )

    out = tmp_path / "alice.zip"
    done = run("--user", " Alice ", "--out", str(out))
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["user"] == " Alice " and summary["books"] == sorted([family["alice"], family["book"]])
    assert summary["rows"]["records"] == 2 and summary["rows"]["people"] == 1
    # The existing form still exports one key: Carol's personal book.
    by_key = run("--owner", family["carol"], "--out", str(tmp_path / "carol.zip"))
    assert by_key.returncode == 0 and json.loads(by_key.stdout)["rows"]["records"] == 1
    for lang, sentence in (
        ("en_GB.UTF-8", "There is no account with that username."),
        ("zh_CN.UTF-8", "没有这个用户名的账户"),
    ):
        unknown = run("--user", "dave", "--out", str(tmp_path / "dave.zip"), lang=lang)
        assert unknown.returncode == 1 and sentence in unknown.stderr
    assert not (tmp_path / "dave.zip").exists()
    both = run("--user", "alice", "--owner", family["alice"])
    assert both.returncode == 2 and "not allowed with argument" in both.stderr
