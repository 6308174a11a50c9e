"""The blob trigger: an uploaded screenshot becomes a recognized draft.

The trigger binds a BlobClient (the SDK-type binding of azurefunctions-extensions-bindings-blob), not a stream:
the host then hands the function the blob's name and reads none of its bytes, so a blob of gigabytes, or a sparse
page blob of a terabyte, costs the host nothing. records.drafts reads the blob's properties first and its bytes
only once they pass, at the ETag that was checked.
"""

import logging

import azure.functions as func
import azurefunctions.extensions.bindings.blob as blob_types

from records import drafts
from records.db import get_engine
from settings import get_settings

bp = func.Blueprint()
logger = logging.getLogger(__name__)


@bp.function_name("on_upload")
@bp.blob_trigger(
    arg_name="client",
    path="%UPLOADS_CONTAINER%/{name}",
    connection="AzureWebJobsStorage",
    source=func.BlobSource.EVENT_GRID,
)
def on_upload(client: blob_types.BlobClient) -> None:
    """Recognize the uploaded image into its draft; firing twice for one blob changes nothing."""
    # Only the name is taken from the binding: storage is read through the app's one client (records.storage).
    name = client.blob_name
    outcome = drafts.on_blob(get_engine(), get_settings(), name)
    logger.info("blob %s: %s", name, outcome)
