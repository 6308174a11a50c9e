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
