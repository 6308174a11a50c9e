"""Prepare Azurite as the Bicep template prepares the real account: the uploads container and CORS for PUT."""

from __future__ import annotations

import logging
import time

logger = logging.getLogger("devhost")


KEPT_ORIGINS = 16  # origins earlier hosts allowed that stay allowed, newest first


def provision(connection: str, container: str, origins: list[str], *, wait_seconds: float = 30) -> None:
    """Create the container if missing and allow the page's origins to PUT blobs; waits for Azurite to start.

    Origins that earlier hosts on the same Azurite allowed stay allowed (up to KEPT_ORIGINS of them): two hosts
    sharing one Azurite — `make run` beside a test run, or two apps in one test session — must not take each
    other's uploads away.
    """
    from azure.core.exceptions import AzureError, ResourceExistsError
    from azure.storage.blob import BlobServiceClient, CorsRule

    service = BlobServiceClient.from_connection_string(connection)
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            service.get_container_client(container).create_container()
            break
        except ResourceExistsError:
            break
        except AzureError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)
    earlier = [
        origin
        for rule in service.get_service_properties().get("cors") or []
        for origin in (rule.allowed_origins or "").split(",")
        if origin and origin != "*" and origin not in origins
    ]
    rule = CorsRule(
        allowed_origins=[*origins, *dict.fromkeys(earlier)][: max(len(origins), KEPT_ORIGINS)],
        allowed_methods=["PUT", "GET", "HEAD", "OPTIONS"],
        allowed_headers=["content-type", "x-ms-blob-type", "x-ms-version", "x-ms-client-request-id"],
        exposed_headers=["etag", "x-ms-request-id"],
        max_age_in_seconds=600,
    )
    service.set_service_properties(cors=[rule])
