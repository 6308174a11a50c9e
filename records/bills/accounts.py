"""A person's Beancount account mapping, kept per owner in beancount_accounts and applied by the Beancount export.

What a person sets overrides the defaults of records.bills.beancount (零钱, 余额, 花呗, bank cards by tail number,
the usual categories); what they leave empty, or set to the default, follows the defaults. Every account is
checked before anything is saved: a payment method maps to an Assets: or Liabilities: account, an expense category
to an Expenses: account and an income category to an Income: account, each a name Beancount accepts.
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa

from records.bills.beancount import TRANSFERS, UNCATEGORIZED, UNKNOWN_METHOD, Accounts, is_valid_account
from records.dates import utcnow
from records.errors import BadRequest, Invalid
from records.schema import beancount_accounts, records

# The body's keys and the kind each is stored as; a category mapped to an Income: account is an income category.
KINDS = {"methods": "method", "categories": "category", "income": "income"}
ROOTS = {"method": ("Assets", "Liabilities"), "category": ("Expenses",), "income": ("Income",)}
MAX_NAME = 64
MAX_ACCOUNT = 200
MAX_ENTRIES = 500
DEFAULTS = Accounts()


def method_name(text: str) -> str:
    """A payment method as the mapping keys it: NFKC (full-width brackets become plain), without outer spaces."""
    return unicodedata.normalize("NFKC", text).strip()


def load(engine: sa.Engine, owner: str) -> Accounts:
    """The mapping in use for `owner`: their own accounts over the defaults."""
    tables: dict[str, dict[str, str]] = {kind: {} for kind in ROOTS}
    query = sa.select(beancount_accounts).where(beancount_accounts.c.owner == owner)
    with engine.connect() as conn:
        for row in conn.execute(query):
            if row.kind in tables:
                tables[row.kind][row.name] = row.account
    return Accounts(methods=tables["method"], categories=tables["category"], income=tables["income"])


def _used(engine: sa.Engine, owner: str) -> tuple[set[str], set[tuple[str, str]]]:
    """The payment methods and (category, 'expense'|'income') pairs the owner's records name."""
    live = (records.c.owner == owner, records.c.deleted_at.is_(None))
    methods_query = sa.select(records.c.payment_method).where(*live, records.c.payment_method.is_not(None)).distinct()
    categories_query = (
        sa.select(records.c.category, records.c.direction)
        .where(*live, records.c.category.is_not(None), records.c.direction != "transfer")
        .distinct()
    )
    with engine.connect() as conn:
        methods = {method_name(m) for (m,) in conn.execute(methods_query)} - {""}
        categories = {(c, "income" if d == "income" else "expense") for c, d in conn.execute(categories_query) if c}
    return methods, categories


def view(engine: sa.Engine, owner: str) -> dict:
    """What GET /api/beancount/accounts answers: each payment method and category in use (or set) and its account."""
    mine = load(engine, owner)
    methods, categories = _used(engine, owner)
    methods |= set(mine.methods)
    categories |= {(name, "expense") for name in mine.categories} | {(name, "income") for name in mine.income}
    return {
        "methods": [
            {
                "name": name,
                "account": mine.for_method(name),
                "default": DEFAULTS.for_method(name),
                "custom": name in mine.methods,
            }
            for name in sorted(methods)
        ],
        "categories": [
            {
                "name": name,
                "direction": side,
                "account": mine.for_category(name, side),
                "default": DEFAULTS.for_category(name, side),
                "custom": name in (mine.income if side == "income" else mine.categories),
            }
            for name, side in sorted(categories, key=lambda pair: (pair[1] == "income", pair[0]))
        ],
        "fallbacks": {"method": UNKNOWN_METHOD, "category": UNCATEGORIZED, "transfers": TRANSFERS},
    }


def _refuse(key: str, name: str, account) -> Invalid:
    shown = account if isinstance(account, str) else repr(account)
    shown = shown if len(shown) <= 60 else shown[:57] + "…"
    return Invalid(
        f"bad account for {key}.{name}",
        code="bad_account",
        params={"name": name, "account": shown},
        fields={f"{key}.{name}": "account_name"},
    )


def _entry(key: str, name, account) -> tuple[str, str, str] | None:
    """(kind, name, account) to store for one entry of the body, None for 'the default'; raises Invalid."""
    kind = KINDS[key]
    if isinstance(name, str):
        name = method_name(name) if kind == "method" else name.strip()
    if not isinstance(name, str) or not name or len(name) > MAX_NAME:
        reason = "not_text" if not isinstance(name, str) else "too_long" if name else "required"
        raise Invalid("bad name", fields={f"{key}.{name}"[:100]: reason})
    if account is None or (isinstance(account, str) and not account.strip()):
        return None
    if not isinstance(account, str):
        raise _refuse(key, name, account)
    account = account.strip()
    if kind == "category" and account.startswith("Income:"):
        kind = "income"
    if len(account) > MAX_ACCOUNT or not is_valid_account(account) or account.split(":", 1)[0] not in ROOTS[kind]:
        raise _refuse(key, name, account)
    if kind == "method":
        default = DEFAULTS.for_method(name)
    else:
        default = DEFAULTS.for_category(name, "income" if kind == "income" else "expense")
    return None if account == default else (kind, name, account)


def put(engine: sa.Engine, owner: str, body) -> dict:
    """Replace the owner's accounts with `body` ({"methods": {name: account}, "categories": {…}, "income": {…}}).

    Empty accounts and accounts equal to the default are not kept (the default applies). Raises BadRequest for a
    body of the wrong shape and Invalid (bad_account, naming it) for an account Beancount or the mapping refuses;
    then nothing is saved. Answers the new view.
    """
    if not isinstance(body, dict):
        raise BadRequest("body must be an object")
    unknown = sorted(set(body) - set(KINDS))
    if unknown:
        raise Invalid("unknown keys", fields={key[:100]: "unknown_field" for key in unknown[:10]})
    chosen: dict[tuple[str, str], str] = {}
    for key in KINDS:
        table = body.get(key)
        if table is None:
            continue
        if not isinstance(table, dict):
            raise Invalid(f"{key} must be an object", fields={key: "not_text"})
        if len(table) > MAX_ENTRIES:
            raise Invalid(f"{key} has too many entries", fields={key: "too_long"})
        for name, account in table.items():
            entry = _entry(key, name, account)
            if entry:
                chosen[entry[:2]] = entry[2]
    now = utcnow()
    rows = [{"owner": owner, "kind": k, "name": n, "account": a, "updated_at": now} for (k, n), a in chosen.items()]
    with engine.begin() as conn:
        conn.execute(beancount_accounts.delete().where(beancount_accounts.c.owner == owner))
        if rows:
            conn.execute(beancount_accounts.insert(), rows)
    return view(engine, owner)
