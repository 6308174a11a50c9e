"""The ledger's calendar: UTC now, today in the ledger's zone, days from requests, day and month bounds.

Records store the local wall time of a payment (naive, in the owner's zone); a span of days is the half-open
range [first day 00:00, day after the last 00:00) of those wall times.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from records.errors import BadRequest


def utcnow() -> datetime:
    """Naive UTC now, the form created_at/updated_at are stored in."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def today_in(tz: str) -> date:
    """Today's date in the zone `tz` (the ledger's zone: LEDGER_TZ)."""
    return datetime.now(ZoneInfo(tz)).date()


# The days a request may name. A ledger holds payments from 2000 on (recognize/models.EARLIEST) up to a couple of
# days ahead; these bounds leave room on both sides, and keep every computed neighbour (the day after, the month
# before, a week's Monday) inside what `date` can represent, so year 1 and 9999 are refused instead of overflowing.
FIRST_DAY = date(1900, 1, 1)


LAST_DAY = date(2999, 12, 31)


def in_calendar(day: date, name: str) -> date:
    """`day`, when it lies between FIRST_DAY and LAST_DAY; raises BadRequest `day_out_of_range` otherwise."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise BadRequest(f"{name} must be between {FIRST_DAY} and {LAST_DAY}", code="day_out_of_range")
    return day


def parse_day(value: str, name: str, *, code: str | None = None) -> date:
    """A 'YYYY-MM-DD' day from a request parameter called `name`; raises BadRequest (with `code`, if given), or
    `day_out_of_range` for a real day outside FIRST_DAY..LAST_DAY.
    """
    if not isinstance(value, str) or len(value) != 10:
        raise BadRequest(f"{name} must be YYYY-MM-DD", code=code)
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise BadRequest(f"{name} must be YYYY-MM-DD", code=code) from exc
    return in_calendar(day, name)


def midnight(day: date) -> datetime:
    """The wall time at which `day` begins."""
    return datetime.combine(day, time.min)


def day_span(first: date, last: date) -> tuple[datetime, datetime]:
    """The half-open wall-time range [first 00:00, the day after last 00:00) covering the days first..last."""
    return midnight(first), midnight(last + timedelta(days=1))


def month_bounds(day: date) -> tuple[date, date]:
    """First and last day of `day`'s month."""
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


def month_of(text: str) -> date:
    """The first day of a 'YYYY-MM' month (already checked to look like one)."""
    return date(int(text[:4]), int(text[5:7]), 1)
