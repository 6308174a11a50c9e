"""The database stops or drops connections for real: the person keeps their draft and the retry works once."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.faults.conftest import root_query
from tests.security.conftest import ITEM, UPLOAD

pytestmark = [pytest.mark.mariadb, pytest.mark.azurite]


def records_of(server, database):
    return root_query(server, f"SELECT id, draft_id, amount FROM {database}.records ORDER BY id")


def test_confirm_while_the_database_is_down_keeps_the_draft_and_the_retry_writes_once(own_mariadb, app_on):
    api = app_on(own_mariadb)
    from settings import get_settings

    database = get_settings().mysql_database
    started = api("create_upload", "POST", body=UPLOAD, who=None)
    assert started.status == 201
    draft_id = started.body["draft_id"]
    body = {"items": [{"fields": ITEM}, {"fields": {**ITEM, "amount": "4.50", "merchant": "便利店"}}]}

    own_mariadb.stop()
    try:
        down = api("confirm_draft", "POST", route_params={"id": draft_id}, body=body, who=None)
        assert (down.status, down.code) == (503, "database_unavailable")
        assert down.body["error"]["message"] == "The database is unavailable; your draft is kept."
        zh = api("confirm_draft", "POST", route_params={"id": draft_id}, body=body, who=None, lang="zh-CN")
        assert zh.body["error"]["message"].startswith("数据库暂不可用")
        health = api("health", who=None)
        assert health.status == 503 and health.body["checks"] == {"database": "down", "storage": "ok"}
        assert api("list_records", who=None).status == 503
    finally:
        own_mariadb.start()

    draft = api("get_draft", route_params={"id": draft_id}, who=None)
    assert draft.status == 200 and draft.body["status"] == "awaiting_upload"
    assert records_of(own_mariadb, database) == []
    saved = api("confirm_draft", "POST", route_params={"id": draft_id}, body=body, who=None)
    assert saved.status == 201 and len(saved.body["records"]) == 2
    again = api("confirm_draft", "POST", route_params={"id": draft_id}, body=body, who=None)
    assert again.status == 200 and again.body == saved.body
    assert [row[1:] for row in records_of(own_mariadb, database)] == [[draft_id, "36.00"], [draft_id, "4.50"]]
    assert api("health", who=None).status == 200


def test_killed_connections_are_replaced_without_an_error(own_mariadb, app_on, monkeypatch):
    monkeypatch.setenv("MYSQL_POOL_SIZE", "3")  # so the pool keeps all three connections held below
    api = app_on(own_mariadb)
    from records.db import get_engine

    assert api("create_record", "POST", body=ITEM, who=None).status == 201
    # Check out several connections at once so the pool holds more than one.
    engine = get_engine()
    held = [engine.connect() for _ in range(3)]
    ids = [c.execute(sa.text("SELECT CONNECTION_ID()")).scalar() for c in held]
    for conn in held:
        conn.close()
    mine = {
        row[0]
        for row in root_query(own_mariadb, "SELECT id FROM information_schema.processlist WHERE user = 'snapledger'")
    }
    assert {str(i) for i in ids} <= mine
    root_query(own_mariadb, ";".join(f"KILL {i}" for i in mine))
    for _ in range(5):
        page = api("list_records", who=None)
        assert page.status == 200 and len(page.body["records"]) == 1
    created = api("create_record", "POST", body={**ITEM, "amount": "1.00"}, who=None)
    assert created.status == 201
    after = {
        row[0]
        for row in root_query(own_mariadb, "SELECT id FROM information_schema.processlist WHERE user = 'snapledger'")
    }
    assert after and not (after & mine)


def test_a_connection_killed_inside_a_transaction_rolls_it_back(own_mariadb, app_on):
    api = app_on(own_mariadb)
    from records.db import get_engine
    from records.schema import records

    engine = get_engine()
    with pytest.raises(sa.exc.DBAPIError):
        with engine.begin() as conn:
            conn.execute(
                records.insert().values(
                    owner="local",
                    direction="expense",
                    amount="5.00",
                    currency="CNY",
                    occurred_at=sa.func.now(),
                    tz="Asia/Shanghai",
                    source="manual",
                    created_at=sa.func.now(),
                    updated_at=sa.func.now(),
                    version=1,
                )
            )
            root_query(own_mariadb, f"KILL {conn.execute(sa.text('SELECT CONNECTION_ID()')).scalar()}")
            conn.execute(sa.text("SELECT 1"))
    assert api("list_records", who=None).body["records"] == []
    assert api("create_record", "POST", body=ITEM, who=None).status == 201
