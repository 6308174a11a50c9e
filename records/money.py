"""The ledger's money rules: spending is net of refunds; transfers between own accounts are neither spending
nor income; amounts leave as two-decimal strings.

`NET_SPENDING` is the rule as one SQL expression over records (an expense counts, a refund counts against it,
anything else is NULL and drops out of a SUM); `net_spending` is the same rule over sums per direction.
Every report (statistics, budgets, the home summary) uses one of the two.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import sqlalchemy as sa

from records.schema import CENT, records

ZERO = Decimal("0.00")
SPENDING = ("expense", "refund")  # the directions net spending is made of

NET_SPENDING = sa.case(
    (records.c.direction == "expense", records.c.amount),
    (records.c.direction == "refund", -records.c.amount),
)


def net_spending(by_direction: Mapping[str, Decimal], *, floor: bool = True) -> Decimal:
    """Expenses minus refunds from sums per direction: never below zero, unless `floor` is False (a trend's
    point, where a period of refunds shows as negative spending)."""
    net = by_direction.get("expense", ZERO) - by_direction.get("refund", ZERO)
    return max(net, ZERO) if floor else net


def money_text(value: Decimal | None) -> str:
    """An amount as the API's two-decimal string ('128.50'); nothing is '0.00'."""
    return f"{(value or ZERO).quantize(CENT):.2f}"
