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
from tests.fixtures.einvoices import ofd, ofd_custom_data, ofd_custom_tag, xml
from tests.fixtures.render import INVOICE_DEFAULTS, invoice_lines

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
    # PDF and OFD print the title (电子发票（普通发票）); the XML says it in its GeneralOrSpecialVAT label.
    assert item.invoice == {
        "number": "26312000000987654321",
        "format": kind,
        "kind": "digital_normal",
        "buyer": "个人",  # a person's invoice: no buyer tax ID is printed
        "tax": "6.79",
    }
    assert item.to_dict()["invoice"] == item.invoice  # what a draft keeps


def test_a_payment_screenshot_item_is_no_invoice():
    from recognize.models import Item

    assert "invoice" not in Item(fields={"amount": "1.00"}).to_dict()


@pytest.mark.parametrize(
    ("labels", "kind"),
    [
        ("special", "digital_special"),  # 01 增值税专用发票: a 数电 专票, not an older 增值税专用发票
        ("normal", "digital_normal"),  # 02 普通发票
        (None, "digital"),  # the labels left empty (as ride-hailing platforms issue them): only the number says 数电
    ],
)
def test_an_xml_invoice_says_which_kind_it_is_by_its_vat_label(labels, kind):
    (item,) = recognize(xml(labels=labels), engine="ocr", now=NOW).items
    assert item.invoice["kind"] == kind
    assert item.fields["amount"] == "120.00"


def _page_without(*words: str) -> list:
    return [line for line in invoice_lines(INVOICE_DEFAULTS) if not any(w in line[3] for w in words)]


def test_an_ofd_carrying_the_invoice_xml_reads_its_kind_from_it():
    # The page's title is not text (drawn as a picture): the embedded 数电票 XML still says it is a 专票.
    attached = {"Doc_0/Attachs/original_invoice.xml": xml(labels="special").decode()}
    (item,) = recognize(ofd(lines=_page_without("电子发票（"), members=attached), engine="ocr", now=NOW).items
    assert item.invoice["kind"] == "digital_special"
    assert item.fields["amount"] == "120.00"


def test_an_ofds_custom_tags_give_the_total_its_page_prints_without_the_small_figure_label():
    lines = _page_without("小写") + [(30, 290, 9, "价税合计（大写） 壹佰贰拾圆整"), (480, 290, 9, "¥120.00")]
    tag = ofd_custom_tag(InvoiceNo=11, TaxInclusiveTotalAmount=10 + len(lines) - 1)
    (item,) = recognize(ofd(lines=lines, members={"Doc_0/Tags/CustomTag.xml": tag}), engine="ocr", now=NOW).items

    assert item.fields["amount"] == "120.00"
    assert item.evidence["amount"] == "ofd:total"  # read as the 价税合计, not guessed as the largest ¥ figure
    assert item.confidence["amount"] >= 0.9
    extraction = recognize(ofd(lines=lines, members={"Doc_0/Tags/CustomTag.xml": tag}), engine="ocr", now=NOW)
    assert str(10 + len(lines) - 1) not in extraction.raw_text.splitlines()  # an ObjectRef is an ID, never a value


def test_an_ofds_custom_data_gives_the_invoice_number_its_page_does_not_print_as_text():
    named = ofd_custom_data(
        发票号码="25422000000003570205", 合计税额="6.79", 合计金额="113.21", 开票日期="2026年11月03日"
    )
    data = ofd(lines=_page_without("发票号码"), members={"OFD.xml": named})
    (item,) = recognize(data, engine="ocr", now=NOW).items

    assert item.invoice["number"] == "25422000000003570205"
    assert item.fields["amount"] == "120.00"  # never 合计金额 (before tax) or 合计税额


def test_an_ofd_whose_attachment_or_tags_are_unreadable_is_still_read_from_its_page():
    broken = {"Doc_0/Attachs/notes.xml": "<not closed", "Doc_0/Tags/CustomTag.xml": "<!DOCTYPE x><eInvoice/>"}
    (item,) = recognize(ofd(members=broken), engine="ocr", now=NOW).items
    assert item.fields["amount"] == "120.00"
    assert item.invoice["number"] == INVOICE_DEFAULTS["invoice_no"]


COMPANY = {"buyer": "上海云杉信息科技有限公司", "buyer_tax_id": "91310115MA1H7A2B5Q"}


@pytest.mark.parametrize("kind", ["pdf", "ofd", "xml"])
def test_an_e_invoice_keeps_its_buyer_and_tax_id_and_its_tax_to_the_cent(kind):
    from tests.fixtures import einvoices

    data = getattr(einvoices, kind)(amount="856.00", **COMPANY)
    (item,) = recognize(data, engine="ocr", now=NOW).items

    assert item.invoice["buyer"] == "上海云杉信息科技有限公司"
    assert item.invoice["buyer_tax_id"] == "91310115MA1H7A2B5Q"  # never the seller's 91310000MA1FL12345
    assert item.invoice["tax"] == "48.45"  # 856.00 = 807.55 + 48.45, two decimals exactly
    assert item.fields["merchant"] == INVOICE_DEFAULTS["seller"]  # the buyer is never taken for the merchant
    assert item.fields["amount"] == "856.00"


def test_an_ofds_custom_data_gives_the_buyer_tax_id_and_the_tax_its_page_lacks():
    named = ofd_custom_data(
        发票号码="25422000000003570205", 合计税额="6.79", 合计金额="113.21", 购买方纳税人识别号="91310115MA1H7A2B5Q"
    )
    data = ofd(lines=_page_without("合    计"), members={"OFD.xml": named})
    (item,) = recognize(data, engine="ocr", now=NOW).items

    assert item.invoice["tax"] == "6.79"
    assert item.invoice["buyer_tax_id"] == "91310115MA1H7A2B5Q"
    assert item.fields["amount"] == "120.00"


def test_a_tax_that_does_not_add_up_to_the_total_is_left_out():
    lines = [line for line in invoice_lines(INVOICE_DEFAULTS) if not line[3].startswith("合    计")]
    lines.append((30, 260, 9, "合    计                                  ¥113.21              ¥9.79"))
    (item,) = recognize(ofd(lines=lines), engine="ocr", now=NOW).items
    assert "tax" not in item.invoice  # 113.21 + 9.79 is not 120.00: a misread figure is not kept
    assert item.fields["amount"] == "120.00"


BLUE = "26312000000123400001"


@pytest.mark.parametrize("kind", ["pdf", "ofd", "xml"])
def test_a_red_credit_note_is_a_refund_of_its_positive_amount_naming_the_invoice_it_reverses(kind):
    from tests.fixtures import einvoices

    data = getattr(einvoices, kind)(invoice_no="26312000000123409999", credit_of=BLUE)
    (item,) = recognize(data, engine="ocr", now=NOW).items

    assert item.fields["direction"] == "refund"  # money back, not spending
    assert item.fields["amount"] == "120.00"  # printed ¥-120.00
    assert item.invoice["credit_note"] is True
    assert item.invoice["reverses"] == BLUE
    assert item.invoice["number"] == "26312000000123409999"
    assert item.invoice["tax"] == "6.79"


def test_an_xml_credit_note_is_told_by_its_blue_flag_even_without_a_negative_total():
    blue_flag_n = xml(credit_of=BLUE).decode().replace("-120.00", "120.00").replace("（负数）", "")
    blue_flag_n = blue_flag_n.replace(f"被红冲蓝字数电票号码：{BLUE} 红字发票信息确认单编号：31011526110300012345", "")
    (item,) = recognize(blue_flag_n.encode(), engine="ocr", now=NOW).items
    assert item.fields["direction"] == "refund"
    assert item.invoice["reverses"] == BLUE  # from SpecificInformation/RedEInvoice/OriginalInvoiceCode


def test_an_older_red_invoice_names_the_code_and_number_it_reverses():
    lines = invoice_lines({**INVOICE_DEFAULTS, "credit_of": BLUE})[:-1]
    lines.append((80, 330, 8, "对应正数发票代码:031001900111号码:12345678"))
    (item,) = recognize(ofd(lines=lines), engine="ocr", now=NOW).items
    assert item.fields["direction"] == "refund"
    assert item.invoice["reverses"] == "03100190011112345678"  # the older invoice's key: its code and its number


def test_an_ordinary_invoice_is_no_credit_note():
    (item,) = recognize(xml(), engine="ocr", now=NOW).items
    assert item.fields["direction"] == "expense"
    assert "credit_note" not in item.invoice and "reverses" not in item.invoice
