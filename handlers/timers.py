"""The scheduled functions: the hourly cleanup and the nightly backup of the embedded ledger.

NCRONTAB schedules (`{second} {minute} {hour} {day} {month} {day-of-week}`) run in UTC, on Azure as in the
devhost (devhost/timers.py reads the same metadata). With `use_monitor` the host remembers the last run, so an
occurrence missed while the app was stopped runs once when it starts again (with `past_due` set).
"""

from __future__ import annotations

import logging

import azure.functions as func

from records import backup, cleanup
from records.dates import utcnow
from records.db import get_engine
from settings import get_settings

bp = func.Blueprint()
logger = logging.getLogger(__name__)

CLEANUP_SCHEDULE = "0 15 * * * *"  # every hour at :15
BACKUP_SCHEDULE = "0 30 3 * * *"  # every day at 03:30 UTC (11:30 in China)


@bp.function_name("cleanup")
@bp.timer_trigger(schedule=CLEANUP_SCHEDULE, arg_name="timer", run_on_startup=False, use_monitor=True)
def run_cleanup(timer: func.TimerRequest) -> None:
    """Remove stale drafts, unneeded images, orphan blobs and expired import previews (records/cleanup.py).

    It logs one line of counts; a late run (`timer.past_due`) does the same work.
    """
    cleanup.sweep(get_engine(), get_settings(), utcnow())


@bp.function_name("nightly_backup")
@bp.timer_trigger(schedule=BACKUP_SCHEDULE, arg_name="timer", run_on_startup=False, use_monitor=True)
def run_backup(timer: func.TimerRequest) -> None:
    """Back up the embedded SQLite ledger under DATA_DIR/backups, keeping the newest BACKUP_KEEP (records/backup.py)."""
    outcome = backup.nightly(get_engine(), get_settings(), utcnow())
    if "skipped" in outcome:
        logger.info("backup: not needed on MySQL (Azure keeps point-in-time backups)")
        return
    logger.info("backup: %s%s", outcome, " (past due)" if timer.past_due else "")
