"""multipart/form-data parsing: the uploaded bytes arrive exactly, whatever they hold, and the caps hold while the
body streams through the parser."""

from __future__ import annotations

import azure.functions as func
import pytest

from handlers.forms import MAX_BILL_BYTES, form_file
from records.errors import BadRequest, TooLarge
from tests.handlers.multipart import BOUNDARY, FORM, multipart


def test_the_uploaded_bytes_arrive_exactly():
    data = bytes(range(256)) * 4 + b"\r\n--" + BOUNDARY.encode()[:-1] + b"\r\n\r\n"
    body, content_type = multipart("账单.xlsx", data)
    request = func.HttpRequest(
        method="POST", url="http://localhost/api/imports", headers={"content-type": content_type}, body=body
    )
    assert form_file(request) == ("账单.xlsx", data)


def request(body: bytes, content_type: str = FORM) -> func.HttpRequest:
    return func.HttpRequest(
        method="POST", url="http://localhost/api/imports", headers={"content-type": content_type}, body=body
    )


def test_the_byte_cap_holds_while_the_file_streams_in():
    # Ten megabytes and one byte of file, then a body that is not even well-formed: the cap is met first.
    body = multipart("big.csv", b"x" * (MAX_BILL_BYTES + 1))[0][:-8]
    with pytest.raises(TooLarge) as refused:
        form_file(request(body))
    assert refused.value.code == "bill_too_large"


def test_a_declared_length_past_the_cap_is_refused_before_the_body_is_read():
    over = func.HttpRequest(
        method="POST",
        url="http://localhost/api/imports",
        headers={"content-type": FORM, "content-length": str(MAX_BILL_BYTES * 2)},
        body=b"",
    )
    with pytest.raises(TooLarge):
        form_file(over)


def test_only_the_named_file_part_is_kept_and_a_filename_may_be_utf8():
    data = "交易时间,金额\n".encode()
    body, content_type = multipart("微信支付账单(20261001-20261031).csv", data)
    assert form_file(request(body, content_type)) == ("微信支付账单(20261001-20261031).csv", data)


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "multipart/form-data", "multipart/mixed; boundary=x", "text/plain; boundary=x"],
)
def test_anything_but_form_data_with_a_boundary_asks_for_a_file(content_type):
    with pytest.raises(BadRequest) as refused:
        form_file(request(b"--x\r\n\r\n--x--\r\n", content_type))
    assert refused.value.code == "file_required"
