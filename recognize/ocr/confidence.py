"""Calibrated confidence: what a field's source has been right about on material nobody tuned the rules to.

The layout rules give every field a raw certainty and name the rule that found it (`Item.evidence`, e.g.
"list:row_name"). `bench/calibrate.py` counts, on the real corpus and the evaluation renders, how often each
source was wrong, and writes `calibration.json` beside this file: for each field, each parser:source and each
platform, either a cap below the page's mark threshold (the source is wrong more than the target share, so its
values always carry 请核对) or null (trusted: the raw certainty stands). The most specific entry that exists
decides. This file only reads that table; it never changes a value, only how sure the page says it is.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from recognize.models import Item

TABLE = Path(__file__).with_name("calibration.json")


@lru_cache(maxsize=1)
def caps() -> dict[str, float | None]:
    """The fitted table: key → cap or None (trusted); empty when no table has been fitted."""
    if not TABLE.exists():
        return {}
    return json.loads(TABLE.read_text(encoding="utf-8"))["caps"]


def band(certainty: float) -> str:
    """How sure the rule itself was: 'sure' (≥ 0.9, a crisp OCR read of a labelled value) or 'unsure'."""
    return "sure" if certainty >= 0.9 else "unsure"


def keys_for(name: str, evidence: str, platform: str | None, certainty: float = 1.0) -> list[str]:
    """Table keys from the most specific to the least: field|parser:source|platform|band,
    field|parser:source|platform, field|parser:source, field|parser, field."""
    parser = evidence.split(":", 1)[0]
    where = f"{name}|{evidence}|{platform or '-'}"
    return [f"{where}|{band(certainty)}", where, f"{name}|{evidence}", f"{name}|{parser}", name]


def cap_for(name: str, evidence: str, platform: str | None, certainty: float = 1.0) -> float | None:
    """The cap for a field read by `evidence` on a page of `platform` with the rule's own `certainty`, or None
    when that source is trusted."""
    table = caps()
    for key in keys_for(name, evidence, platform, certainty):
        if key in table:
            return table[key]
    return None


def calibrated(item: Item) -> Item:
    """`item` with each field's confidence held under its source's cap (values are never changed)."""
    platform = item.fields.get("platform")
    for name, evidence in item.evidence.items():
        if name not in item.confidence:
            continue
        cap = cap_for(name, evidence, platform, item.confidence[name])
        if cap is not None:
            item.confidence[name] = round(min(item.confidence[name], cap), 3)
    return item
