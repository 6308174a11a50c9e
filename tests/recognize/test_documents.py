"""E-invoices as the tax system issues them besides PDF — OFD packages and the 数电票 XML — read from their own text
into one expense: 价税合计 the amount, the seller the merchant, the invoice number the order number."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from recognize import recognize
from recognize.errors import CorruptImage, ImageTooLarge, NoPaymentFound
from recognize.images import sniff
from tests.fixtures.einvoices import ofd, xml
from tests.fixtures.render import INVOICE_DEFAULTS

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize("make", [ofd, xml], ids=["ofd", "xml"])
def test_an_e_invoice_gives_its_total_with_tax_seller_date_and_number(make):
    data = make(seller="杭州西湖国宾馆有限公司", amount="856.00", goods="*旅游服务*住宿费")
    (item,) = recognize(data, engine="auto", now=NOW).items

    assert item.fields["amount"] == "856.00"  # never 金额 113.21 or 税额 6.79
    assert item.fields["merchant"] == "杭州西湖国宾馆有限公司"
    assert item.fields["direction"] == "expense"
    assert item.fields["occurred_at"].startswith("2026-11-03")
    assert item.fields["order_no"] == INVOICE_DEFAULTS["invoice_no"]
    assert item.confidence["amount"] >= 0.6


def test_the_formats_are_told_by_their_bytes():
    assert sniff(ofd()) == "ofd"
    assert sniff(xml()) == "xml"
    assert sniff(b"PK\x03\x04not an ofd") is None


def test_an_xml_that_is_no_invoice_is_no_payment():
    with pytest.raises(NoPaymentFound):
        recognize(b'<?xml version="1.0"?><note><to>mum</to></note>', engine="ocr", now=NOW)


def test_an_xml_with_entities_is_refused_before_anything_expands():
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><EInvoice>&a;</EInvoice>'
    with pytest.raises(CorruptImage):
        recognize(bomb, engine="ocr", now=NOW)


def test_an_ofd_that_inflates_past_the_limit_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("OFD.xml", "<OFD/>")
        package.writestr("Doc_0/Pages/Page_0/Content.xml", b"<a>" + b" " * (40 * 1024 * 1024) + b"</a>")
    with pytest.raises(ImageTooLarge):
        recognize(out.getvalue(), engine="ocr", now=NOW)


@pytest.mark.parametrize("kind", ["pdf", "ofd", "xml"])
def test_an_e_invoice_item_names_its_invoice_number_and_format(kind):
    from tests.fixtures import einvoices

    (item,) = recognize(getattr(einvoices, kind)(invoice_no="26312000000987654321"), engine="ocr", now=NOW).items
    # PDF and OFD print the title (电子发票（普通发票）); the XML says only its 20-digit 数电票 number.
    which = "digital" if kind == "xml" else "digital_normal"
    assert item.invoice == {"number": "26312000000987654321", "format": kind, "kind": which}
    assert item.to_dict()["invoice"] == item.invoice  # what a draft keeps


def test_a_payment_screenshot_item_is_no_invoice():
    from recognize.models import Item

    assert "invoice" not in Item(fields={"amount": "1.00"}).to_dict()
