"""The owner's category list and how each category is named: a stored key, shown in the reader's language.

The default categories (recognize.categories) are stored by their Chinese name, which stays their key; this
module is the one place that gives each of them an English name. A person's own categories are shown as typed,
in every language. A record without a category is "uncategorized" (UNCATEGORIZED), never 其他, which is a
category of its own.

A book that edits its list (records.category_admin) keeps it in the categories table: order, one level of
sub-categories, an icon and a colour each, hidden defaults. This module reads it.
"""

from __future__ import annotations

import sqlalchemy as sa

from recognize.categories import DEFAULT_CATEGORIES, FALLBACK_CATEGORY
from records.schema import categories, records

ENGLISH_NAMES = {
    "餐饮": "Food & drink",
    "交通": "Transport",
    "购物": "Shopping",
    "日用": "Household",
    "住房": "Housing",
    "通讯": "Phone & internet",
    "娱乐": "Entertainment",
    "医疗": "Health",
    "教育": "Education",
    "旅行": "Travel",
    "人情": "Gifts & red packets",
    "收入": "Income",
    "其他": "Other",
}

UNCATEGORIZED = {"zh": "未分类", "en": "Uncategorized"}


def category_name(key: str | None, lang: str = "zh") -> str:
    """How category `key` reads in `lang` ('zh' or 'en'): a default's English name, anything else as stored."""
    if not key:
        return UNCATEGORIZED["en" if lang == "en" else "zh"]
    return ENGLISH_NAMES.get(key, key) if lang == "en" else key


def stored(conn, owner: str) -> list:
    """The book's own category rows (records.category_admin writes them), in their stored order."""
    return conn.execute(
        sa.select(categories).where(categories.c.owner == owner).order_by(categories.c.position, categories.c.name)
    ).fetchall()


def _used(conn, owner: str) -> list[str]:
    """The categories the book's records carry, the most used first."""
    return list(
        conn.execute(
            sa.select(records.c.category)
            .where(records.c.owner == owner, records.c.category.is_not(None))
            .group_by(records.c.category)
            .order_by(sa.func.count().desc())
            .limit(100)
        ).scalars()
    )


def listed(conn, owner: str) -> list[dict]:
    """Every category of the book as {key, parent, icon, colour, hidden}, in display order: each parent followed
    by its sub-categories. A book that never edited its list has the defaults followed by what its records use;
    one that did has its stored list, followed by any category records carry that the list lacks (an import's).
    """
    rows = [
        {"key": r.name, "parent": r.parent, "icon": r.icon, "colour": r.colour, "hidden": bool(r.hidden)}
        for r in stored(conn, owner)
    ]
    known = {row["key"] for row in rows}
    base = [] if rows else list(DEFAULT_CATEGORIES)
    extra = [key for key in dict.fromkeys([*base, *_used(conn, owner)]) if key not in known]
    rows += [{"key": key, "parent": None, "icon": None, "colour": None, "hidden": False} for key in extra]
    children: dict[str, list[dict]] = {}
    for row in rows:
        if row["parent"] in known:
            children.setdefault(row["parent"], []).append(row)
    ordered = []
    for row in rows:
        if row["parent"] not in known:
            ordered += [row, *children.get(row["key"], [])]
    return ordered


def categories_of(engine: sa.Engine, owner: str) -> list[str]:
    """The keys the quick-entry grid and the selects offer, in the book's order (hidden ones left out)."""
    with engine.connect() as conn:
        return [row["key"] for row in _visible(listed(conn, owner))]


def _visible(rows: list[dict]) -> list[dict]:
    """The rows not hidden, nor under a hidden parent."""
    hidden = {row["key"] for row in rows if row["hidden"]}
    return [row for row in rows if not row["hidden"] and row["parent"] not in hidden]


def shown_and_hidden(conn, owner: str) -> tuple[set[str], set[str]]:
    """The keys the book offers, and the keys it hides (hidden, or under a hidden parent)."""
    rows = listed(conn, owner)
    shown = {row["key"] for row in _visible(rows)}
    return shown, {row["key"] for row in rows if row["key"] not in shown}


def stand_in(shown: set[str]) -> str | None:
    """What a category the book hides gives way to (in drafts and imports): 其他, or none when 其他 is hidden too."""
    return FALLBACK_CATEGORY if FALLBACK_CATEGORY in shown else None


def parents_of(conn, owner: str) -> dict[str, str]:
    """Each sub-category's key -> its parent's key: what the statistics roll a sub-category up into."""
    return {row["key"]: row["parent"] for row in listed(conn, owner) if row["parent"]}


def _entry(row: dict) -> dict:
    key = row["key"]
    return {
        "key": key,
        "names": {"zh": key, "en": category_name(key, "en")},
        "default": key in DEFAULT_CATEGORIES,
        "parent": row["parent"],
        "icon": row["icon"],
        "colour": row["colour"],
        "hidden": row["hidden"],
    }


def named_categories(engine: sa.Engine, owner: str) -> dict:
    """The book's categories: `categories` (the keys offered, in order), `names` (each offered one as {key, names:
    {zh, en}, default, parent, icon, colour, hidden}), `hidden` (the hidden ones, alike), `order` (every key, hidden
    ones too, in display order) and the uncategorized names.
    """
    with engine.connect() as conn:
        rows = listed(conn, owner)
    visible = _visible(rows)
    shown = {row["key"] for row in visible}
    return {
        "categories": [row["key"] for row in visible],
        "names": [_entry(row) for row in visible],
        "hidden": [_entry(row) for row in rows if row["key"] not in shown],
        "order": [row["key"] for row in rows],
        "uncategorized": UNCATEGORIZED,
    }
