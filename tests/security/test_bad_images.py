"""Bad files end to end over the devhost: upload, PUT to Azurite, the trigger fires, the draft fails readably."""

from __future__ import annotations

import io
import struct
import zlib

import pytest

from tests import http_client
from tests.conftest import Devhost

pytestmark = pytest.mark.azurite
MB = 1024 * 1024


@pytest.fixture(scope="module")
def host(tmp_path_factory, azurite):
    server = Devhost(tmp_path_factory.mktemp("badimages"), azurite, UPLOAD_RATE_PER_MINUTE="1000")
    yield server.url
    server.stop()


def api(base, method, path, body=None, lang="en"):
    """A call that asks for English messages (what these tests read)."""
    return http_client.api(base, method, path, body, lang=lang)


def upload(base, data, *, content_type="image/png", filename="shot.png", declared=None):
    status, started = api(
        base,
        "POST",
        "/api/uploads",
        {"filename": filename, "content_type": content_type, "size": len(data) if declared is None else declared},
    )
    assert status == 201, started
    assert http_client.put(started, data) == 201
    return http_client.settled(base, started["draft_id"], lang="en")


# ------------------------------------------------------------------ files


def pil_bytes(fmt, size=(90, 160), **save):
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()

    image = Image.effect_noise(size, 60).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, fmt, **save)
    return buffer.getvalue()


def animated(fmt):
    from PIL import Image

    frames = [Image.new("RGB", (60, 60), colour) for colour in ("red", "green", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, fmt, save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buffer.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def blank_png(width: int, height: int, *, rows: int | None = None) -> bytes:
    """A grey PNG of any size, compressed row by row (a decompression bomb when large); `rows` cuts the data."""
    packer = zlib.compressobj(9)
    row = b"\0" * (width + 1)
    body = b"".join(packer.compress(row) for _ in range(height if rows is None else rows)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", body) + png_chunk(b"IEND", b"")


PDF_WITH_JS = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"3 0 obj << /S /JavaScript /JS (app.alert\\('pwned'\\);) >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
HTML = b"<!doctype html><html><body><script>fetch('/api/records').then(r=>r.text()).then(alert)</script>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><rect width="9" height="9"/></svg>'


def truncated_png():
    data = pil_bytes("PNG", size=(200, 300))
    return data[: len(data) * 2 // 3]


CASES = {
    # name: (bytes factory, declared content type, filename, expected error code)
    "gif_sent_as_png": (lambda: pil_bytes("GIF"), "image/png", "a.png", "unsupported_type"),
    "animated_gif_sent_as_png": (lambda: animated("GIF"), "image/png", "a.png", "unsupported_type"),
    "pdf_with_javascript_sent_as_png": (lambda: PDF_WITH_JS, "image/png", "a.png", "type_mismatch"),
    "html_sent_as_png": (lambda: HTML, "image/png", "a.png", "unsupported_type"),
    "svg_sent_as_png": (lambda: SVG, "image/png", "a.png", "unsupported_type"),
    "png_sent_as_jpeg": (lambda: pil_bytes("PNG"), "image/jpeg", "a.jpg", "type_mismatch"),
    "jpeg_sent_as_webp": (lambda: pil_bytes("JPEG"), "image/webp", "a.webp", "type_mismatch"),
    "truncated_png": (truncated_png, "image/png", "a.png", "corrupt_image"),
    "png_header_only": (lambda: pil_bytes("PNG")[:40], "image/png", "a.png", "corrupt_image"),
    "heic_header_then_garbage": (lambda: pil_bytes("HEIF")[:60] + b"\0" * 200, "image/heic", "a.heic", "corrupt_image"),
    "decompression_bomb_8000x8000": (lambda: blank_png(8000, 8000), "image/png", "a.png", "image_too_large"),
    "header_claims_100000x100000": (
        lambda: blank_png(100000, 100000, rows=1),
        "image/png",
        "a.png",
        "image_too_large",
    ),
    "tall_300x30000": (lambda: blank_png(300, 30000), "image/png", "a.png", "image_too_large"),
    "animated_png": (lambda: animated("PNG"), "image/png", "a.png", "unsupported_type"),
    "animated_webp": (lambda: animated("WEBP"), "image/webp", "a.webp", "unsupported_type"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_image_fails_the_draft_readably_and_writes_nothing(host, case):
    factory, content_type, filename, code = CASES[case]
    draft = upload(host, factory(), content_type=content_type, filename=filename)
    assert draft["status"] == "failed", draft
    assert draft["error"]["code"] == code
    assert draft["error"]["message"] and draft["items"] == []
    status, page = api(host, "GET", "/api/records")
    assert page["records"] == []


def test_an_empty_blob_or_one_bigger_than_declared_fails(host):
    assert upload(host, b"", declared=100)["error"]["code"] == "empty_file"
    big = b"\x89PNG\r\n\x1a\n" + b"\0" * (10 * MB)
    assert upload(host, big, declared=1000)["error"]["code"] == "too_large"
    assert api(host, "GET", "/api/records")[1]["records"] == []


@pytest.mark.parametrize(
    "body, status, code",
    [
        ({"filename": "a.png", "content_type": "image/png", "size": 10 * MB + 1}, 413, "too_large"),
        ({"filename": "a.png", "content_type": "image/png", "size": 0}, 400, "empty_file"),
        ({"filename": "a.gif", "content_type": "image/gif", "size": 100}, 415, "unsupported_type"),
        ({"filename": "bill.pdf", "content_type": "application/ofd", "size": 100}, 415, "unsupported_type"),
        ({"filename": "bill.docx", "content_type": "application/pdf", "size": 100}, 415, "unsupported_type"),
        ({"filename": "a.pdf", "content_type": "image/png", "size": 100}, 415, "unsupported_type"),
        ({"filename": "x.html", "content_type": "text/html", "size": 100}, 415, "unsupported_type"),
        ({"filename": "x.svg", "content_type": "image/svg+xml", "size": 100}, 415, "unsupported_type"),
        ({"filename": "setup.exe", "content_type": "image/png", "size": 100}, 415, "unsupported_type"),
        ({"filename": "a.png", "content_type": "image/jpeg", "size": 100}, 415, "unsupported_type"),
    ],
)
def test_refused_before_anything_is_created(host, body, status, code):
    before = [(d["id"], d["status"]) for d in api(host, "GET", "/api/drafts")[1]["drafts"]]
    answer_status, answer = api(host, "POST", "/api/uploads", body)
    assert (answer_status, answer["error"]["code"]) == (status, code)
    assert answer["error"]["message"]
    assert [(d["id"], d["status"]) for d in api(host, "GET", "/api/drafts")[1]["drafts"]] == before


def test_heic_from_an_iphone_is_read(host):
    import pillow_heif
    from PIL import Image

    from tests.fixtures.render import render_png

    pillow_heif.register_heif_opener()
    shot = render_png("wechat_detail", merchant="瑞幸咖啡", amount="23.90", occurred_at="2026-11-03 08:15:42")
    buffer = io.BytesIO()
    Image.open(io.BytesIO(shot)).save(buffer, "HEIF", quality=90)
    draft = upload(host, buffer.getvalue(), content_type="image/heic", filename="IMG_0001.HEIC")
    assert draft["status"] == "ready", draft["error"]
    assert draft["items"][0]["fields"]["amount"] == "23.90"


def test_a_failed_draft_can_still_be_filled_in_by_hand(host):
    draft = upload(host, PDF_WITH_JS)
    assert draft["status"] == "failed"
    by_hand = {"amount": "12.00", "occurred_at": "2026-11-03T09:00:00+08:00", "merchant": "便利店"}
    status, saved = api(host, "POST", f"/api/drafts/{draft['id']}/confirm", {"items": [{"fields": by_hand}]})
    assert status == 201 and saved["records"][0]["merchant"] == "便利店"
    status, body = api(host, "DELETE", f"/api/records/{saved['records'][0]['id']}")
    assert status == 200


@pytest.mark.parametrize("kind", ["pdf", "ofd", "xml"])
def test_an_e_invoice_goes_from_the_upload_to_a_confirmed_record(host, kind):
    from tests.fixtures.render import render_invoice_pdf
    from tests.recognize.test_documents import ofd, xml

    # Each kind is its own invoice: one invoice number is recorded once (the second upload would be refused).
    number = {"pdf": "26312000000123456781", "ofd": "26312000000123456782", "xml": "26312000000123456783"}[kind]
    fields = {"seller": "上海星巴克咖啡经营有限公司", "amount": "120.00", "invoice_no": number}
    data = {"pdf": lambda: render_invoice_pdf(**fields), "ofd": lambda: ofd(**fields), "xml": lambda: xml(**fields)}
    content_type = {"pdf": "application/pdf", "ofd": "application/ofd", "xml": "application/xml"}[kind]
    draft = upload(host, data[kind](), content_type=content_type, filename=f"发票.{kind}")
    assert draft["status"] == "ready", draft
    (item,) = draft["items"]
    assert (item["fields"]["amount"], item["fields"]["merchant"]) == ("120.00", "上海星巴克咖啡经营有限公司")
    status, saved = api(host, "POST", f"/api/drafts/{draft['id']}/confirm", {"items": [{"fields": item["fields"]}]})
    assert status == 201, saved
    assert saved["records"][0]["order_no"] == number
    assert saved["records"][0]["invoice"]["number"] == number


def test_a_pdf_declared_as_an_image_is_refused_as_the_wrong_type(host):
    from tests.fixtures.render import render_invoice_pdf

    draft = upload(host, render_invoice_pdf(), content_type="image/png", filename="shot.png")
    assert draft["status"] == "failed" and draft["error"]["code"] == "type_mismatch"
