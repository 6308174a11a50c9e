"""Batch edits of 账单: set the category of several records, or of every record from one merchant, add or remove a
tag on several, delete several records and undo that.

One request, one transaction: every named record is this owner's and live (or, to restore, deleted), or nothing
changes. A category set here teaches the learner as a single edit does (records.learning), so the merchant's
next screenshot or bill row gets it too.
"""

from __future__ import annotations

import sqlalchemy as sa

from records import fields, tags
from records.dates import utcnow
from records.errors import BadRequest, Invalid, NotFound
from records.learning import learn_from_change, merchant_key
from records.schema import records

MAX_IDS = 200  # one page of the list at most: a batch is what a person selected
ACTIONS = ("set_category", "add_tag", "remove_tag", "delete", "restore")


def _ids(body: dict) -> list[int]:
    """The record ids of a batch body: 1..MAX_IDS distinct positive integers; raises BadRequest."""
    ids = body.get("ids")
    if not isinstance(ids, list) or not ids or len(ids) > MAX_IDS:
        raise BadRequest(f"ids must be a list of 1 to {MAX_IDS} record ids")
    if any(not isinstance(i, int) or isinstance(i, bool) or not 0 < i < 2**63 for i in ids):
        raise BadRequest("ids must be record ids")
    return sorted(set(ids))


def _category(body: dict) -> str | None:
    """The category to set (None clears it), checked like a record's; raises Invalid."""
    if "category" not in body:
        raise Invalid("category required", fields={"category": "required"})
    try:
        return fields.validate({"category": body["category"]}, tz="UTC", partial=True)["category"]
    except Invalid as exc:
        raise Invalid("invalid category", fields=exc.fields) from exc


def _rows(conn, owner: str, ids: list[int], *, deleted: bool) -> list:
    """The owner's records `ids`, all of them live (or all deleted); raises NotFound naming the first missing one."""
    state = records.c.deleted_at.is_not(None) if deleted else records.c.deleted_at.is_(None)
    rows = conn.execute(
        sa.select(records).where(records.c.owner == owner, records.c.id.in_(ids), state).with_for_update()
    ).fetchall()
    found = {row.id for row in rows}
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound(f"record {missing[0]}")
    return rows


def _set_category(conn, owner: str, rows: list, category: str | None) -> None:
    """Give `rows` the category and teach the learner each merchant's new category."""
    now = utcnow()
    changed = [row for row in rows if row.category != category]
    if changed:
        conn.execute(
            records.update()
            .where(records.c.owner == owner, records.c.id.in_([row.id for row in changed]))
            .values(category=category, updated_at=now, version=records.c.version + 1)
        )
    taught = set()
    for row in changed:
        if merchant_key(row.merchant) not in taught:
            taught.add(merchant_key(row.merchant))
            learn_from_change(conn, owner, row.merchant, row.category, category)


def _merchant_rows(conn, owner: str, merchant) -> list:
    """Every live record of this owner from `merchant`, as the list shows it; raises Invalid for no merchant."""
    if not isinstance(merchant, str) or not merchant.strip():
        raise Invalid("merchant required", fields={"merchant": "required"})
    return conn.execute(
        sa.select(records)
        .where(records.c.owner == owner, records.c.deleted_at.is_(None), records.c.merchant == merchant)
        .with_for_update()
    ).fetchall()


def apply(engine: sa.Engine, owner: str, body) -> dict:
    """Run one batch action and answer {"records": [...as they are now], "count"}.

    Body: {"action": "set_category", "ids": [...] or "merchant": "瑞幸咖啡", "category": "餐饮" | null},
    {"action": "add_tag" | "remove_tag", "ids": [...], "tag": "出差"}, {"action": "delete", "ids": [...]} (soft:
    restorable), {"action": "restore", "ids": [...]}.
    Raises BadRequest, Invalid or NotFound, changing nothing.
    """
    if not isinstance(body, dict) or body.get("action") not in ACTIONS:
        raise BadRequest(f"action must be one of {', '.join(ACTIONS)}")
    action = body["action"]
    category = _category(body) if action == "set_category" else None
    label = tags.tag(body.get("tag")) if action in ("add_tag", "remove_tag") else None
    by_merchant = action == "set_category" and "merchant" in body and "ids" not in body
    ids = None if by_merchant else _ids(body)
    now = utcnow()
    with engine.begin() as conn:
        if by_merchant:
            rows = _merchant_rows(conn, owner, body["merchant"])
        else:
            rows = _rows(conn, owner, ids, deleted=action == "restore")
        touched = [row.id for row in rows]
        if action == "set_category":
            _set_category(conn, owner, rows, category)
        elif label is not None:
            changed = (tags.add if action == "add_tag" else tags.remove)(conn, owner, touched, label)
            if changed:
                conn.execute(
                    records.update()
                    .where(records.c.owner == owner, records.c.id.in_(changed))
                    .values(updated_at=now, version=records.c.version + 1)
                )
        elif touched:
            conn.execute(
                records.update()
                .where(records.c.owner == owner, records.c.id.in_(touched))
                .values(
                    deleted_at=now if action == "delete" else None,
                    updated_at=now,
                    version=records.c.version + 1,
                )
            )
        after = conn.execute(
            fields.select_records()
            .where(records.c.owner == owner, records.c.id.in_(touched))
            .order_by(records.c.occurred_at.desc(), records.c.id.desc())
            .limit(MAX_IDS)
        ).fetchall()
    return {"records": [fields.to_json(row) for row in after], "count": len(touched)}
