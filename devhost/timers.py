"""Timer triggers locally: fire each `timerTrigger` function of the app at the times its NCRONTAB schedule names.

The schedule is the one in the app's own function metadata, six fields as the Functions host reads them:
`{second} {minute} {hour} {day} {month} {day-of-week}`, each `*`, a number, a name (JAN…DEC, SUN…SAT), a
range `a-b`, a step `*/n` or `a-b/n`, or a comma-separated list of those; times are UTC, as on Azure. When
both day and day-of-week are restricted, a time must match both (NCrontab's rule).

As the host does with `use_monitor`, the last and next run of each timer are remembered (a JSON file under
DATA_DIR), so an occurrence missed while the devhost was stopped — a laptop asleep at 03:30 — runs once when
it starts again, with `past_due` set. A function that raises is logged and runs again at its next time.
Timers are singletons, as on Azure: the next occurrence is the first one after a run ends, so an occurrence that
passes while a run is going (a catch-up run at 16:14:59 that ends after 16:15:00) is not run again at once.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from azure.functions.timer import TimerRequest

from devhost.blobs import expand

logger = logging.getLogger("devhost")

FIELDS = (("second", 0, 59), ("minute", 0, 59), ("hour", 0, 23), ("day", 1, 31), ("month", 1, 12), ("weekday", 0, 6))
NAMES = {
    "month": {m: i + 1 for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split())},
    "weekday": {d: i for i, d in enumerate("SUN MON TUE WED THU FRI SAT".split())},
}
LOOK_AHEAD = timedelta(days=366 * 5)  # a schedule with no time in five years (31 February) never fires
PAST_DUE_AFTER = timedelta(seconds=30)  # a run this late is `past_due`, as the host marks it


def _value(text: str, field: str, low: int, high: int) -> int:
    """One number (or name) of a field, checked against the field's range."""
    upper = text.upper()
    number = NAMES.get(field, {}).get(upper)
    if number is None:
        if not text.isdigit():
            raise ValueError(f"{field}: {text!r} is not a number")
        number = int(text)
        if field == "weekday" and number == 7:  # cron's other name for Sunday
            number = 0
    if not low <= number <= high:
        raise ValueError(f"{field}: {number} is outside {low}-{high}")
    return number


def parse_field(text: str, field: str, low: int, high: int) -> frozenset[int]:
    """The values one NCRONTAB field allows: `*`, `n`, `a-b`, `*/n`, `a-b/n`, `a/n`, and lists of them."""
    allowed: set[int] = set()
    for part in text.split(","):
        span, _, step_text = part.partition("/")
        step = 1
        if step_text:
            if not step_text.isdigit() or int(step_text) == 0:
                raise ValueError(f"{field}: step {step_text!r} must be a whole number above 0")
            step = int(step_text)
        if span == "*":
            start, end = low, high
        elif "-" in span:
            first, _, last = span.partition("-")
            start, end = _value(first, field, low, high), _value(last, field, low, high)
            if start > end:
                raise ValueError(f"{field}: range {span!r} runs backwards")
        else:
            start = _value(span, field, low, high)
            end = high if step_text else start
        allowed.update(range(start, end + 1, step))
    return frozenset(allowed)


@dataclass(frozen=True)
class Schedule:
    """A parsed NCRONTAB schedule: the seconds, minutes, hours, days, months and weekdays (0 = Sunday) it allows."""

    second: frozenset[int]
    minute: frozenset[int]
    hour: frozenset[int]
    day: frozenset[int]
    month: frozenset[int]
    weekday: frozenset[int]

    @classmethod
    def parse(cls, expression: str) -> Schedule:
        """Read a six-field NCRONTAB expression; raises ValueError naming what is wrong."""
        parts = expression.split()
        if len(parts) != len(FIELDS):
            raise ValueError(f"{expression!r}: NCRONTAB needs 6 fields (second minute hour day month day-of-week)")
        return cls(*(parse_field(text, *field) for text, field in zip(parts, FIELDS, strict=True)))

    def next_after(self, moment: datetime) -> datetime:
        """The first time strictly after `moment` (aware, or naive UTC) that the schedule allows, in UTC."""
        moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
        t = moment.replace(microsecond=0) + timedelta(seconds=1)
        limit = t + LOOK_AHEAD
        while t < limit:
            if t.month not in self.month:
                t = (t.replace(day=1, hour=0, minute=0, second=0) + timedelta(days=32)).replace(day=1)
            elif t.day not in self.day or (t.weekday() + 1) % 7 not in self.weekday:
                t = t.replace(hour=0, minute=0, second=0) + timedelta(days=1)
            elif t.hour not in self.hour:
                t = t.replace(minute=0, second=0) + timedelta(hours=1)
            elif t.minute not in self.minute:
                t = t.replace(second=0) + timedelta(minutes=1)
            elif t.second not in self.second:
                t += timedelta(seconds=1)
            else:
                return t
        raise ValueError("the schedule allows no time in the next five years")


@dataclass
class Timer:
    """One timer-triggered function: its name, schedule, the function, and when it runs next."""

    name: str
    schedule: Schedule
    function: object
    use_monitor: bool
    run_on_startup: bool
    next_run: datetime | None = None
    last_run: datetime | None = None


def timer_functions(functions) -> list[Timer]:
    """The app's timer-triggered functions, read from its function metadata."""
    timers = []
    for fn in functions:
        trigger = fn.get_trigger()
        if trigger.get_binding_name() != "timerTrigger":
            continue
        timers.append(
            Timer(
                fn.get_function_name(),
                Schedule.parse(expand(trigger.schedule)),
                fn.get_user_function(),
                bool(trigger.use_monitor),
                bool(trigger.run_on_startup),
            )
        )
    return timers


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _time(text) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None


class TimerRunner:
    """Fires the app's timer functions on their schedules, one at a time, in a background thread."""

    def __init__(self, functions, *, status_file: Path | None = None):
        self.timers = timer_functions(functions)
        self.status_file = status_file
        self.stop = threading.Event()
        self.thread = None

    def _load_status(self) -> dict:
        if self.status_file is None or not self.status_file.exists():
            return {}
        try:
            return json.loads(self.status_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            logger.warning("timer status %s unreadable; starting the schedules afresh", self.status_file)
            return {}

    def _save_status(self) -> None:
        if self.status_file is None:
            return
        status = {t.name: {"last": _iso(t.last_run), "next": _iso(t.next_run)} for t in self.timers if t.use_monitor}
        self.status_file.parent.mkdir(parents=True, exist_ok=True)
        partial = self.status_file.with_name(self.status_file.name + ".partial")
        partial.write_text(json.dumps(status, indent=2), encoding="utf-8")
        partial.replace(self.status_file)

    def plan(self, now: datetime) -> None:
        """Set each timer's first run: now when it runs on startup or (monitored) missed a run, else its next time."""
        status = self._load_status()
        for timer in self.timers:
            remembered = status.get(timer.name, {}) if timer.use_monitor else {}
            timer.last_run = _time(remembered.get("last"))
            missed = _time(remembered.get("next"))
            if missed is not None and missed <= now:
                timer.next_run = missed  # fires at once, past due
            elif timer.run_on_startup:
                timer.next_run = now
            else:
                timer.next_run = timer.schedule.next_after(now)
        self._save_status()

    def tick(self, now: datetime) -> list[str]:
        """Run every timer that is due at `now` (the earliest first); returns the names that ran."""
        ran = []
        for timer in sorted((t for t in self.timers if t.next_run <= now), key=lambda t: t.next_run):
            self._fire(timer, now)
            ran.append(timer.name)
        if ran:
            self._save_status()
        return ran

    def _fire(self, timer: Timer, now: datetime) -> None:
        past_due = now - timer.next_run > PAST_DUE_AFTER
        status = {"Last": _iso(timer.last_run), "Next": _iso(timer.schedule.next_after(now)), "LastUpdated": _iso(now)}
        started = time.monotonic()
        try:
            timer.function(TimerRequest(past_due=past_due, schedule_status=status))
            error = None
        except Exception as raised:
            error = raised
        # The next occurrence after the run ended (`now` plus how long it took, on the monotonic clock): the
        # occurrences a run covered are not run again one after another.
        following = timer.schedule.next_after(now + timedelta(seconds=max(0.0, time.monotonic() - started)))
        if error is not None:
            logger.error("timer function %s raised; it runs again at %s", timer.name, _iso(following), exc_info=error)
        timer.last_run = now
        timer.next_run = following

    def start(self) -> threading.Thread | None:
        """Plan the schedules and run them in a daemon thread (none when the app has no timers)."""
        if not self.timers:
            return None
        now = datetime.now(UTC)
        self.plan(now)
        for timer in self.timers:
            if timer.next_run < now:
                logger.info("timer %s: next run %s was missed; running it now", timer.name, _iso(timer.next_run))
            else:
                logger.info("timer %s: next run %s", timer.name, _iso(timer.next_run))
        self.thread = threading.Thread(target=self._loop, name="timers", daemon=True)
        self.thread.start()
        return self.thread

    def _loop(self) -> None:
        while not self.stop.is_set():
            now = datetime.now(UTC)
            upcoming = min(t.next_run for t in self.timers)
            if upcoming > now:
                # Wake at least once a minute: a wall clock that jumps (sleep, NTP) is noticed soon.
                self.stop.wait(min((upcoming - now).total_seconds(), 60))
                continue
            self.tick(now)

    def close(self) -> None:
        """Stop firing; a function already running finishes first."""
        self.stop.set()
        if self.thread is not None:
            self.thread.join(60)
