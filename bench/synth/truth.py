"""What a careful person reads from a generated screen, in the corpus label format (`labels.jsonl` items).

A page builds one `Row` per transaction and ties the text it draws to its fields; `resolve` keeps only what
is visible on the final (scrolled, clipped) screen: a field whose every drawing is off screen becomes null,
and a bill-list row whose amount is off screen is not on the screen at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The item keys of the corpus format (labels.jsonl), plus currency where the generator knows it.
LABEL_FIELDS = (
    "direction",
    "amount",
    "currency",
    "occurred_at",
    "merchant",
    "platform",
    "payment_method",
    "order_no",
    "category_shown",
)


@dataclass
class Row:
    """One transaction's truth: values, and where each value was drawn (dp spans on the screen)."""

    values: dict[str, str | None]
    spots: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    # A list row exists only while its amount is on screen; a detail page's one item always exists.
    needs: str | None = None

    def __getitem__(self, name: str) -> str | None:
        return self.values.get(name)


def row(*, needs: str | None = None, **values) -> Row:
    """A truth row with every label field present (missing ones null)."""
    return Row(values={name: values.get(name) for name in LABEL_FIELDS}, needs=needs)


def resolve(rows: list[Row], visible) -> list[dict]:
    """The label items of `rows` as they can be read on screen (`visible(spot)` says whether a span shows)."""
    items = []
    for r in rows:
        shown = {name: any(visible(s) for s in spots) for name, spots in r.spots.items()}
        if r.needs and not shown.get(r.needs, True):
            continue
        items.append({name: (None if not shown.get(name, True) else r.values.get(name)) for name in LABEL_FIELDS})
    return items
