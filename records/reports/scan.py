"""How the reports read records: an owner's live records in a span of wall time, through the covering statistics
index, with the calendar buckets (day, weekday, hour) each database spells its own way.

Sums are GROUP BY queries on the database, SQLite and MySQL alike.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

import sqlalchemy as sa

from records.schema import records

STATS_INDEX = "FORCE INDEX (ix_records_owner_stats)"


def scan(*columns):
    """SELECT `columns` from records through the covering statistics index.

    MySQL's planner, given owner equality, prefers the narrower (owner, occurred_at, id) index and then reads every
    row of the range from the table; the covering index answers the same scan without touching the table.
    (The GROUP BY queries add ORDER BY NULL: MariaDB otherwise sorts every grouped result nobody reads in order.)
    """
    return sa.select(*columns).with_hint(records, STATS_INDEX, "mysql")


class Whose(NamedTuple):
    """The records of a book that one member recorded (the reports' member filter); a plain owner means all."""

    book: str
    member: str


def whose(book: str, member: str | None) -> str | Whose:
    """What the reports read: the book's records, or with `member` only those that member recorded."""
    return Whose(book, member) if member else book


def book_key(owner: str | Whose) -> str:
    """The book an owner (or a member filter) reads: what budgets and other book-wide rows are keyed by."""
    return owner.book if isinstance(owner, Whose) else owner


def live(owner: str | Whose, start: datetime, end: datetime) -> list:
    """WHERE clauses for the owner's records that are not deleted, from `start` up to, not including, `end` (and,
    for a Whose, recorded by its member).
    """
    clauses = [
        records.c.owner == book_key(owner),
        records.c.occurred_at >= start,
        records.c.occurred_at < end,
        records.c.deleted_at.is_(None),
    ]
    if isinstance(owner, Whose):
        clauses.append(records.c.recorded_by == owner.member)
    return clauses


def day_of(column):
    """The calendar day of a DATETIME column, as 'YYYY-MM-DD' text (SQLite) or a DATE (MySQL)."""
    return sa.func.date(column)


def weekday_of(dialect: str, column):
    """Day of the week of a DATETIME column, Monday = 0 … Sunday = 6, on both databases."""
    if dialect == "sqlite":
        # Julian day numbers start at noon and day 0 was a Monday: floor(jd + 0.5) mod 7 is Monday = 0. It costs
        # less than strftime('%w'), which formats a string per row.
        return sa.cast(sa.func.julianday(column) + sa.literal_column("0.5"), sa.Integer) % sa.literal_column("7")
    return sa.func.weekday(column)


def hour_of(dialect: str, column):
    """Hour of the day (0–23) of a DATETIME column."""
    if dialect == "sqlite":
        # SQLAlchemy stores SQLite datetimes as 'YYYY-MM-DD HH:MM:SS.ffffff': the hour is characters 12–13.
        return sa.cast(sa.func.substr(column, 12, 2), sa.Integer)
    return sa.func.hour(column)


def bucket_text(value) -> str:
    """A bucket value from either database as text."""
    return value.isoformat() if isinstance(value, date) else str(value)


def share(part, whole) -> float:
    """`part` as a fraction of `whole`, to four places; 0.0 when there is no whole."""
    return round(float(part / whole), 4) if whole > 0 else 0.0
