"""The timer functions as the Functions host sees and calls them: their schedules, and what one run does."""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime, timedelta

from azure.functions.timer import TimerRequest

from devhost.timers import TimerRunner
from records import backup, db
from records.schema import drafts
from settings import get_settings
from tests.security.conftest import ITEM, UPLOAD, use_mariadb


def timers_of(metadata) -> dict[str, dict]:
    return {
        fn.get_function_name(): fn.get_bindings_dict()["bindings"][0]
        for fn in metadata
        if fn.get_trigger().get_binding_name() == "timerTrigger"
    }


def test_the_app_declares_an_hourly_cleanup_and_a_nightly_backup(app_function_metadata):
    timers = timers_of(app_function_metadata)
    assert timers == {
        "cleanup": {
            "direction": timers["cleanup"]["direction"],
            "type": "timerTrigger",
            "name": "timer",
            "schedule": "0 15 * * * *",
            "runOnStartup": False,
            "useMonitor": True,
        },
        "nightly_backup": {
            "direction": timers["nightly_backup"]["direction"],
            "type": "timerTrigger",
            "name": "timer",
            "schedule": "0 30 3 * * *",
            "runOnStartup": False,
            "useMonitor": True,
        },
    }


def test_the_devhost_reads_those_schedules_from_the_same_metadata(app_function_metadata, tmp_path):
    runner = TimerRunner(app_function_metadata, status_file=tmp_path / "status.json")
    runner.plan(datetime(2026, 11, 3, 3, 20, tzinfo=UTC))
    assert {t.name: t.next_run for t in runner.timers} == {
        "cleanup": datetime(2026, 11, 3, 4, 15, tzinfo=UTC),
        "nightly_backup": datetime(2026, 11, 3, 3, 30, tzinfo=UTC),
    }


def test_one_cleanup_run_removes_a_draft_whose_upload_url_expired_long_ago(app_env, app_functions, call, caplog):
    status, started = call("create_upload", "POST", "/api/uploads", body=UPLOAD)
    assert status == 201
    status, _ = call("get_draft", url=f"/api/drafts/{started['draft_id']}", route_params={"id": started["draft_id"]})
    assert status == 200
    with db.get_engine().begin() as conn:  # started two hours ago, and the picture never came
        conn.execute(drafts.update().values(created_at=datetime.now(UTC).replace(tzinfo=None) - timedelta(hours=2)))
    with caplog.at_level(logging.INFO, logger="records.cleanup"):
        app_functions["cleanup"](TimerRequest(past_due=False))
    assert "stuck_drafts=1" in caplog.text
    status, _ = call("get_draft", url=f"/api/drafts/{started['draft_id']}", route_params={"id": started["draft_id"]})
    assert status == 404


def test_one_backup_run_writes_a_backup_under_data_dir(app_env, app_functions, call):
    status, _ = call("create_record", "POST", "/api/records", body=ITEM)
    assert status == 201
    app_functions["nightly_backup"](TimerRequest(past_due=True))
    (made,) = backup.backups(app_env.data_dir / "backups")
    assert made.stat().st_size > 0


def test_on_mysql_the_backup_run_only_says_azure_keeps_the_backups(
    app_env, app_functions, monkeypatch, mariadb, caplog
):
    use_mariadb(monkeypatch, mariadb, "tb_" + os.urandom(4).hex())
    get_settings.cache_clear()
    db.reset_engine()
    with caplog.at_level(logging.INFO, logger="handlers.timers"):
        app_functions["nightly_backup"](TimerRequest(past_due=False))
    assert "not needed on MySQL" in caplog.text
    assert not (app_env.data_dir / "backups").exists()
    db.reset_engine()
