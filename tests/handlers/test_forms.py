"""multipart/form-data parsing: the uploaded bytes arrive exactly, whatever they hold."""

from __future__ import annotations

import azure.functions as func

from handlers.forms import form_file
from tests.handlers.multipart import BOUNDARY, multipart


def test_the_uploaded_bytes_arrive_exactly():
    data = bytes(range(256)) * 4 + b"\r\n--" + BOUNDARY.encode()[:-1] + b"\r\n\r\n"
    body, content_type = multipart("账单.xlsx", data)
    request = func.HttpRequest(
        method="POST", url="http://localhost/api/imports", headers={"content-type": content_type}, body=body
    )
    assert form_file(request) == ("账单.xlsx", data)
