"""Invoice pictures read by where their blocks sit, on hand-made OCR boxes: the seller is the company of the 销售方
block (below 价税合计 on the older form, the right column on the 数电票), a wrapped name is joined, the buyer is
never the seller, a 代开 invoice's seller is the 备注's company, and the 价税合计 is the amount even when only its
金额 and 税额 were read. Plus what the text of older and toll invoices says (time, order number)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from recognize.ocr.geometry import Box, Page
from recognize.ocr.invoice import parse_invoice_page
from recognize.ocr.pdf import parse_invoice

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
H = 20  # text height in pixels


def page(*lines: tuple[str, float, float]) -> Page:
    """A 1400×1000 page of boxes (text, x, y): each box as wide as its characters."""
    boxes = [Box(text, 0.95, x, y, x + H * len(text), y + H) for text, x, y in lines]
    return Page(boxes, 1400, 1000)


HEAD = (
    ("发票代码:044031800104", 900, 40),
    ("深圳增值税普通发票", 500, 60),
    ("发票号码:41108527", 900, 70),
    ("开票日期:", 900, 100),
    ("2026年11月03日", 1000, 100),
)
ITEMS = (
    ("货物或应税劳务、服务名称", 100, 300),
    ("金额", 900, 300),
    ("税额", 1200, 300),
    ("*日用杂品*收纳盒", 100, 330),
    ("96.72", 900, 330),
    ("15.48", 1200, 330),
)
BUYER_COMPANY = (("名称:深圳市华云中盛科技有限公司", 150, 150), ("纳税人识别号:", 150, 180))


def older_form(*seller_block, total=(("(小写)", 900, 560), ("¥112.20", 1000, 560))) -> Page:
    """The older paper form: buyer above the items, the 合计 row, 价税合计, the seller's block, 收款人."""
    return page(
        *HEAD,
        *BUYER_COMPANY,
        *ITEMS,
        ("¥96.72", 900, 520),
        ("¥15.48", 1200, 520),
        ("价税合计(大写)", 100, 560),
        *total,
        *seller_block,
        ("收款人:", 100, 800),
        ("开票人:", 700, 800),
    )


def test_the_seller_below_the_total_is_the_merchant_and_the_buyer_company_never_is():
    item = parse_invoice_page(
        older_form(("南山区海岸城鲜果百货商行", 200, 620), ("92440300L08175019R", 200, 650)), now=NOW
    )

    assert item.fields["merchant"] == "南山区海岸城鲜果百货商行"
    assert item.fields["amount"] == "112.20"


def test_without_the_small_figure_the_total_is_net_plus_tax_marked_for_a_check():
    item = parse_invoice_page(older_form(("南山区海岸城鲜果百货商行", 200, 620), total=()), now=NOW)

    assert item.fields["amount"] == "112.20"  # never the 96.72 before tax
    assert item.confidence["amount"] < 0.6


def test_net_plus_tax_agreeing_with_the_capitals_needs_no_check():
    item = parse_invoice_page(
        older_form(("南山区海岸城鲜果百货商行", 200, 620), total=(("壹佰壹拾贰圆贰角整", 400, 560),)), now=NOW
    )

    assert item.fields["amount"] == "112.20"
    assert item.confidence["amount"] >= 0.6


def test_a_seller_block_whose_name_did_not_read_leaves_the_merchant_blank():
    item = parse_invoice_page(older_form(("纳税人识别号:92440300L08175019R", 200, 650)), now=NOW)

    assert item.fields["merchant"] is None  # not the buyer's company, the only one on the page


def test_a_name_wrapped_onto_a_second_line_is_joined():
    item = parse_invoice_page(
        older_form(
            ("名称:重庆两江新区智慧城市运", 200, 620), ("营管理有限公司", 290, 634), ("纳税人识别号:", 200, 660)
        ),
        now=NOW,
    )

    assert item.fields["merchant"] == "重庆两江新区智慧城市运营管理有限公司"
    assert item.confidence["merchant"] < 0.6  # a joined name is shown for a check


def test_the_digital_invoice_seller_is_the_right_hand_column():
    item = parse_invoice_page(
        page(
            ("电子发票(普通发票)", 500, 40),
            ("发票号码:26312000000123456789", 900, 40),
            ("开票日期:2026年11月03日", 900, 70),
            ("购买方信息", 60, 120),
            ("销售方信息", 720, 120),
            ("名称:上海云帆信息技术有限公司", 100, 150),
            ("名称:武汉东湖高新区光谷科创", 760, 150),
            ("企业服务有限公司", 840, 166),
            ("统一社会信用代码/纳税人识别号:", 760, 190),
            *ITEMS,
            ("价税合计(大写)", 100, 560),
            ("(小写)¥112.20", 900, 560),
        ),
        now=NOW,
    )

    assert item.fields["merchant"] == "武汉东湖高新区光谷科创企业服务有限公司"
    assert item.fields["order_no"] == "26312000000123456789"  # a 数电票's number names one invoice


def test_a_tax_office_issuing_for_a_seller_gives_the_seller_in_the_remark():
    item = parse_invoice_page(
        older_form(
            ("名称:国家税务总局深圳市南山区税务局", 200, 620),
            ("(代开机关)", 200, 650),
            ("备注", 800, 620),
            ("代开企业名称:深圳市腾讯计算机系统有限", 860, 620),
            ("公司", 870, 636),
        ),
        now=NOW,
    )

    assert item.fields["merchant"] == "深圳市腾讯计算机系统有限公司"
    assert item.confidence["merchant"] < 0.6


def test_a_tax_office_invoice_whose_remark_did_not_read_has_no_merchant():
    item = parse_invoice_page(
        older_form(("名称:南山区自助代开点一", 200, 620), ("(代开机关)", 200, 650)),
        now=NOW,
    )

    assert item.fields["merchant"] is None  # the office is not who was paid


def test_an_invoice_issued_by_a_platforms_shop_names_the_platform_marked():
    item = parse_invoice_page(
        older_form(("名称:天津瑞佳讯贸易有限公司", 200, 620), ("开票人:京东商城", 700, 830)), now=NOW
    )

    assert item.fields["platform"] == "京东"
    assert item.confidence["platform"] < 0.6


def test_an_older_invoice_number_is_no_order_number_but_stays_its_key():
    item = parse_invoice_page(older_form(("南山区海岸城鲜果百货商行", 200, 620)), now=NOW)

    assert item.fields["order_no"] is None  # 41108527 repeats under other 发票代码
    assert item.invoice["number"] == "04403180010441108527"


TOLL = """湖北增值税电子普通发票 发票代码:042001700112
发票号码:11162913
开票日期:2026年10月23日
项目名称 车牌号 类型 通行日期起 通行日期止 金 额 税率 税 额
*经营租赁*通行费 鄂A12345 货车 20260912 20260913 184.65 3% 5.54
合 计 ￥184.65 ￥5.54
价税合计（大写） 壹佰玖拾元零壹角玖分 （小写） ￥190.19
名 称:武汉某物流有限公司
名 称:湖北楚天智能交通股份有限公司
"""


def test_a_toll_invoice_is_dated_by_its_first_travel_day():
    item = parse_invoice(TOLL, now=NOW)

    assert item.fields["occurred_at"].startswith("2026-09-12")  # not the 开票日期 of 10-23
    assert item.fields["amount"] == "190.19"
    assert item.fields["order_no"] is None
