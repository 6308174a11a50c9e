"""One item being read: its fields with a certainty each, finished with a category and a check of its date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from recognize.categories import FALLBACK_CATEGORY, FALLBACK_CONFIDENCE, guess_category
from recognize.models import FIELDS, Item, doubt
from recognize.ocr.confidence import calibrated


@dataclass
class Reading:
    """Fields being assembled for one item, with a certainty per field."""

    kind: str = ""  # which parser read the page: detail, labelled, list, fallback
    fields: dict = field(default_factory=dict)
    confidence: dict = field(default_factory=dict)
    sources: dict = field(default_factory=dict)
    reasons: dict = field(default_factory=dict)

    def set(self, name: str, value, certainty: float, source: str = "") -> None:
        """Set a field if it has a value; `source` names the rule that found it (calibration keys on it)."""
        if value:
            self.fields[name] = value
            self.confidence[name] = round(max(0.0, min(1.0, certainty)), 3)
            self.sources[name] = source

    def item(self) -> Item:
        """The finished `Item` with every field present (None when unknown), its confidences calibrated."""
        fields = {name: self.fields.get(name) for name in FIELDS}
        confidence = {name: self.confidence.get(name, 0.0) for name in fields}
        evidence = {name: f"{self.kind}:{self.sources.get(name, '')}" for name in fields if fields[name]}
        reasons = dict(self.reasons)
        if fields["platform"]:
            # The platform is never read as a value: it is what the page's words point to most.
            doubt(reasons, "platform", "guessed")
        # Calibration caps sources that are often wrong; the rest of the marked fields were hard to read.
        return calibrated(Item(fields=fields, confidence=confidence, evidence=evidence, reasons=reasons)).explain()


def far_from_now(value: str | None, now: datetime | None) -> bool:
    """True when an ISO time is more than a year before `now` or in its future: likely a misread year or month."""
    if not value:
        return False
    when = datetime.fromisoformat(value)
    now = (now or datetime.now(when.tzinfo)).astimezone(when.tzinfo)
    return not (now - timedelta(days=366) <= when <= now + timedelta(days=1))


def finish(draft: Reading, direction: str, now: datetime | None = None) -> None:
    """Fill the category from merchant and memo; lower the time's confidence when it is far from today."""
    if far_from_now(draft.fields.get("occurred_at"), now):
        draft.confidence["occurred_at"] = round(draft.confidence["occurred_at"] * 0.3, 3)
        doubt(draft.reasons, "occurred_at", "far_from_capture")
    if draft.fields.get("category"):  # the screen printed one
        return
    category = guess_category(draft.fields.get("merchant"), draft.fields.get("memo"), direction=direction)
    draft.set("category", category, 0.5 if category != FALLBACK_CATEGORY else FALLBACK_CONFIDENCE, "guess")
    doubt(draft.reasons, "category", "guessed")
