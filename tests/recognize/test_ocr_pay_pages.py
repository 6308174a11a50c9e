"""Payment pages the offline engine used to refuse or misname, on hand-made OCR boxes: a fully discounted payment
(¥0.00 paid), a pay brand's sheet over a shop page, a nav-bar title, and a 云闪付 page sharing WeChat's labels."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from recognize.errors import NoPaymentFound
from recognize.llm.answer import normalize_item
from recognize.llm.schema import ReadItem
from recognize.models import DOUBTFUL
from recognize.ocr.geometry import Box, Page
from recognize.ocr.parse import parse

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
WIDTH, HEIGHT = 540, 1200


def line(y: float, *parts: tuple[str, float, float], h: float = 28) -> list[Box]:
    """Boxes on one text line at height y: (text, x0, x1) each."""
    return [Box(text, 0.99, x0, y, x1, y + h) for text, x0, x1 in parts]


def read_one(boxes: list[Box]):
    """The one item the engine reads from these boxes."""
    [item] = parse(Page(boxes, WIDTH, HEIGHT), now=NOW)
    return item


def discounted_success(paid: str = "¥0.00", promo: str = "天天立减 -¥22.95") -> list[Box]:
    """A 云闪付 支付成功 page: paid amount, the struck original price, the promotion, 订单信息 and the card."""
    return [
        *line(20, ("10:02", 20, 70)),
        *line(70, ("支付成功", 210, 330), ("完成", 470, 520), h=30),
        *line(150, (paid, 170, 370), h=64),
        *line(235, ("¥22.95", 230, 310)),
        *line(290, *((promo, 150, 390),) if promo else ()),
        *line(350, ("订单信息", 24, 110), ("罗森", 460, 516)),
        *line(400, ("付款方式", 24, 110), ("农业银行银联借记卡", 300, 516)),
    ]


def test_a_fully_discounted_payment_is_read_with_its_amount_blank_and_the_reason():
    item = read_one(discounted_success())
    assert item.fields["amount"] is None
    assert item.reasons["amount"] == "fully_discounted"
    # Neither the original price nor the discount is taken as what was paid; the rest of the page is read.
    assert item.fields["direction"] == "expense"
    assert item.fields["merchant"] == "罗森"
    assert item.fields["platform"] == "云闪付"
    assert item.fields["payment_method"] == "农业银行银联借记卡"


def test_a_zero_amount_with_no_discount_on_the_page_is_still_no_payment():
    with pytest.raises(NoPaymentFound):
        read_one(discounted_success(promo=""))


def test_the_model_saying_zero_gets_the_same_reason_not_invalid():
    names = ("direction", "amount", "currency", "occurred_at", "merchant", "platform", "payment_method")
    read = ReadItem.model_validate(
        {
            **dict.fromkeys(("occurred_at", "payment_method", "category", "memo", "order_no")),
            **{"direction": "expense", "amount": "¥0.00", "currency": "CNY", "merchant": "罗森", "platform": "云闪付"},
            "confidence": {**dict.fromkeys((*names, "category", "memo", "order_no"), 0.9)},
        }
    )
    warnings: list[str] = []
    item = normalize_item(read, now=NOW, tz="Asia/Shanghai", warnings=warnings)
    assert item.fields["amount"] is None and item.reasons["amount"] == "fully_discounted"
    assert item.fields["merchant"] == "罗森" and item.fields["platform"] == "云闪付"


def pay_sheet(merchant_under: bool = True) -> list[Box]:
    """A 抖音支付 sheet over a group-buy page: the shop line, deal, count and an offer above the sheet's title."""
    return [
        *line(20, ("0:14", 20, 70)),
        *line(80, ("最近214m·罗森(北门店)", 20, 260), ("12店通用>", 420, 520)),
        *line(130, ("【特惠】经典咖啡2杯装", 120, 380), ("¥25.00", 440, 520)),
        *line(240, ("购买份数", 20, 120), ("1", 480, 492)),
        *line(300, ("本单可享 新客立减", 20, 230)),
        *line(520, ("支付成功", 220, 320), h=30),
        *line(580, ("¥25.00", 180, 360), h=60),
        *line(650, *((("罗森", 245, 295),) if merchant_under else ())),
        *line(720, ("支付方式", 20, 110), ("农业银行储蓄卡(2468)", 300, 520)),
        *line(770, ("支付时间", 20, 110), ("2026-11-26 00:14", 330, 520)),
        *line(1100, ("抖音支付|过亿人都在用", 170, 370)),
    ]


def test_a_pay_sheet_names_its_brand_and_the_merchant_under_its_amount():
    item = read_one(pay_sheet())
    assert item.fields["platform"] == "抖音支付"
    assert item.fields["amount"] == "25.00"
    assert item.fields["merchant"] == "罗森"
    assert item.fields["payment_method"] == "农业银行储蓄卡(2468)"


def test_a_sheet_that_prints_no_merchant_offers_the_store_line_behind_it_marked_never_an_offer():
    item = read_one(pay_sheet(merchant_under=False))
    # Not '本单可享 新客立减' nor '购买份数': the shop of the deal page's store line, without its branch, marked.
    assert item.fields["merchant"] == "罗森"
    assert item.confidence["merchant"] < DOUBTFUL


def test_a_nav_bar_title_with_its_back_arrow_is_never_the_merchant():
    boxes = [
        *line(20, ("9:41", 20, 70)),
        *line(70, ("<记账详情", 20, 160), h=32),
        *line(190, ("餐饮美食", 220, 320), h=34),
        *line(260, ("-16.50", 200, 340), h=52),
        *line(360, ("记录时间", 24, 110), ("2026年11月22日 18:33:25", 240, 500)),
    ]
    item = read_one(boxes)
    assert item.fields["amount"] == "16.50"
    assert item.fields["merchant"] not in ("<记账详情", "记账详情", "餐饮美食")


def test_a_unionpay_bill_sharing_wechats_labels_reads_as_unionpay():
    boxes = [
        *line(20, ("12:54", 20, 80)),
        *line(70, ("く", 20, 40), ("账单详情", 220, 320), h=30),
        *line(180, ("全家便利店", 200, 340)),
        *line(230, ("-¥50.00", 190, 350), h=52),
        *line(330, ("当前状态", 24, 110), ("交易成功", 420, 516)),
        *line(380, ("订单金额", 24, 110), ("¥50.00", 440, 516)),
        *line(430, ("付款方式", 24, 110), ("招商银行银联信用卡", 300, 516)),
        *line(480, ("订单时间", 24, 110), ("2026年11月9日00:09:48", 290, 516)),
        *line(530, ("商户订单号", 24, 130), ("19892792306090009480", 250, 516)),
    ]
    item = read_one(boxes)
    assert item.fields["platform"] == "云闪付"
    assert item.fields["merchant"] == "全家便利店"
