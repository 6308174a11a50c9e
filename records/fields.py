"""Validate and convert record fields between their JSON form and their stored form."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa

from recognize.models import DIRECTIONS, EARLIEST, TEXT_LIMITS
from records.errors import Invalid
from records.schema import record_extras, record_tags, records

MAX_AMOUNT = Decimal("100000000.00")
DEFAULT_TZ = "Asia/Shanghai"  # the zone of records stored before they carried one
REASONS = {
    "required": ("必填", "required"),
    "not_text": ("应为文字", "must be text"),
    "too_long": ("太长了", "too long"),
    "direction": ("只能是支出、收入、转账或退款", "must be expense, income, transfer or refund"),
    "amount_format": ("金额格式不对，例如 128.50", "must look like 128.50"),
    "amount_range": ("金额需大于 0 且小于 1 亿", "must be above 0 and below 100,000,000"),
    "currency": ("币种应为三个大写字母，例如 CNY", "must be three capital letters, e.g. CNY"),
    "datetime_format": ("时间格式不对", "must be a date and time like 2026-11-03T12:34:56+08:00"),
    "datetime_range": ("时间不可能是这个日期", "is not a possible date for a payment"),
    "unknown_field": ("不认识这个字段", "is not a known field"),
    "bad_tags": (
        "最多 10 个标签，每个 1 到 16 个字，不能有空格、逗号或 #",
        "up to 10 tags, each 1 to 16 characters without spaces, commas or #",
    ),
    "account_name": (
        "不是有效的 Beancount 账户名：每一段须以大写字母或数字开头，例如 Expenses:Food",
        "is not a Beancount account name: each part starts with a capital letter or a digit, e.g. Expenses:Food",
    ),
}
EDITABLE = ("direction", "amount", "currency", "occurred_at", *TEXT_LIMITS)
REQUIRED = ("amount", "occurred_at")


def reason_text(code: str, lang: str = "zh") -> str:
    """A field reason code as a short phrase in 'zh' or 'en'."""
    zh, en = REASONS.get(code, (code, code))
    return en if lang == "en" else zh


def tidy_typed(value: str) -> str:
    """Text a person typed, NFC-normalized, without control characters and surrounding spaces."""
    # NFC keeps what the person typed (NFKC would rewrite full-width text); control characters are dropped.
    value = unicodedata.normalize("NFC", value)
    return "".join(ch for ch in value if unicodedata.category(ch) not in ("Cc", "Cs") or ch in "\n\t").strip()


def parse_amount(value) -> Decimal:
    """A positive amount with at most two decimals from a string or number, as Decimal; raises ValueError."""
    if isinstance(value, bool) or value is None:
        raise ValueError("amount_format")
    if isinstance(value, float):
        value = repr(value)
    text = str(value).strip().replace(",", "")
    if not re.fullmatch(r"\d{1,12}(\.\d{1,2})?", text):
        raise ValueError("amount_format")
    try:
        amount = Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise ValueError("amount_format") from exc
    if amount <= 0 or amount >= MAX_AMOUNT:
        raise ValueError("amount_range")
    return amount


def parse_occurred_at(value, tz: str, *, now: datetime | None = None) -> datetime:
    """An ISO 8601 string → naive wall-clock time in `tz`; raises ValueError with a reason code."""
    if not isinstance(value, str):
        raise ValueError("datetime_format")
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError("datetime_format") from exc
    zone = ZoneInfo(tz)
    try:
        parsed = parsed.astimezone(zone) if parsed.tzinfo is not None else parsed.replace(tzinfo=zone)
    except OverflowError as exc:  # year 1 or 9999 shifted by an offset
        raise ValueError("datetime_range") from exc
    now = now or datetime.now(zone)
    if parsed.replace(tzinfo=None) < EARLIEST or parsed > now + timedelta(days=2):
        raise ValueError("datetime_range")
    return parsed.replace(tzinfo=None, microsecond=0)


def _direction(value) -> str:
    if not isinstance(value, str) or value not in DIRECTIONS:
        raise ValueError("direction")
    return value


def _currency(value) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Z]{3}", value):
        raise ValueError("currency")
    return value


def _text(key: str):
    """The check of a free-text field: text (or null), tidied, within its limit."""
    limit = TEXT_LIMITS[key]

    def check(value) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            raise ValueError("not_text")
        value = tidy_typed(value)
        if len(value) > limit:
            raise ValueError("too_long")
        return value or None

    return check


DEFAULTS = {"direction": "expense", "currency": "CNY"}  # what a new record has when the field is left empty


def validate(data, *, tz: str, partial: bool = False) -> dict:
    """Check record fields from JSON and return them in stored form; raises Invalid naming each bad field.

    With `partial`, only the fields present are checked (an edit); otherwise amount and occurred_at are required.
    """
    if not isinstance(data, dict):
        raise Invalid("fields must be an object")
    errors = {key: "unknown_field" for key in data if key not in EDITABLE}
    for key in REQUIRED:
        # A new record needs these; an edit may leave them out but may not blank them.
        if (not partial or key in data) and data.get(key) in (None, ""):
            errors[key] = "required"
    values = dict(data)
    if not partial:
        values.update({key: default for key, default in DEFAULTS.items() if values.get(key) in (None, "")})
    checks = {
        "direction": _direction,
        "amount": parse_amount,
        "currency": _currency,
        "occurred_at": lambda value: parse_occurred_at(value, tz),
        **{key: _text(key) for key in TEXT_LIMITS},
    }
    out: dict = {}
    for key, check in checks.items():
        if key not in values or key in errors:
            continue
        try:
            out[key] = check(values[key])
        except ValueError as exc:
            errors[key] = str(exc)
        except ZoneInfoNotFoundError:
            errors[key] = "datetime_format"
    if "occurred_at" in out:
        out["tz"] = tz
    if errors:
        raise Invalid("invalid fields", fields=errors)
    return out


def wall_time_iso(when: datetime, tz: str | None) -> str:
    """A stored wall-clock time as ISO 8601 with its zone's offset ("2026-11-03T12:34:56+08:00")."""
    return when.replace(tzinfo=_zone(tz or DEFAULT_TZ)).isoformat()


def utc_iso(value: datetime) -> str:
    """A stored naive UTC time as ISO 8601 with a Z (created, updated and deleted times)."""
    return value.isoformat() + "Z"


# What record_extras holds of a record's e-invoice beside its number (`invoice_json` shows them).
INVOICE_FACTS = (
    "reimbursement",
    "invoice_kind",
    "invoice_buyer",
    "invoice_buyer_tax_id",
    "invoice_tax",
    "invoice_credit_note",
    "invoice_reverses",
)


def invoice_json(row, number: str | None) -> dict | None:
    """A record's invoice as the API shows it (a row read with the INVOICE_FACTS columns), or None without one:
    number, 报销 stage, kind, buyer and buyer tax ID, tax (two decimals), whether it is a 红字 credit note and the
    invoice it reverses; what was not read is null."""
    if not number:
        return None
    tax = getattr(row, "invoice_tax", None)
    return {
        "number": number,
        "reimbursement": row.reimbursement,
        "kind": getattr(row, "invoice_kind", None),
        "buyer": getattr(row, "invoice_buyer", None),
        "buyer_tax_id": getattr(row, "invoice_buyer_tax_id", None),
        "tax": f"{tax:.2f}" if tax is not None else None,
        "credit_note": bool(getattr(row, "invoice_credit_note", None)),
        "reverses": getattr(row, "invoice_reverses", None),
    }


def tags_column():
    """A record's tags as one column `tags`, comma-joined (a tag holds no comma; records.tags), NULL for none."""
    return (
        sa.select(sa.func.group_concat(record_tags.c.tag))
        .where(record_tags.c.record_id == records.c.id)
        .scalar_subquery()
        .label("tags")
    )


def tag_list(joined: str | None) -> list[str]:
    """The tags of a `tags_column` value, sorted."""
    return sorted(set(joined.split(","))) if joined else []


def select_records(*columns):
    """A SELECT of records (every column, or `columns`) with the invoice facts (record_extras) and the tags
    (`tags_column`) `to_json` shows."""
    return sa.select(
        *(columns or (records,)),
        record_extras.c.invoice_no,
        *(record_extras.c[name] for name in INVOICE_FACTS),
        tags_column(),
    ).select_from(records.outerjoin(record_extras, record_extras.c.record_id == records.c.id))


def to_json(row) -> dict:
    """A stored record row as the API's JSON form (`invoice` when the row was read with `select_records`)."""
    deleted_at = row.deleted_at
    number = getattr(row, "invoice_no", None)
    return {
        "id": row.id,
        "direction": row.direction,
        "amount": f"{row.amount:.2f}",
        "currency": row.currency,
        "occurred_at": wall_time_iso(row.occurred_at, row.tz),
        "merchant": row.merchant,
        "platform": row.platform,
        "payment_method": row.payment_method,
        "category": row.category,
        "memo": row.memo,
        "order_no": row.order_no,
        "source": row.source,
        "draft_id": row.draft_id,
        "created_at": utc_iso(row.created_at),
        "updated_at": utc_iso(row.updated_at),
        "deleted_at": utc_iso(deleted_at) if deleted_at else None,
        "version": row.version,
        "recorded_by": row.recorded_by,
        "invoice": invoice_json(row, number),
        "tags": tag_list(getattr(row, "tags", None)),
    }


# The stored columns to_json reads: lists select only these (the owner and draft item stay in the database).
JSON_COLUMNS = (
    "id",
    *EDITABLE,
    "tz",
    "source",
    "draft_id",
    "created_at",
    "updated_at",
    "deleted_at",
    "version",
    "recorded_by",
)


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)
