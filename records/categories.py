"""The owner's category list: the defaults first, then any other category the owner has used."""

from __future__ import annotations

import sqlalchemy as sa

from recognize.categories import DEFAULT_CATEGORIES
from records.schema import records


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
