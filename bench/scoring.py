"""How the recognition bench scores a reading against a label: per field right / blank / wrong-but-marked /
wrong-and-unmarked, bill-list rows paired by alignment, and the tallies and reliability buckets it prints.

Matching rules: amount exact to two decimals; direction and currency exact; occurred_at compares as much as the
label shows ("2023-05-16 12:55" matches a reading of 12:55:21); merchant, platform and payment method after
light normalisation (NFKC, no spaces, （ ） → ( ), case), a platform as the canonical name the ledger keeps
(京东商城 is 京东); order_no on letters and digits. A null label is not
scored unless the engine invents a value, which counts as wrong. The printed category (`category_shown`) is
scored only where the screen prints one: right when the engine's category is it or what it maps onto.
A field is "marked" when its confidence is below the page's 请核对 threshold (static_site/js/fields.js).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import ZoneInfo

from recognize.normalize import canonical_platform

FIELDS = (
    "direction",
    "amount",
    "currency",
    "occurred_at",
    "merchant",
    "platform",
    "payment_method",
    "order_no",
    "category",
)
# The fields the "12 of 121 fields" figure counts (the ones a person mostly looks at).
CORE = ("amount", "direction", "occurred_at", "merchant", "payment_method")
OUTCOMES = ("right", "blank", "wrong_marked", "wrong_unmarked")
BUCKETS = (0.0, 0.3, 0.6, 0.8, 0.9, 0.95, 1.0001)
ROOT = Path(__file__).resolve().parents[1]


def mark_threshold() -> float:
    """The confidence below which the page shows 请核对, read from static_site/js/fields.js (0.6 if absent)."""
    source = ROOT / "static_site" / "js" / "fields.js"
    found = (
        re.search(r"LOW_CONFIDENCE\s*=\s*([0-9.]+)", source.read_text(encoding="utf-8")) if source.exists() else None
    )
    return float(found.group(1)) if found else 0.6


def category_map() -> dict[str, str]:
    """Printed categories (Alipay's 交易分类) → the person's default categories, as the Alipay importer maps them."""
    from recognize.categories import PRINTED

    return dict(PRINTED)


def text_key(value: str) -> str:
    """A name as compared: NFKC, no whitespace, ASCII brackets, case-folded."""
    value = unicodedata.normalize("NFKC", value)
    return re.sub(r"\s+", "", value).replace("【", "[").replace("】", "]").casefold()


def local_time(value: str, tz: str) -> str:
    """'2023-05-16T12:55:21+08:00' → '2023-05-16 12:55:21' in the ledger's zone; plain labels pass through."""
    if "T" not in value:
        return value.strip()
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone(ZoneInfo(tz))
    return f"{moment:%Y-%m-%d %H:%M:%S}"


def same(name: str, want: str, have: str, *, tz: str = "Asia/Shanghai", categories: dict | None = None) -> bool:
    """True when the engine's value `have` of field `name` is the labelled value `want`."""
    if name == "amount":
        try:
            return Decimal(have).quantize(Decimal("0.01")) == Decimal(want).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            return False
    if name in ("direction", "currency"):
        return have.strip().upper() == want.strip().upper()
    if name == "occurred_at":
        try:
            return local_time(have, tz).startswith(local_time(want, tz))
        except ValueError:
            return False
    if name == "order_no":
        return re.sub(r"[^0-9A-Za-z]", "", have).upper() == re.sub(r"[^0-9A-Za-z]", "", want).upper()
    if name == "category":
        allowed = {text_key(want), text_key((categories or {}).get(want, want))}
        return text_key(have) in allowed
    if name == "platform" and (canonical := canonical_platform(want)) is not None:
        return canonical_platform(have) == canonical  # a label's 京东商城 is the ledger's 京东
    return text_key(have) == text_key(want)


def label_value(name: str, want: dict) -> tuple[bool, str | None]:
    """(is the field labelled at all, its value): category comes from category_shown and only when printed."""
    if name == "category":
        return want.get("category_shown") is not None, want.get("category_shown")
    return name in want, want.get(name)


def outcome(name: str, want: dict, have: dict, confidence: dict, threshold: float, **rules) -> str | None:
    """right / blank / wrong_marked / wrong_unmarked for one field, or None when it is not scored."""
    labelled, wanted = label_value(name, want)
    if not labelled:
        return None
    got = have.get(name)
    if got in (None, ""):
        return None if wanted is None else "blank"
    if wanted is not None and same(name, str(wanted), str(got), **rules):
        return "right"
    score = confidence.get(name)
    # The page marks only numeric confidences below the threshold; a missing one shows unmarked.
    return "wrong_marked" if isinstance(score, int | float) and score < threshold else "wrong_unmarked"


def affinity(want: dict, have: dict, tz: str) -> int:
    """How much a read item looks like a labelled one (used to align bill-list rows)."""
    score = 1  # pairing beats skipping when nothing else tells them apart, so equal lists pair by position
    for name, weight in (("amount", 4), ("merchant", 2), ("direction", 1), ("occurred_at", 1)):
        if want.get(name) and have.get(name) and same(name, str(want[name]), str(have[name]), tz=tz):
            score += weight
    return score


def align(truth: list[dict], read: list[dict], tz: str = "Asia/Shanghai") -> list[tuple[int | None, int | None]]:
    """Pair labelled and read items by the best order-preserving alignment: (truth index, read index) pairs,
    None on the side that has no partner (a missed row, an invented row)."""
    n, m = len(truth), len(read)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1], affinity(truth[i], read[j], tz) + best[i + 1][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if best[i][j] == affinity(truth[i], read[j], tz) + best[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            pairs.append((i, None))
            i += 1
        else:
            pairs.append((None, j))
            j += 1
    pairs += [(k, None) for k in range(i, n)] + [(None, k) for k in range(j, m)]
    return pairs


def bucket(score) -> str:
    """The reliability-table row of a confidence."""
    if not isinstance(score, int | float):
        return "none"
    for low, high in zip(BUCKETS, BUCKETS[1:], strict=False):
        if low <= score < high:
            return f"{low:.2f}-{min(high, 1.0):.2f}"
    return "none"


class Tally:
    """Counts for one set: per field, per app × field, totals, reliability buckets, mistakes, extra rows."""

    def __init__(self, threshold: float, tz: str = "Asia/Shanghai", categories: dict | None = None):
        self.threshold, self.tz, self.categories = threshold, tz, categories or {}
        self.fields: dict[str, Counter] = defaultdict(Counter)
        self.apps: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
        self.reliability: dict[str, Counter] = defaultdict(Counter)
        self.mistakes: list[dict] = []
        self.extra = Counter()
        self.items = 0

    def add(self, file: str, app: str, truth: list[dict], read: list[dict], confidence: list[dict]) -> None:
        """Score one file's reading (items and their confidences) against its labelled items."""
        self.items += len(truth)
        for t, r in align(truth, read, self.tz):
            if t is None:
                marked = _marked(confidence[r].get("amount"), self.threshold)
                self.extra["marked" if marked else "unmarked"] += 1
                self.mistakes.append(
                    {
                        "file": file,
                        "app": app,
                        "item": None,
                        "field": "(extra item)",
                        "want": None,
                        "got": read[r].get("amount"),
                        "confidence": confidence[r].get("amount"),
                        "outcome": "wrong_marked" if marked else "wrong_unmarked",
                    }
                )
                continue
            have = read[r] if r is not None else {}
            conf = confidence[r] if r is not None else {}
            for name in FIELDS:
                result = outcome(name, truth[t], have, conf, self.threshold, tz=self.tz, categories=self.categories)
                if result is None:
                    continue
                self.fields[name][result] += 1
                self.apps[app][name][result] += 1
                if result != "blank":
                    self.reliability[bucket(conf.get(name))]["wrong" if result.startswith("wrong") else "right"] += 1
                if result != "right":
                    self.mistakes.append(
                        {
                            "file": file,
                            "app": app,
                            "item": t + 1,
                            "field": name,
                            "want": label_value(name, truth[t])[1],
                            "got": have.get(name),
                            "confidence": conf.get(name),
                            "outcome": result,
                        }
                    )

    def totals(self, names: tuple[str, ...] = FIELDS) -> Counter:
        """Outcomes summed over `names`."""
        out = Counter()
        for name in names:
            out.update(self.fields.get(name, Counter()))
        return out

    def as_dict(self) -> dict:
        """The numbers as plain JSON-able data."""
        return {
            "items": self.items,
            "fields": {name: dict(self.fields[name]) for name in FIELDS if name in self.fields},
            "apps": {app: {name: dict(c) for name, c in fields.items()} for app, fields in sorted(self.apps.items())},
            "totals": dict(self.totals()),
            "core_totals": dict(self.totals(CORE)),
            "reliability": {key: dict(c) for key, c in sorted(self.reliability.items())},
            "extra_items": dict(self.extra),
            "mistakes": self.mistakes,
        }


def _marked(score, threshold: float) -> bool:
    return isinstance(score, int | float) and score < threshold
