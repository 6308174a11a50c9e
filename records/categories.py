"""The owner's category list and how each category is named: a stored key, shown in the reader's language.

The default categories (recognize.categories) are stored by their Chinese name, which stays their key; this
module is the one place that gives each of them an English name. A person's own categories are shown as typed,
in every language. A record without a category is "uncategorized" (UNCATEGORIZED), never 其他, which is a
category of its own.
"""

from __future__ import annotations

import sqlalchemy as sa

from recognize.categories import DEFAULT_CATEGORIES
from records.schema import records

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


def categories_of(engine: sa.Engine, owner: str) -> list[str]:
    """Default categories followed by the owner's own ones, each once."""
    with engine.connect() as conn:
        used = conn.execute(
            sa.select(records.c.category)
            .where(records.c.owner == owner, records.c.category.is_not(None))
            .group_by(records.c.category)
            .order_by(sa.func.count().desc())
            .limit(100)
        ).scalars()
        return list(dict.fromkeys([*DEFAULT_CATEGORIES, *used]))


def named_categories(engine: sa.Engine, owner: str) -> dict:
    """The owner's categories as keys and as {key, names: {zh, en}, default}, plus the uncategorized names."""
    keys = categories_of(engine, owner)
    return {
        "categories": keys,
        "names": [
            {"key": key, "names": {"zh": key, "en": category_name(key, "en")}, "default": key in DEFAULT_CATEGORIES}
            for key in keys
        ],
        "uncategorized": UNCATEGORIZED,
    }
