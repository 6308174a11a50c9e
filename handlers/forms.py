"""multipart/form-data bodies (the page's bill upload) read with the standard library's MIME parser."""

from __future__ import annotations

from email.parser import BytesParser
from email.policy import HTTP

import azure.functions as func

from records.errors import BadRequest, TooLarge

MAX_BILL_BYTES = 10 * 1024 * 1024


def form_file(req: func.HttpRequest, name: str = "file") -> tuple[str, bytes]:
    """(filename, bytes) of the multipart/form-data part called `name`; raises BadRequest or TooLarge."""
    content_type = req.headers.get("content-type") or ""
    if not content_type.lower().startswith("multipart/form-data") or "boundary=" not in content_type:
        raise BadRequest("expected multipart/form-data", code="file_required")
    body = req.get_body() or b""
    if len(body) > MAX_BILL_BYTES + 64 * 1024:
        raise TooLarge(f"{len(body)} bytes", code="bill_too_large")
    # The stdlib MIME parser reads form-data once it sees the request's own Content-Type as a header.
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    if not message.is_multipart():
        raise BadRequest("not multipart", code="file_required")
    for part in message.iter_parts():
        if part.get_param("name", header="content-disposition") == name:
            data = part.get_payload(decode=True) or b""
            if len(data) > MAX_BILL_BYTES:
                raise TooLarge(f"{len(data)} bytes", code="bill_too_large")
            return part.get_filename() or "", data
    raise BadRequest(f"no form field {name!r}", code="file_required")
