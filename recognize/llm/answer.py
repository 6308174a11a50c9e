"""Reading the model's answer: the completion checked and parsed into the schema, then every field normalized
exactly as the offline engine's fields are; what does not normalize becomes empty with zero confidence.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta

from recognize import normalize
from recognize.categories import DEFAULT_CATEGORIES, guess_category
from recognize.errors import ModelRefused
from recognize.llm.schema import ReadAnswer
from recognize.models import FIELDS, TEXT_LIMITS, Item, doubt

logger = logging.getLogger(__name__)


CURRENCY_WORDS = {"¥": "CNY", "￥": "CNY", "元": "CNY", "RMB": "CNY", "人民币": "CNY"}


def parse_completion(completion):
    """The answer parsed into ReadAnswer; refusals, cut-off or filtered answers and schema misfits are refused."""
    import pydantic

    if not completion.choices:
        raise ModelRefused("the model gave no answer")
    choice = completion.choices[0]
    message = choice.message
    if choice.finish_reason == "length":
        raise ModelRefused("the model's answer was cut off before it was complete")
    if choice.finish_reason == "content_filter":
        raise ModelRefused("the model's content filter stopped the answer")
    if message.refusal:
        raise ModelRefused(f"the model refused: {normalize.tidy_read(message.refusal)[:200]}")
    if not message.content:
        raise ModelRefused("the model gave no answer")
    try:
        parsed = ReadAnswer.model_validate_json(message.content)
    except pydantic.ValidationError as exc:
        logger.warning("model answer outside the schema: %s", exc.errors(include_input=False)[:3])
        raise ModelRefused(f"the model's answer did not fit the schema ({_first_error(exc)})") from exc
    return parsed, message.content


def _first_error(exc) -> str:
    """A short, input-free description of the first pydantic error."""
    error = exc.errors(include_input=False)[0]
    where = ".".join(str(part) for part in error.get("loc", ())) or "answer"
    return f"{where}: {error.get('msg', 'invalid')}"


def normalize_item(read, *, now: datetime, tz: str, warnings: list[str], label: str = "item") -> Item | None:
    """Turn one raw `ReadItem` into an `Item` of API-form strings; None when nothing in it is usable.

    A field that does not normalize becomes None with confidence 0 and a warning.
    """
    raw_conf = read.confidence.model_dump()
    fields: dict[str, str | None] = dict.fromkeys(FIELDS)
    confidence: dict[str, float] = {}
    reasons: dict[str, str] = {}

    def put(name: str, value: str | None, raw: str | None = None, factor: float = 1.0) -> None:
        fields[name] = value
        confidence[name] = round(_clamp(raw_conf.get(name, 0.0)) * factor, 3) if value is not None else 0.0
        if value is None and raw:
            warnings.append(f"{label}: {name} {raw!r} could not be read")
            doubt(reasons, name, "invalid")

    amount, sign = normalize.read_amount(read.amount)
    if amount is None and normalize.is_zero_amount(read.amount):
        # ¥0.00 paid (fully discounted): blank on purpose, not a misread; a record needs an amount above 0.
        put("amount", None)
        warnings.append(f"{label}: amount {read.amount!r} is nothing paid (fully discounted)")
        doubt(reasons, "amount", "fully_discounted")
    else:
        put("amount", normalize.format_amount(amount) if amount is not None else None, read.amount)

    if read.direction is None and sign:
        # Only the printed sign tells the direction: trust it less than the amount itself.
        fields["direction"] = "expense" if sign == "-" else "income"
        confidence["direction"] = round(confidence["amount"] * 0.6, 3)
    else:
        # A printed sign that contradicts the model's direction gets low confidence so the page highlights it.
        contradicts = (read.direction, sign) in (("expense", "+"), ("income", "-"))
        put("direction", read.direction, None, 0.5 if contradicts else 1.0)

    currency = _currency(read.currency, has_amount=amount is not None)
    put("currency", currency, None)
    if currency is not None and not read.currency:
        confidence["currency"] = confidence["amount"]

    occurred = _occurred_at(read.occurred_at, now=now, tz=tz)
    factor = 1.0
    if occurred is not None and not (now - timedelta(days=366) <= occurred <= now + timedelta(days=1)):
        factor = 0.3  # far from the upload date: likely a misread year or month
        warnings.append(f"{label}: occurred_at {occurred.date()} is far from today")
        doubt(reasons, "occurred_at", "far_from_capture")
    put("occurred_at", occurred.isoformat(timespec="seconds") if occurred else None, read.occurred_at, factor)

    for name in ("merchant", "payment_method", "memo", "order_no"):
        put(name, _text(getattr(read, name), TEXT_LIMITS[name]), None)

    platform = normalize.canonical_platform(read.platform)
    put("platform", platform or _text(read.platform, TEXT_LIMITS["platform"]), None, 1.0 if platform else 0.7)

    category = _text(read.category, TEXT_LIMITS["category"])
    if category in DEFAULT_CATEGORIES:
        put("category", category, None)
    else:
        direction = fields["direction"] or "expense"
        fields["category"] = guess_category(fields["merchant"], fields["memo"], direction=direction)
        confidence["category"] = 0.4
        doubt(reasons, "category", "guessed")

    if not any(fields[name] for name in ("amount", "merchant", "occurred_at")):
        warnings.append(f"{label}: dropped, no amount, merchant or time could be read")
        return None
    # What the model itself was unsure of is marked as hard to read.
    return Item(fields=fields, confidence=confidence, reasons=reasons).explain()


def _occurred_at(text: str | None, *, now: datetime, tz: str) -> datetime | None:
    """Parse the printed time; an ISO 'T' separator is read as a space (wall time in the ledger zone)."""
    if not text:
        return None
    text = re.sub(r"(\d)T(\d)", r"\1 \2", normalize.tidy_read(text))
    return normalize.parse_datetime(text, now=now, tz=tz)


def _currency(text: str | None, *, has_amount: bool) -> str | None:
    """An ISO currency code from what the model said, CNY by default when there is an amount."""
    text = normalize.tidy_read(text).upper()
    if text in CURRENCY_WORDS:
        return CURRENCY_WORDS[text]
    if re.fullmatch(r"[A-Z]{3}", text):
        return text
    return "CNY" if has_amount else None


def _text(value: str | None, limit: int) -> str | None:
    """Clean model text; empty becomes None and overlong text is cut to the column's width."""
    value = normalize.tidy_read(value)
    return value[:limit] if value else None


def _clamp(value: float) -> float:
    """Keep a model-reported confidence inside 0..1."""
    try:
        return min(1.0, max(0.0, float(value)))
    except (TypeError, ValueError):
        return 0.0
