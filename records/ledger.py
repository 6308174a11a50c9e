"""Records: create, read, list with filters and cursor paging, edit with a version, soft delete, restore."""

from __future__ import annotations

import base64
import binascii
import re
from datetime import datetime, timedelta

import sqlalchemy as sa

from records import fields, invoices, tags
from records.dates import midnight, parse_day, utcnow
from records.errors import BadRequest, Conflict, NotFound
from records.learning import learn_from_change
from records.reports.totals import matching, matching_by_day
from records.schema import categories, records

MAX_LIMIT = 200
DEFAULT_LIMIT = 50
LIMIT_TEXT = re.compile(r"[0-9]{1,3}")  # ASCII digits only: int() would also take " 5", "+5", "1_0" and "５"
CALENDAR_DAYS = 31  # a span this short (a month) also gets its totals per day, for the calendar


def _get_row(conn, owner: str, record_id: int, *, include_deleted: bool = True, lock: bool = False):
    query = fields.select_records().where(records.c.owner == owner, records.c.id == record_id)
    if not include_deleted:
        query = query.where(records.c.deleted_at.is_(None))
    if lock:
        # A read-then-write must see the row as it is after any edit it waited for (MySQL's snapshot would not).
        query = query.with_for_update()
    row = conn.execute(query).first()
    if row is None:
        raise NotFound(f"record {record_id}")
    return row


def create(
    engine: sa.Engine, owner: str, data: dict, *, tz: str, source: str = "manual", recorded_by: str | None = None
) -> dict:
    """Validate fields and store a new record in the book `owner`, recorded by `recorded_by` (the book's own
    person when not named); `tags` (a list) go with it. Raises Invalid.
    """
    data = dict(data) if isinstance(data, dict) else data
    labels = tags.parse(data.pop("tags")) if isinstance(data, dict) and "tags" in data else []
    values = fields.validate(data, tz=tz)
    now = utcnow()
    with engine.begin() as conn:
        result = conn.execute(
            records.insert().values(
                owner=owner,
                recorded_by=recorded_by or owner,
                source=source,
                created_at=now,
                updated_at=now,
                version=1,
                **values,
            )
        )
        record_id = result.inserted_primary_key[0]
        tags.replace(conn, owner, record_id, labels)
        return fields.to_json(_get_row(conn, owner, record_id))


def get(engine: sa.Engine, owner: str, record_id: int) -> dict:
    """One record of this owner (deleted ones too, so undo can show them); raises NotFound."""
    with engine.connect() as conn:
        return fields.to_json(_get_row(conn, owner, record_id))


def update(engine: sa.Engine, owner: str, record_id: int, data: dict, *, tz: str) -> dict:
    """Apply an edit that names the `version` it was based on (`tags`, a list, replaces the record's); raises
    Conflict with the current record if stale."""
    if not isinstance(data, dict):
        raise BadRequest("body must be an object")
    data = dict(data)
    version = data.pop("version", None)
    if not isinstance(version, int) or isinstance(version, bool) or not 0 < version < 2**31:
        raise BadRequest("version required", code="version_required")
    labels = tags.parse(data.pop("tags")) if "tags" in data else None
    values = fields.validate(data, tz=tz, partial=True)
    with engine.begin() as conn:
        current = _get_row(conn, owner, record_id, include_deleted=False, lock=True)
        result = conn.execute(
            records.update()
            .where(records.c.owner == owner, records.c.id == record_id, records.c.version == version)
            .where(records.c.deleted_at.is_(None))
            .values(updated_at=utcnow(), version=records.c.version + 1, **values)
        )
        if result.rowcount != 1:
            raise Conflict(f"record {record_id} is at version {current.version}", current=fields.to_json(current))
        if labels is not None:
            tags.replace(conn, owner, record_id, labels)
        merchant = values.get("merchant", current.merchant)
        learn_from_change(conn, owner, merchant, current.category, values.get("category"))
        return fields.to_json(_get_row(conn, owner, record_id))


def delete(engine: sa.Engine, owner: str, record_id: int) -> dict:
    """Soft-delete a record so it can be restored; raises NotFound."""
    with engine.begin() as conn:
        _get_row(conn, owner, record_id, include_deleted=False, lock=True)
        conn.execute(
            records.update()
            .where(records.c.owner == owner, records.c.id == record_id)
            .values(deleted_at=utcnow(), updated_at=utcnow(), version=records.c.version + 1)
        )
        return fields.to_json(_get_row(conn, owner, record_id))


def restore(engine: sa.Engine, owner: str, record_id: int) -> dict:
    """Undo a soft delete; restoring a live record changes nothing. Raises NotFound, or InvoiceRecorded when its
    invoice has been recorded on another record since."""
    with engine.begin() as conn:
        row = _get_row(conn, owner, record_id, lock=True)
        if row.deleted_at is not None:
            invoices.check_restorable(conn, owner, row)
            conn.execute(
                records.update()
                .where(records.c.owner == owner, records.c.id == record_id)
                .values(deleted_at=None, updated_at=utcnow(), version=records.c.version + 1)
            )
        return fields.to_json(_get_row(conn, owner, record_id))


def encode_cursor(row) -> str:
    """An opaque cursor pointing just past `row` in newest-first order."""
    raw = f"{row.occurred_at.isoformat()}|{row.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    """The (occurred_at, id) a cursor points past; raises BadRequest for anything else."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        when, record_id = raw.split("|")
        when, record_id = datetime.fromisoformat(when), int(record_id)
    except (ValueError, UnicodeDecodeError, binascii.Error) as exc:
        raise BadRequest("bad cursor") from exc
    if not 0 < record_id < 2**63 or when.tzinfo is not None:  # ids are BIGINT; cursors hold naive wall time
        raise BadRequest("bad cursor")
    return when, record_id


def filter_clauses(owner: str, params: dict) -> list:
    """WHERE clauses for the list filters (from, to, q, category with its sub-categories, tag, platform,
    direction, invoice, member: who recorded it) of this owner (a book).
    """
    clauses = [records.c.owner == owner, records.c.deleted_at.is_(None)]
    if params.get("member"):
        clauses.append(records.c.recorded_by == params["member"])
    if params.get("from"):
        clauses.append(records.c.occurred_at >= midnight(parse_day(params["from"], "from")))
    if params.get("to"):
        clauses.append(records.c.occurred_at < midnight(parse_day(params["to"], "to") + timedelta(days=1)))
    for key in ("platform", "direction"):
        if params.get(key):
            clauses.append(records.c[key] == params[key])
    if params.get("category"):  # a category and its sub-categories
        children = sa.select(categories.c.name).where(
            categories.c.owner == owner, categories.c.parent == params["category"]
        )
        clauses.append(sa.or_(records.c.category == params["category"], records.c.category.in_(children)))
    if params.get("tag"):
        clauses.append(records.c.id.in_(tags.tagged(params["tag"])))
    invoiced = invoices.invoice_clause(params)
    if invoiced is not None:
        clauses.append(invoiced)
    if params.get("q"):
        pattern = "%" + params["q"].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        text = (records.c.merchant, records.c.memo, records.c.category, records.c.payment_method, records.c.order_no)
        by_text = (col.like(pattern, escape="\\") for col in text)
        clauses.append(sa.or_(*by_text, invoices.number_like(pattern)))
    return clauses


def page_size(text: str | int | None) -> int:
    """The `limit` of a list request: DEFAULT_LIMIT when absent, else a whole number in 1..MAX_LIMIT; anything
    else is refused with 400 `bad_limit` (never quietly brought into range). Callers in the app may pass an int."""
    if text is None or text == "":
        return DEFAULT_LIMIT
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str):
        raise BadRequest("limit is not text", code="bad_limit", params={"max": str(MAX_LIMIT)})
    if not LIMIT_TEXT.fullmatch(text) or not 1 <= int(text) <= MAX_LIMIT:
        raise BadRequest(
            f"limit {text[:20]!r} is not in 1..{MAX_LIMIT}", code="bad_limit", params={"max": str(MAX_LIMIT)}
        )
    return int(text)


def list_records(engine: sa.Engine, owner: str, params: dict) -> dict:
    """Newest-first records matching the filters, one page at a time: {"records", "next_cursor"}.

    The first page (no cursor) also carries "totals": spending, income and the count of every record the filters
    match, not only of the page, so a filtered list always says what it adds up to; when from and to span at most
    CALENDAR_DAYS days, "totals" also holds "days": the same per day that has records, for the calendar view.
    """
    limit = page_size(params.get("limit"))
    clauses = filter_clauses(owner, params)
    columns = (records.c[name] for name in fields.JSON_COLUMNS)
    query = fields.select_records(*columns).where(*clauses)
    if params.get("cursor"):
        when, record_id = decode_cursor(params["cursor"])
        query = query.where(
            sa.or_(
                records.c.occurred_at < when,
                sa.and_(records.c.occurred_at == when, records.c.id < record_id),
            )
        )
    query = query.order_by(records.c.occurred_at.desc(), records.c.id.desc()).limit(limit + 1)
    with engine.connect() as conn:
        rows = conn.execute(query).fetchall()
        whole = None if params.get("cursor") else matching(conn, clauses)
        days = matching_by_day(conn, clauses) if whole is not None and _short_span(params) else None
    next_cursor = encode_cursor(rows[limit - 1]) if len(rows) > limit else None
    page = {"records": [fields.to_json(r) for r in rows[:limit]], "next_cursor": next_cursor}
    if whole is not None:
        page["totals"] = {key: whole[key] for key in ("expense", "income", "transfer", "count")}
        if days is not None:
            page["totals"]["days"] = days
    return page


def _short_span(params: dict) -> bool:
    """Whether the from/to filters (both set, already checked) span at most CALENDAR_DAYS days."""
    if not (params.get("from") and params.get("to")):
        return False
    span = parse_day(params["to"], "to") - parse_day(params["from"], "from")
    return timedelta(0) <= span < timedelta(days=CALENDAR_DAYS)
