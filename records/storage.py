"""Blob Storage: upload and read SAS URLs for one blob; a blob's properties, then its bytes as they were checked.

Account-key SAS only for Azurite.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from records.errors import BlobChanged, StorageUnavailable

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_client = None
_delegation = {"key": None, "expires": None}


def owner_segment(owner: str) -> str:
    """The owner as a blob path segment: kept when it is plain, else a stable hash (no path tricks)."""
    if re.fullmatch(r"[A-Za-z0-9._@-]{1,100}", owner) and owner not in (".", ".."):
        return owner
    return "u-" + hashlib.sha256(owner.encode()).hexdigest()[:40]


def blob_name_for(owner: str, draft_id: str, ext: str) -> str:
    """The blob name of a draft's image inside the uploads container: <owner>/<draft_id>.<ext>."""
    return f"{owner_segment(owner)}/{draft_id}.{ext}"


def get_service(settings, *, credential=None):
    """The process-wide BlobServiceClient (connection string for Azurite, managed identity on Azure).

    `credential` replaces DefaultAzureCredential when the client is first built (tests, other token sources).
    """
    global _client
    with _lock:
        if _client is None:
            from azure.storage.blob import BlobServiceClient, ExponentialRetry

            # The SDK's default retries hold a request for about 90 s when storage is down; a person waiting on
            # an upload or health check should hear within seconds. The blob trigger has its own retries.
            options = {
                "retry_policy": ExponentialRetry(initial_backoff=0.5, increment_base=2, retry_total=2),
                "connection_timeout": 5,
            }
            if settings.storage_connection:
                _client = BlobServiceClient.from_connection_string(settings.storage_connection, **options)
            elif settings.storage_account_name or settings.storage_blob_uri:
                if credential is None:
                    from azure.identity import DefaultAzureCredential

                    credential = DefaultAzureCredential(managed_identity_client_id=settings.storage_client_id)
                url = settings.storage_blob_uri or f"https://{settings.storage_account_name}.blob.core.windows.net"
                _client = BlobServiceClient(url, credential=credential, **options)
            else:
                raise StorageUnavailable("no AzureWebJobsStorage setting")
        return _client


def reset_service() -> None:
    """Forget the cached client and delegation key (tests, or after settings change)."""
    global _client
    with _lock:
        _client = None
        _delegation.update(key=None, expires=None)


def _sign(settings, blob_name: str, permission, expiry: datetime, content_type: str | None = None) -> str:
    from azure.storage.blob import generate_blob_sas

    service = get_service(settings)
    account_key = getattr(service.credential, "account_key", None)
    kwargs = {
        "account_name": service.account_name,
        "container_name": settings.uploads_container,
        "blob_name": blob_name,
        "permission": permission,
        "expiry": expiry,
        "start": datetime.now(UTC) - timedelta(minutes=2),  # clock skew between us and the storage service
        "protocol": None if account_key else "https",
        "content_type": content_type,
    }
    if account_key:
        return generate_blob_sas(account_key=account_key, **kwargs)
    return generate_blob_sas(user_delegation_key=_delegation_key(service), **kwargs)


def _delegation_key(service):
    """A user delegation key signed by our identity, reused until an hour before it expires."""
    now = datetime.now(UTC)
    with _lock:
        if _delegation["key"] is None or _delegation["expires"] - now < timedelta(hours=1):
            expires = now + timedelta(hours=6)
            _delegation["key"] = service.get_user_delegation_key(now - timedelta(minutes=2), expires)
            _delegation["expires"] = expires
        return _delegation["key"]


def upload_url(settings, blob_name: str) -> tuple[str, datetime]:
    """A URL that lets the browser create or write exactly this one blob for a few minutes."""
    from azure.core.exceptions import AzureError
    from azure.storage.blob import BlobSasPermissions

    expiry = datetime.now(UTC) + timedelta(minutes=settings.sas_minutes)
    try:
        sas = _sign(settings, blob_name, BlobSasPermissions(create=True, write=True), expiry)
    except AzureError as exc:
        logger.exception("could not sign an upload URL")
        raise StorageUnavailable("sign failed") from exc
    return f"{_blob_url(settings, blob_name)}?{sas}", expiry.replace(microsecond=0)


def read_url(settings, blob_name: str) -> str | None:
    """A short-lived read-only URL for the page to show the screenshot, or None if storage cannot sign."""
    from azure.core.exceptions import AzureError
    from azure.storage.blob import BlobSasPermissions

    try:
        expiry = datetime.now(UTC) + timedelta(minutes=30)
        return f"{_blob_url(settings, blob_name)}?{_sign(settings, blob_name, BlobSasPermissions(read=True), expiry)}"
    except (AzureError, StorageUnavailable):
        logger.warning("could not sign a read URL for a draft image")
        return None


def _blob_url(settings, blob_name: str) -> str:
    service = get_service(settings)
    return service.get_blob_client(settings.uploads_container, blob_name).url


@dataclass(frozen=True)
class BlobFacts:
    """What storage says about a blob before any of its bytes are read."""

    size: int
    blob_type: str  # BlockBlob, PageBlob or AppendBlob
    content_type: str  # lower case, without parameters; "" when the upload set none
    etag: str


def blob_facts(settings, blob_name: str) -> BlobFacts | None:
    """The blob's size, type, content type and ETag (one HEAD request), None when it does not exist.

    Raises StorageUnavailable when storage fails.
    """
    from azure.core.exceptions import AzureError, ResourceNotFoundError

    client = get_service(settings).get_blob_client(settings.uploads_container, blob_name)
    try:
        props = client.get_blob_properties()
    except ResourceNotFoundError:
        return None
    except AzureError as exc:
        logger.exception("could not read a blob's properties")
        raise StorageUnavailable("properties failed") from exc
    blob_type = getattr(props.blob_type, "value", props.blob_type) or ""
    content_type = (props.content_settings.content_type or "").split(";", 1)[0].strip().lower()
    return BlobFacts(size=props.size, blob_type=str(blob_type), content_type=content_type, etag=props.etag)


def read_checked(settings, blob_name: str, facts: BlobFacts) -> bytes | None:
    """The blob's bytes exactly as `facts` described them (If-Match its ETag), None when it is gone meanwhile.

    Raises BlobChanged when the blob was written after `facts` were read, StorageUnavailable when storage fails.
    """
    from azure.core import MatchConditions
    from azure.core.exceptions import AzureError, ResourceModifiedError, ResourceNotFoundError

    if facts.size == 0:
        return b""
    client = get_service(settings).get_blob_client(settings.uploads_container, blob_name)
    try:
        download = client.download_blob(
            offset=0, length=facts.size, etag=facts.etag, match_condition=MatchConditions.IfNotModified
        )
        return download.readall()
    except ResourceModifiedError as exc:
        raise BlobChanged(f"etag {facts.etag} no longer matches") from exc
    except ResourceNotFoundError:
        return None
    except AzureError as exc:
        logger.exception("could not read a blob")
        raise StorageUnavailable("read failed") from exc


# Refused from the blob's properties alone: deleted unread (a person's browser never uploads these).
REFUSED_UNREAD = ("empty_file", "too_large", "unsupported_type", "type_mismatch")


def refusal(facts: BlobFacts, declared: str, allowed, max_bytes: int) -> str | None:
    """Why a blob cannot be the image its draft declared (`declared`, one of `allowed` content types), told from
    its properties alone: a REFUSED_UNREAD code, else None.
    """
    if facts.size == 0:
        return "empty_file"
    if facts.size > max_bytes:
        return "too_large"
    if facts.blob_type != "BlockBlob" or facts.content_type not in allowed:
        return "unsupported_type"  # a page or append blob, or no image type at all
    return None if facts.content_type == declared else "type_mismatch"


def fetch_checked(
    settings, blob_name: str, *, declared: str, allowed, max_bytes: int
) -> tuple[bytes | None, str | None]:
    """(bytes, None) of a blob read only after its properties passed `refusal`, and only as they were checked;
    else (None, code): not_uploaded, a REFUSED_UNREAD code, or image_changed. Raises StorageUnavailable.
    """
    facts = blob_facts(settings, blob_name)
    if facts is None:
        return None, "not_uploaded"
    problem = refusal(facts, declared, allowed, max_bytes)
    if problem:
        return None, problem
    try:
        data = read_checked(settings, blob_name, facts)
    except BlobChanged:
        logger.warning("a blob was written again after its check; not read")
        return None, "image_changed"
    return (None, "not_uploaded") if data is None else (data, None)


def storage_origin(settings) -> str | None:
    """The scheme://host[:port] the browser talks to for uploads (for CSP), or None if not configured."""
    try:
        url = get_service(settings).url
    except StorageUnavailable:
        return None
    match = re.match(r"^(https?://[^/]+)", url)
    return match.group(1) if match else None


def ping(settings) -> None:
    """Raise StorageUnavailable unless the uploads container answers."""
    from azure.core.exceptions import AzureError

    try:
        get_service(settings).get_container_client(settings.uploads_container).get_container_properties(timeout=5)
    except AzureError as exc:
        raise StorageUnavailable("ping failed") from exc


def preview_name(blob_name: str) -> str:
    """The blob beside a draft's document that holds its first page as a PNG: <owner>/<draft_id>.preview.png."""
    return blob_name.rsplit(".", 1)[0] + ".preview.png"


def put_blob(settings, blob_name: str, data: bytes, content_type: str) -> bool:
    """Write a blob the app made itself (a document's preview); True when it was written. Failures are logged."""
    from azure.core.exceptions import AzureError
    from azure.storage.blob import ContentSettings

    try:
        client = get_service(settings).get_blob_client(settings.uploads_container, blob_name)
        client.upload_blob(data, overwrite=True, content_settings=ContentSettings(content_type=content_type))
    except (AzureError, StorageUnavailable):
        logger.warning("could not write a preview blob")
        return False
    return True


def delete_blob(settings, blob_name: str) -> bool:
    """Delete a blob if it exists; True when it is gone. Failures are logged, not raised (the hourly cleanup and
    the lifecycle rule try again later).
    """
    from azure.core.exceptions import AzureError, ResourceNotFoundError

    try:
        get_service(settings).get_blob_client(settings.uploads_container, blob_name).delete_blob()
    except ResourceNotFoundError:
        pass
    except (AzureError, StorageUnavailable):
        logger.warning("could not delete an image; the hourly cleanup tries again")
        return False
    return True


def list_uploads(settings) -> dict[str, datetime]:
    """Every blob in the uploads container: name → when it was last written (UTC, naive, as the database stores).

    Raises StorageUnavailable when storage fails.
    """
    from azure.core.exceptions import AzureError

    try:
        container = get_service(settings).get_container_client(settings.uploads_container)
        return {blob.name: blob.last_modified.astimezone(UTC).replace(tzinfo=None) for blob in container.list_blobs()}
    except AzureError as exc:
        logger.exception("could not list the uploads container")
        raise StorageUnavailable("list failed") from exc
