"""Books: the ledgers people keep alone or share, their members and roles, and one-time invite links.

A book's id is what the `owner` column of its records, budgets, categories, imports and accounts holds. A person's
personal book has the person's own id, so what they recorded before books existed is in it already; its row is made
the first time it is listed. Roles: viewer (reads and exports), editor (also records, confirms drafts into the
book, imports, budgets, categories), owner (also the book's name, members and invites). Membership is read on every
request, so a removed member sees nothing from the next one on.

A personal book can be shared like any other (its owner invites people into it) and handed over: since a personal
book's id must stay its person's id, handing it over moves the book whole — every row, member and open invite — to a
new shared book the new owner owns, where the former owner stays an editor, and gives the former owner a fresh empty
personal book under their id. Routes that name no book keep working for everyone; no row is lost.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta
from typing import NamedTuple

import sqlalchemy as sa

from records import limits
from records.dates import utcnow
from records.errors import Forbidden, Invalid, NotFound, WrongState
from records.schema import book_invites, book_members, books, metadata, people

ROLES = ("viewer", "editor", "owner")
# The least role each kind of request needs.
NEEDS = {"read": "viewer", "write": "editor", "own": "owner"}
REFUSALS = {"write": "book_read_only", "own": "book_owner_only"}
PERSONAL_NAME = "个人账本"
NAME_MAX = 32
INVITE_HOURS, INVITE_MAX_HOURS = 72, 7 * 24
# Failed invite look-ups a person may make in a minute (guessing tokens gets nowhere either way: 192 bits).
INVITE_FAILURES_PER_MINUTE = 10
# Tables with an `owner` column that names a person, not a book: a draft is its uploader's until confirmed, and the
# per-minute budgets and the running import are each person's. Every other `owner` column names a book.
PERSON_TABLES = {"drafts", "rate_events", "running_imports"}


class Seat(NamedTuple):
    """Where a request works: the book's key (its `owner` value), the person asking, and their role in it."""

    book: str
    person: str
    role: str


def _role_rank(role: str) -> int:
    return ROLES.index(role)


def role_in(conn, book_id: str, person: str) -> str | None:
    """The person's role in a book, or None when they are not a member (their personal book: always owner)."""
    if book_id == person:
        return "owner"
    return conn.execute(
        sa.select(book_members.c.role).where(book_members.c.book_id == book_id, book_members.c.person_id == person)
    ).scalar()


def seat(engine: sa.Engine, person: str, book_id, need: str = "read") -> Seat:
    """The book `person` works in for a request that needs `need` (read, write or own): `book_id`, or their
    personal book when it is empty. Raises NotFound (no_such_book) when they are not a member — a book of others
    looks like no book at all — and Forbidden (book_read_only, book_owner_only) when their role is too small.
    """
    if book_id in (None, ""):
        book_id = person
    if not isinstance(book_id, str) or len(book_id) > 128:
        raise NotFound("book", code="no_such_book")
    if book_id == person:
        return Seat(person, person, "owner")
    with engine.connect() as conn:
        role = role_in(conn, book_id, person)
    if role is None:
        raise NotFound(f"book {book_id}", code="no_such_book")
    if _role_rank(role) < _role_rank(NEEDS[need]):
        raise Forbidden(f"{role} in {book_id}", code=REFUSALS[need])
    return Seat(book_id, person, role)


def ensure_personal(conn, person: str, display_name: str | None = None) -> None:
    """Make the person's personal book (and their owner seat in it) if it is not there yet."""
    if conn.execute(sa.select(books.c.id).where(books.c.id == person)).first() is not None:
        return
    now = utcnow()
    try:
        with conn.begin_nested():
            conn.execute(
                books.insert().values(id=person, name=PERSONAL_NAME, personal=True, created_by=person, created_at=now)
            )
            conn.execute(
                book_members.insert().values(
                    book_id=person, person_id=person, role="owner", display_name=_name(display_name), joined_at=now
                )
            )
    except sa.exc.IntegrityError:
        pass  # another request of the same person made it meanwhile


def _name(value: str | None) -> str | None:
    return value[:128] if isinstance(value, str) and value else None


def _book_name(body) -> str:
    """The `name` of a request body, tidied; raises Invalid (bad_book_name)."""
    name = body.get("name") if isinstance(body, dict) else None
    name = " ".join(name.split()) if isinstance(name, str) else ""
    if not 1 <= len(name) <= NAME_MAX:
        raise Invalid("book name", code="bad_book_name")
    return name


def book_tables() -> list[sa.Table]:
    """Every table whose `owner` column names a book (what moves with a book handed over)."""
    return [t for t in metadata.sorted_tables if "owner" in t.c and t.name not in PERSON_TABLES]


def _describe(row, role: str, person: str, conn=None) -> dict:
    """A book as the API shows it to `person`: `personal` only for their own personal book; another person's
    personal book they were invited into says whose it is (`personal_of`, that person's name)."""
    described = {"id": row.id, "name": row.name, "personal": bool(row.personal) and row.id == person, "role": role}
    if row.personal and row.id != person and conn is not None:
        described["personal_of"] = _person_name(conn, row.id)
    return described


def _person_name(conn, person: str) -> str:
    """A person's username, or the name they joined their books with (an Entra identity has no username)."""
    name = conn.execute(sa.select(people.c.username).where(people.c.id == person)).scalar()
    return name or _member_name(conn, person, person)


def list_for(engine: sa.Engine, person: str, display_name: str | None = None) -> list[dict]:
    """The books the person is a member of, their personal book first, each with their role and member count."""
    with engine.begin() as conn:
        ensure_personal(conn, person, display_name)
        counts = (
            sa.select(book_members.c.book_id, sa.func.count().label("n")).group_by(book_members.c.book_id).subquery()
        )
        rows = conn.execute(
            sa.select(books, book_members.c.role, counts.c.n)
            .select_from(
                books.join(book_members, book_members.c.book_id == books.c.id).join(
                    counts, counts.c.book_id == books.c.id
                )
            )
            .where(book_members.c.person_id == person)
            .order_by((books.c.id == person).desc(), books.c.created_at, books.c.id)
        ).fetchall()
        return [{**_describe(row, row.role, person, conn), "members": row.n} for row in rows]


def create(engine: sa.Engine, person: str, body, *, display_name: str | None = None) -> dict:
    """A new book with the person as its owner; raises Invalid (bad_book_name)."""
    name = _book_name(body)
    book_id, now = str(uuid.uuid4()), utcnow()
    with engine.begin() as conn:
        conn.execute(books.insert().values(id=book_id, name=name, personal=False, created_by=person, created_at=now))
        conn.execute(
            book_members.insert().values(
                book_id=book_id, person_id=person, role="owner", display_name=_name(display_name), joined_at=now
            )
        )
    return {"id": book_id, "name": name, "personal": False, "role": "owner", "members": 1}


def _book_row(conn, book_id: str):
    row = conn.execute(sa.select(books).where(books.c.id == book_id)).first()
    if row is None:  # a personal book never listed yet
        ensure_personal(conn, book_id)
        row = conn.execute(sa.select(books).where(books.c.id == book_id)).first()
    return row


def rename(engine: sa.Engine, where: Seat, body) -> dict:
    """Give the book of an owner's seat a new name; raises Invalid (bad_book_name)."""
    name = _book_name(body)
    with engine.begin() as conn:
        _book_row(conn, where.book)
        conn.execute(books.update().where(books.c.id == where.book).values(name=name))
        return _describe(_book_row(conn, where.book), where.role, where.person, conn)


def members(engine: sa.Engine, where: Seat) -> list[dict]:
    """The members of the seat's book: person id, name, role, when they joined; the owner first."""
    with engine.begin() as conn:
        _book_row(conn, where.book)
        rows = conn.execute(
            sa.select(book_members, people.c.username)
            .select_from(book_members.outerjoin(people, people.c.id == book_members.c.person_id))
            .where(book_members.c.book_id == where.book)
            .order_by(book_members.c.joined_at, book_members.c.person_id)
        ).fetchall()
    listed = [
        {
            "person": r.person_id,
            "name": r.username or r.display_name or r.person_id,
            "role": r.role,
            "joined_at": r.joined_at.isoformat() + "Z",
            "you": r.person_id == where.person,
        }
        for r in rows
    ]
    return sorted(listed, key=lambda m: m["role"] != "owner")


def _member_role(conn, book_id: str, member) -> str:
    role = role_in(conn, book_id, member) if isinstance(member, str) and member else None
    if role is None:
        raise NotFound(f"member {member}", code="no_such_member")
    return role


def set_role(engine: sa.Engine, where: Seat, member: str, body) -> dict:
    """Make a member of the owner's book an editor or a viewer. Raises Invalid (bad_role), NotFound
    (no_such_member) and WrongState (owner_must_hand_over: the owner's own role changes only by handing over).
    """
    role = body.get("role") if isinstance(body, dict) else None
    if role not in ("editor", "viewer"):
        raise Invalid("role", code="bad_role")
    with engine.begin() as conn:
        if _member_role(conn, where.book, member) == "owner":
            raise WrongState("the owner's role", code="owner_must_hand_over")
        conn.execute(
            book_members.update()
            .where(book_members.c.book_id == where.book, book_members.c.person_id == member)
            .values(role=role)
        )
    return {"person": member, "role": role}


def remove(engine: sa.Engine, person: str, book_id: str, member: str) -> None:
    """Take a member out of a book: the owner removes anyone else, anyone may leave. Nobody leaves their own personal
    book (personal_book) and the owner hands it over before leaving (owner_must_hand_over). Raises NotFound
    (no_such_book, no_such_member), Forbidden (book_owner_only) and WrongState.
    """
    where = seat(engine, person, book_id, "read" if member == person else "own")
    if where.book == person and member == person:
        raise WrongState("personal book", code="personal_book")
    with engine.begin() as conn:
        if _member_role(conn, where.book, member) == "owner":
            raise WrongState("the owner leaves", code="owner_must_hand_over")
        conn.execute(
            book_members.delete().where(book_members.c.book_id == where.book, book_members.c.person_id == member)
        )


def hand_over(engine: sa.Engine, where: Seat, body, *, display_name: str | None = None) -> dict:
    """Make another member ({"person"}) the owner of the seat's book; the old owner stays as an editor. Answers
    {"book": the book as the old owner now sees it, "members": its members}.

    A personal book moves whole to a new shared book (named by `body`'s optional "name"; by default its own name,
    or "<former owner>的账本" for one never renamed) and the former owner gets a fresh empty personal book, so
    `book.id` is then the new book's. Raises NotFound (no_such_member) and Invalid (bad_book_name).
    """
    member = body.get("person") if isinstance(body, dict) else None
    name = _book_name(body) if isinstance(body, dict) and body.get("name") is not None else None
    with engine.begin() as conn:
        if not isinstance(member, str) or member == where.person:
            raise NotFound("person", code="no_such_member")
        _member_role(conn, where.book, member)
        book_id = where.book
        if _is_personal(where):
            book_id = _move_personal(conn, where.person, name, display_name)
        match = book_members.c.book_id == book_id
        conn.execute(book_members.update().where(match, book_members.c.person_id == member).values(role="owner"))
        conn.execute(book_members.update().where(match, book_members.c.person_id == where.person).values(role="editor"))
        book = _describe(_book_row(conn, book_id), "editor", where.person, conn)
    return {"book": book, "members": members(engine, Seat(book_id, where.person, "editor"))}


def _move_personal(conn, person: str, name: str | None, display_name: str | None) -> str:
    """Move `person`'s personal book — rows, members, open invites — to a new shared book; make them a fresh empty
    personal book; returns the new book's id."""
    old = _book_row(conn, person)
    seat_name = conn.execute(
        sa.select(book_members.c.display_name).where(
            book_members.c.book_id == person, book_members.c.person_id == person
        )
    ).scalar()
    if name is None:
        default = f"{_person_name(conn, person)}的账本"[:NAME_MAX]
        name = old.name if old.name != PERSONAL_NAME else default
    book_id = str(uuid.uuid4())
    conn.execute(
        books.insert().values(id=book_id, name=name, personal=False, created_by=person, created_at=old.created_at)
    )
    for table in book_tables():
        conn.execute(table.update().where(table.c.owner == person).values(owner=book_id))
    conn.execute(book_members.update().where(book_members.c.book_id == person).values(book_id=book_id))
    conn.execute(book_invites.update().where(book_invites.c.book_id == person).values(book_id=book_id))
    conn.execute(books.delete().where(books.c.id == person))
    ensure_personal(conn, person, display_name or seat_name)
    return book_id


def _is_personal(where: Seat) -> bool:
    # A personal book's id is its person's, and only that person is ever its owner.
    return where.book == where.person


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(engine: sa.Engine, where: Seat, body) -> dict:
    """A one-time invite into the owner's book (a personal one too): {"token", "role", "expires_at"}; only the
    token's hash is kept. `body` may name the role (editor by default, or viewer) and the hours it lasts (72 by
    default, up to a week). Raises Invalid (bad_role, bad_invite_hours).
    """
    body = body if isinstance(body, dict) else {}
    role = body.get("role", "editor")
    hours = body.get("hours", INVITE_HOURS)
    if role not in ("editor", "viewer"):
        raise Invalid("role", code="bad_role")
    if not isinstance(hours, int) or isinstance(hours, bool) or not 1 <= hours <= INVITE_MAX_HOURS:
        raise Invalid("hours", code="bad_invite_hours")
    token, now = secrets.token_urlsafe(24), utcnow()
    expires = now + timedelta(hours=hours)
    with engine.begin() as conn:
        _book_row(conn, where.book)  # a personal book never listed yet gets its row, which the invite names
        conn.execute(
            book_invites.insert().values(
                token_sha256=_digest(token),
                id=str(uuid.uuid4()),
                book_id=where.book,
                role=role,
                created_by=where.person,
                created_at=now,
                expires_at=expires,
            )
        )
    return {"token": token, "role": role, "expires_at": expires.isoformat() + "Z"}


def _find_invite(conn, token, now):
    """The unused, unexpired invite of `token` with its book's name and who made it, or None."""
    if not isinstance(token, str) or not 10 < len(token) < 200:
        return None
    return conn.execute(
        sa.select(book_invites, books.c.name.label("book_name"), books.c.personal, people.c.username)
        .select_from(
            book_invites.join(books, books.c.id == book_invites.c.book_id).outerjoin(
                people, people.c.id == book_invites.c.created_by
            )
        )
        .where(
            book_invites.c.token_sha256 == _digest(token),
            book_invites.c.used_at.is_(None),
            book_invites.c.expires_at > now,
        )
    ).first()


def _miss(engine: sa.Engine, person: str) -> NotFound:
    """Count a token that opened nothing against the person's minute (RateLimited past the budget); the error."""
    limits.spend(engine, person, "invite", INVITE_FAILURES_PER_MINUTE)
    return NotFound("invite", code="invite_invalid")


def invite_info(engine: sa.Engine, person: str, token) -> dict:
    """What an invite link offers, for the accept screen: the book's name (and whose personal book it is, for one),
    who invites, the role, until when. Raises NotFound (invite_invalid) for a token that is unknown, used or
    expired, and RateLimited (invites_rate_limited) after too many of those in a minute.
    """
    now = utcnow()
    with engine.connect() as conn:
        row = _find_invite(conn, token, now)
        member = role_in(conn, row.book_id, person) if row is not None else None
        inviter = row and (row.username or _member_name(conn, row.book_id, row.created_by))
        whose = row and row.personal and row.book_id != person and _person_name(conn, row.book_id)
    if row is None:
        raise _miss(engine, person)
    book = {"id": row.book_id, "name": row.book_name} if member else {"name": row.book_name}
    return {
        "book": {**book, "personal_of": whose} if whose else book,
        "invited_by": inviter,
        "role": row.role,
        "expires_at": row.expires_at.isoformat() + "Z",
        "member": member is not None,
    }


def _member_name(conn, book_id: str, person: str) -> str:
    name = conn.execute(
        sa.select(book_members.c.display_name).where(
            book_members.c.book_id == book_id, book_members.c.person_id == person
        )
    ).scalar()
    return name or person


def accept(engine: sa.Engine, person: str, token, *, display_name: str | None = None) -> dict:
    """Join the book of an invite with its role; the invite is used up. A member already keeps their role and
    leaves the invite for someone else. Raises NotFound (invite_invalid) and RateLimited (invites_rate_limited).
    """
    now = utcnow()
    with engine.connect() as conn:
        row = _find_invite(conn, token, now)
    if row is None:
        raise _miss(engine, person)
    with engine.begin() as conn:
        current = role_in(conn, row.book_id, person)
        if current is None:
            used = conn.execute(
                book_invites.update()
                .where(
                    book_invites.c.token_sha256 == row.token_sha256,
                    book_invites.c.used_at.is_(None),
                    book_invites.c.expires_at > now,
                )
                .values(used_at=now, used_by=person)
            )
            if used.rowcount != 1:  # someone else took it a moment ago
                raise NotFound("invite", code="invite_invalid")
            conn.execute(
                book_members.insert().values(
                    book_id=row.book_id,
                    person_id=person,
                    role=row.role,
                    display_name=_name(display_name),
                    joined_at=now,
                )
            )
            current = row.role
        book = conn.execute(sa.select(books).where(books.c.id == row.book_id)).first()
        return _describe(book, current, person, conn)


def adopt(conn, old: str, new: str) -> None:
    """Give the books and seats of `old` (single-user mode's owner) to the first account `new`."""
    conn.execute(books.update().where(books.c.id == old).values(id=new))
    conn.execute(books.update().where(books.c.created_by == old).values(created_by=new))
    conn.execute(book_members.update().where(book_members.c.book_id == old).values(book_id=new))
    conn.execute(book_members.update().where(book_members.c.person_id == old).values(person_id=new))
    conn.execute(book_invites.update().where(book_invites.c.book_id == old).values(book_id=new))
    conn.execute(book_invites.update().where(book_invites.c.created_by == old).values(created_by=new))
