"""The blob trigger: an uploaded screenshot becomes a recognized draft."""

from __future__ import annotations

import logging

import azure.functions as func

from records import drafts
from records.db import get_engine
from settings import get_settings

bp = func.Blueprint()
logger = logging.getLogger(__name__)


@bp.function_name("on_upload")
@bp.blob_trigger(
    arg_name="blob",
    path="%UPLOADS_CONTAINER%/{name}",
    connection="AzureWebJobsStorage",
    source=func.BlobSource.EVENT_GRID,
)
def on_upload(blob: func.InputStream) -> None:
    """Recognize the uploaded image into its draft; firing twice for one blob changes nothing."""
    settings = get_settings()
    # blob.name is "<container>/<owner>/<draft_id>.<ext>"
    name = (blob.name or "").split("/", 1)[-1]
    data = blob.read(settings.max_upload_bytes + 1)
    outcome = drafts.on_blob(get_engine(), settings, name, data)
    logger.info("blob %s: %s", name, outcome)
