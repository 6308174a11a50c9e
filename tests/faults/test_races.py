"""Requests that race for real, on threads against SQLite and MariaDB: exactly one wins, nothing is written twice."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from tests.security.conftest import ITEM, UPLOAD

CONFIRM = {"items": [{"fields": ITEM}, {"fields": {**ITEM, "amount": "4.50"}}]}


@pytest.fixture(params=["sqlite", "mariadb"])
def api(request, app_on):
    return app_on(request.getfixturevalue("mariadb") if request.param == "mariadb" else None)


def together(*calls):
    """Run the calls on threads released at the same instant; returns their answers in order."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def record_rows():
    from records.db import get_engine
    from records.schema import records

    with get_engine().connect() as conn:
        return conn.execute(sa.select(records.c.id, records.c.draft_id, records.c.amount)).fetchall()


def test_confirms_racing_write_each_record_once(api):
    draft_id = api("create_upload", "POST", body=UPLOAD, who=None).body["draft_id"]
    route = {"id": draft_id}
    answers = together(*[lambda: api("confirm_draft", "POST", route_params=route, body=CONFIRM, who=None)] * 4)
    statuses = sorted(a.status for a in answers)
    assert statuses == [200, 200, 200, 201], [a.body for a in answers]
    assert all(a.body == answers[0].body for a in answers)
    assert len(record_rows()) == 2
    assert api("get_draft", route_params=route, who=None).body["status"] == "confirmed"


def test_confirm_racing_discard_never_both_succeed(api):
    for _ in range(3):
        draft_id = api("create_upload", "POST", body=UPLOAD, who=None).body["draft_id"]
        route = {"id": draft_id}
        confirmed, discarded = together(
            lambda route=route: api("confirm_draft", "POST", route_params=route, body=CONFIRM, who=None),
            lambda route=route: api("discard_draft", "DELETE", route_params=route, who=None),
        )
        assert sorted([confirmed.status, discarded.status]) in ([201, 409], [204, 409]), (confirmed, discarded)
        status = api("get_draft", route_params=route, who=None).body["status"]
        written = [r for r in record_rows() if r.draft_id == draft_id]
        assert (status, len(written)) in (("confirmed", 2), ("discarded", 0))


def test_edits_racing_one_wins_the_other_gets_409_with_the_current_record(api):
    record = api("create_record", "POST", body=ITEM, who=None).body
    route = {"id": str(record["id"])}
    answers = together(
        lambda: api("update_record", "PATCH", route_params=route, body={"memo": "A", "version": 1}, who=None),
        lambda: api("update_record", "PATCH", route_params=route, body={"memo": "B", "version": 1}, who=None),
    )
    assert sorted(a.status for a in answers) == [200, 409]
    won = next(a for a in answers if a.status == 200).body
    lost = next(a for a in answers if a.status == 409).body
    assert won["version"] == 2
    assert lost["error"]["code"] == "conflict"
    assert lost["record"] == won


@pytest.mark.mariadb
def test_edit_that_waited_for_a_lock_reports_the_record_as_it_is_now(app_on, mariadb):
    """Both edits read version 1, then queue behind a row lock; the loser must see the winner's record."""
    api = app_on(mariadb)
    from records.db import get_engine

    record = api("create_record", "POST", body=ITEM, who=None).body
    route = {"id": str(record["id"])}
    blocker = get_engine().connect()
    blocker.begin()
    blocker.execute(sa.text("SELECT id FROM records WHERE id = :id FOR UPDATE"), {"id": record["id"]})
    with ThreadPoolExecutor(2) as pool:
        futures = [
            pool.submit(api, "update_record", "PATCH", route_params=route, body={"memo": memo, "version": 1}, who=None)
            for memo in ("A", "B")
        ]
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            waiting = blocker.execute(
                sa.text("SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_state = 'LOCK WAIT'")
            ).scalar()
            if waiting == 2:
                break
            time.sleep(0.05)
        blocker.commit()
        blocker.close()
        answers = [f.result(timeout=60) for f in futures]
    assert sorted(a.status for a in answers) == [200, 409]
    won = next(a for a in answers if a.status == 200).body
    lost = next(a for a in answers if a.status == 409).body
    assert lost["record"]["version"] == won["version"] == 2
    assert lost["record"]["memo"] == won["memo"]
