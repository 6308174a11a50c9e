"""Migrations upgrade an existing database in place, keeping its rows."""

from datetime import datetime

import sqlalchemy as sa

from records import db


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
    from records import ledger

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
