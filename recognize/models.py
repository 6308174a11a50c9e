"""The shapes the recognizer returns; field names are shared with the API and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# The four kinds of transaction, everywhere: records, drafts, imports, exports, the model's schema, the page.
DIRECTIONS = ("expense", "income", "transfer", "refund")
# Longest text each free-text field may hold (the columns are sized to match); recognizers cut to these too.
TEXT_LIMITS = {"merchant": 128, "platform": 32, "payment_method": 64, "category": 32, "memo": 2000, "order_no": 64}
# The earliest wall time a payment may have: a record, a capture time, a file's date before it is a wrong clock.
EARLIEST = datetime(2000, 1, 1)

FIELDS = (
    "direction",
    "amount",
    "currency",
    "occurred_at",
    "merchant",
    "platform",
    "payment_method",
    "category",
    "memo",
    "order_no",
)

# Below this confidence the page marks a field 请核对 (LOW_CONFIDENCE in static_site/js/fields.js).
DOUBTFUL = 0.6
# Fields a record cannot be saved without: empty, they are marked too (REQUIRED in static_site/js/fields.js).
REQUIRED = ("amount", "occurred_at", "direction")
# Why a field is marked, the most specific cause first: a cause never replaces one before it in this list.
# invalid: the value read failed validation; engines_disagree: the two readings differ; far_from_capture: the
# date is far from when the screenshot was taken; not_found: required and empty; guessed: inferred, not read
# (a category from merchant words, a platform from weak cues); unclear: hard to read (the fallback);
# fully_discounted: the amount is blank because the screen shows ¥0.00 paid (a record needs an amount above 0).
REASONS = ("invalid", "engines_disagree", "far_from_capture", "fully_discounted", "not_found", "guessed", "unclear")


def doubt(reasons: dict[str, str], name: str, reason: str) -> None:
    """Record `reason` for field `name` unless a more specific cause is already recorded."""
    current = reasons.get(name)
    if current not in REASONS or REASONS.index(reason) < REASONS.index(current):
        reasons[name] = reason


def explained(fields: dict, confidence: dict, reasons: dict[str, str] | None) -> dict[str, str]:
    """The reasons of exactly the fields the page marks (low confidence, and a value or required): a marked
    field without a recorded cause is `not_found` when empty, else `unclear`; unmarked fields have none."""
    out: dict[str, str] = {}
    for name, value in fields.items():
        score = confidence.get(name)
        empty = value is None or not str(value).strip()
        if not isinstance(score, int | float) or score >= DOUBTFUL or (empty and name not in REQUIRED):
            continue
        given = (reasons or {}).get(name)
        out[name] = given if given in REASONS else ("not_found" if empty else "unclear")
    return out


@dataclass
class Item:
    """One transaction read from an image: field values as strings (or None) and 0..1 confidences."""

    fields: dict[str, str | None]
    confidence: dict[str, float] = field(default_factory=dict)
    # Which rule produced each field ("detail:above", "list:name" …): what calibration keys on. Not sent to
    # the page or stored with drafts.
    evidence: dict[str, str] = field(default_factory=dict, compare=False)
    # An e-invoice's own facts, when the item is one: {"number": 发票号码, "format": pdf|ofd|xml|picture}.
    invoice: dict[str, str] | None = None
    # Why each doubtful field is doubtful (a code of REASONS), so the page's 请核对 can say why.
    reasons: dict[str, str] = field(default_factory=dict, compare=False)

    def explain(self) -> Item:
        """This item with a reason for every field the page will mark and none for the others."""
        self.reasons = explained(self.fields, self.confidence, self.reasons)
        return self

    def to_dict(self) -> dict:
        """The JSON form used by drafts and the CLI."""
        out = {"fields": dict(self.fields), "confidence": dict(self.confidence), "reasons": dict(self.reasons)}
        if self.invoice:
            out["invoice"] = dict(self.invoice)
        return out

    @classmethod
    def from_dict(cls, data: dict) -> Item:
        """Rebuild an item from its JSON form."""
        invoice, reasons = data.get("invoice"), data.get("reasons")
        return cls(
            fields=dict(data.get("fields") or {}),
            confidence=dict(data.get("confidence") or {}),
            reasons={k: v for k, v in reasons.items() if v in REASONS} if isinstance(reasons, dict) else {},
            invoice=dict(invoice) if isinstance(invoice, dict) else None,
        )


@dataclass
class Extraction:
    """Everything one image yielded: items, the text that was read, which engine read it."""

    items: list[Item]
    raw_text: str = ""
    engine: str = ""
    elapsed_ms: int = 0
    warnings: list[str] = field(default_factory=list)
    captured_at: datetime | None = None  # when the screenshot was taken, when the file said so
