"""An e-invoice sent as a picture (a PDF viewer screenshot, a scan) is read as an invoice by the real OCR engine:
价税合计 is the amount, never 金额 or 税额, and the seller is the merchant, never an item line."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from recognize import ocr
from tests.fixtures.render import INVOICE_DEFAULTS, render_invoice_image

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def png(**fields) -> bytes:
    out = io.BytesIO()
    render_invoice_image({**INVOICE_DEFAULTS, **fields}).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("seller", "amount", "goods"),
    [
        ("上海星巴克咖啡经营有限公司", "120.00", "*餐饮服务*餐费"),
        ("杭州西湖国宾馆有限公司", "856.00", "*旅游服务*住宿费"),
    ],
)
def test_an_invoice_picture_gives_the_total_with_tax_and_the_seller(seller, amount, goods):
    (item,) = ocr.recognize(png(seller=seller, amount=amount, goods=goods), now=NOW).items

    assert item.fields["amount"] == amount
    assert item.fields["merchant"] == seller
    assert item.fields["direction"] == "expense"
    assert item.fields["occurred_at"].startswith("2026-11-03")
    assert item.fields["order_no"] == INVOICE_DEFAULTS["invoice_no"]
    assert item.evidence["amount"] == "invoice:total"


def test_an_invoice_picture_keeps_the_buyer_and_the_tax():
    (item,) = ocr.recognize(png(buyer="上海云杉信息科技有限公司", amount="856.00"), now=NOW).items

    assert item.invoice["buyer"] == "上海云杉信息科技有限公司"
    assert item.invoice["tax"] == "48.45"
    assert item.fields["merchant"] == INVOICE_DEFAULTS["seller"]


def test_a_red_invoice_picture_is_a_refund_naming_the_invoice_it_reverses():
    (item,) = ocr.recognize(png(credit_of="26312000000123400001"), now=NOW).items

    assert item.fields["direction"] == "refund"
    assert item.fields["amount"] == "120.00"
    assert item.invoice["reverses"] == "26312000000123400001"


def test_a_red_seal_pressed_over_the_sellers_name_does_not_lose_it():
    from PIL import Image, ImageDraw

    image = render_invoice_image({**INVOICE_DEFAULTS, "seller": "杭州西湖国宾馆有限公司"})
    draw = ImageDraw.Draw(image, "RGBA")
    seal = (220, 40, 40, 170)  # seal ink lets the print under it show through
    for n in range(3):  # a seal's rings and star, right across the 名称 line of the seller's block
        draw.ellipse((690 - 20 * n, 140 - 20 * n, 850 + 20 * n, 290 + 20 * n), outline=seal, width=7)
    draw.polygon([(770, 180), (790, 240), (740, 205), (800, 205), (750, 240)], fill=seal)
    out = io.BytesIO()
    image.save(out, "PNG")

    (item,) = ocr.recognize(out.getvalue(), now=NOW).items
    assert item.fields["merchant"] == "杭州西湖国宾馆有限公司"
    red, green, _ = Image.open(io.BytesIO(out.getvalue())).getpixel((850, 215))
    assert red - green > 80  # the seal is in the file the engine read


def test_taking_the_seal_off_keeps_black_text_and_the_forms_brown_captions():
    # Red ink passes red light: seen through the red channel, the seal is light and what lies under it dark.
    from PIL import Image, ImageDraw

    from recognize.ocr.colour import without_stamp

    image = Image.new("RGB", (400, 200), (253, 252, 248))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 120, 40), fill=(34, 34, 34))  # text
    draw.rectangle((20, 60, 120, 80), fill=(160, 82, 45))  # a brown caption (销售方)
    draw.ellipse((200, 20, 380, 180), outline=(220, 40, 40), width=10)  # the seal
    cleaned = without_stamp(image)

    assert cleaned.getpixel((290, 25)) == (220, 220, 220)  # the ring: light grey, no longer a stroke to read
    assert cleaned.getpixel((60, 30)) == (34, 34, 34)
    assert cleaned.getpixel((60, 70)) == (160, 82, 45)
    assert without_stamp(Image.new("RGB", (400, 200), "white")) is None  # nothing to take off
