"""The session cookie (`snapledger_session`: HttpOnly, SameSite=Lax, Secure over HTTPS) and where a request came
from (address and device), for sign-in and the sessions list.
"""

from __future__ import annotations

import azure.functions as func

COOKIE = "snapledger_session"


def session_token(req: func.HttpRequest) -> str | None:
    """The session token of the request's cookie, or None."""
    for part in (req.headers.get("cookie") or "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == COOKIE and value.strip():
            return value.strip()
    return None


def is_https(req: func.HttpRequest) -> bool:
    """Whether the browser reached us over HTTPS (directly, or through a proxy that says so)."""
    forwarded = (req.headers.get("x-forwarded-proto") or "").split(",")[0].strip().lower()
    return forwarded == "https" or req.url.lower().startswith("https://")


def set_cookie(req: func.HttpRequest, token: str, max_age: int) -> str:
    """The Set-Cookie value that keeps a session in this browser (script cannot read it; other sites' POSTs
    do not carry it).
    """
    secure = "; Secure" if is_https(req) else ""
    return f"{COOKIE}={token}; HttpOnly; SameSite=Lax; Path=/; Max-Age={max_age}{secure}"


def clear_cookie(req: func.HttpRequest) -> str:
    """The Set-Cookie value that removes the session cookie."""
    secure = "; Secure" if is_https(req) else ""
    return f"{COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0{secure}"


def address_of(req: func.HttpRequest) -> str:
    """The client's address as the nearest proxy (the devhost, or Azure's front end) saw it, without a port."""
    hops = [h.strip() for h in (req.headers.get("x-forwarded-for") or "").split(",") if h.strip()]
    address = hops[-1] if hops else "unknown"
    if address.startswith("["):
        address = address[1:].split("]", 1)[0]
    elif address.count(":") == 1:
        address = address.split(":", 1)[0]
    return address[:64]


def device_of(req: func.HttpRequest) -> str | None:
    """The browser's User-Agent (trimmed where it is stored)."""
    return req.headers.get("user-agent")
