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
