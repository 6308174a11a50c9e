"""The layout rules on hand-made OCR boxes: rows, pairs, status bar, lists, generic fallback (no model needed)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from recognize.errors import NoPaymentFound
from recognize.ocr.geometry import Box, Page, group_rows
from recognize.ocr.labels import find_pairs
from recognize.ocr.parse import parse

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
WIDTH, HEIGHT = 540, 1200


def box(text: str, x0: float, y0: float, x1: float, y1: float, score: float = 0.99) -> Box:
    """A box as rapidocr reports it."""
    return Box(text, score, x0, y0, x1, y1)


def line(y: float, *parts: tuple[str, float, float], h: float = 28) -> list[Box]:
    """Boxes on one text line at height y: (text, x0, x1) each."""
    return [box(text, x0, y, x1, y + h) for text, x0, x1 in parts]


def status_bar(clock: str = "9:41") -> list[Box]:
    """The phone's clock and battery."""
    return [box(clock, 28, 9, 79, 35), box("5G", 390, 12, 450, 33), box("87", 460, 12, 486, 29)]


def read(boxes: list[Box]) -> list[dict]:
    """Parse boxes into item fields."""
    return [item.fields for item in parse(Page(boxes, WIDTH, HEIGHT), now=NOW)]


def test_a_tall_logo_does_not_glue_a_name_to_its_time_line():
    boxes = [
        box("美", 29, 275, 92, 339),
        box("美团外卖", 104, 274, 200, 305),
        box("-32.50", 444, 275, 519, 304),
        box("11月3日12:34", 106, 317, 225, 339),
    ]
    rows = [[b.text for b in row.boxes] for row in group_rows(boxes)]
    assert rows == [["美团外卖", "-32.50"], ["美"], ["11月3日12:34"]]


def test_label_merged_with_its_value_is_split():
    boxes = [
        *line(400, ("支付时间2026年11月3日 12:34:56", 30, 400)),
        *line(460, ("交易单号", 30, 120), ("4200", 160, 400)),
    ]
    pairs = find_pairs(Page(boxes, WIDTH, HEIGHT))
    assert [(p.role, p.label, p.value) for p in pairs] == [
        ("time", "支付时间", "2026年11月3日 12:34:56"),
        ("order", "交易单号", "4200"),
    ]


def test_wrapped_order_number_is_joined():
    boxes = [*line(700, ("交易单号", 30, 120), ("42000019882026100908050700", 166, 510)), box("01", 166, 732, 190, 756)]
    pairs = find_pairs(Page(boxes, WIDTH, HEIGHT))
    assert pairs[0].value == "4200001988202610090805070001"


def detail_page(clock: str = "23:47") -> list[Box]:
    """A WeChat bill detail page as boxes."""
    return [
        *status_bar(clock),
        box("账单详情", 214, 60, 324, 93),
        box("星巴克", 230, 232, 309, 263),
        box("-128.50", 172, 293, 367, 345),
        *line(410, ("当前状态", 34, 124), ("支付成功", 164, 256)),
        *line(465, ("支付时间", 33, 123), ("2026年11月3日12:34:56", 166, 401)),
        *line(571, ("商户全称", 32, 124), ("星巴克企业管理(中国)有限公司", 167, 456)),
        *line(679, ("支付方式", 32, 124), ("招商银行信用卡(6789)", 166, 376)),
        *line(735, ("交易单号", 33, 121), ("4200002345202611031234567890", 167, 495)),
        *line(788, ("商户单号", 33, 123), ("SB20261103123456001", 165, 395)),
    ]


def test_detail_page_fields():
    (fields,) = read(detail_page())
    assert fields == {
        "direction": "expense",
        "amount": "128.50",
        "currency": "CNY",
        "occurred_at": "2026-11-03T12:34:56+08:00",
        "merchant": "星巴克",
        "platform": "微信支付",
        "payment_method": "招商银行信用卡(6789)",
        "category": "餐饮",
        "memo": None,
        "order_no": "4200002345202611031234567890",
    }


def test_status_bar_is_not_read_as_time_or_amount():
    # Without any date on the page, the clock 12:34 and battery 87 must not become the payment.
    boxes = [b for b in detail_page("12:34") if "2026年" not in b.text and b.text != "支付时间"]
    (fields,) = read(boxes)
    assert fields["occurred_at"] is None
    assert fields["amount"] == "128.50"


def test_page_without_money_is_no_payment():
    boxes = [*status_bar(), box("设置", 240, 60, 300, 93), *line(200, ("关于微信", 20, 130), ("版本8.0.54", 380, 520))]
    with pytest.raises(NoPaymentFound):
        read(boxes)


def test_unknown_layout_falls_back_to_the_largest_marked_amount():
    boxes = [
        *status_bar(),
        box("某某便利店", 40, 120, 200, 150),
        *line(200, ("合计", 30, 90), ("¥12.00", 400, 500)),
        *line(260, ("找零", 30, 90), ("3", 480, 500)),
        box("2026/10/01 08:00", 30, 320, 260, 348),
    ]
    (fields,) = read(boxes)
    assert (fields["amount"], fields["direction"], fields["merchant"]) == ("12.00", "expense", "某某便利店")
    assert fields["occurred_at"] == "2026-10-01T08:00:00+08:00"


def test_bill_list_summary_line_is_not_an_item():
    boxes = [
        *status_bar(),
        box("全部账单", 21, 119, 135, 147),
        box("支出¥61.00 收入¥228.00", 21, 207, 227, 232),
        *line(274, ("美团外卖", 104, 200), ("-32.50", 444, 519), h=30),
        box("11月3日12:34", 106, 317, 225, 339),
        *line(383, ("转账-来自张三", 104, 250), ("+200.00", 426, 517), h=30),
        box("昨天 18:20", 106, 425, 225, 447),
    ]
    items = read(boxes)
    assert [(i["merchant"], i["amount"], i["direction"], i["occurred_at"]) for i in items] == [
        ("美团外卖", "32.50", "expense", "2026-11-03T12:34:00+08:00"),
        ("张三", "200.00", "income", "2026-11-25T18:20:00+08:00"),
    ]
    assert {i["platform"] for i in items} == {"微信支付"}


def test_date_far_from_today_keeps_its_value_with_low_confidence():
    boxes = [b if "2026年" not in b.text else box("2016年11月3日12:34:56", 166, 465, 401, 493) for b in detail_page()]
    (item,) = parse(Page(boxes, WIDTH, HEIGHT), now=NOW)
    assert item.fields["occurred_at"] == "2016-11-03T12:34:56+08:00"
    assert item.confidence["occurred_at"] < 0.5 < item.confidence["amount"]


def test_transfer_you_sent_is_a_transfer_even_when_the_other_side_received_it():
    boxes = [
        *status_bar(),
        box("账单详情", 214, 60, 324, 93),
        box("王五", 240, 232, 300, 263),
        box("-500.00", 172, 293, 367, 345),
        *line(410, ("当前状态", 34, 124), ("对方已收款", 164, 290)),
        *line(465, ("转账时间", 33, 123), ("2026年11月3日12:34:56", 166, 401)),
        *line(520, ("支付方式", 33, 123), ("零钱", 166, 220)),
    ]
    (fields,) = read(boxes)
    assert (fields["direction"], fields["merchant"], fields["payment_method"]) == ("transfer", "王五", "零钱")


def test_a_column_of_signed_amounts_is_a_list_even_when_the_names_did_not_read():
    boxes = [
        *status_bar(),
        box("全部账单", 21, 119, 135, 147),
        box("2024年7月", 21, 190, 140, 215),
        *line(274, ("+15.00", 440, 519), h=30),
        *line(354, ("-100.00", 430, 519), h=30),
        *line(434, ("-44.50", 445, 518), h=30),
    ]
    items = read(boxes)
    assert [(i["amount"], i["direction"], i["merchant"]) for i in items] == [
        ("15.00", "income", None),
        ("100.00", "expense", None),
        ("44.50", "expense", None),
    ]


def test_an_unsigned_row_among_signed_ones_is_a_move_between_own_pots():
    """Alipay prints 余额宝-自动转入 232.10 without a sign among signed payments: a transfer of one's own money."""
    boxes = [
        *status_bar(),
        box("账单", 21, 119, 135, 147),
        *line(274, ("余额宝-自动转入", 104, 250), ("232.10", 444, 519), h=30),
        box("11月3日22:59", 106, 317, 225, 339),
        *line(383, ("星巴克", 104, 180), ("-25.26", 444, 519), h=30),
        box("11月3日19:33", 106, 425, 225, 447),
        *line(492, ("肯德基", 104, 180), ("-8.00", 456, 519), h=30),
        box("11月2日12:10", 106, 534, 225, 556),
        *line(601, ("某某网店", 104, 200), ("66.00", 450, 519), h=30),
        box("11月1日09:30", 106, 643, 225, 665),
        # Paying off a month's 花呗 bill: a row, not the month's summary (月账单), and a move of one's own money.
        *line(710, ("花", 30, 80), ("花呗-10月账单自动还款", 104, 300), ("19.17", 450, 519), h=30),
        box("11月1日08:00", 106, 752, 225, 774),
    ]
    items = parse(Page(boxes, WIDTH, HEIGHT), now=NOW)
    got = [(i.fields["merchant"], i.fields["amount"], i.fields["direction"]) for i in items]
    assert got == [
        ("余额宝", "232.10", "transfer"),
        ("星巴克", "25.26", "expense"),
        ("肯德基", "8.00", "expense"),
        ("某某网店", "66.00", "transfer"),
        ("花呗", "19.17", "transfer"),
    ]
    assert items[0].confidence["direction"] >= 0.6  # its name says it is a move
    assert items[4].confidence["direction"] >= 0.6
    assert items[3].confidence["direction"] < 0.6  # no sign and no such name: only likely, marked


def test_one_signed_amount_alone_is_not_a_list():
    boxes = [*status_bar(), box("全部账单", 21, 119, 135, 147), *line(274, ("-12.00", 440, 519), h=30)]
    assert len(read(boxes)) == 1


def test_the_category_an_alipay_page_prints_is_the_category():
    boxes = [
        *status_bar(),
        box("账单详情", 214, 60, 324, 93),
        box("上海地铁", 220, 232, 320, 263),
        box("-4.00", 200, 293, 340, 345),
        *line(410, ("交易状态", 34, 124), ("交易成功", 164, 256)),
        *line(465, ("支付时间", 33, 123), ("2026-11-03 08:15:00", 166, 401)),
        *line(520, ("付款方式", 32, 124), ("余额宝", 167, 256)),
        *line(575, ("交易分类", 32, 124), ("交通出行", 167, 276)),
        *line(630, ("账单管理", 32, 124)),
    ]
    (item,) = parse(Page(boxes, WIDTH, HEIGHT), now=NOW)
    assert item.fields["category"] == "交通"
    assert item.evidence["category"] == "detail:printed"


def detail(*rows: tuple[str, str], title: str = "账单详情", amount: str = "-45.89") -> list[Box]:
    """A detail page: a title, one big amount, then label/value rows."""
    boxes = [*status_bar(), *line(120, (title, 200, 340)), box(amount, 170, 220, 370, 290)]
    for index, (label, value) in enumerate(rows):
        boxes += line(360 + 60 * index, (label, 30, 150), (value, 300, 510))
    return boxes


@pytest.mark.parametrize(
    ("method", "platform"),
    [("零钱", "微信支付"), ("余额宝", "支付宝"), ("花呗", "支付宝"), ("多多支付", "拼多多"), ("白条", "京东")],
)
def test_a_wallet_names_the_app_it_belongs_to(method, platform):
    fields = read(detail(("收款方", "永辉超市"), ("交易时间", "2026-11-03 12:34:56"), ("扣款方式", method)))[0]
    assert fields["platform"] == platform


def test_a_bank_card_alone_names_no_app_shown_by_every_app():
    page = detail(("收款方", "永辉超市"), ("交易时间", "2026-11-03 12:34:56"), ("扣款方式", "招商银行信用卡(6789)"))
    assert read(page)[0]["platform"] is None


def test_on_a_bank_apps_own_page_the_cards_bank_drew_it_not_the_channel_in_the_counterparty():
    page = detail(
        ("对方户名", "支付宝-饿了么"),
        ("交易类型", "网上支付"),
        ("交易卡号", "工银信用卡(4218)"),
        ("交易时间", "2026-11-03 08:22:05"),
        ("账户余额", "¥63,438.32"),
        title="交易详情",
    )
    fields = read(page)[0]
    assert (fields["platform"], fields["payment_method"]) == ("工商银行", "工银信用卡(4218)")


@pytest.mark.parametrize(
    ("card", "bank"),
    [("龙卡信用卡(3301)", "建设银行"), ("中国银行借记卡(8812)", "中国银行"), ("农行借记卡(0219)", "农业银行")],
)
def test_every_large_banks_own_app_page_is_that_bank(card, bank):
    page = detail(
        ("对方户名", "永辉超市"),
        ("交易卡号", card),
        ("交易时间", "2026-11-03 08:22:05"),
        ("账户余额", "¥3,438.32"),
        title="交易详情",
    )
    assert read(page)[0]["platform"] == bank


def test_the_other_sides_bank_on_a_transfer_never_names_the_app():
    page = detail(
        ("收款户名", "王芳"),
        ("收款银行", "中国银行"),
        ("收款账号", "6217 **** **** 3447"),
        ("付款账户", "工银借记卡(3886)"),
        ("转账时间", "2026-11-03 08:22:05"),
        title="转账结果",
    )
    assert read(page)[0]["platform"] == "工商银行"


def test_a_credit_card_repayment_is_paid_to_the_card_in_the_banks_app():
    page = detail(
        ("还款卡片", "招商银行信用卡(6954)"),
        ("付款账户", "一卡通(9562)"),
        ("还款时间", "2026-11-03 22:08:37"),
        title="还款成功",
        amount="¥9,485.58",
    )
    fields = read(page)[0]
    assert (fields["merchant"], fields["platform"], fields["direction"]) == (
        "招商银行信用卡(6954)",
        "招商银行",
        "transfer",
    )


def test_a_longer_cue_consumes_its_text_so_a_taobao_order_is_not_an_alipay_page():
    page = detail(
        ("订单编号", "4026499060738198292"),
        ("支付宝交易号", "20250918220013927169214603"),
        ("创建时间", "2026-09-18 09:13:38"),
        title="订单详情",
    )
    assert read(page)[0]["platform"] == "淘宝"


def test_delivery_words_do_not_tell_meituan_from_eleme_only_the_brand_does():
    page = detail(
        ("配送服务", "由饿了么专送提供"),
        ("下单时间", "2026-05-28 22:25:08"),
        title="再来一单",
    )
    assert read(page)[0]["platform"] == "饿了么"


def test_a_voucher_title_is_not_the_merchant_the_payee_row_is():
    page = detail(("商户名称", "广州地铁集团有限公司"), ("扣费时间", "2026-07-24 19:50:58"), title="扣费凭证")
    assert read(page)[0]["merchant"] == "广州地铁集团有限公司"


def test_a_discount_line_that_starts_like_a_label_is_not_the_payee():
    page = [
        *status_bar(),
        *line(120, ("订单详情", 200, 340)),
        *line(200, ("沙县小吃(上地店)>", 30, 300)),
        *line(260, ("商家满减", 30, 150), ("-¥6.00", 420, 510)),
        *line(320, ("实付 ¥43.79", 380, 510)),
        *line(380, ("下单时间", 30, 150), ("2026-03-03 20:10:10", 300, 510)),
        *line(440, ("配送服务", 30, 150), ("由美团专送提供", 300, 510)),
    ]
    fields = read(page)[0]
    assert fields["amount"] == "43.79"
    assert "满减" not in (fields["merchant"] or "")


def test_a_refund_sent_back_the_original_way_names_the_account_it_reached():
    page = detail(
        ("退款时间", "2026-05-26 10:27:39"), ("退款方式", "原路退回 花呗"), title="退款成功", amount="+439.00"
    )
    assert read(page)[0]["payment_method"] == "花呗"


def test_offers_under_a_recommendations_header_do_not_steer_the_reading():
    page = [
        *detail(("订单信息", "麦当劳"), ("付款卡", "工商银行储蓄卡(1234)"), title="支付成功", amount="¥52.66"),
        *line(700, ("为你推荐", 30, 200)),
        *line(760, ("领取信用卡还款券", 30, 300)),
    ]
    fields = read(page)[0]
    assert (fields["direction"], fields["merchant"], fields["platform"]) == ("expense", "麦当劳", "云闪付")


def test_a_deduction_voucher_is_dated_by_its_labelled_time_to_the_second():
    page = detail(("商户名称", "国家电网"), ("扣费时间", "2026-05-17 01:14:40"), title="7月17日01:14")
    assert read(page)[0]["occurred_at"] == "2026-05-17T01:14:40+08:00"


def stacked_page() -> list[Box]:
    """An Alipay-style detail page whose small labels sit above their values instead of beside them."""
    return [
        *status_bar(),
        box("账单详情", 214, 60, 324, 93),
        box("瑞幸咖啡", 220, 200, 320, 232),
        box("-18.80", 172, 250, 367, 302),
        box("支付时间", 30, 360, 110, 382, score=0.98),
        box("2026-11-03 12:34:56", 30, 392, 260, 420),
        box("付款方式", 30, 440, 110, 462),
        box("招商银行信用卡(6789)", 30, 472, 250, 500),
        box("订单号", 30, 520, 92, 542),
        box("2026110322001412345678901234", 30, 552, 470, 580),
    ]


def test_a_label_stacked_above_its_value_reads_that_value():
    (fields,) = read(stacked_page())
    assert fields["payment_method"] == "招商银行信用卡(6789)"
    assert fields["order_no"] == "2026110322001412345678901234"
    assert fields["occurred_at"] == "2026-11-03T12:34:56+08:00"
    assert fields["merchant"] == "瑞幸咖啡"


def caption_page() -> list[Box]:
    """A bank-style detail page that prints each value first and its small caption under it; a caption sits
    closer to its own value than to the next row's value. 交易类型 is a caption of no field."""
    return [
        *status_bar(),
        box("交易详情", 214, 60, 324, 93),
        box("-8,464.37", 150, 200, 390, 252),
        box("上海拉扎斯信息科技有限公司", 30, 300, 330, 328),
        box("对方户名", 30, 334, 110, 354),
        box("网上支付", 30, 384, 120, 412),
        box("交易类型", 30, 418, 110, 438),
        box("工银借记卡(6866)", 30, 468, 230, 496),
        box("付款卡", 30, 502, 92, 522),
        box("2026-11-03 07:40:35", 30, 552, 260, 580),
        box("交易时间", 30, 586, 110, 606),
        box("4200003489392921848117391466", 30, 636, 470, 660),
        box("交易单号", 30, 670, 110, 690),
    ]


def test_a_caption_under_its_value_reads_the_value_above_not_the_next_rows():
    (fields,) = read(caption_page())
    assert fields["payment_method"] == "工银借记卡(6866)"
    assert fields["order_no"] == "4200003489392921848117391466"
    assert fields["occurred_at"] == "2026-11-03T07:40:35+08:00"
    pairs = {p.role: p.value for p in find_pairs(Page(caption_page(), WIDTH, HEIGHT))}
    assert pairs["payee"] == "上海拉扎斯信息科技有限公司"
    assert pairs["other"] == "网上支付"


def test_a_caption_whose_ocr_box_is_much_taller_than_the_digits_above_still_reads_them():
    """OCR boxes a line of digits far shorter than Chinese text of the same font (here 20 px against 29 px)."""
    boxes = [
        *caption_page()[:-2],
        box("4200003489392921848117391466", 30, 636, 470, 656),
        box("交易单号", 30, 658, 110, 687),
    ]
    (fields,) = read(boxes)
    assert fields["order_no"] == "4200003489392921848117391466"


def test_a_value_over_a_caption_that_may_have_wrapped_is_offered_marked():
    """Over 对方户名 the line above may be the first half of the name or the caption of a row no label names:
    the value read is offered with 请核对 rather than as certain."""
    boxes = [
        *status_bar(),
        box("交易详情", 214, 60, 324, 93),
        box("-8,464.37", 150, 200, 390, 252),
        box("上海拉扎斯信息科技", 30, 300, 260, 328),
        box("有限公司", 30, 332, 130, 360),
        box("对方户名", 30, 366, 110, 386),
        box("工银借记卡(6866)", 30, 436, 230, 464),
        box("付款卡", 30, 470, 92, 490),
    ]
    pairs = {p.role: p for p in find_pairs(Page(boxes, WIDTH, HEIGHT))}
    assert pairs["payee"].score < 0.6
    assert pairs["method"].score > 0.9  # the line above it is the claimed caption 对方户名: nothing doubtful


def test_a_stacked_pages_unknown_label_is_not_read_as_part_of_the_value_above_it():
    """收单机构 under 商户全称's value is a label of its own, not the second line of the merchant's name, and the
    digits under a label are its value although OCR draws digits in shorter boxes than Chinese text."""
    boxes = [
        box("商户全称", 30, 300, 110, 320),
        box("上海喜茶餐饮管理有限公司", 30, 328, 300, 352),
        box("收单机构", 30, 376, 110, 396),
        box("财付通支付科技有限公司", 30, 404, 280, 428),
        box("交易单号", 30, 452, 110, 472),
        box("4200003489392921848117391466", 30, 481, 470, 497),
    ]
    pairs = [(p.role, p.value) for p in find_pairs(Page(boxes, WIDTH, HEIGHT))]
    assert ("merchant_full", "上海喜茶餐饮管理有限公司") in pairs
    assert ("order", "4200003489392921848117391466") in pairs


def test_a_stacked_refund_reads_its_refund_time_though_the_dates_box_is_shorter_than_the_label():
    """'2025年9月11日02:43:16' is mostly digits: OCR boxes it shorter than the label above it."""
    boxes = [
        *status_bar(),
        box("账单详情", 214, 60, 324, 93),
        box("肯德基", 230, 200, 310, 232),
        box("+356.20", 172, 250, 367, 302),
        box("已全额退款", 30, 340, 150, 364),
        box("退款时间", 30, 400, 110, 424),
        box("2026年11月1日02:43:16", 30, 432, 260, 450),
        box("支付时间", 30, 480, 110, 504),
        box("2026年10月28日09:12:16", 30, 510, 260, 534),  # this one OCR boxed as tall as its label
    ]
    (fields,) = read(boxes)
    assert (fields["direction"], fields["occurred_at"]) == ("refund", "2026-11-01T02:43:16+08:00")


def test_a_heading_over_a_bigger_line_or_a_label_over_a_label_is_not_a_stacked_pair():
    boxes = [
        box("订单信息", 30, 300, 130, 330),  # a heading in a bigger font than the line under it
        box("美式咖啡 x1", 30, 340, 160, 360),
        box("支付方式", 30, 400, 110, 422),  # its value did not read: the next label is no value
        box("订单号", 30, 440, 92, 462),
        box("2026110322001412345678901234", 30, 472, 470, 500),
    ]
    pairs = find_pairs(Page(boxes, WIDTH, HEIGHT))
    assert [(p.role, p.value) for p in pairs] == [("order", "2026110322001412345678901234")]


def test_a_success_pages_trade_method_row_is_the_method():
    assert read(detail(("交易方式", "花呗"), title="支付成功"))[0]["payment_method"] == "花呗"


def test_an_icon_read_as_a_lone_glyph_after_the_method_is_left_out():
    (fields,) = read(detail(("支付方式", "零钱通 1"), ("支付时间", "2026-11-03 12:34:56")))
    assert fields["payment_method"] == "零钱通"


def test_a_voucher_line_saying_what_paid_is_the_method_not_the_merchant():
    boxes = [
        *status_bar(),
        box("微信支付", 200, 60, 340, 93),
        box("深圳市地铁运营主体", 110, 300, 420, 330),
        box("扣费凭证", 40, 350, 140, 378),
        box("通过零钱扣款", 200, 400, 340, 428),
        box("¥3.00", 190, 440, 350, 500),
        *line(530, ("扣费项目", 40, 130), ("地铁微信免密支付", 160, 380)),
        *line(580, ("乘车时间", 40, 130), ("2026-11-03 18:23:30", 160, 380)),
    ]
    (fields,) = read(boxes)
    assert fields["payment_method"] == "零钱"
    assert fields["merchant"] == "深圳市地铁运营主体"
    assert fields["occurred_at"] == "2026-11-03T18:23:30+08:00"


def test_a_fund_sale_is_a_transfer_into_where_its_money_lands():
    boxes = [
        *status_bar(),
        box("交易详情", 200, 60, 340, 93),
        box("天弘沪深300ETF联接A", 30, 140, 300, 170),
        box("卖出·已确认", 30, 180, 160, 205),
        *line(240, ("卖出份额", 30, 120), ("9,847.73份", 380, 510)),
        *line(290, ("到账金额", 30, 120), ("11,909.50元", 340, 510), h=34),
        box("手续费1.28元·预计到账余额宝", 30, 340, 330, 362),
        *line(400, ("申请时间", 30, 120), ("2026-10-05 21:19:26", 300, 510)),
    ]
    (fields,) = read(boxes)
    assert (fields["direction"], fields["amount"], fields["payment_method"]) == ("transfer", "11909.50", "余额宝")
    assert fields["occurred_at"] == "2026-10-05T21:19:26+08:00"


def test_a_success_page_naming_the_merchant_beside_the_price_under_the_amount_reads_that_name():
    boxes = [
        *status_bar(),
        box("完成", 470, 50, 520, 75),
        box("支付成功", 220, 90, 320, 115),
        box("¥10.90", 160, 130, 380, 190),
        *line(220, ("阮家拌面", 30, 120), ("¥11.00", 440, 510)),
        *line(260, ("天天返活动红包", 30, 170), ("-¥0.10", 440, 510)),
        *line(300, ("交易方式", 30, 120), ("花呗", 470, 510)),
    ]
    (fields,) = read(boxes)
    assert (fields["merchant"], fields["amount"], fields["payment_method"]) == ("阮家拌面", "10.90", "花呗")


def test_a_discount_under_the_amount_is_not_the_merchant():
    boxes = [
        *status_bar(),
        box("支付成功", 220, 90, 320, 115),
        box("¥10.90", 160, 130, 380, 190),
        *line(220, ("新人立减金", 30, 150), ("¥0.10", 440, 510)),
    ]
    (fields,) = read(boxes)
    assert fields["merchant"] != "新人立减金"


def test_list_rows_whose_times_did_not_read_keep_their_month_header_marked():
    boxes = [
        *status_bar(),
        box("全部账单", 21, 119, 135, 147),
        box("2024年7月", 18, 190, 160, 220),
        *line(274, ("美团外卖", 104, 200), ("-32.50", 444, 519), h=30),
        *line(383, ("张三", 104, 160), ("+15.00", 444, 519), h=30),
    ]
    items = parse(Page(boxes, WIDTH, HEIGHT), now=NOW)
    assert [i.fields["occurred_at"][:7] for i in items] == ["2024-07", "2024-07"]
    assert all(i.confidence["occurred_at"] < 0.6 for i in items)


def test_a_list_row_cut_off_by_the_bottom_of_the_screen_is_marked():
    boxes = [
        *status_bar(),
        box("全部账单", 21, 119, 135, 147),
        *line(274, ("美团外卖", 104, 200), ("-32.50", 444, 519), h=30),
        box("11月3日12:34", 106, 317, 225, 339),
        *line(HEIGHT - 40, ("转账-转给", 104, 200), ("-13.01", 444, 519), h=38),
    ]
    first, last = parse(Page(boxes, WIDTH, HEIGHT), now=NOW)
    assert first.confidence["amount"] >= 0.6
    assert (last.fields["amount"], last.confidence["amount"] < 0.6) == ("13.01", True)


def test_a_page_with_only_the_companys_full_name_offers_its_trade_name_marked():
    """The headline name scrolled away; 收款方全称 still says who was paid."""
    boxes = [
        *status_bar(),
        *line(120, ("账单详情", 220, 330)),
        *line(220, ("-72.00", 190, 350), h=60),
        *line(300, ("交易成功", 230, 310)),
        *line(380, ("支付时间", 30, 130), ("2026-11-20 08:12:30", 300, 510)),
        *line(440, ("付款方式", 30, 130), ("余额", 460, 510)),
        *line(500, ("收款方全称", 30, 150), ("上海瑞幸咖啡餐饮管理有限公司", 250, 510)),
        *line(560, ("账单分类", 30, 130), ("餐饮美食", 420, 510)),
    ]
    items = parse(Page(boxes, WIDTH, HEIGHT), now=NOW)
    assert items[0].fields["merchant"] == "瑞幸咖啡"
    assert items[0].confidence["merchant"] < 0.6


def test_a_deduction_card_under_the_wallets_own_title_names_the_merchant_row():
    """WeChat's 扣费凭证 card sits in the 微信支付 service chat: the title names the wallet, 商户名称 who was paid."""
    boxes = [
        *status_bar(),
        *line(60, ("微信支付", 200, 340)),
        *line(150, ("扣费凭证", 30, 130)),
        *line(210, ("扣费金额", 220, 320)),
        *line(260, ("¥35.00", 190, 350), h=50),
        *line(350, ("商户名称", 30, 130), ("国家电网", 160, 260)),
        *line(400, ("扣费服务", 30, 130), ("电费代扣", 160, 260)),
        *line(450, ("扣费时间", 30, 130), ("2026-11-20 14:58:51", 160, 400)),
        *line(500, ("支付方式", 30, 130), ("零钱", 160, 220)),
    ]
    (item,) = parse(Page(boxes, WIDTH, HEIGHT), now=NOW)
    assert item.fields["merchant"] == "国家电网"
    assert item.fields["amount"] == "35.00"


@pytest.mark.parametrize(
    ("number", "marked"), [("4200001880202305164227146245", False), ("420000188020230516422714624", True)]
)
def test_a_wechat_transaction_number_of_the_wrong_length_is_marked(number, marked):
    """WeChat Pay's 交易单号 has 28 digits: one read a digit short (OCR drops one now and then) carries 请核对."""
    boxes = [
        *status_bar(),
        *line(120, ("星轩餐饮", 200, 320)),
        *line(180, ("-14.00", 190, 350), h=50),
        *line(300, ("当前状态", 30, 130), ("支付成功", 300, 400)),
        *line(350, ("支付时间", 30, 130), ("2026年11月20日 12:55:21", 160, 420)),
        *line(400, ("支付方式", 30, 130), ("零钱", 160, 220)),
        *line(450, ("交易单号", 30, 130), (number, 160, 520)),
    ]
    (item,) = parse(Page(boxes, WIDTH, HEIGHT), now=NOW)
    assert item.fields["order_no"] == number
    assert (item.confidence["order_no"] < 0.6) is marked


def test_an_avatar_glyph_in_a_list_row_does_not_hide_the_lists_title_from_the_platform_cues():
    """A row's round avatar holds one glyph (全 of 全家便利店): it is no row name, and taking it out of the page's
    text broke the 全部账单 title that says the list is WeChat Pay's."""
    boxes = [
        *status_bar(),
        box("全部账单", 20, 100, 140, 130),
        box("2026年11月", 20, 150, 160, 180),
        box("全", 30, 222, 70, 262),
        *line(220, ("全家便利店", 100, 220), ("-6.00", 456, 519), h=30),
        box("11月3日11:41", 100, 258, 225, 280),
        box("杨", 30, 322, 70, 362),
        *line(320, ("杨国福麻辣烫", 100, 240), ("-24.50", 444, 519), h=30),
        box("11月2日19:05", 100, 358, 225, 380),
    ]
    items = parse(Page(boxes, WIDTH, HEIGHT), now=NOW)
    assert [(i.fields["merchant"], i.fields["platform"]) for i in items] == [
        ("全家便利店", "微信支付"),
        ("杨国福麻辣烫", "微信支付"),
    ]


def test_a_waived_fee_of_nothing_is_never_the_amount_paid():
    """A transfer page prints ¥11,061.58 and a ¥0.00 fee in the same size: the fee, read a little taller, used to
    be picked and the whole page refused."""
    boxes = [
        *status_bar(),
        box("转账详情", 214, 60, 324, 93),
        box("刘洋", 30, 180, 80, 205),
        box("收款人", 30, 208, 90, 228),
        box("¥11,061.58", 30, 300, 150, 324),
        box("转账金额", 30, 326, 110, 346),
        box("¥0.00", 30, 360, 90, 386),
        box("手续费", 30, 388, 92, 408),
        box("2026年11月1日18:15:36", 30, 440, 260, 464),
        box("转账时间", 30, 466, 110, 486),
    ]
    (fields,) = read(boxes)
    assert fields["amount"] == "11061.58"
