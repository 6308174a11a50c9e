"""Prepare Azurite as the Bicep template prepares the real account: the uploads container and CORS for PUT."""

from __future__ import annotations

import logging
import time

logger = logging.getLogger("devhost")


def provision(connection: str, container: str, origins: list[str], *, wait_seconds: float = 30) -> None:
    """Create the container if missing and allow the page's origins to PUT blobs; waits for Azurite to start."""
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
    rule = CorsRule(
        allowed_origins=origins,
        allowed_methods=["PUT", "GET", "HEAD", "OPTIONS"],
        allowed_headers=["content-type", "x-ms-blob-type", "x-ms-version", "x-ms-client-request-id"],
        exposed_headers=["etag", "x-ms-request-id"],
        max_age_in_seconds=600,
    )
    service.set_service_properties(cors=[rule])
