"""Transport tickets and receipts: a railway paper ticket and e-ticket, a road bus ticket (hand-made OCR boxes), and
a ride/freight receipt PDF with a text layer (made by the generator's PDF writer)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bench.synth.pdfdoc import pdf
from recognize import ocr
from recognize.models import DOUBTFUL
from recognize.ocr.geometry import Box, Page
from recognize.ocr.parse import parse
from recognize.ocr.tickets import ticket_kind

NOW = datetime(2025, 9, 10, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def lines(*rows: tuple[str, ...], width: float = 1000) -> list[Box]:
    """OCR boxes, one text row per tuple (its parts side by side), 60 px apart."""
    boxes = []
    for n, parts in enumerate(rows):
        step = width / max(1, len(parts))
        boxes += [
            Box(text, 0.95, i * step + 20, i * step + step - 20, 40 + 60 * n, 76 + 60 * n)
            for i, text in enumerate(parts)
        ]
    return boxes


def read(boxes: list[Box]):
    """The one item read from a page of `boxes`."""
    (item,) = parse(Page(boxes, 1000, 700), now=NOW)
    return item


PAPER_TICKET = (
    ("D301234",),
    ("南昌站", "G1234", "长沙南站"),
    ("Nanchang", "Changshanan"),
    ("2025年09月02日20:08开", "06车076号"),
    ("¥15.5元", "网", "新空调硬座"),
    ("限乘当日当次车",),
    ("1234561990****1234张三",),
    ("买票请到12306发货请到95306",),
    ("12345678901234D301234 南昌售",),
)


def test_a_paper_train_ticket_reads_its_fare_departure_serial_and_12306():
    item = read(lines(*PAPER_TICKET))
    f = item.fields
    assert (f["direction"], f["amount"], f["currency"]) == ("expense", "15.50", "CNY")
    assert f["occurred_at"] == "2025-09-02T20:08:00+08:00"
    assert f["platform"] == "12306"
    assert f["order_no"] == "D301234"
    assert f["merchant"] is None  # a station, or its pinyin, is not a shop
    assert item.confidence["amount"] >= DOUBTFUL


def test_a_train_ticket_whose_serial_only_reads_in_the_code_line_marks_it():
    rows = [row for row in PAPER_TICKET if row != ("D301234",)]
    item = read(lines(*rows))
    assert item.fields["order_no"] == "D301234"
    assert item.confidence["order_no"] < DOUBTFUL


def test_a_railway_e_ticket_is_timed_by_the_departure_and_keyed_by_its_invoice_number():
    item = read(
        lines(
            ("电子发票（铁路电子客票）",),
            ("发票号码：25429110000012345678", "开票日期：2025年09月08日"),
            ("北京西站", "G79", "郑州东站"),
            ("2025年09月01日 07:35开", "05车12F号", "二等座"),
            ("票价：￥309.00", "电子客票号：5320960254112390012912024"),
            ("购买方名称：个人", "统一社会信用代码："),
        )
    )
    f = item.fields
    assert (f["amount"], f["occurred_at"]) == ("309.00", "2025-09-01T07:35:00+08:00")
    assert (f["order_no"], f["platform"], f["merchant"]) == ("25429110000012345678", "12306", None)


def test_a_bus_ticket_reads_the_fare_with_its_fuel_fee_inside_the_date_and_the_invoice_number():
    item = read(
        lines(
            ("湖南省道路汽车客票",),
            ("发票代码 218187028387", "发票联"),
            ("发票号码 77448272", "燃油费:2.0"),
            ("到站 城东客运站", "票价:¥ 8.00<含>"),
            ("乘车日期 开车时间 车次 座号 检票口",),
            ("2025-06-29 流水 040 371 5",),
        )
    )
    f = item.fields
    assert (f["amount"], f["order_no"]) == ("8.00", "77448272")
    assert f["occurred_at"].startswith("2025-06-29T00:00")
    assert f["platform"] is None and f["merchant"] is None


def test_a_bus_ticket_with_a_departure_clock_keeps_it():
    item = read(
        lines(
            ("河南省道路汽车客票",),
            ("发票号码 12345678",),
            ("全价 ¥36.50",),
            ("乘车日期 开车时间 车次 座号",),
            ("2025.07.03 14:30 012 9",),
        )
    )
    assert (item.fields["amount"], item.fields["occurred_at"]) == ("36.50", "2025-07-03T14:30:00+08:00")


RECEIPT = [
    (150, 60, 16, "货物运输电子货票收款凭证"),
    (40, 92, 10, "电子报销凭证序号：23479300001030"),
    (40, 112, 10, "托运人名称"),
    (240, 112, 10, "托运人纳税人识别号"),
    (40, 128, 10, "个人"),
    (40, 150, 10, "用车时间"),
    (200, 150, 10, "订单编号"),
    (380, 150, 10, "服务类型"),
    (40, 172, 10, "自 科技园南门"),
    (40, 190, 10, "至 万科城二期"),
    (40, 210, 10, "2025-05-24 18:20"),
    (200, 210, 10, "395527000072"),
    (380, 210, 10, "运输"),
    (40, 240, 12, "费用合计：CNY661.00"),
    (40, 272, 10, "承运人姓名 王*"),
    (220, 272, 10, "承运人身份证号码 4130261991****1234"),
    (40, 292, 10, "申请时间 2025-08-30 09:12"),
    (40, 320, 9, "货拉拉仅作为制作方为承运人向托运人开具本电子收款凭证"),
    (40, 350, 8.5, "按次纳税的，为每次（日）销售额300-500元。"),
]


def test_a_freight_receipt_pdf_reads_the_total_the_time_of_use_the_order_and_the_issuer():
    pytest.importorskip("pdfplumber")
    (item,) = ocr.recognize(pdf(RECEIPT), now=NOW).items
    f = item.fields
    assert (f["direction"], f["amount"]) == ("expense", "661.00")
    assert f["occurred_at"] == "2025-05-24T18:20:00+08:00"  # not the 申请时间 the receipt was made
    assert f["order_no"] == "395527000072"  # not the 凭证序号
    assert (f["platform"], f["merchant"]) == ("货拉拉", None)  # a driver is paid, not a shop


def test_a_ride_receipt_with_inline_labels():
    pytest.importorskip("pdfplumber")
    data = pdf(
        [
            (150, 60, 16, "滴滴出行-电子行程单"),
            (40, 130, 10, "上车时间：2025-08-02 08:41"),
            (40, 150, 10, "订单号：88001234567890"),
            (40, 240, 12, "实付金额：¥42.80"),
            (40, 292, 10, "申请日期 2025-09-01"),
        ]
    )
    (item,) = ocr.recognize(data, now=NOW).items
    f = item.fields
    assert (f["amount"], f["occurred_at"], f["order_no"], f["platform"]) == (
        "42.80",
        "2025-08-02T08:41:00+08:00",
        "88001234567890",
        "滴滴出行",
    )


def test_a_payment_page_that_names_12306_is_not_a_ticket():
    assert ticket_kind("支付成功\n-¥139.00\n商户全称 铁路12306\n支付时间 2025-09-01 12:00:00") is None
    assert ticket_kind("\n".join(" ".join(row) for row in PAPER_TICKET)) == "train"
    # An app's payment page for a train ticket is a payment: its time is when it was paid, not the departure.
    paid = "支付成功\n-¥139.00\n商品 G79 北京西-郑州东 07:35开 05车12F号 二等座\n支付时间 2025-08-20 12:00:00"
    assert ticket_kind(paid) is None
    # A VAT invoice for rides that mentions its 行程单 is still an invoice.
    assert (
        ticket_kind("电子发票（普通发票）\n*运输服务*客运服务费 附行程单\n合计 ¥40.00\n价税合计（小写）¥42.00") is None
    )


@pytest.mark.parametrize("kind", ["train_ticket", "bus_ticket"])
def test_a_photographed_ticket_render_reads_end_to_end(kind):
    pytest.importorskip("rapidocr")
    from bench.synth import plan

    data, label = plan.make("dev", kind, 0)
    (want,) = label["items"]
    (item,) = ocr.recognize(data, now=datetime.fromisoformat(label["captured_at"])).items
    f = item.fields
    assert (f["amount"], f["order_no"], f["platform"], f["merchant"]) == (
        want["amount"],
        want["order_no"],
        want["platform"],
        None,
    )
    assert f["occurred_at"].replace("T", " ").startswith(want["occurred_at"])
