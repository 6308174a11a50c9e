"""The devhost runs the app's timers from its metadata, in the first process only, catching up on missed runs."""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime, timedelta

import pytest

from devhost.timers import Schedule
from handlers import timers
from records import backup
from tests.conftest import Devhost

pytestmark = pytest.mark.azurite


def wait_for_log(host: Devhost, path, pattern: str, count: int, seconds: float = 90) -> list[str]:
    """The log lines matching `pattern`, once there are `count` of them (or the time is up)."""
    deadline = time.monotonic() + seconds
    while True:
        found = [line for line in path.read_text().splitlines() if re.search(pattern, line)]
        if len(found) >= count or time.monotonic() > deadline or host.proc.poll() is not None:
            return found
        time.sleep(0.2)


def test_missed_runs_fire_once_at_start_in_the_first_process_of_several(tmp_path, azurite):
    data = tmp_path / "data"
    data.mkdir()
    yesterday = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    # As if the devhost had been stopped since yesterday, when both timers were next due.
    (data / "devhost-timer-status.json").write_text(
        json.dumps({name: {"last": None, "next": yesterday} for name in ("cleanup", "nightly_backup")})
    )
    started = datetime.now(UTC)
    host = Devhost(tmp_path, azurite, FUNCTIONS_WORKER_PROCESS_COUNT="2")
    log = tmp_path / "devhost.log"
    try:
        ran = wait_for_log(host, log, r"(backup: \{|cleanup: stuck_drafts=)", 2)
        planned = wait_for_log(host, log, r"timer (cleanup|nightly_backup): next run", 2)
        time.sleep(1)  # a second firing, were there one, would have been logged by now
        lines = log.read_text().splitlines()
    finally:
        host.stop()
    # A test that happens to span a real occurrence (hh:15:00, 03:30:00) may see that run too, once.
    spanned = sum(
        Schedule.parse(schedule).next_after(started) <= datetime.now(UTC)
        for schedule in (timers.CLEANUP_SCHEDULE, timers.BACKUP_SCHEDULE)
    )
    assert 2 <= len(ran) <= 2 + spanned, log.read_text()
    runs = [line for line in lines if re.search(r"(backup: \{|cleanup: stuck_drafts=)", line)]
    assert 2 <= len(runs) <= 2 + spanned
    assert "(past due)" in next(line for line in ran if "backup:" in line)
    # Every timer line comes from the process that started the workers, not from a worker.
    assert {re.search(r"\[(\d+)\]", line).group(1) for line in ran + planned} == {str(host.proc.pid)}
    assert len(planned) == 2
    (made,) = backup.backups(data / "backups")
    status = json.loads((data / "devhost-timer-status.json").read_text())
    assert datetime.fromisoformat(status["nightly_backup"]["next"]) > datetime.now(UTC)
    assert made.stat().st_size > 0
