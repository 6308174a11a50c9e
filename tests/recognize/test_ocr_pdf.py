"""PDF e-invoices: the text layer when it is sound, OCR of the rendered page when it is (cid:NN) garbage."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from recognize import ocr
from recognize.errors import CorruptImage, NoPaymentFound
from tests.fixtures.render import expected_invoice, render_invoice_pdf

pytest.importorskip("pdfplumber")
pytest.importorskip("pypdfium2")

COMPARED = ("direction", "amount", "currency", "occurred_at", "merchant", "platform", "payment_method", "order_no")


def read(data: bytes) -> dict:
    """The compared fields of the one invoice item."""
    (item,) = ocr.recognize(data).items
    return {name: item.fields[name] for name in COMPARED}


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"seller": "北京小桔科技有限公司", "amount": "1234.00", "goods": "*运输服务*客运服务费", "date": "2025-12-31"},
    ],
)
def test_text_layer_invoice(fields):
    assert read(render_invoice_pdf(**fields)) == expected_invoice(**fields)


def test_invoice_items_become_memo_and_category():
    (item,) = ocr.recognize(render_invoice_pdf()).items
    assert item.fields["memo"] == "*餐饮服务*餐费"
    assert item.fields["category"] == "餐饮"


def test_broken_text_layer_is_read_by_ocr():
    pytest.importorskip("rapidocr")
    fields = {"seller": "杭州海底捞餐饮有限公司", "amount": "356.00", "invoice_no": "26332000000987654321"}
    extraction = ocr.recognize(render_invoice_pdf(broken=True, **fields))
    assert "(cid:" not in extraction.raw_text
    assert extraction.warnings
    (item,) = extraction.items
    assert {name: item.fields[name] for name in COMPARED} == expected_invoice(**fields)


def hexed(text: str) -> bytes:
    """How render_invoice_pdf writes `text` into the content stream."""
    return text.encode("utf-16-be").hex().upper().encode()


def test_pdf_whose_total_lost_its_label_gives_the_figure_its_sum_row_adds_up_to():
    data = render_invoice_pdf(amount="120.00").replace(hexed("（小写）"), b"")
    (item,) = ocr.recognize(data).items
    assert item.fields["amount"] == "120.00"  # not the pre-tax 113.21 nor the tax 6.79
    # 金额 + 税额 of the 合计 row is that ¥ figure: two readings agree, so no check is asked for.
    assert item.confidence["amount"] >= 0.6
    assert item.evidence["amount"] == "pdf:sum"


def test_an_unlabelled_largest_figure_with_no_sum_row_is_marked_for_a_check():
    from recognize.ocr.pdf import parse_invoice

    item = parse_invoice("发票号码：26312000000123456789\n金额 ¥113.21\n价税合计 ¥120.00\n")
    assert item.fields["amount"] == "120.00"
    assert item.confidence["amount"] < 0.6  # shown with 请核对
    assert item.evidence["amount"] == "pdf:largest"


def test_pdf_without_any_total_is_no_payment():
    data = render_invoice_pdf().replace(hexed("（小写）"), b"").replace(hexed("¥"), b"")
    with pytest.raises(NoPaymentFound):
        read(data)


def test_truncated_pdf_is_corrupt():
    data = render_invoice_pdf()
    with pytest.raises(CorruptImage):
        read(data[: len(data) // 3])


OLD_LAYOUT = """电子普通发票 发票号码：51142414 开票日期：2019年07月20日
购 名 称：个人 密
买 纳税人识别号： 码
方 地址、电话： 区
*日用品*收纳盒 1 45.00
价税合计（大写）肆拾伍圆整 （小写）¥45.00
销 名 称：
售 纳税人识别号：91120116MA05JXXXXX
方 天津京东达业贸易有限公司
"""


def test_an_old_invoice_whose_seller_cell_read_one_glyph_takes_the_company_name_and_its_platform():
    from recognize.ocr.pdf import parse_invoice

    fields = parse_invoice(OLD_LAYOUT).fields
    assert fields["merchant"] == "天津京东达业贸易有限公司"  # not 密, the first glyph of 密码区
    assert fields["platform"] == "京东"
    assert fields["amount"] == "45.00"


# An older invoice whose text layer holds the printed form first and the filled-in values after it, made up in
# that shape: the labels are empty, the date is a bare 'YYYY MM DD', the seller's 开户行 is a bank company.
FORM_THEN_VALUES = """价税合计(大写) (小写)
名 称:
纳税人识别号:
开户行及账号:
发票代码:
发票号码:
开票日期: 年 月 日
购
名 称:
012001900111
天津增值税电子普通发票
51142414
国家税务总局 2026 10 20
机器编号: 661911908051
个人 0696/79+6663/1*8*0462405794
*其他食品*臭豆腐 3 16.72 50.18 13% 6.52
¥47.26 ¥6.14
伍拾叁圆肆角 ¥53.40
天津京东达业贸易有限公司 订单号:100068586537
91120110MA06J3WLX8
中国银行股份有限公司天津滨海城市广场支行 280487613780
"""


def test_an_old_invoice_printed_form_first_reads_the_bare_date_and_not_the_sellers_bank():
    from recognize.ocr.pdf import parse_invoice

    item = parse_invoice(FORM_THEN_VALUES, now=datetime(2026, 11, 3, tzinfo=ZoneInfo("Asia/Shanghai")))
    assert item.fields["merchant"] == "天津京东达业贸易有限公司"  # not 中国银行股份有限公司, its 开户行
    assert item.fields["platform"] == "京东"
    assert item.fields["occurred_at"] == "2026-10-20T00:00:00+08:00"
    assert item.confidence["occurred_at"] < 0.6  # found by its shape alone: marked


def test_the_press_that_printed_a_paper_invoice_is_never_its_seller():
    from recognize.ocr.pdf import parse_invoice

    text = OLD_LAYOUT + "北京中钞光华印制有限公司\n"
    assert parse_invoice(text).fields["merchant"] == "天津京东达业贸易有限公司"


def test_two_bare_dates_are_no_date():
    from recognize.ocr.pdf import parse_invoice

    text = FORM_THEN_VALUES.replace("机器编号: 661911908051", "2026 10 21")
    assert parse_invoice(text).fields["occurred_at"] is None


LEGACY = """天津增值税电子普通发票 发票代码：012001800211
发票号码：23326471 开票日期：2019年07月20日
价税合计（大写）肆拾伍圆整 （小写）¥45.00
销 名 称：滴滴出行科技有限公司
"""


@pytest.mark.parametrize(
    ("text", "number", "kind"),
    [
        # An older 增值税 invoice: its 8-digit 号码 repeats under other 代码, so the two together are its key.
        (LEGACY, "01200180021123326471", "legacy_normal"),
        (LEGACY.replace("012001800211", "1100191130"), "110019113023326471", "legacy_normal"),
        (LEGACY.replace("电子普通发票", "专用发票"), "01200180021123326471", "legacy_special"),
        (
            "电子发票（普通发票） 发票号码：26312000000123456789\n（小写）¥45.00\n",
            "26312000000123456789",
            "digital_normal",
        ),
        (
            "电子发票(增值税专用发票) 发票号码:26312000000123456789\n（小写）¥45.00\n",
            "26312000000123456789",
            "digital_special",
        ),
        ("发票号码：26312000000123456789\n（小写）¥45.00\n", "26312000000123456789", "digital"),
    ],
)
def test_an_invoice_is_keyed_by_its_code_and_number_and_says_which_kind_it_is(text, number, kind):
    from recognize.ocr.pdf import parse_invoice

    assert parse_invoice(text).invoice == {"number": number, "format": "pdf", "kind": kind}


def test_an_invoice_without_a_title_or_code_has_no_kind():
    from recognize.ocr.pdf import parse_invoice

    assert parse_invoice("发票号码：51142414\n（小写）¥45.00\n").invoice == {"number": "51142414", "format": "pdf"}
