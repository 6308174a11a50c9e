"""The devhost's timers: NCRONTAB schedules read as the Functions host reads them, fired on time, remembered."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta, timezone

import azure.functions as func
import pytest

from devhost.timers import Schedule, TimerRunner, parse_field


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("expression", "after", "expected"),
    [
        ("0 30 3 * * *", "2026-11-03T03:29:59", "2026-11-03T03:30:00"),
        ("0 30 3 * * *", "2026-11-03T03:30:00", "2026-11-04T03:30:00"),  # strictly after
        ("0 15 * * * *", "2026-11-03T23:20:00", "2026-11-04T00:15:00"),
        ("*/15 * * * * *", "2026-11-03T10:00:14", "2026-11-03T10:00:15"),
        ("*/15 * * * * *", "2026-11-03T10:00:45", "2026-11-03T10:01:00"),
        ("0 0,30 8,20 * * *", "2026-11-03T08:31:00", "2026-11-03T20:00:00"),
        ("0 0 9-17/2 * * MON-FRI", "2026-11-07T12:00:00", "2026-11-09T09:00:00"),  # Saturday → Monday
        ("0 0 9-17/2 * * 1-5", "2026-11-09T11:00:00", "2026-11-09T13:00:00"),
        ("0 0 0 * * 7", "2026-11-03T00:00:00", "2026-11-08T00:00:00"),  # 7 is Sunday too
        ("0 0 0 * * sun", "2026-11-03T00:00:00", "2026-11-08T00:00:00"),
        ("0 0 0 31 * *", "2026-02-01T00:00:00", "2026-03-31T00:00:00"),
        ("0 0 0 29 feb *", "2026-01-01T00:00:00", "2028-02-29T00:00:00"),
        ("0 0 0 1 1 *", "2026-12-31T23:59:59", "2027-01-01T00:00:00"),
        ("0 0 12 13 * 5", "2026-01-01T00:00:00", "2026-02-13T12:00:00"),  # Friday the 13th: both must hold
        ("5/20 * * * * *", "2026-11-03T10:00:46", "2026-11-03T10:01:05"),
    ],
)
def test_the_next_time_follows_the_ncrontab_schedule(expression, after, expected):
    assert Schedule.parse(expression).next_after(at(after)) == at(expected)


def test_times_are_utc_whatever_zone_they_are_given_in():
    schedule = Schedule.parse("0 30 3 * * *")
    beijing = timezone(timedelta(hours=8))
    assert schedule.next_after(datetime(2026, 11, 3, 11, 0, tzinfo=beijing)) == at("2026-11-03T03:30:00")
    assert schedule.next_after(datetime(2026, 11, 3, 12, 0, tzinfo=beijing)) == at("2026-11-04T03:30:00")
    assert schedule.next_after(datetime(2026, 11, 3, 3, 0)) == at("2026-11-03T03:30:00")  # naive is UTC


def test_fields_parse_into_the_values_they_allow():
    assert parse_field("*/20", "second", 0, 59) == {0, 20, 40}
    assert parse_field("1-3,10-20/5", "hour", 0, 23) == {1, 2, 3, 10, 15, 20}
    assert parse_field("JAN,jul", "month", 1, 12) == {1, 7}


@pytest.mark.parametrize(
    ("expression", "says"),
    [
        ("0 30 3 * *", "6 fields"),
        ("0 30 3 * * * *", "6 fields"),
        ("60 * * * * *", "outside 0-59"),
        ("0 0 24 * * *", "outside 0-23"),
        ("0 0 0 0 * *", "outside 1-31"),
        ("*/0 * * * * *", "above 0"),
        ("x * * * * *", "not a number"),
        ("0 0 5-1 * * *", "runs backwards"),
        ("0 0 0 * * FUNDAY", "not a number"),
        ("0 0 0 30 2 *", "no time in the next five years"),
    ],
)
def test_a_schedule_that_cannot_be_read_says_why(expression, says):
    with pytest.raises(ValueError, match=says):
        Schedule.parse(expression).next_after(at("2026-01-01T00:00:00"))


def timer_app(calls: list, schedule: str = "0 30 3 * * *", *, raises: bool = False, run_on_startup: bool = False):
    """The metadata of a real FunctionApp with one timer function that notes each call's past_due."""
    app = func.FunctionApp()

    @app.function_name("tick")
    @app.timer_trigger(schedule=schedule, arg_name="timer", run_on_startup=run_on_startup, use_monitor=True)
    def tick(timer: func.TimerRequest) -> None:
        calls.append(timer.past_due)
        if raises:
            raise RuntimeError("the timer failed")

    return app.get_functions()


def test_a_timer_fires_at_its_time_once_and_late_runs_are_past_due(tmp_path):
    calls: list[bool] = []
    runner = TimerRunner(timer_app(calls), status_file=tmp_path / "status.json")
    runner.plan(at("2026-11-03T03:00:00"))
    assert runner.tick(at("2026-11-03T03:29:59")) == [] and calls == []
    assert runner.tick(at("2026-11-03T03:30:00")) == ["tick"]
    assert runner.tick(at("2026-11-03T03:30:01")) == []
    assert calls == [False]
    assert runner.tick(at("2026-11-04T03:35:00")) == ["tick"]  # five minutes late
    assert calls == [False, True]


def test_a_run_missed_while_the_devhost_was_stopped_runs_once_at_start_past_due(tmp_path):
    status = tmp_path / "status.json"
    calls: list[bool] = []
    TimerRunner(timer_app(calls), status_file=status).plan(at("2026-11-03T12:00:00"))  # next: 4 Nov 03:30
    restarted = TimerRunner(timer_app(calls), status_file=status)
    restarted.plan(at("2026-11-06T09:00:00"))  # stopped through three nights
    assert restarted.tick(at("2026-11-06T09:00:00")) == ["tick"]
    assert restarted.tick(at("2026-11-06T09:00:01")) == []
    assert calls == [True]
    assert restarted.timers[0].next_run == at("2026-11-07T03:30:00")


def test_an_occurrence_that_passes_while_a_run_is_going_is_not_run_again_at_once(tmp_path, monkeypatch):
    # The catch-up run starts at 03:29:59 and takes two seconds (a fake monotonic clock): 03:30 passed during
    # it, so the next run is the next day's, not a second run straight after the first.
    clock = [1000.0]
    monkeypatch.setattr("devhost.timers.time.monotonic", lambda: clock[0])

    class TwoSeconds(list):
        def append(self, value):
            super().append(value)
            clock[0] += 2.0

    calls = TwoSeconds()
    status = tmp_path / "status.json"
    TimerRunner(timer_app([]), status_file=status).plan(at("2026-11-02T12:00:00"))  # next: 3 Nov 03:30
    restarted = TimerRunner(timer_app(calls), status_file=status)
    restarted.plan(at("2026-11-04T03:29:59"))
    assert restarted.tick(at("2026-11-04T03:29:59")) == ["tick"]
    assert restarted.timers[0].next_run == at("2026-11-05T03:30:00")
    assert restarted.tick(at("2026-11-04T03:30:01")) == []
    assert calls == [True]


def test_without_a_remembered_run_nothing_is_past_due_unless_it_runs_on_startup(tmp_path):
    calls: list[bool] = []
    runner = TimerRunner(timer_app(calls), status_file=tmp_path / "status.json")
    runner.plan(at("2026-11-06T09:00:00"))
    assert runner.tick(at("2026-11-06T09:00:00")) == []
    eager = TimerRunner(timer_app(calls, run_on_startup=True), status_file=tmp_path / "other.json")
    eager.plan(at("2026-11-06T09:00:00"))
    assert eager.tick(at("2026-11-06T09:00:00")) == ["tick"] and calls == [False]


def test_a_timer_that_raises_is_logged_and_runs_again_at_its_next_time(tmp_path, caplog):
    calls: list[bool] = []
    runner = TimerRunner(timer_app(calls, raises=True), status_file=tmp_path / "status.json")
    runner.plan(at("2026-11-03T03:00:00"))
    with caplog.at_level(logging.ERROR, logger="devhost"):
        assert runner.tick(at("2026-11-03T03:30:00")) == ["tick"]
    assert "timer function tick raised" in caplog.text and "the timer failed" in caplog.text
    assert runner.timers[0].next_run == at("2026-11-04T03:30:00")
    assert runner.tick(at("2026-11-04T03:30:00")) == ["tick"] and len(calls) == 2


def test_the_runner_fires_in_a_background_thread(tmp_path):
    fired = threading.Event()

    class Noting(list):
        def append(self, value):
            super().append(value)
            fired.set()

    calls = Noting()
    runner = TimerRunner(timer_app(calls, "* * * * * *"), status_file=tmp_path / "status.json")
    runner.start()
    try:
        assert fired.wait(30)
    finally:
        runner.close()
    assert runner.thread is not None and not runner.thread.is_alive()
    assert (tmp_path / "status.json").exists()
