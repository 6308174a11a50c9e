"""Category learning, in one place: when a person corrects the category for a merchant, later records from it
get that one (a recognized draft, a bill import).

A rule is kept per owner and merchant. A merchant with a branch in brackets ("瑞幸咖啡(国贸店)") also teaches
its brand ("瑞幸咖啡"), so another branch of it gets the same category; the exact merchant wins over the brand.
"""

from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa

from records.dates import utcnow
from records.schema import category_rules

_BRANCH = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")
LEARNED_CONFIDENCE = 0.95  # a category the person taught is nearly certain, but still theirs to change


def merchant_key(merchant: str | None) -> str:
    """The form a merchant name is matched in: NFKC, case-folded, single spaces; '' for none."""
    if not merchant:
        return ""
    text = unicodedata.normalize("NFKC", merchant).casefold()
    return re.sub(r"\s+", " ", text).strip()[:128]


def brand_key(merchant: str | None) -> str:
    """The merchant's key without a trailing branch in brackets ('瑞幸咖啡(国贸店)' → '瑞幸咖啡')."""
    key = merchant_key(merchant)
    return _BRANCH.sub("", key).strip() or key


def _upsert(conn, owner: str, key: str, category: str) -> None:
    now = utcnow()
    updated = conn.execute(
        category_rules.update()
        .where(category_rules.c.owner == owner, category_rules.c.merchant == key)
        .values(category=category, updated_at=now)
    )
    if updated.rowcount == 0:
        try:
            with conn.begin_nested():
                conn.execute(
                    category_rules.insert().values(owner=owner, merchant=key, category=category, updated_at=now)
                )
        except sa.exc.IntegrityError:
            # Someone taught the same merchant at the same moment: the later word wins.
            conn.execute(
                category_rules.update()
                .where(category_rules.c.owner == owner, category_rules.c.merchant == key)
                .values(category=category, updated_at=now)
            )


def learn(conn, owner: str, merchant: str | None, category: str | None) -> bool:
    """Remember that this owner files `merchant` under `category`; False when there is nothing to learn.

    Runs on the caller's connection, inside the caller's transaction (the edit or confirm that taught it).
    """
    key = merchant_key(merchant)
    if not key or not category:
        return False
    _upsert(conn, owner, key, category)
    brand = brand_key(merchant)
    if brand != key:
        _upsert(conn, owner, brand, category)
    return True


def learn_from_change(conn, owner: str, merchant: str | None, before: str | None, after: str | None) -> bool:
    """Learn from an edit or a confirm: only a category the person changed (`before` → `after`) teaches.

    Runs on the caller's connection, inside the caller's transaction.
    """
    if not after or after == before:
        return False
    return learn(conn, owner, merchant, after)


def learned_categories(conn, owner: str, merchants) -> dict[str, str]:
    """merchant_key → learned category for each of `merchants` that has one (exact merchant, else its brand)."""
    wanted = {merchant_key(m): brand_key(m) for m in merchants if merchant_key(m)}
    if not wanted:
        return {}
    keys = sorted(set(wanted) | set(wanted.values()))
    rules: dict[str, str] = {}
    for start in range(0, len(keys), 500):
        rows = conn.execute(
            sa.select(category_rules.c.merchant, category_rules.c.category).where(
                category_rules.c.owner == owner, category_rules.c.merchant.in_(keys[start : start + 500])
            )
        )
        rules.update({row.merchant: row.category for row in rows})
    out = {}
    for key, brand in wanted.items():
        category = rules.get(key) or rules.get(brand)
        if category:
            out[key] = category
    return out


def learned_category(conn, owner: str, merchant: str | None) -> str | None:
    """The category this owner taught for `merchant` (or its brand), or None."""
    return learned_categories(conn, owner, [merchant]).get(merchant_key(merchant))


def apply_learned(conn, owner: str, item_fields: dict, *, hidden=frozenset()) -> dict:
    """A copy of recognized `item_fields` with the learned category for its merchant, when there is one and the
    book does not hide it (`hidden`: records.categories.shown_and_hidden)."""
    category = learned_category(conn, owner, item_fields.get("merchant"))
    return {**item_fields, "category": category} if category and category not in hidden else dict(item_fields)


def with_learned_category(conn, owner: str, item: dict, *, hidden=frozenset()) -> dict:
    """A recognized draft item ({"fields", "confidence", "reasons"}) with the category this owner taught for
    its merchant, unless the book hides that category (`hidden`): a hidden category is never suggested."""
    learned = apply_learned(conn, owner, item["fields"], hidden=hidden)
    if learned.get("category") != item["fields"].get("category"):
        item["confidence"]["category"] = LEARNED_CONFIDENCE
        item.get("reasons", {}).pop("category", None)  # no longer a guess: the person's own choice
    item["fields"] = learned
    return item


def learn_corrections(conn, owner: str, recognized: list[dict], confirmed: list[dict]) -> None:
    """Learn each confirmed category that differs from the one recognized for the same merchant."""
    suggested = {
        (item.get("fields") or {}).get("merchant"): (item.get("fields") or {}).get("category") for item in recognized
    }
    for values in confirmed:
        merchant = values.get("merchant")
        if merchant in suggested:
            learn_from_change(conn, owner, merchant, suggested[merchant], values.get("category"))
