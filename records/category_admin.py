"""A book's own category list: add, edit (rename, move under a parent, icon, colour, hide), remove, merge, reorder.

The first edit stores the list as the book sees it (records.categories.listed) in the categories table; from then
on the table is the list. Renaming and merging carry every record, budget, learned rule and Beancount mapping of
the old key along, in one transaction: a person never finds spending left behind under a name that is gone. The
drafts waiting in the book's person's inbox follow too, so 核对 suggests the category by its current name.
Every function raises a CategoryError (or NotFound) and changes nothing on bad input.
"""

from __future__ import annotations

import functools
import json
import re

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from recognize.categories import DEFAULT_CATEGORIES
from records.categories import UNCATEGORIZED, listed, named_categories
from records.dates import utcnow
from records.errors import CategoryError, NotFound
from records.schema import beancount_accounts, budgets, categories, category_rules, drafts, records

MAX_CATEGORIES = 200
MAX_NAME = 16
MAX_ICON = 8
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
# A key is a path segment of /api/categories/{key}, and a name a person reads: no separators, no control characters.
FORBIDDEN = re.compile(r"[/\\?#%\x00-\x1f\x7f\ud800-\udfff]")  # lone surrogates cannot be stored
RESERVED = {UNCATEGORIZED["zh"].casefold(), UNCATEGORIZED["en"].casefold()}
EDITABLE = ("name", "parent", "icon", "colour", "hidden")


def _edit(fn):
    """Run an edit; two edits racing to store the same name (or the book's first list) lose as a duplicate."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except IntegrityError as exc:
            raise CategoryError("stored meanwhile", code="category_exists") from exc

    return wrapper


def _name(value) -> str:
    """A category name: 1..MAX_NAME characters, trimmed, none of FORBIDDEN; raises CategoryError."""
    if not isinstance(value, str) or not 0 < len(value.strip()) <= MAX_NAME or FORBIDDEN.search(value):
        raise CategoryError("bad name", code="bad_category_name")
    if value.strip().casefold() in RESERVED:
        raise CategoryError("reserved name", code="bad_category_name")
    return value.strip()


def _icon(value) -> str | None:
    """A short glyph (an emoji or a character or two), or None for the name's first character."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value.strip()) > MAX_ICON or FORBIDDEN.search(value) or not value.strip():
        raise CategoryError("bad icon", code="bad_category_icon")
    return value.strip()


def _colour(value) -> str | None:
    """'#rrggbb' or None (the page picks a hue from the name)."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not COLOUR.fullmatch(value):
        raise CategoryError("bad colour", code="bad_category_colour")
    return value.lower()


def _materialized(conn, owner: str) -> dict[str, dict]:
    """The book's list as stored rows (written now if the book never edited it), by key, rows locked."""
    rows = listed(conn, owner)
    stored = {
        r.name
        for r in conn.execute(
            sa.select(categories.c.name).where(categories.c.owner == owner).with_for_update()
        ).fetchall()
    }
    start = len(stored) and (
        conn.execute(sa.select(sa.func.max(categories.c.position)).where(categories.c.owner == owner)).scalar() + 1
    )
    missing = [row["key"] for row in rows if row["key"] not in stored]
    if missing:
        conn.execute(
            categories.insert(),
            [{"owner": owner, "name": key, "position": start + i, "hidden": False} for i, key in enumerate(missing)],
        )
    return {row["key"]: row for row in rows}


def _find(known: dict[str, dict], key: str) -> dict:
    """The row of `key`; raises NotFound (no_such_category)."""
    if key not in known:
        raise NotFound(f"category {key}", code="no_such_category")
    return known[key]


def _unique(known: dict[str, dict], name: str, *, but: str | None = None) -> None:
    """Raises CategoryError (category_exists) when another category already has this name, whatever its case."""
    if any(key.casefold() == name.casefold() and key != but for key in known):
        raise CategoryError("duplicate", code="category_exists")


def _parent(known: dict[str, dict], value, key: str | None) -> str | None:
    """A valid parent for category `key`: an existing top-level category other than itself; `key` itself must have no
    sub-categories to become one. Raises CategoryError (bad_category_parent).
    """
    if value is None or value == "":
        return None
    if not isinstance(value, str) or value not in known or value == key or known[value]["parent"]:
        raise CategoryError("bad parent", code="bad_category_parent")
    if key is not None and any(row["parent"] == key for row in known.values()):
        raise CategoryError("has children", code="bad_category_parent")
    return value


def _body(body) -> dict:
    """A JSON object with only the editable keys; raises CategoryError (bad_request)."""
    if not isinstance(body, dict) or set(body) - set(EDITABLE):
        raise CategoryError("bad body", code="bad_request")
    return body


@_edit
def add(engine: sa.Engine, owner: str, body) -> dict:
    """Add {name, parent?, icon?, colour?} at the end of the list (or of its parent's); answers the listing."""
    body = _body(body)
    name = _name(body.get("name"))
    icon, colour = _icon(body.get("icon")), _colour(body.get("colour"))
    with engine.begin() as conn:
        known = _materialized(conn, owner)
        _unique(known, name)
        parent = _parent(known, body.get("parent"), None)
        if len(known) >= MAX_CATEGORIES:
            raise CategoryError("too many", code="too_many_categories", params={"limit": str(MAX_CATEGORIES)})
        last = conn.execute(sa.select(sa.func.max(categories.c.position)).where(categories.c.owner == owner))
        position = (last.scalar() or 0) + 1
        conn.execute(
            categories.insert().values(
                owner=owner, name=name, position=position, parent=parent, icon=icon, colour=colour, hidden=False
            )
        )
    return named_categories(engine, owner)


def _carry_drafts(conn, owner: str, old: str, new: str | None) -> None:
    """Suggest `new` (None: no category) wherever an open draft of book `owner` suggests `old`.

    A draft is its uploader's until confirmed, and recognition suggested categories from the uploader's own book,
    whose id is the person's (records.books): those are the drafts that name this book's keys.
    """
    query = sa.select(drafts.c.id, drafts.c["items"]).where(
        drafts.c.owner == owner,
        drafts.c.status.in_(("ready", "failed")),
        drafts.c["items"].contains(json.dumps(old, ensure_ascii=False)[1:-1], autoescape=True),
    )
    for row in conn.execute(query).fetchall():
        items = json.loads(row.items)
        changed = False
        for item in items:
            values = item.get("fields") if isinstance(item, dict) else None
            if isinstance(values, dict) and values.get("category") == old:
                values["category"] = new
                changed = True
        if changed:
            conn.execute(
                drafts.update().where(drafts.c.id == row.id).values(items=json.dumps(items, ensure_ascii=False))
            )


def _carry(conn, owner: str, old: str, new: str) -> None:
    """Move every record, budget, learned rule, Beancount mapping and draft suggestion of category `old` to `new`."""
    now = utcnow()
    _carry_drafts(conn, owner, old, new)
    conn.execute(
        records.update()
        .where(records.c.owner == owner, records.c.category == old)
        .values(category=new, updated_at=now, version=records.c.version + 1)
    )
    conn.execute(
        category_rules.update()
        .where(category_rules.c.owner == owner, category_rules.c.category == old)
        .values(category=new, updated_at=now)
    )
    for row in conn.execute(sa.select(budgets).where(budgets.c.owner == owner, budgets.c.category == old)).fetchall():
        target = (budgets.c.owner == owner, budgets.c.category == new, budgets.c.month == row.month)
        present = conn.execute(sa.select(budgets.c.amount).where(*target)).scalar()
        if present is None:
            conn.execute(
                budgets.insert().values(owner=owner, category=new, month=row.month, amount=row.amount, updated_at=now)
            )
        else:  # two budgets merged into one category add up
            conn.execute(budgets.update().where(*target).values(amount=present + row.amount, updated_at=now))
    conn.execute(budgets.delete().where(budgets.c.owner == owner, budgets.c.category == old))
    for row in conn.execute(
        sa.select(beancount_accounts).where(
            beancount_accounts.c.owner == owner,
            beancount_accounts.c.name == old,
            beancount_accounts.c.kind.in_(("category", "income")),
        )
    ).fetchall():
        taken = conn.execute(
            sa.select(beancount_accounts.c.name).where(
                beancount_accounts.c.owner == owner,
                beancount_accounts.c.kind == row.kind,
                beancount_accounts.c.name == new,
            )
        ).first()
        if taken is None:
            conn.execute(
                beancount_accounts.insert().values(
                    owner=owner, kind=row.kind, name=new, account=row.account, updated_at=now
                )
            )
    conn.execute(
        beancount_accounts.delete().where(
            beancount_accounts.c.owner == owner,
            beancount_accounts.c.name == old,
            beancount_accounts.c.kind.in_(("category", "income")),
        )
    )


@_edit
def update(engine: sa.Engine, owner: str, key: str, body) -> dict:
    """Edit category `key`: {name (a rename carries its records along), parent, icon, colour, hidden}."""
    body = _body(body)
    with engine.begin() as conn:
        known = _materialized(conn, owner)
        _find(known, key)
        values = {}
        if "icon" in body:
            values["icon"] = _icon(body["icon"])
        if "colour" in body:
            values["colour"] = _colour(body["colour"])
        if "hidden" in body:
            if not isinstance(body["hidden"], bool):
                raise CategoryError("bad hidden", code="bad_request")
            values["hidden"] = body["hidden"]
        if "parent" in body:
            values["parent"] = _parent(known, body["parent"], key)
        where = (categories.c.owner == owner, categories.c.name == key)
        if values:
            conn.execute(categories.update().where(*where).values(**values))
        if "name" in body and _name(body["name"]) != key:
            name = _name(body["name"])
            _unique(known, name, but=key)
            conn.execute(categories.update().where(*where).values(name=name))
            conn.execute(
                categories.update().where(categories.c.owner == owner, categories.c.parent == key).values(parent=name)
            )
            _carry(conn, owner, key, name)
    return named_categories(engine, owner)


@_edit
def merge(engine: sa.Engine, owner: str, key: str, body) -> dict:
    """Merge category `key` into {"into": other}: its records, budgets and rules become the other's, its
    sub-categories move under the other (or the other's parent), and `key` disappears.
    """
    if not isinstance(body, dict) or not isinstance(body.get("into"), str):
        raise CategoryError("into required", code="bad_category_merge")
    into = body["into"]
    with engine.begin() as conn:
        known = _materialized(conn, owner)
        _find(known, key)
        if into == key or into not in known:
            raise CategoryError("bad target", code="bad_category_merge")
        where = (categories.c.owner == owner, categories.c.name == into)
        if known[into]["parent"] == key:  # a parent merged into its own child: the child takes the parent's place
            conn.execute(categories.update().where(*where).values(parent=known[key]["parent"]))
            home = into
        else:
            home = known[into]["parent"] or into
        conn.execute(
            categories.update()
            .where(categories.c.owner == owner, categories.c.parent == key, categories.c.name != into)
            .values(parent=home)
        )
        conn.execute(categories.delete().where(categories.c.owner == owner, categories.c.name == key))
        _carry(conn, owner, key, into)
    return named_categories(engine, owner)


@_edit
def remove(engine: sa.Engine, owner: str, key: str) -> dict:
    """Remove category `key`: a default, or one records still carry, is hidden (nothing is lost); an own category
    nobody uses goes. One with sub-categories cannot be removed (move or merge them first).
    """
    with engine.begin() as conn:
        known = _materialized(conn, owner)
        _find(known, key)
        if any(row["parent"] == key for row in known.values()):
            raise CategoryError("has children", code="category_has_children")
        used = conn.execute(
            sa.select(records.c.id).where(records.c.owner == owner, records.c.category == key).limit(1)
        ).first()
        where = (categories.c.owner == owner, categories.c.name == key)
        if used or key in DEFAULT_CATEGORIES:
            conn.execute(categories.update().where(*where).values(hidden=True))
        else:
            conn.execute(categories.delete().where(*where))
            conn.execute(budgets.delete().where(budgets.c.owner == owner, budgets.c.category == key))
            _carry_drafts(conn, owner, key, None)  # a draft must not bring a removed category back
    return named_categories(engine, owner)


@_edit
def reorder(engine: sa.Engine, owner: str, body) -> dict:
    """Put the categories in {"order": [keys]} first, in that order (each once, each existing); the rest follow
    as they were. Sub-categories keep their parent and are ordered among their siblings.
    """
    order = body.get("order") if isinstance(body, dict) else None
    if not isinstance(order, list) or not order or len(order) > MAX_CATEGORIES:
        raise CategoryError("order required", code="bad_category_order")
    if any(not isinstance(k, str) for k in order) or len(set(order)) != len(order):
        raise CategoryError("bad order", code="bad_category_order")
    with engine.begin() as conn:
        known = _materialized(conn, owner)
        if any(k not in known for k in order):
            raise CategoryError("unknown key", code="bad_category_order")
        rest = [k for k in known if k not in set(order)]
        for position, key in enumerate([*order, *rest]):
            conn.execute(
                categories.update()
                .where(categories.c.owner == owner, categories.c.name == key)
                .values(position=position)
            )
    return named_categories(engine, owner)
