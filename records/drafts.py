"""Drafts: the inbox between a screenshot and the records it becomes.

awaiting_upload → recognizing → ready | failed → confirmed | discarded. A person never loses work: a failed
recognition still opens a form, a failed confirm leaves the draft as it was.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from recognize import recognize
from recognize.categories import FALLBACK_CONFIDENCE
from recognize.errors import RecognizeError
from recognize.images import sniff
from recognize.models import EARLIEST, doubt, explained
from recognize.preview import first_page_png  # PIL and pdfium load inside it, on the blob trigger's path only
from records import duplicates, fields, invoices, learning, limits, storage
from records.categories import categories_of, shown_and_hidden, stand_in
from records.dates import utcnow
from records.errors import (
    BadRequest,
    Invalid,
    InvoiceRecorded,
    NotFound,
    RateLimited,
    TooLarge,
    Unsupported,
    WrongState,
    message,
)
from records.schema import drafts, record_extras, records

logger = logging.getLogger(__name__)

# Screenshots, and e-invoices as the tax system issues them: PDF, OFD (GB/T 33190) and the 数电票 XML.
CONTENT_TYPES = {
    "image/png": "png",
    "image/jpeg": "jpeg",
    "image/webp": "webp",
    "image/heic": "heic",
    "application/pdf": "pdf",
    "application/ofd": "ofd",
    "application/xml": "xml",
    "text/xml": "xml",
}
EXTENSIONS = {
    "png": "png",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "webp": "webp",
    "heic": "heic",
    "heif": "heic",
    "pdf": "pdf",
    "ofd": "ofd",
    "xml": "xml",
}
OPEN = ("awaiting_upload", "recognizing", "ready", "failed")
NO_IMAGE = ("awaiting_upload", "discarded")  # not uploaded yet, or deleted on discard
STALE_RECOGNIZING = timedelta(minutes=3)
FAR_FROM_UPLOAD = timedelta(days=45)
SAME_IMAGE_LIMIT = 10  # the newest drafts of the same picture a review names; more adds nothing for a person
BLOB_NAME = re.compile(r"^(?P<owner>[^/]+)/(?P<id>[0-9a-f-]{36})\.(?P<ext>png|jpeg|webp|heic|pdf|ofd|xml)$")
PREVIEW_NAME = re.compile(r"^(?P<owner>[^/]+)/(?P<id>[0-9a-f-]{36})\.preview\.png$")  # storage.preview_name
PAGED = ("pdf", "ofd")  # documents whose first page the review shows as a picture


def start_upload(engine: sa.Engine, settings, owner: str, body) -> dict:
    """Check what the browser wants to upload, create a draft, and return a one-blob upload URL.

    Raises BadRequest, Unsupported, TooLarge or StorageUnavailable; nothing is stored when it raises.
    """
    if not isinstance(body, dict):
        raise BadRequest("body must be an object")
    filename, content_type, size = body.get("filename"), body.get("content_type"), body.get("size")
    if not isinstance(filename, str) or not filename.strip() or len(filename) > 255:
        raise Invalid("filename", fields={"filename": "required"})
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise Invalid("size", fields={"size": "required"})
    if size == 0:
        raise BadRequest("empty", code="empty_file")
    if size > settings.max_upload_bytes:
        raise TooLarge(f"{size} bytes")
    modified = _file_modified(body.get("last_modified"))
    kind = CONTENT_TYPES.get(str(content_type).lower())
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if kind is None or (suffix and EXTENSIONS.get(suffix) != kind):
        raise Unsupported(f"{content_type} / .{suffix}")
    _check_rate(engine, owner, settings.upload_rate_per_minute)
    # A SAS is signed locally, so without this a person could get a URL to a storage service that is down.
    storage.ping(settings)
    draft_id = str(uuid.uuid4())
    blob_name = storage.blob_name_for(owner, draft_id, kind)
    url, expires = storage.upload_url(settings, blob_name)
    now = utcnow()
    with engine.begin() as conn:
        conn.execute(
            drafts.insert().values(
                id=draft_id,
                owner=owner,
                blob_name=blob_name,
                filename=fields.tidy_typed(filename)[:255],
                content_type=content_type.lower(),
                size=size,
                status="awaiting_upload",
                attempts=0,
                created_at=now,
                updated_at=now,
                file_modified_at=modified,
            )
        )
    return {
        "draft_id": draft_id,
        "upload_url": url,
        "headers": {"x-ms-blob-type": "BlockBlob", "content-type": content_type.lower()},
        "expires_at": expires.isoformat().replace("+00:00", "Z"),
    }


def _aware(moment: datetime | None, tz: str) -> datetime | None:
    """A stored naive-UTC moment in the ledger's zone."""
    return moment.replace(tzinfo=UTC).astimezone(ZoneInfo(tz)) if moment else None


def _file_modified(value) -> datetime | None:
    """The picked file's lastModified (milliseconds since 1970, as File.lastModified gives it) as naive UTC, or
    None when absent or not a plausible moment (before 2000 or in the future): it is only a hint."""
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise Invalid("last_modified", fields={"last_modified": "required"})
    try:
        moment = datetime.fromtimestamp(value / 1000, tz=UTC).replace(tzinfo=None, microsecond=0)
    except (OverflowError, OSError, ValueError):
        return None
    return moment if EARLIEST <= moment <= utcnow() + timedelta(days=1) else None


def _check_rate(engine: sa.Engine, owner: str, per_minute: int) -> None:
    """Raise RateLimited when this owner started `per_minute` uploads in the last minute."""
    since = utcnow() - timedelta(minutes=1)
    with engine.connect() as conn:
        recent = conn.execute(
            sa.select(sa.func.count()).where(drafts.c.owner == owner, drafts.c.created_at >= since)
        ).scalar()
    if recent >= per_minute:
        raise RateLimited(f"{recent} uploads in the last minute")


def _row(conn, owner: str, draft_id: str, *, lock: bool = False):
    query = sa.select(drafts).where(drafts.c.owner == owner, drafts.c.id == draft_id)
    if lock:
        query = query.with_for_update()
    row = conn.execute(query).first()
    if row is None:
        raise NotFound(f"draft {draft_id}")
    return row


def _to_json(conn, settings, row, *, lang: str = "zh", book: str | None = None) -> dict:
    items = json.loads(row.items) if row.items else []
    if row.status in OPEN:
        items = _offered(conn, row.owner, book or row.owner, items)
        for item in items:
            stored = _stored_fields(item.get("fields") or {}, settings.ledger_tz)
            invoice = item.get("invoice")
            if invoice:
                stored["invoice_no"] = invoice["number"]
            # Likely duplicates and the record an item would join are looked for in the book the draft is about
            # to be confirmed into.
            target = book or row.owner
            (found,) = duplicates.find(conn, target, [stored], exclude_draft=row.id)
            link = None if any(m.reason == "invoice_no" for m in found) else _link(conn, target, stored, invoice)
            # The record an invoice and its payment become is shown as what happens, not as a duplicate.
            item["duplicates"] = [duplicates.describe(m) for m in found if link is None or m.record.id != link["id"]]
            item["attach_to"] = _linked(link) if link is not None else None
    same_image = []
    if row.image_sha256:
        same_image = [
            r.id
            for r in conn.execute(
                sa.select(drafts.c.id)
                .where(
                    drafts.c.owner == row.owner,
                    drafts.c.image_sha256 == row.image_sha256,
                    drafts.c.id != row.id,
                    drafts.c.status != "discarded",
                )
                .order_by(drafts.c.created_at.desc())
                .limit(SAME_IMAGE_LIMIT)
            )
        ]
    error = {"code": row.error_code, "message": message(row.error_code, lang)} if row.error_code else None
    return {
        "id": row.id,
        "status": row.status,
        "filename": row.filename,
        "items": items,
        "error": error,
        "engine": row.engine,
        "same_image_as": same_image,
        "likely_duplicate": likely_duplicate(items, same_image),
        "content_type": row.content_type,
        "image_url": storage.read_url(settings, row.blob_name) if row.status not in NO_IMAGE else None,
        "preview_url": (
            storage.read_url(settings, row.preview_blob) if row.preview_blob and row.status not in NO_IMAGE else None
        ),
        "created_at": fields.utc_iso(row.created_at),
        "updated_at": fields.utc_iso(row.updated_at),
    }


def _offered(conn, owner: str, book: str, items: list[dict]) -> list[dict]:
    """A draft's recognized items as 核对 offers them for confirming into `book`.

    A category the book hides (records.categories) is never offered: it gives way to the fallback guess (其他, or
    no category when 其他 is hidden too), marked. Confirmed into a shared book, a guessed category gives way to what
    the book's members taught for the merchant (recognition only knew the uploader's own book).
    """
    shown, hidden = shown_and_hidden(conn, book)
    fallback = stand_in(shown)
    for item in items:
        values = item.get("fields")
        if not isinstance(values, dict):
            continue
        confidence, reasons = item.setdefault("confidence", {}), item.setdefault("reasons", {})
        if values.get("category") in hidden:
            values["category"] = fallback
            confidence["category"] = FALLBACK_CONFIDENCE if fallback else 0.0
            reasons["category"] = "guessed"
        if book != owner and _guessed_category(item):
            learning.with_learned_category(conn, book, item, hidden=hidden)
        if values.get("category") is None:
            reasons.pop("category", None)  # an empty category is not marked: nothing to check
    return items


def _guessed_category(item: dict) -> bool:
    """Whether a draft item's category is the recognizer's guess (not printed on the screen, not taught)."""
    return isinstance(item.get("reasons"), dict) and item["reasons"].get("category") == "guessed"


def likely_duplicate(items: list[dict], same_image: list[str]) -> bool:
    """Whether the queue and the inbox badge a draft 可能重复: its picture was uploaded before, or an item matches a
    record already in the ledger (records.duplicates). The person decides in 核对; nothing is dropped for them.
    """
    return bool(same_image) or any(item.get("duplicates") for item in items)


def _link(conn, owner: str, stored: dict, invoice: dict | None):
    """The record an item would join on confirm: an invoice's payment, or a payment's invoice (records.invoices)."""
    if invoice:
        return invoices.payment_for(conn, owner, stored)
    return invoices.invoice_for(conn, owner, stored)


def _linked(row: dict) -> dict:
    """A record an item will join, as the review shows it."""
    return {
        "id": row["id"],
        "amount": f"{row['amount']:.2f}",
        "occurred_at": fields.wall_time_iso(row["occurred_at"], row["tz"]),
        "merchant": row["merchant"],
        "platform": row["platform"],
        "invoice_no": row["invoice_no"],
    }


def _stored_fields(item_fields: dict, tz: str) -> dict:
    """Best-effort stored form of recognized fields (for duplicate and invoice lookups); bad values are skipped."""
    out = {}
    for key in ("amount", "occurred_at", "order_no", "platform", "merchant", "direction"):
        try:
            out.update(fields.validate({key: item_fields.get(key)}, tz=tz, partial=True))
        except Invalid:
            continue
    return out


def get(engine: sa.Engine, settings, owner: str, draft_id: str, *, lang: str = "zh", book: str | None = None) -> dict:
    """One draft of this owner with its items, warnings of duplicates in `book` (default: the owner's personal
    book) and a short-lived image URL."""
    with engine.connect() as conn:
        return _to_json(conn, settings, _row(conn, owner, draft_id), lang=lang, book=book)


def list_open(engine: sa.Engine, settings, owner: str, *, lang: str = "zh", book: str | None = None) -> list[dict]:
    """This owner's drafts still waiting for a person, newest first (duplicates looked for in `book`)."""
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(drafts)
            .where(drafts.c.owner == owner, drafts.c.status.in_(OPEN))
            .order_by(drafts.c.created_at.desc())
            .limit(100)
        ).fetchall()
        return [_to_json(conn, settings, row, lang=lang, book=book) for row in rows]


def _claim(engine: sa.Engine, draft_id: str, from_statuses, *, owner: str | None = None, before=None) -> bool:
    """Move a draft to `recognizing` if it is still in one of `from_statuses`; True for the one caller who won."""
    query = drafts.update().where(drafts.c.id == draft_id, drafts.c.status.in_(from_statuses))
    if owner is not None:
        query = query.where(drafts.c.owner == owner)
    if before is not None:
        query = query.where(drafts.c.updated_at < before)
    now = utcnow()
    with engine.begin() as conn:
        result = conn.execute(query.values(status="recognizing", attempts=drafts.c.attempts + 1, updated_at=now))
        return result.rowcount == 1


def on_blob(engine: sa.Engine, settings, blob_name: str, *, recognize_fn=None) -> str:
    """Handle an uploaded blob: check it, read it, recognize it once into its draft. Returns what happened.

    The blob's properties are checked before any byte is read; a blob too large, of the wrong kind or type is
    deleted unread and its draft fails with the reason. Firing twice changes nothing: only the call that moves the
    draft out of `awaiting_upload` acts. Raises StorageUnavailable (nothing changed; the host fires again).
    """
    match = BLOB_NAME.match(blob_name)
    if not match:
        return "ignored: not a draft blob"
    with engine.connect() as conn:
        row = conn.execute(sa.select(drafts).where(drafts.c.id == match["id"], drafts.c.blob_name == blob_name)).first()
    if row is None:
        return "ignored: no such draft"
    if row.status != "awaiting_upload":
        return _drop_if_refused(settings, row)
    data, problem = _fetch(settings, row)
    if problem == "not_uploaded":
        return "ignored: the blob is gone"
    if not _claim(engine, row.id, ("awaiting_upload",)):
        return "ignored: draft was taken meanwhile"
    if problem:
        return _refuse(engine, settings, row, problem)
    return _recognize(engine, settings, row, data, recognize_fn=recognize_fn)


def _fetch(settings, row) -> tuple[bytes | None, str | None]:
    """The draft's image checked before it is read (storage.fetch_checked), against the type it declared."""
    return storage.fetch_checked(
        settings, row.blob_name, declared=row.content_type, allowed=CONTENT_TYPES, max_bytes=settings.max_upload_bytes
    )


def _drop_if_refused(settings, row) -> str:
    """A blob written again over a draft that is past its upload: deleted unread if it could not be an image (a
    page blob, say, which no lifecycle rule removes); the draft keeps what it has either way.
    """
    facts = storage.blob_facts(settings, row.blob_name)
    if facts is not None and storage.refusal(facts, row.content_type, CONTENT_TYPES, settings.max_upload_bytes):
        storage.delete_blob(settings, row.blob_name)
        return f"ignored: draft is {row.status}; the blob written over it was refused and deleted"
    return f"ignored: draft is {row.status}"


def _refuse(engine: sa.Engine, settings, row, problem: str) -> str:
    """Fail a claimed draft with `problem`; a blob refused unread is deleted (a changed one is kept for retry)."""
    if problem in storage.REFUSED_UNREAD:
        storage.delete_blob(settings, row.blob_name)
    _finish(engine, row.id, status="failed", error_code=problem)
    return f"failed: {problem}"


def retry(engine: sa.Engine, settings, owner: str, draft_id: str, *, recognize_fn=None, lang: str = "zh") -> dict:
    """Run recognition again on the stored image; raises WrongState for confirmed or discarded drafts.

    The image is checked and read before the draft is touched, so storage being down (StorageUnavailable)
    changes nothing. Raises RateLimited past RETRY_RATE_PER_MINUTE (each retry may be a model call).
    """
    with engine.connect() as conn:
        row = _row(conn, owner, draft_id)
    if row.status in ("confirmed", "discarded"):
        raise WrongState(f"draft is {row.status}")
    limits.spend(engine, owner, "retry", settings.retry_rate_per_minute)
    data, problem = _fetch(settings, row)
    stale = utcnow() - STALE_RECOGNIZING
    claimed = _claim(engine, draft_id, ("ready", "failed", "awaiting_upload"), owner=owner) or _claim(
        engine, draft_id, ("recognizing",), owner=owner, before=stale
    )
    if not claimed:
        raise WrongState(f"draft is {row.status}")
    if problem == "not_uploaded":
        status = "awaiting_upload" if row.status == "awaiting_upload" else "failed"
        _finish(engine, row.id, status=status, error_code="not_uploaded")
    elif problem:
        _refuse(engine, settings, row, problem)
    else:
        _recognize(engine, settings, row, data, recognize_fn=recognize_fn)
    return get(engine, settings, owner, draft_id, lang=lang)


def _finish(db: sa.Engine, draft_id: str, **values) -> None:
    # Only a draft still `recognizing` takes the result: one confirmed or discarded meanwhile keeps its state.
    values.setdefault("error_code", None)
    with db.begin() as conn:
        conn.execute(
            drafts.update()
            .where(drafts.c.id == draft_id, drafts.c.status == "recognizing")
            .values(updated_at=utcnow(), **values)
        )


def _byte_problem(data: bytes, content_type: str, max_bytes: int) -> str | None:
    """The error code for bytes that cannot be this draft's image (empty, too big, wrong kind), else None."""
    if not data:
        return "empty_file"
    if len(data) > max_bytes:
        return "too_large"
    kind = sniff(data)
    if kind is None:
        return "unsupported_type"
    return None if CONTENT_TYPES.get(content_type) == kind else "type_mismatch"


def _recognize(engine: sa.Engine, settings, row, data: bytes, *, recognize_fn=None) -> str:
    sha = hashlib.sha256(data).hexdigest()
    problem = _byte_problem(data, row.content_type, settings.max_upload_bytes)
    if problem:
        _finish(engine, row.id, status="failed", error_code=problem, image_sha256=sha)
        return f"failed: {problem}"
    _preview(engine, settings, row, data)
    recognize_fn = recognize_fn or recognize
    uploaded = row.created_at.replace(tzinfo=ZoneInfo("UTC")).astimezone(ZoneInfo(settings.ledger_tz))
    try:
        extraction = recognize_fn(
            data,
            now=uploaded,
            settings=settings,
            filename=row.filename,
            last_modified=_aware(row.file_modified_at, settings.ledger_tz),
            categories=categories_of(engine, row.owner),
        )
    except RecognizeError as exc:
        logger.info("draft %s: recognition failed: %s (%s)", row.id, exc.code, exc)
        _finish(engine, row.id, status="failed", error_code=exc.code, error_detail=str(exc)[:500], image_sha256=sha)
        return f"failed: {exc.code}"
    except Exception as exc:  # the person keeps a form to fill in whatever went wrong
        logger.exception("draft %s: recognizer crashed", row.id)
        _finish(
            engine,
            row.id,
            status="failed",
            error_code="recognize_failed",
            error_detail=repr(exc)[:500],
            image_sha256=sha,
        )
        return "failed: crashed"
    items = [_checked_item(item.to_dict(), settings.ledger_tz, uploaded) for item in extraction.items]
    # A category the screen printed (Alipay's 交易分类) comes first; then what the person taught; then guesses.
    printed = [item.evidence.get("category", "").endswith(":printed") for item in extraction.items]
    with engine.connect() as conn:
        _, hidden = shown_and_hidden(conn, row.owner)
        items = [
            item if shown else learning.with_learned_category(conn, row.owner, item, hidden=hidden)
            for item, shown in zip(items, printed, strict=True)
        ]
    _finish(
        engine,
        row.id,
        status="ready",
        items=json.dumps(items, ensure_ascii=False),
        raw_text=(extraction.raw_text or "")[:20000],
        engine=extraction.engine[:16],
        image_sha256=sha,
        recognized_at=utcnow(),
    )
    return f"ready: {len(items)} item(s)"


def _preview(engine: sa.Engine, settings, row, data: bytes) -> None:
    """Store a PDF's or OFD's first page as a PNG beside it, for the review screen; nothing when it cannot be drawn."""
    kind = sniff(data)
    if kind not in PAGED:
        return
    png = first_page_png(data, kind)
    name = storage.preview_name(row.blob_name)
    if png is None or not storage.put_blob(settings, name, png, "image/png"):
        return
    with engine.begin() as conn:
        conn.execute(
            drafts.update().where(drafts.c.id == row.id, drafts.c.status == "recognizing").values(preview_blob=name)
        )


def _checked_item(item: dict, tz: str, uploaded: datetime) -> dict:
    """Validate recognized fields like user input: a value that fails becomes None with zero confidence (reason
    `invalid`); a time far from the upload gets `far_from_capture`; every marked field gets a reason."""
    values = item.get("fields") or {}
    confidence = {k: float(v) for k, v in (item.get("confidence") or {}).items() if isinstance(v, int | float)}
    reasons = {k: v for k, v in (item.get("reasons") or {}).items() if isinstance(v, str)}
    clean: dict = {}
    warnings: list[str] = []
    for key in fields.EDITABLE:
        value = values.get(key)
        if value in (None, ""):
            clean[key] = None
            continue
        try:
            fields.validate({key: value}, tz=tz, partial=True)
            clean[key] = value
        except Invalid:
            clean[key] = None
            confidence[key] = 0.0
            doubt(reasons, key, "invalid")
    clean["direction"] = clean["direction"] or "expense"
    clean["currency"] = clean["currency"] or "CNY"
    if clean["occurred_at"]:
        when = datetime.fromisoformat(clean["occurred_at"])
        if abs(when - uploaded) > FAR_FROM_UPLOAD:
            warnings.append("date_far_from_upload")
            confidence["occurred_at"] = min(confidence.get("occurred_at", 1.0), 0.3)
            doubt(reasons, "occurred_at", "far_from_capture")
    reasons = explained(clean, confidence, reasons)
    checked = {"fields": clean, "confidence": confidence, "reasons": reasons, "warnings": warnings}
    invoice = invoices.checked(item.get("invoice"))
    if invoice:
        checked["invoice"] = invoice
    return checked


def confirm(
    engine: sa.Engine, settings, owner: str, draft_id: str, body, *, book: str | None = None
) -> tuple[list[dict], bool]:
    """Write one record per kept item of `owner`'s draft into `book` (their personal book when not named), in one
    transaction, recorded by `owner`; returns (records, created).

    Confirming again returns the same records with created False. Raises Invalid (nothing written),
    NotFound or WrongState.
    """
    book = book or owner
    if not isinstance(body, dict) or not isinstance(body.get("items"), list):
        raise BadRequest("items must be a list")
    if not body["items"]:
        raise BadRequest("no items", code="no_items")
    if len(body["items"]) > 100:
        raise BadRequest("too many items")
    checked, problems, linking = [], {}, []
    for index, item in enumerate(body["items"]):
        item_fields = item.get("fields", item) if isinstance(item, dict) else item
        # {"fields": …, "attach": false} keeps an item apart from the invoice or payment the review showed it with.
        linking.append(not (isinstance(item, dict) and "fields" in item and item.get("attach") is False))
        try:
            checked.append(fields.validate(item_fields, tz=settings.ledger_tz))
        except Invalid as exc:
            problems.update({f"items[{index}].{k}": v for k, v in exc.fields.items()} or {f"items[{index}]": "invalid"})
    now = utcnow()
    with engine.begin() as conn:
        row = _row(conn, owner, draft_id, lock=True)
        if row.status == "confirmed":
            return _records_of(conn, draft_id), False
        if row.status == "discarded":
            raise WrongState("draft was discarded")
        if problems:
            raise Invalid("invalid items", fields=problems)
        recognized = json.loads(row.items) if row.items else []
        # An invoice draft holds one invoice; the page sends its one item back (as edited).
        invoice = recognized[0].get("invoice") if len(recognized) == 1 and len(checked) == 1 else None
        if invoice:
            _confirm_invoice(conn, book, owner, draft_id, checked[0], invoice, link=linking[0], now=now)
        else:
            taken: set[int] = set()
            for index, values in enumerate(checked):
                taking = taken if linking[index] else None
                _confirm_payment(conn, book, owner, draft_id, index, values, taking, now=now)
        conn.execute(drafts.update().where(drafts.c.id == draft_id).values(status="confirmed", updated_at=now))
        # What 核对 offered is what the person kept or changed: keeping the fallback for a hidden category teaches
        # nothing.
        learning.learn_corrections(conn, book, _offered(conn, owner, book, recognized), checked)
        return _records_of(conn, draft_id), True


def _insert(conn, book: str, by: str, draft_id: str, index: int, values: dict, *, source: str, now: datetime) -> int:
    """Write one record of a draft's item into `book`, recorded by `by`; returns its id."""
    result = conn.execute(
        records.insert().values(
            owner=book,
            recorded_by=by,
            source=source,
            draft_id=draft_id,
            draft_item=index,
            created_at=now,
            updated_at=now,
            version=1,
            **values,
        )
    )
    return result.inserted_primary_key[0]


def _confirm_invoice(conn, book: str, by: str, draft_id: str, values: dict, invoice: dict, *, link: bool, now) -> None:
    """Record an invoice once in `book`: on the payment it belongs to when that is recorded, else as a record of its
    own.

    Raises InvoiceRecorded when a live record already carries its number.
    """
    number = invoice["number"]
    existing = invoices.recorded(conn, book, number)
    if existing is not None:
        raise InvoiceRecorded(f"invoice {number}", params={"number": number, "record": str(existing.id)})
    payment = invoices.payment_for(conn, book, values) if link else None
    if payment is not None:
        invoices.attach(conn, book, payment["id"], invoice, draft_id)
        return
    record_id = _insert(conn, book, by, draft_id, 0, values, source=invoices.SOURCE, now=now)
    # A 红字 credit note gives money back for the record carrying the invoice it reverses, when that is recorded.
    reversed_record = invoices.recorded(conn, book, invoice["reverses"]) if invoice.get("reverses") else None
    refund_of = reversed_record.id if reversed_record is not None and values["direction"] == "refund" else None
    invoices.attach(conn, book, record_id, invoice, draft_id, refund_of=refund_of)


def _confirm_payment(
    conn, book: str, by: str, draft_id: str, index: int, values: dict, taken: set | None, *, now
) -> None:
    """Record one payment in `book`: into the record its invoice made earlier (`taken` collects those), else a new
    record.

    `taken` None keeps the payment apart from any invoice.
    """
    invoice = invoices.invoice_for(conn, book, values, taken=taken) if taken is not None else None
    if invoice is None:
        _insert(conn, book, by, draft_id, index, values, source="screenshot", now=now)
        return
    taken.add(invoice["id"])
    invoices.join_payment(
        conn, book, invoice["id"], values, source="screenshot", draft_id=draft_id, draft_item=index, updated_at=now
    )


def _records_of(conn, draft_id: str) -> list[dict]:
    """The records a confirmed draft became (the caller checked the draft is theirs), in whichever book: its own
    items, or the record its invoice was attached to.
    """
    invoiced = sa.select(record_extras.c.record_id).where(record_extras.c.invoice_draft == draft_id)
    rows = conn.execute(
        fields.select_records()
        .where(sa.or_(records.c.draft_id == draft_id, records.c.id.in_(invoiced)))
        .order_by(records.c.draft_item, records.c.id)
    )
    return [fields.to_json(r) for r in rows]


def record_image(engine: sa.Engine, settings, book: str, record_id: int) -> dict:
    """A short-lived URL of the screenshot a record of `book` was confirmed from: {"image_url"} (None for a record
    typed in or imported). Any reader of the book may see it; raises NotFound for a record of another book.
    """
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(records.c.draft_id, drafts.c.blob_name, drafts.c.status)
            .select_from(records.outerjoin(drafts, drafts.c.id == records.c.draft_id))
            .where(records.c.owner == book, records.c.id == record_id)
        ).first()
    if row is None:
        raise NotFound(f"record {record_id}")
    found = row.blob_name and row.status == "confirmed"
    return {"image_url": storage.read_url(settings, row.blob_name) if found else None}


def discard(engine: sa.Engine, settings, owner: str, draft_id: str) -> None:
    """Throw a draft away and delete its image; a confirmed draft cannot be discarded (its records stay)."""
    with engine.begin() as conn:
        row = _row(conn, owner, draft_id, lock=True)
        if row.status == "confirmed":
            raise WrongState("draft already confirmed")
        conn.execute(drafts.update().where(drafts.c.id == draft_id).values(status="discarded", updated_at=utcnow()))
    storage.delete_blob(settings, row.blob_name)
    if row.preview_blob:
        storage.delete_blob(settings, row.preview_blob)
