"""The connection budget is spent: the person is told to retry in a few seconds, nothing half-written."""

from __future__ import annotations

import pytest

from tests.security.conftest import ITEM

pytestmark = [pytest.mark.mariadb, pytest.mark.azurite]


def test_a_full_pool_answers_busy_with_retry_after_and_writes_nothing(own_mariadb, app_on, monkeypatch):
    from records import db

    monkeypatch.setenv("MYSQL_POOL_SIZE", "1")
    monkeypatch.setenv("MYSQL_MAX_OVERFLOW", "0")
    monkeypatch.setattr(db, "POOL_WAIT_SECONDS", 0.2)
    api = app_on(own_mariadb)
    assert api("create_record", "POST", body=ITEM, who=None).status == 201

    held = db.get_engine().connect()  # the only connection this process may have
    try:
        busy = api("create_record", "POST", body={**ITEM, "amount": "9.99"}, who=None)
        assert (busy.status, busy.code) == (503, "database_busy")
        assert busy.headers["Retry-After"] == "3"
        assert busy.body["error"]["message"].startswith("The ledger is busy")
        zh = api("list_records", who=None, lang="zh-CN")
        assert zh.status == 503 and "没有丢失" in zh.body["error"]["message"]
    finally:
        held.close()

    page = api("list_records", who=None)
    assert page.status == 200 and [r["amount"] for r in page.body["records"]] == ["36.00"]


@pytest.mark.parametrize("errno", [1040, 1203, 1226])
def test_mysql_refusing_a_connection_is_busy_not_an_outage(errno):
    import pymysql
    from sqlalchemy.exc import OperationalError

    from handlers.responses import is_too_many_connections

    refused = OperationalError("connect", {}, pymysql.err.OperationalError(errno, "Too many connections"))
    down = OperationalError("connect", {}, pymysql.err.OperationalError(2003, "Can't connect to MySQL server"))
    assert is_too_many_connections(refused)
    assert not is_too_many_connections(down)
