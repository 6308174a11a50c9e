"""What a bill file turns into: `BillRow`s of record fields, `Skip`s saying why a line was left out, and the
small helpers every format's reader builds them with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from records.errors import LedgerError

TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%dT%H:%M:%S")
PLACEHOLDERS = ("", "/", "-", "--")


class BillFormatError(LedgerError):
    """The file is not a bill file this app can read."""

    code = "unknown_bill_format"
    status = 422


@dataclass
class Skip:
    """A row that was not imported: its line in the file, a reason code, and details for the sentence."""

    line: int
    code: str
    detail: dict = field(default_factory=dict)


@dataclass
class BillRow:
    """One transaction read from a bill file, as record fields (API strings) plus what links it to others."""

    line: int
    fields: dict
    merchant_order_no: str | None = None
    status: str = ""
    closed: bool = False
    refund_key: str | None = None
    refund_line: int | None = None
    tags: list[str] = field(default_factory=list)  # our own export's 标签; the platforms' files have none


@dataclass
class Bill:
    """A parsed bill file: its format ('alipay', 'wechat', 'snapledger'), rows, and skipped lines."""

    format: str
    rows: list[BillRow]
    skipped: list[Skip]


def parse_time(text: str) -> datetime | None:
    """A bill's local time ("2024-03-30 12:01:02", "2024/3/30 12:01"), or None."""
    text = text.strip()
    for pattern in TIME_FORMATS:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def clean_amount(text: str) -> str:
    """ "¥1,234.50" or "-12.5" as the plain amount "1234.50"/"12.5" (the sign lives in the direction)."""
    return re.sub(r"[¥￥,\s元]", "", text).lstrip("+-−")


def blank(text: str) -> str | None:
    """None for the placeholders bills use for "nothing" ("", "/", "-")."""
    text = (text or "").strip()
    return None if text in PLACEHOLDERS else text


def join_memo(*parts: str | None) -> str | None:
    """Non-empty parts joined with ' · '."""
    kept = [p for p in (blank(p or "") for p in parts) if p]
    return " · ".join(dict.fromkeys(kept)) or None


def build(line: int, when_text: str, **values) -> BillRow | Skip:
    """A BillRow from raw values, or a Skip naming the bad time or amount."""
    when = parse_time(when_text)
    if when is None:
        return Skip(line, "bad_time", {"value": when_text[:40]})
    amount = clean_amount(values.pop("amount"))
    if not re.fullmatch(r"\d+(\.\d+)?", amount):
        return Skip(line, "bad_amount", {"value": amount[:40]})
    extra = {k: values.pop(k) for k in ("merchant_order_no", "status", "closed", "refund_key", "tags") if k in values}
    fields = {"amount": amount, "occurred_at": when.isoformat(timespec="seconds"), **values}
    return BillRow(line, fields, **extra)
