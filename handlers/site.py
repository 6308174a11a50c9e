"""The page: static_site/ served at / by the function app, so page and API share one origin and one sign-in.

Every answer carries a strict Content-Security-Policy and a strong ETag; text assets are sent gzipped.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from functools import lru_cache
from pathlib import Path

import azure.functions as func

from records.storage import storage_origin
from settings import get_settings

bp = func.Blueprint()
ROOT = Path(__file__).resolve().parent.parent / "static_site"
TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".html": "text/html",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
    ".json": "application/json",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
}


@lru_cache(maxsize=1)
def content_security_policy() -> str:
    """A strict CSP: our own scripts and styles only; images and uploads may also talk to Blob Storage."""
    origin = storage_origin(get_settings()) or ""
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src 'self' data: blob: {origin}; connect-src 'self' {origin}; font-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; "
        "manifest-src 'self'; worker-src 'self'"
    ).replace("  ", " ")


def resolve(path: str) -> Path | None:
    """The file under static_site/ for a URL path, or None (never a path outside it)."""
    path = path.strip("/") or "index.html"
    if "\x00" in path:  # a decoded %00 names no file (and would make the OS call raise)
        return None
    candidate = (ROOT / path).resolve()
    if ROOT not in candidate.parents and candidate != ROOT:
        return None
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


@lru_cache(maxsize=256)
def _load(target: Path, mtime_ns: int) -> tuple[bytes, bytes, str]:
    """The file's bytes, their gzip form and a strong ETag (cached per file version)."""
    data = target.read_bytes()
    return data, gzip.compress(data, mtime=0), '"' + hashlib.sha256(data).hexdigest()[:32] + '"'


# The host's own routes live under /admin/ and /runtime/ (the blob trigger's Event Grid webhook is
# /runtime/webhooks/blobs); with routePrefix "" a bare catch-all would shadow them (azure-functions-host
# #2590, #6990), so the page's route refuses those first segments. No '/', '{' or '[' in the constraint:
# the host's template parser would read them as template syntax.
PAGE_ROUTE = r"{*path:regex(^(?!(admin|runtime)\b))}"


@bp.route(route=PAGE_ROUTE, methods=["GET", "HEAD"], auth_level=func.AuthLevel.ANONYMOUS)
def static_site(req: func.HttpRequest) -> func.HttpResponse:
    """The page and its assets; unknown paths without a file extension get the page (client-side screens)."""
    path = req.route_params.get("path") or ""
    target = resolve(path)
    if target is None and "." not in path.rsplit("/", 1)[-1]:
        target = resolve("index.html")
    if target is None:
        return func.HttpResponse("Not found", status_code=404, mimetype="text/plain")
    mime = TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    data, zipped, etag = _load(target, target.stat().st_mtime_ns)
    headers = {
        "Content-Security-Policy": content_security_policy(),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Permissions-Policy": "camera=(self), geolocation=(), microphone=()",
        # The page is small and changes with each deploy: revalidate (cheaply, by ETag) rather than serve stale code.
        "Cache-Control": "no-cache",
        "ETag": etag,
        "Vary": "Accept-Encoding",
    }
    if etag in (req.headers.get("if-none-match") or ""):
        return func.HttpResponse(status_code=304, headers=headers)
    if mime.startswith(("text/", "application/json", "application/manifest", "image/svg")) and "gzip" in (
        req.headers.get("accept-encoding") or ""
    ):
        headers["Content-Encoding"] = "gzip"
        data = zipped
    return func.HttpResponse(data, status_code=200, mimetype=mime, headers=headers)
