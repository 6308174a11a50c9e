"""Where the money goes: shares of net spending per category, platform or merchant, and the heat map of
spending by weekday and hour.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from records.money import NET_SPENDING, SPENDING, ZERO, money_text
from records.reports.scan import hour_of, live, scan, share, weekday_of
from records.schema import records


def shares(parts, *, limit: int | None = None) -> list[dict]:
    """(name, net spending, count) parts summed per name, largest first, each with its share of the whole."""
    sums: dict[str | None, list] = {}
    for name, net, count in parts:
        if count:
            entry = sums.setdefault(name, [ZERO, 0])
            entry[0] += net
            entry[1] += count
    positive = [(name, total, n) for name, (total, n) in sums.items() if total > 0]
    whole = sum((total for _, total, _ in positive), ZERO)
    positive.sort(key=lambda e: (-e[1], e[0] or ""))
    return [
        {"name": name, "amount": money_text(total), "count": n, "share": share(total, whole)}
        for name, total, n in positive[:limit]
    ]


def when_and_where(conn, owner: str, start: datetime, end: datetime) -> tuple[list[dict], list[tuple]]:
    """The heat map (spending by weekday, Monday = 0, and hour) and (platform, net, count) parts, in one scan."""
    dialect = conn.dialect.name
    weekday = weekday_of(dialect, records.c.occurred_at).label("weekday")
    hour = hour_of(dialect, records.c.occurred_at).label("hour")
    is_expense = records.c.direction == "expense"
    rows = conn.execute(
        scan(
            weekday,
            hour,
            records.c.platform,
            sa.func.sum(sa.case((is_expense, records.c.amount))),
            sa.func.count(sa.case((is_expense, 1))),
            sa.func.sum(NET_SPENDING),
            sa.func.count(),
        )
        .where(*live(owner, start, end), records.c.direction.in_(SPENDING))
        .group_by(sa.literal_column("weekday"), sa.literal_column("hour"), records.c.platform)
        .order_by(sa.null())
    ).fetchall()
    cells: dict[tuple[int, int], list] = {}
    for w, h, _platform, spent, spent_count, _net, _count in rows:
        if spent_count:
            cell = cells.setdefault((int(w), int(h)), [ZERO, 0])
            cell[0] += spent
            cell[1] += spent_count
    heat = [
        {"weekday": w, "hour": h, "amount": money_text(total), "count": count}
        for (w, h), (total, count) in sorted(cells.items())
    ]
    return heat, [(platform, net or ZERO, count) for _w, _h, platform, _s, _sc, net, count in rows]
