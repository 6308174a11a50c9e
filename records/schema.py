"""Every table and index of the ledger (SQLAlchemy Core), as the migrations under records/migrations leave them.

drafts, records and categories (migration 0001); imports, record_extras, budgets, category_rules and the two
statistics indexes on records (0002); owners compared byte for byte on MySQL (0003); people, their sessions, the
sign-in audit list, recovery codes and the first-run setup link (0004); rate_events and running_imports, the
bounds on imports, retries and exports (0005); beancount_accounts, a person's Beancount account mapping (0006);
books, book_members, book_invites and records.recorded_by (0008); a record's e-invoice in record_extras, a document
draft's preview picture (0009); a book's own categories (parent, icon, colour, hidden) and record_tags (0010); an
e-invoice's buyer, tax and credit-note facts in record_extras (0011).
A test migrates an empty database and compares it with this metadata, so the two cannot drift apart.
"""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.dialects import mysql
from sqlalchemy.types import TypeDecorator

from recognize.models import TEXT_LIMITS

CENT = Decimal("0.01")


class Money(TypeDecorator):
    """DECIMAL(12,2) on MySQL; integer cents on SQLite, which has no exact decimal type."""

    impl = sa.Numeric(12, 2)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        """Pick the storage type per database."""
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.BigInteger())
        return dialect.type_descriptor(sa.Numeric(12, 2, asdecimal=True))

    def process_bind_param(self, value, dialect):
        """Decimal in; cents on SQLite."""
        if value is None:
            return None
        value = Decimal(value).quantize(CENT)
        return int(value * 100) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        """Always a Decimal with two places out."""
        if value is None:
            return None
        if dialect.name == "sqlite":
            return (Decimal(int(value)) / 100).quantize(CENT)
        return Decimal(value).quantize(CENT)


# Owners compare byte for byte (migration 0003): MySQL's default collations would make 'ALICE' equal 'alice'.
Owner = sa.String(128).with_variant(sa.String(128, collation="utf8mb4_bin"), "mysql", "mariadb")
RecordId = sa.BigInteger().with_variant(sa.Integer, "sqlite")
# A large bill file preview is megabytes of JSON: more than MySQL's TEXT (64 KB) holds.
LONG_TEXT = sa.Text().with_variant(mysql.MEDIUMTEXT(), "mysql")


def _text(name: str) -> sa.Column:
    """A free-text record field, sized by its limit in TEXT_LIMITS (memo is TEXT: its limit is checked, not sized)."""
    return sa.Column(name, sa.Text if name == "memo" else sa.String(TEXT_LIMITS[name]))


metadata = sa.MetaData()

drafts = sa.Table(
    "drafts",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("owner", Owner, nullable=False),
    sa.Column("blob_name", sa.String(300), nullable=False),
    sa.Column("filename", sa.String(255)),
    sa.Column("content_type", sa.String(64), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("image_sha256", sa.String(64)),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("items", sa.Text),
    sa.Column("raw_text", sa.Text),
    sa.Column("engine", sa.String(16)),
    sa.Column("error_code", sa.String(32)),
    sa.Column("error_detail", sa.String(500)),
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Column("recognized_at", sa.DateTime),
    # The picked file's lastModified as the phone reported it (naive UTC): a capture-time hint (0007).
    sa.Column("file_modified_at", sa.DateTime),
    # A PDF's or OFD's first page as a PNG beside the original (storage.preview_name), for the review (0009).
    sa.Column("preview_blob", sa.String(300)),
    sa.Index("ix_drafts_owner_status", "owner", "status"),
    sa.Index("ix_drafts_owner_sha", "owner", "image_sha256"),
)

records = sa.Table(
    "records",
    metadata,
    sa.Column("id", RecordId, primary_key=True, autoincrement=True),
    sa.Column("owner", Owner, nullable=False),
    sa.Column("direction", sa.String(8), nullable=False),
    sa.Column("amount", Money, nullable=False),
    sa.Column("currency", sa.String(3), nullable=False, default="CNY"),
    sa.Column("occurred_at", sa.DateTime, nullable=False),
    sa.Column("tz", sa.String(64), nullable=False, default="Asia/Shanghai"),
    _text("merchant"),
    _text("platform"),
    _text("payment_method"),
    _text("category"),
    _text("memo"),
    _text("order_no"),
    sa.Column("source", sa.String(32), nullable=False),
    sa.Column("draft_id", sa.String(36)),
    sa.Column("draft_item", sa.Integer),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Column("deleted_at", sa.DateTime),
    sa.Column("version", sa.Integer, nullable=False, default=1),
    # Who recorded it (a person id); `owner` is the book it belongs to (0008).
    sa.Column("recorded_by", Owner),
    sa.UniqueConstraint("draft_id", "draft_item", name="uq_records_draft_item"),
    sa.Index("ix_records_owner_time", "owner", "occurred_at", "id"),
    sa.Index("ix_records_owner_order", "owner", "platform", "order_no"),
    # The statistics read only these columns of a time range: a covering index answers them without the table.
    sa.Index(
        "ix_records_owner_stats",
        "owner",
        "occurred_at",
        "direction",
        "amount",
        "category",
        "platform",
        "merchant",
        "deleted_at",
    ),
    # Anomalies read the past year of a few merchants: seek to each instead of scanning the year.
    sa.Index(
        "ix_records_owner_merchant", "owner", "merchant", "direction", "occurred_at", "amount", "category", "deleted_at"
    ),
)

categories = sa.Table(
    "categories",
    metadata,
    sa.Column("owner", Owner, primary_key=True),
    sa.Column("name", sa.String(TEXT_LIMITS["category"]), primary_key=True),
    sa.Column("position", sa.Integer, nullable=False, default=0),
    # A sub-category names its parent (one level only); icon is a short glyph, colour '#rrggbb'; a hidden default
    # stays named but leaves the quick-entry grid and the selects (0010, records.category_admin).
    sa.Column("parent", sa.String(TEXT_LIMITS["category"])),
    sa.Column("icon", sa.String(8)),
    sa.Column("colour", sa.String(7)),
    sa.Column("hidden", sa.Boolean, nullable=False, default=False, server_default=sa.false()),
)

# A record's tags (0010): 0..10 short words each, a record's id and the tag as the key; `owner` is the record's book
# (what an owner's archive keeps, as for record_extras).
record_tags = sa.Table(
    "record_tags",
    metadata,
    sa.Column("record_id", RecordId, primary_key=True, autoincrement=False),
    sa.Column("tag", sa.String(16), primary_key=True),
    sa.Column("owner", Owner, nullable=False),
    sa.Index("ix_record_tags_tag", "tag", "record_id"),
)

imports = sa.Table(
    "imports",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("owner", Owner, nullable=False),
    sa.Column("format", sa.String(16), nullable=False),
    sa.Column("filename", sa.String(255)),
    sa.Column("rows", LONG_TEXT, nullable=False),
    sa.Column("skipped", LONG_TEXT, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("committed_at", sa.DateTime),
    sa.Column("result", sa.Text),
    sa.Index("ix_imports_owner_created", "owner", "created_at"),
)

# Facts about a record the records table has no column for: an imported one's merchant order number and the
# purchase a refund gives money back for; an e-invoice's number, the draft whose file it is, and where it stands in
# a reimbursement (0009, records.invoices); its buyer, tax and, for a 红字 credit note, the invoice it reverses (0011).
record_extras = sa.Table(
    "record_extras",
    metadata,
    sa.Column("record_id", RecordId, primary_key=True, autoincrement=False),
    sa.Column("owner", Owner, nullable=False),
    sa.Column("merchant_order_no", sa.String(TEXT_LIMITS["order_no"])),
    sa.Column("refund_of", RecordId),
    sa.Column("import_id", sa.String(36)),
    sa.Column("invoice_no", sa.String(20)),
    sa.Column("invoice_draft", sa.String(36)),
    sa.Column("reimbursement", sa.String(12)),
    sa.Column("invoice_kind", sa.String(16)),
    sa.Column("invoice_buyer", sa.String(128)),
    sa.Column("invoice_buyer_tax_id", sa.String(20)),
    sa.Column("invoice_tax", Money),
    sa.Column("invoice_credit_note", sa.Boolean),
    sa.Column("invoice_reverses", sa.String(20)),
    sa.Index("ix_record_extras_owner_merchant_order", "owner", "merchant_order_no"),
    sa.Index("ix_record_extras_import", "import_id"),
    sa.Index("ix_record_extras_owner_invoice", "owner", "invoice_no"),
)

budgets = sa.Table(
    "budgets",
    metadata,
    sa.Column("owner", Owner, primary_key=True),
    # '' is the overall budget; a category name budgets that category.
    sa.Column("category", sa.String(TEXT_LIMITS["category"]), primary_key=True),
    # '' applies every month; 'YYYY-MM' overrides it for one month.
    sa.Column("month", sa.String(7), primary_key=True),
    sa.Column("amount", Money, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

# What a person taught: this owner files this merchant (a normalized key, see records.learning) under a category.
category_rules = sa.Table(
    "category_rules",
    metadata,
    sa.Column("owner", Owner, primary_key=True),
    sa.Column("merchant", sa.String(TEXT_LIMITS["merchant"]), primary_key=True),
    sa.Column("category", sa.String(TEXT_LIMITS["category"]), nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

# Usernames are stored normalized (records.accounts) and, like owners, compared byte for byte on MySQL.
Username = sa.String(64).with_variant(sa.String(64, collation="utf8mb4_bin"), "mysql", "mariadb")

# A person who signs in (AUTH_MODE=accounts). `id` is the owner every other table names.
people = sa.Table(
    "people",
    metadata,
    sa.Column("id", Owner, primary_key=True),
    sa.Column("username", Username, nullable=False),
    sa.Column("password_hash", sa.String(255), nullable=False),
    # Two-factor sign-in: the active TOTP secret, one being enrolled, and the last time step used (no replay).
    sa.Column("totp_secret", sa.String(64)),
    sa.Column("totp_pending", sa.String(64)),
    sa.Column("totp_last_step", sa.BigInteger),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("password_changed_at", sa.DateTime, nullable=False),
    sa.UniqueConstraint("username", name="uq_people_username"),
)

# A signed-in browser: only the SHA-256 of the cookie's token is kept, so the table alone lets nobody in.
sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("token_sha256", sa.String(64), primary_key=True),
    sa.Column("id", sa.String(16), nullable=False),  # what the page shows and signs out, never the token
    sa.Column("person_id", Owner, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("last_seen_at", sa.DateTime, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=False),
    sa.Column("device", sa.String(200)),
    sa.Column("address", sa.String(64)),
    sa.UniqueConstraint("id", name="uq_sessions_id"),
    sa.Index("ix_sessions_person", "person_id"),
)

# Every attempt to sign in (and every password change): the audit list a person sees, and what slowing down and
# locking out count.
sign_ins = sa.Table(
    "sign_ins",
    metadata,
    sa.Column("id", RecordId, primary_key=True, autoincrement=True),
    sa.Column("person_id", Owner),  # empty when the username names nobody
    sa.Column("username", Username, nullable=False),
    sa.Column("address", sa.String(64), nullable=False),
    sa.Column("device", sa.String(200)),
    sa.Column("outcome", sa.String(24), nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Index("ix_sign_ins_username_at", "username", "at"),
    sa.Index("ix_sign_ins_address_at", "address", "at"),
    sa.Index("ix_sign_ins_person_at", "person_id", "at"),
)

# One-time codes that stand in for the authenticator app; only their SHA-256 is kept.
recovery_codes = sa.Table(
    "recovery_codes",
    metadata,
    sa.Column("person_id", Owner, primary_key=True),
    sa.Column("code_sha256", sa.String(64), primary_key=True),
    sa.Column("used_at", sa.DateTime),
)

# The one-time link that creates the first account (printed at start while there is none); its SHA-256 only.
setup_tokens = sa.Table(
    "setup_tokens",
    metadata,
    sa.Column("token_sha256", sa.String(64), primary_key=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=False),
)

# What each owner spent of a per-minute budget (imports, retries, exports); rows older than a minute are dropped
# as new ones come (records.limits).
rate_events = sa.Table(
    "rate_events",
    metadata,
    sa.Column("id", RecordId, primary_key=True, autoincrement=True),
    sa.Column("owner", Owner, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Index("ix_rate_events_owner_kind_at", "owner", "kind", "at"),
)

# The one import each owner may have running: a row while a preview or commit works (records.limits).
running_imports = sa.Table(
    "running_imports",
    metadata,
    sa.Column("owner", Owner, primary_key=True),
    sa.Column("token", sa.String(36), nullable=False),
    sa.Column("started_at", sa.DateTime, nullable=False),
)

# A person's own Beancount accounts (records.bills.accounts): kind 'method' (a payment method to an Assets: or
# Liabilities: account), 'category' (an expense category to an Expenses: account) or 'income' (an income category
# to an Income: account). What is not here gets the defaults of records.bills.beancount.
MappedName = sa.String(64).with_variant(sa.String(64, collation="utf8mb4_bin"), "mysql", "mariadb")
beancount_accounts = sa.Table(
    "beancount_accounts",
    metadata,
    sa.Column("owner", Owner, primary_key=True),
    sa.Column("kind", sa.String(8), primary_key=True),
    sa.Column("name", MappedName, primary_key=True),
    sa.Column("account", sa.String(200), nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

# A book of records (records.books). Its id is what the `owner` columns of the book's rows hold: a personal book's
# id is its person's id, so every row written before books existed is already in its person's personal book.
books = sa.Table(
    "books",
    metadata,
    sa.Column("id", Owner, primary_key=True),
    sa.Column("name", sa.String(64), nullable=False),
    sa.Column("personal", sa.Boolean, nullable=False),
    sa.Column("created_by", Owner, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

# Who may use a book, and how: owner (everything), editor (records, drafts, imports, budgets), viewer (reads).
book_members = sa.Table(
    "book_members",
    metadata,
    sa.Column("book_id", Owner, primary_key=True),
    sa.Column("person_id", Owner, primary_key=True),
    sa.Column("role", sa.String(8), nullable=False),
    sa.Column("display_name", sa.String(128)),  # the name other members see, as it was when they joined
    sa.Column("joined_at", sa.DateTime, nullable=False),
    sa.Index("ix_book_members_person", "person_id"),
)

# A one-time invite link into a book; only the SHA-256 of its token is kept, so the table alone lets nobody in.
book_invites = sa.Table(
    "book_invites",
    metadata,
    sa.Column("token_sha256", sa.String(64), primary_key=True),
    sa.Column("id", sa.String(36), nullable=False),
    sa.Column("book_id", Owner, nullable=False),
    sa.Column("role", sa.String(8), nullable=False),
    sa.Column("created_by", Owner, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=False),
    sa.Column("used_at", sa.DateTime),
    sa.Column("used_by", Owner),
    sa.Index("ix_book_invites_book", "book_id"),
)
