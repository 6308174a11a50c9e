"""The shapes the recognizer returns; field names are shared with the API and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# The four kinds of transaction, everywhere: records, drafts, imports, exports, the model's schema, the page.
DIRECTIONS = ("expense", "income", "transfer", "refund")
# Longest text each free-text field may hold (the columns are sized to match); recognizers cut to these too.
TEXT_LIMITS = {"merchant": 128, "platform": 32, "payment_method": 64, "category": 32, "memo": 2000, "order_no": 64}

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

    def to_dict(self) -> dict:
        """The JSON form used by drafts and the CLI."""
        out = {"fields": dict(self.fields), "confidence": dict(self.confidence)}
        if self.invoice:
            out["invoice"] = dict(self.invoice)
        return out

    @classmethod
    def from_dict(cls, data: dict) -> Item:
        """Rebuild an item from its JSON form."""
        invoice = data.get("invoice")
        return cls(
            fields=dict(data.get("fields") or {}),
            confidence=dict(data.get("confidence") or {}),
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
