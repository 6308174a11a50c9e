"""One duplicate rule for screenshots and bill rows, on a real SQLite file and a real MariaDB over TLS."""

from datetime import datetime
from decimal import Decimal

from records import duplicates
from tests.records.test_ledger import OWNER, add


def warnings(conn, owner, payment, **options):
    """The duplicate warnings a draft item would carry for `payment`."""
    return [duplicates.describe(m) for m in duplicates.find(conn, owner, [payment], **options)[0]]


def test_duplicates_by_order_number_then_amount_and_time(engine):
    first = add(engine, amount="36.00", order_no="4200001234", platform="支付宝")
    conn_item = {"order_no": "4200001234", "platform": "支付宝"}
    near = {"amount": Decimal("36.00"), "occurred_at": datetime(2026, 11, 3, 12, 5)}
    with engine.connect() as conn:
        by_order = warnings(conn, OWNER, conn_item)
        by_time = warnings(conn, OWNER, near)
        far = warnings(conn, OWNER, {**near, "occurred_at": datetime(2026, 11, 3, 14, 0)})
        other_owner = warnings(conn, "bob", conn_item)
    assert [(d["id"], d["reason"]) for d in by_order] == [(first["id"], "order_no")]
    assert [(d["id"], d["reason"]) for d in by_time] == [(first["id"], "amount_time")]
    assert far == []
    assert other_owner == []


def test_a_bill_row_must_agree_on_direction_while_a_screenshot_only_warns(engine):
    add(engine, amount="36.00", direction="expense")
    refund = {"amount": Decimal("36.00"), "occurred_at": datetime(2026, 11, 3, 12, 5), "direction": "refund"}
    with engine.connect() as conn:
        assert len(warnings(conn, OWNER, refund)) == 1
        assert warnings(conn, OWNER, refund, exact=True) == []
