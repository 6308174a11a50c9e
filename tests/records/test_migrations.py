"""Migrations upgrade an existing database in place, keeping its rows."""

import dataclasses
from datetime import datetime

import sqlalchemy as sa

from records import db, ledger
from settings import get_settings


def test_upgrade_from_the_first_schema_keeps_records(db_settings):
    engine = db.build_engine(db_settings)
    db.migrate(engine, "0001")
    now = datetime(2026, 11, 3, 12, 0)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO records (owner, direction, amount, currency, occurred_at, tz, source, created_at,"
                " updated_at, version) VALUES ('alice', 'expense', :amount, 'CNY', :t, 'Asia/Shanghai', 'manual',"
                " :t, :t, 1)"
            ),
            {"amount": 1250 if engine.dialect.name == "sqlite" else "12.50", "t": now},
        )
    db.migrate(engine)
    db.migrate(engine)

    rows = ledger.list_records(engine, "alice", {})["records"]
    with engine.connect() as conn:
        head = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    engine.dispose()
    assert [r["amount"] for r in rows] == ["12.50"]
    assert head == _newest_revision()


def _newest_revision() -> str:
    from pathlib import Path

    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(Path(db.__file__).parent / "migrations"))
    return ScriptDirectory.from_config(config).get_current_head()


def test_the_schema_module_describes_every_table_and_index_the_migrations_make(engine):
    # records/schema.py is what a reader opens; the migrations are what databases get. They must agree.
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from records.schema import metadata

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    structural = [
        d
        for d in diff
        if d[0] in ("add_table", "remove_table", "add_index", "remove_index", "add_column", "remove_column")
    ]
    assert structural == []


def test_a_single_user_database_of_the_previous_release_upgrades_and_its_rows_go_to_the_first_account(db_settings):
    from records import accounts

    engine = db.build_engine(db_settings)
    db.migrate(engine, "0003")  # the release before accounts
    now = datetime(2026, 11, 3, 12, 0)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO records (owner, direction, amount, currency, occurred_at, tz, source, created_at,"
                " updated_at, version) VALUES ('local', 'expense', :amount, 'CNY', :t, 'Asia/Shanghai', 'manual',"
                " :t, :t, 1)"
            ),
            {"amount": 1250 if engine.dialect.name == "sqlite" else "12.50", "t": now},
        )
        conn.execute(
            sa.text(
                "INSERT INTO budgets (owner, category, month, amount, updated_at) VALUES ('local', '', '', :a, :t)"
            ),
            {"a": 90000 if engine.dialect.name == "sqlite" else "900.00", "t": now},
        )
    db.migrate(engine)

    first = accounts.create(engine, "mum", "correct horse battery")

    rows = ledger.list_records(engine, first["id"], {})["records"]
    engine.dispose()
    assert [r["amount"] for r in rows] == ["12.50"]
    assert first["adopted"] == {"records": 1, "budgets": 1}


MIGRATE_IN_A_CHILD = """
import dataclasses, sys
from pathlib import Path
from settings import get_settings
from records import db
db.migrate(db.build_engine(dataclasses.replace(get_settings(), data_dir=Path(sys.argv[1]), mysql_host=None)))
"""


def test_a_process_migrating_a_new_sqlite_file_waits_for_the_one_already_migrating(tmp_path):
    # Worker processes each migrate on their first request; alembic runs SQLite DDL outside one transaction, so
    # without the lock two of them create the same table and one request answers 503 database_unavailable.
    import subprocess
    import sys

    from tests.conftest import ROOT

    engine = db.build_engine(dataclasses.replace(get_settings(), data_dir=tmp_path, mysql_host=None))
    with db._sqlite_migration_lock(engine):
        child = subprocess.Popen(
            [sys.executable, "-c", MIGRATE_IN_A_CHILD, str(tmp_path)], cwd=ROOT, stderr=subprocess.PIPE
        )
        try:
            child.wait(timeout=3)
        except subprocess.TimeoutExpired:
            pass
        waiting = child.poll() is None
        tables = sa.inspect(engine).get_table_names()
    _, errors = child.communicate(timeout=300)
    assert waiting, errors.decode()
    assert tables == []  # nothing was created while another process held the lock
    assert child.returncode == 0, errors.decode()
    with engine.connect() as conn:
        head = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    engine.dispose()
    assert head == _newest_revision()
