"""A record's tags: 0..MAX_TAGS short words in record_tags, set with the record, added or removed in batches, and
the list's `tag=` filter. A tag is compared as typed; two spellings that differ only in case are one tag."""

from __future__ import annotations

import re

import sqlalchemy as sa

from records.errors import Invalid
from records.schema import record_tags

MAX_TAGS = 10
MAX_TAG = 16
# Tags are words: no spaces (Beancount writes them as #words), no commas (the list reads them comma-joined).
FORBIDDEN = re.compile(r"[\s,#\x00-\x1f\x7f\ud800-\udfff]")


def tag(value) -> str:
    """One tag, trimmed: 1..MAX_TAG characters, none of FORBIDDEN; raises Invalid (fields: tags)."""
    text = value.strip().lstrip("#") if isinstance(value, str) else ""
    if not 0 < len(text) <= MAX_TAG or FORBIDDEN.search(text):
        raise Invalid("bad tag", fields={"tags": "bad_tags"})
    return text


def parse(value) -> list[str]:
    """A record's tags from JSON: a list of at most MAX_TAGS tags, each once (whatever its case); raises Invalid."""
    if not isinstance(value, list):
        raise Invalid("tags must be a list", fields={"tags": "bad_tags"})
    seen: dict[str, str] = {}
    for item in value:
        text = tag(item)
        seen.setdefault(text.casefold(), text)
    if len(seen) > MAX_TAGS:
        raise Invalid("too many tags", fields={"tags": "bad_tags"})
    return list(seen.values())


def of(conn, record_id: int) -> list[str]:
    """The tags record `record_id` carries."""
    query = sa.select(record_tags.c.tag).where(record_tags.c.record_id == record_id)
    return list(conn.execute(query).scalars())


def replace(conn, owner: str, record_id: int, tags: list[str]) -> None:
    """Make `tags` the tags of record `record_id` of book `owner`."""
    conn.execute(record_tags.delete().where(record_tags.c.record_id == record_id))
    if tags:
        conn.execute(record_tags.insert(), [{"record_id": record_id, "tag": t, "owner": owner} for t in tags])


def add(conn, owner: str, record_ids: list[int], text: str) -> list[int]:
    """Give each record the tag (those that lack it, and have room for it); answers the ids changed. Raises
    Invalid when a record already has MAX_TAGS other tags."""
    changed = []
    for record_id in record_ids:
        current = of(conn, record_id)
        if text.casefold() in {t.casefold() for t in current}:
            continue
        if len(current) >= MAX_TAGS:
            raise Invalid(f"record {record_id} has {MAX_TAGS} tags", fields={"tags": "bad_tags"})
        conn.execute(record_tags.insert().values(record_id=record_id, tag=text, owner=owner))
        changed.append(record_id)
    return changed


def remove(conn, owner: str, record_ids: list[int], text: str) -> list[int]:
    """Take the tag (in any case) off each record; answers the ids changed."""
    changed = []
    for record_id in record_ids:
        gone = [t for t in of(conn, record_id) if t.casefold() == text.casefold()]
        for t in gone:
            conn.execute(record_tags.delete().where(record_tags.c.record_id == record_id, record_tags.c.tag == t))
        if gone:
            changed.append(record_id)
    return changed


def tagged(text: str):
    """A WHERE clause on records.c.id: the records carrying tag `text`."""
    return sa.select(record_tags.c.record_id).where(record_tags.c.tag == text.strip().lstrip("#"))
