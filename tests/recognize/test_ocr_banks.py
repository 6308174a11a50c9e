"""Bank pages and bank text messages on hand-made OCR boxes: what a person recording bank spending would see."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from recognize.ocr.geometry import Box, Page
from recognize.ocr.parse import parse

NOW = datetime(2025, 12, 3, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
WIDTH, HEIGHT = 540, 1200


def line(y: float, *parts: tuple[str, float, float], h: float = 26) -> list[Box]:
    """Boxes on one text line at height y: (text, x0, x1) each."""
    return [Box(text, 0.99, x0, y, x1, y + h) for text, x0, x1 in parts]


def message(y: float, *lines: str) -> list[Box]:
    """One message bubble: its wrapped lines close together."""
    return [box for n, text in enumerate(lines) for box in line(y + n * 36, (text, 30, 30 + 16 * len(text)))]


def items(boxes: list[Box]) -> list:
    """The items read from boxes."""
    return parse(Page(boxes, WIDTH, HEIGHT), now=NOW)


def test_a_bank_message_gives_the_spent_amount_not_the_balance_with_its_place_card_and_bank():
    boxes = [
        *line(60, ("95555", 230, 310)),
        *line(140, ("12月1日 12:31", 210, 330), h=20),
        *message(190, "【招商银行】您账户1234于12月01日12:", "30在美团快捷支付扣款人民币36.50", "元，余额1,234.56"),
    ]
    [item] = items(boxes)
    assert item.fields["amount"] == "36.50"
    assert item.fields["direction"] == "expense"
    assert item.fields["occurred_at"].startswith("2025-12-01T12:30")
    assert item.fields["merchant"] == "美团"
    assert item.fields["payment_method"] == "招商银行(1234)"
    assert item.fields["platform"] == "招商银行"
    assert all(item.confidence[name] >= 0.6 for name in ("amount", "direction"))


def test_wages_coming_in_are_income_and_a_one_time_code_is_no_payment():
    boxes = [
        *message(150, "【平安银行】验证码123456，您正在进行网", "上支付，请勿泄露。"),
        *message(
            300, "【平安银行】您尾号8866的储蓄卡11月28日", "09:05入账工资人民币8,500.00元，可用余", "额12,000.00元。"
        ),
    ]
    [item] = items(boxes)
    assert (item.fields["direction"], item.fields["amount"]) == ("income", "8500.00")
    assert item.fields["merchant"] is None
    assert item.fields["payment_method"] == "平安银行储蓄卡(8866)"
    # A December capture reads 11月28日 as this year's.
    assert item.fields["occurred_at"].startswith("2025-11-28T09:05")


def test_a_message_signed_at_its_end_takes_its_place_in_brackets():
    boxes = message(
        200, "您尾号4321的储蓄卡12月2日18:20消费支出", "人民币58.00元（永辉超市），活期余额", "3,000.00元。【兴业银行】"
    )
    [item] = items(boxes)
    assert (item.fields["merchant"], item.fields["platform"]) == ("永辉超市", "兴业银行")
    assert item.fields["payment_method"] == "兴业银行储蓄卡(4321)"


def card_page(kind: str, amount: str) -> list[Box]:
    """A card's 交易详情 with its amount unsigned (coloured on screen), a fee and a balance."""
    return [
        *line(60, ("明细详情", 220, 320)),
        *line(130, (kind, 240, 300), h=20),
        *line(170, (amount, 190, 350), h=46),
        *line(260, ("交易对方", 20, 110), ("上海星云科技有限公司", 300, 520)),
        *line(310, ("付款卡号", 20, 110), ("平安借记卡(0709)", 360, 520)),
        *line(360, ("记账日期", 20, 110), ("2025-11-14 02:10:56", 340, 520)),
        *line(410, ("手续费", 20, 90), ("0.00", 470, 520)),
        *line(460, ("可用余额", 20, 110), ("55,439.00", 420, 520)),
    ]


def test_wages_on_a_bank_page_are_income_from_the_employer_on_the_banks_card():
    [item] = items(card_page("代发工资", "10,796.00"))
    assert (item.fields["direction"], item.fields["amount"]) == ("income", "10796.00")
    assert item.fields["merchant"] == "上海星云科技有限公司"
    assert item.fields["payment_method"] == "平安借记卡(0709)"
    assert item.fields["platform"] == "平安银行"


def test_a_bank_no_list_names_is_still_the_platform_of_its_own_page():
    boxes = [
        Box("宁波银行借记卡(5867)", b.score, b.x0, b.y0, b.x1, b.y1) if b.text == "平安借记卡(0709)" else b
        for b in card_page("消费", "-143.11")
    ]
    [item] = items(boxes)
    assert (item.fields["direction"], item.fields["platform"]) == ("expense", "宁波银行")


def test_a_card_stacked_under_its_label_is_read_though_its_digits_box_it_shorter():
    boxes = [
        *line(60, ("交易详情", 220, 320)),
        *line(170, ("-66.00", 190, 350), h=46),
        *line(260, ("交易卡号", 20, 110), h=34),
        *line(294, ("招商银行信用卡尾号9793", 20, 260), h=30),
        *line(340, ("交易对方", 20, 110), h=34),
        *line(374, ("滴滴出行", 20, 110), h=34),
    ]
    [item] = items(boxes)
    assert item.fields["payment_method"] == "招商银行信用卡尾号9793"
    assert item.fields["merchant"] == "滴滴出行"


def test_an_amount_after_a_currency_word_is_the_amount():
    boxes = [
        *line(60, ("转账结果", 220, 320)),
        *line(130, ("提交成功", 220, 320)),
        *line(180, ("RMB 44,950.89", 160, 380), h=36),
        *line(260, ("收款人", 20, 90), ("王芳", 460, 520)),
        *line(310, ("付款账户", 20, 110), ("宁波银行借记卡(2161)", 330, 520)),
    ]
    [item] = items(boxes)
    assert (item.fields["amount"], item.fields["direction"]) == ("44950.89", "transfer")


def test_two_plausible_amounts_and_no_label_saying_which_mark_the_amount():
    boxes = [
        *line(60, ("账务详情", 220, 320)),
        *line(200, ("对方名称", 20, 110), ("京东商城", 420, 520)),
        *line(250, ("发生额", 20, 90), ("¥88.00", 450, 520)),
        *line(300, ("手续费", 20, 90), ("¥2.00", 460, 520)),
    ]
    [item] = items(boxes)
    assert item.confidence["amount"] < 0.6


def test_a_cards_statement_is_its_banks_page_though_its_rows_name_other_apps():
    boxes = [
        *line(60, ("收支明细", 220, 320)),
        *line(110, ("民生借记卡 尾号5678", 20, 240)),
        *line(160, ("2025年11月", 20, 140)),
    ]
    for n, (name, value) in enumerate(
        (("财付通-拼多多", "-36.50"), ("支付宝-饿了么", "-22.00"), ("滴滴出行", "-18.40"))
    ):
        y = 220 + n * 90
        boxes += line(y, (name, 20, 200), (value, 440, 520))
        boxes += line(y + 36, (f"11-2{n} 12:30", 20, 140), ("余额 1,234.56", 400, 520), h=20)
    read = items(boxes)
    assert [i.fields["amount"] for i in read] == ["36.50", "22.00", "18.40"]
    assert {i.fields["platform"] for i in read} == {"民生银行"}
    assert read[0].fields["merchant"] == "财付通-拼多多"


def test_a_message_naming_the_card_kind_first_with_the_place_before_the_amount_and_its_signature_cut():
    boxes = message(
        200, "您的借记卡账户尾号2525，于03-24 01:32网上支", "付(美团)人民币49.23元，余额14,121.31元【兴业银", "行"
    )
    [item] = items(boxes)
    assert (item.fields["amount"], item.fields["merchant"]) == ("49.23", "美团")
    assert item.fields["payment_method"] == "兴业银行借记卡(2525)"
    assert item.fields["occurred_at"].startswith("2025-03-24T01:32")


def test_a_credit_card_statement_reads_its_unsigned_spending_and_never_its_total():
    boxes = [
        *line(60, ("账单明细", 220, 320)),
        *line(110, ("中信信用卡(0871)", 20, 200), h=22),
        *line(140, ("本期应还", 20, 110), h=22),
        *line(170, ("¥16,134.84", 20, 260), h=50),
    ]
    rows = (("财付通-拼多多", "¥38.20"), ("京东商城", "¥29.10"), ("还款", "-¥5,710.88"))
    for n, (name, value) in enumerate(rows):
        y = 260 + n * 80
        boxes += [*line(y, (name, 20, 200), (value, 420, 520)), *line(y + 34, (f"12月2{n}日", 20, 110), h=20)]
    read = items(boxes)
    assert [(i.fields["amount"], i.fields["direction"]) for i in read] == [
        ("38.20", "expense"),
        ("29.10", "expense"),
        ("5710.88", "transfer"),
    ]
    assert read[2].fields["merchant"] is None
    assert {i.fields["platform"] for i in read} == {"中信银行"}


def test_a_big_number_over_a_list_of_named_amounts_is_marked():
    boxes = [*line(60, ("账单", 240, 300)), *line(140, ("¥16,134.84", 20, 260), h=50)]
    for n, (name, value) in enumerate((("京东商城", "¥38.20"), ("美团", "¥29.10"))):
        boxes += line(260 + n * 80, (name, 20, 200), (value, 420, 520))
    [item] = items(boxes)
    assert item.confidence["amount"] < 0.6
