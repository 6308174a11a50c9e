"""The one place where requests become people, books, languages and bodies, and answers or named errors become HTTP.

`api` wraps every JSON handler: a named `LedgerError` becomes its status with a sentence in the caller's
language, a database outage a 503, anything else a 500 that is logged (never shown).
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import logging
import random
import time
from datetime import date

import azure.functions as func
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError

from handlers.cookies import session_token
from records import books, db, sessions
from records.accounts import SINGLE_USER_OWNER
from records.dates import today_in
from records.errors import AuthNotConfigured, Conflict, Invalid, LedgerError, Refused, Unauthorized, message
from records.fields import reason_text
from settings import get_settings

logger = logging.getLogger(__name__)

ANON = func.AuthLevel.ANONYMOUS
MAX_BODY = 256 * 1024
PRIVATE_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
SINGLE_USER = SINGLE_USER_OWNER


def lang_of(req: func.HttpRequest) -> str:
    """'en' when the request prefers English, else 'zh' (the page speaks 简体中文 first)."""
    accept = (req.headers.get("accept-language") or "").strip().lower()
    return "en" if accept.startswith("en") else "zh"


OBJECT_ID_CLAIMS = ("http://schemas.microsoft.com/identity/claims/objectidentifier", "oid")
# What X-MS-CLIENT-PRINCIPAL-ID carries for a provider other than Entra (no object id): the name identifier.
NAME_ID_CLAIMS = ("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier",)


_warned_unprotected = False
UNPROTECTED = (
    "AUTH_MODE=easyauth but WEBSITE_AUTH_ENABLED is not True: App Service Authentication is not in front of this "
    "app, so anyone could send principal headers; refusing every request"
)


def easyauth_unprotected(settings) -> bool:
    """True when AUTH_MODE=easyauth is asked for without App Service Authentication in front of the app (every API
    request then answers 503 auth_not_configured).
    """
    return settings.auth_mode == "easyauth" and not settings.platform_auth_enabled


def _decoded_principal(encoded: str) -> dict:
    """X-MS-CLIENT-PRINCIPAL decoded and checked for the shape Easy Auth writes; raises Unauthorized."""
    try:
        principal = json.loads(base64.b64decode(encoded, validate=True))
    except (ValueError, binascii.Error) as exc:
        raise Unauthorized("malformed principal") from exc
    claims = principal.get("claims") if isinstance(principal, dict) else None
    if (
        not isinstance(principal, dict)
        or not isinstance(principal.get("auth_typ"), str)
        or not isinstance(claims, list)
    ):
        raise Unauthorized("principal of the wrong shape")
    if not all(isinstance(c, dict) and isinstance(c.get("typ"), str) and isinstance(c.get("val"), str) for c in claims):
        raise Unauthorized("principal claims of the wrong shape")
    return principal


def signed_in(req: func.HttpRequest, settings) -> dict:
    """The live session of the request's cookie ({person_id, username, session_id}); raises Unauthorized."""
    found = sessions.find(db.get_engine(), session_token(req), days=settings.session_days)
    if found is None:
        raise Unauthorized("no session")
    return found


def principal_of(req: func.HttpRequest, settings) -> tuple[str, str]:
    """(owner, display name) of the caller; raises Unauthorized without a session (accounts mode) or a well-formed
    principal (easyauth), AuthNotConfigured when easyauth is asked for but App Service Authentication is not in
    front of the app, or when AUTH_MODE names no mode (a typo must not leave the ledger open).
    """
    if settings.auth_mode == "accounts":
        found = signed_in(req, settings)
        return found["person_id"], found["username"]
    if settings.auth_mode == "easyauth":
        if easyauth_unprotected(settings):
            global _warned_unprotected
            if not _warned_unprotected:
                logger.error(UNPROTECTED)
                _warned_unprotected = True
            raise AuthNotConfigured("easyauth without App Service Authentication")
        # App Service Authentication strips these headers from client requests and sets them itself.
        owner = (req.headers.get("x-ms-client-principal-id") or "").strip()
        encoded = (req.headers.get("x-ms-client-principal") or "").strip()
        if not owner or len(owner) > 128 or not encoded or len(encoded) > 16384:
            raise Unauthorized("no principal")
        principal = _decoded_principal(encoded)
        # The id header must be the principal's own id: its object id, or its name identifier when it has none.
        claims = principal["claims"]
        ids = {c["val"] for c in claims if c["typ"] in OBJECT_ID_CLAIMS} or {
            c["val"] for c in claims if c["typ"] in NAME_ID_CLAIMS
        }
        if owner not in ids:
            raise Unauthorized("principal id and claims disagree")
        return owner, (req.headers.get("x-ms-client-principal-name") or owner)[:128]
    if settings.auth_mode != "single-user":
        logger.error(
            "AUTH_MODE=%s is not accounts, single-user or easyauth; refusing every request", settings.auth_mode
        )
        raise AuthNotConfigured(f"unknown AUTH_MODE {settings.auth_mode}")
    return SINGLE_USER, SINGLE_USER


def owner_of(req: func.HttpRequest) -> str:
    """The signed-in person (the owner of their drafts, and the key of their personal book); raises Unauthorized."""
    return principal_of(req, get_settings())[0]


def book_of(req: func.HttpRequest, need: str = "read") -> books.Seat:
    """Where this request works: the book named by `?book=` (the person's personal book without it), for a
    request that needs `need` (read, write or own). Raises Unauthorized, NotFound (no_such_book: not a member)
    and Forbidden (book_read_only, book_owner_only).
    """
    return books.seat(db.get_engine(), owner_of(req), req.params.get("book"), need)


def today() -> date:
    """Today in the ledger's zone (LEDGER_TZ)."""
    return today_in(get_settings().ledger_tz)


STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})


BODY_TYPES = ("application/json", "multipart/form-data")


def host_name(value: str) -> str:
    """'example.com' from 'Example.COM:7071', '[::1]' from '[::1]:7071'."""
    value = value.strip().lower()
    if value.startswith("["):
        return value.split("]", 1)[0] + "]"
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def check_request(req: func.HttpRequest, settings) -> None:
    """Refuse what no page of ours sends: a foreign Host (DNS rebinding), and a state-changing request from
    another site's page or with a body that is not JSON (or the bill upload's multipart). Raises Refused.

    Browsers send Origin (and Sec-Fetch-Site) with every cross-origin POST, PUT, PATCH and DELETE, and a
    `text/plain` or form body is what they send cross-site without asking first; a client that is not a
    browser sends no Origin and is let through to sign-in as usual.
    """
    if settings.auth_mode == "easyauth" and not settings.platform_auth_enabled:
        principal_of(req, settings)  # refuses, and says why in the log once
    host = host_name(req.headers.get("host") or "")
    if host and "*" not in settings.allowed_hosts and host not in settings.allowed_hosts:
        raise Refused(f"host {host}", code="unknown_host")
    if req.method.upper() not in STATE_CHANGING:
        return
    if (req.headers.get("sec-fetch-site") or "").lower() == "cross-site":
        raise Refused("cross-site request")
    origin = (req.headers.get("origin") or "").strip().lower()
    if origin:
        origin_host = origin.split("://", 1)[-1]
        if origin == "null" or not host or origin_host != (req.headers.get("host") or "").strip().lower():
            raise Refused(f"origin {origin}")
    kind = (req.headers.get("content-type") or "").split(";", 1)[0].strip().lower()
    if (kind or req.get_body()) and kind not in BODY_TYPES:
        raise Refused(f"content type {kind or 'none'}", code="json_required")


def json_response(data, status: int = 200, headers: dict | None = None) -> func.HttpResponse:
    """A JSON answer that is never cached (it holds private data)."""
    return func.HttpResponse(
        json.dumps(data, ensure_ascii=False),
        status_code=status,
        mimetype="application/json",
        charset="utf-8",
        headers={**PRIVATE_HEADERS, **(headers or {})},
    )


def error_response(code: str, status: int, lang: str, *, retry_after: int | None = None, **extra) -> func.HttpResponse:
    """The API's error shape: {"error": {"code", "message"}} plus anything in `extra`.

    `retry_after` (seconds) becomes a Retry-After header, which the page and clients honour.
    """
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    return json_response({"error": {"code": code, "message": message(code, lang)}, **extra}, status, headers)


BUSY_RETRY_SECONDS = 3


# ER_CON_COUNT_ERROR (max_connections), ER_TOO_MANY_USER_CONNECTIONS, ER_USER_LIMIT_REACHED (per account)
MYSQL_TOO_MANY_CONNECTIONS = (1040, 1203, 1226)


# A write lock held by another request (SQLite), a deadlock or lock wait (MySQL): the transaction was rolled back
# whole, so running the request again is safe; it usually succeeds once the other writer is done.
CONTENTION_RETRIES = 4


CONTENTION_BACKOFF_SECONDS = 0.05


MYSQL_CONTENTION = (1205, 1213)  # ER_LOCK_WAIT_TIMEOUT, ER_LOCK_DEADLOCK


def is_contention(exc: DBAPIError) -> bool:
    """True when the database refused because of another transaction's lock, not because it is down."""
    args = getattr(exc.orig, "args", ())
    if args and args[0] in MYSQL_CONTENTION:
        return True
    text = str(exc.orig).lower()
    return "database is locked" in text or "database table is locked" in text


def _with_retries(fn, req):
    """Run a handler, running it again (bounded, with jittered backoff) when it lost a race for a lock."""
    for attempt in range(CONTENTION_RETRIES + 1):
        try:
            return fn(req)
        except OperationalError as exc:
            if attempt == CONTENTION_RETRIES or not is_contention(exc):
                raise
            logger.info("lock contention in %s; attempt %d again", fn.__name__, attempt + 2)
            time.sleep(CONTENTION_BACKOFF_SECONDS * 2**attempt * (1 + random.random()))  # noqa: S311 - jitter
    raise AssertionError("unreachable")


def is_too_many_connections(exc: DBAPIError) -> bool:
    """True when MySQL refused a new connection because its max_connections (or the user's) is reached."""
    args = getattr(exc.orig, "args", ())
    return bool(args) and args[0] in MYSQL_TOO_MANY_CONNECTIONS


def body_of(req: func.HttpRequest):
    """The JSON body; raises LedgerError for a body that is too large or not JSON."""
    raw = req.get_body() or b""
    if len(raw) > MAX_BODY:
        raise LedgerError("body too large", code="too_large")
    try:
        return json.loads(raw.decode("utf-8")) if raw else None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        # RecursionError: deeply nested arrays are a malformed body, not a server fault.
        raise LedgerError("not JSON") from exc


def _ledger_error(exc: LedgerError, lang: str) -> func.HttpResponse:
    error = {"code": exc.code, "message": message(exc.code, lang, **exc.params)}
    body = {"error": error}
    if isinstance(exc, Invalid) and exc.fields:
        error["fields"] = {k: reason_text(v, lang) for k, v in exc.fields.items()}
    if isinstance(exc, Conflict) and exc.current:
        body["record"] = exc.current
    retry_after = getattr(exc, "retry_after", None)  # rate limits and a busy import say when to come back
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    return json_response(body, 413 if exc.code == "too_large" else exc.status, headers)


def api(fn):
    """Wrap a handler: map named errors to their status, a database outage to 503, anything else to 500."""

    @functools.wraps(fn)
    def wrapper(req: func.HttpRequest) -> func.HttpResponse:
        lang = lang_of(req)
        try:
            check_request(req, get_settings())
            return _with_retries(fn, req)
        except LedgerError as exc:
            return _ledger_error(exc, lang)
        except SQLAlchemyTimeoutError:
            # Every pooled connection is in use: the connection budget is spent, not the database down.
            logger.warning("database connection pool exhausted in %s", fn.__name__)
            return error_response("database_busy", 503, lang, retry_after=BUSY_RETRY_SECONDS)
        except (OperationalError, DBAPIError) as exc:
            if is_too_many_connections(exc) or is_contention(exc):
                logger.warning("database refused a connection (max_connections) in %s", fn.__name__)
                return error_response("database_busy", 503, lang, retry_after=BUSY_RETRY_SECONDS)
            if isinstance(exc, DBAPIError) and not exc.connection_invalidated and not isinstance(exc, OperationalError):
                logger.exception("database error in %s", fn.__name__)
                return error_response("internal", 500, lang)
            logger.warning("database unavailable in %s: %s", fn.__name__, type(exc).__name__)
            return error_response("database_unavailable", 503, lang)
        except Exception:
            logger.exception("unexpected error in %s", fn.__name__)
            return error_response("internal", 500, lang)

    return wrapper
