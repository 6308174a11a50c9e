"""The merchant on wallet cards printed in more ways, on hand-made OCR boxes: a name wrapped onto two lines, a
logo glyph on the name's line, a name under the amount, a merchant row as the only name beside a goods line."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from recognize.ocr.geometry import Box, Page
from recognize.ocr.parse import parse

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
WIDTH, HEIGHT = 540, 1200


def box(text: str, x0: float, y0: float, x1: float, y1: float) -> Box:
    """A box as rapidocr reports it."""
    return Box(text, 0.99, x0, y0, x1, y1)


def wechat_card(*head: Box, rows: tuple[tuple[str, str], ...] = ()) -> list[Box]:
    """A WeChat 账单详情 page: the nav title, the card head `head` above the amount at y 300, then label rows."""
    boxes = [box("9:41", 28, 9, 79, 35), box("账单详情", 214, 60, 324, 93), *head, box("-41.56", 190, 300, 350, 350)]
    items = (("当前状态", "支付成功"), ("支付时间", "2026年11月3日12:34:56"), *rows)
    for i, (label, value) in enumerate(items):
        y = 420 + 55 * i
        boxes += [box(label, 34, y, 124, y + 28), box(value, 166, y, 166 + 22 * len(value), y + 28)]
    return boxes


def merchant(boxes: list[Box]) -> tuple[str | None, float]:
    """The merchant the engine reads off `boxes`, and how sure it says it is."""
    (item,) = parse(Page(boxes, WIDTH, HEIGHT), now=NOW)
    return item.fields["merchant"], item.confidence.get("merchant", 0.0)


def test_a_name_wrapped_before_its_branch_is_read_whole():
    name, _ = merchant(wechat_card(box("星巴克", 235, 215, 305, 243), box("(中关村店)", 215, 250, 325, 278)))
    assert name == "星巴克(中关村店)"


def test_a_name_broken_inside_its_branch_is_read_whole():
    name, _ = merchant(wechat_card(box("星巴克(中关", 210, 215, 330, 243), box("村店)", 240, 250, 300, 278)))
    assert name == "星巴克(中关村店)"


def test_a_branch_whose_name_is_off_screen_is_not_the_merchant():
    boxes = wechat_card(box("(中关村店)", 215, 250, 325, 278), rows=(("商户全称", "上海星巴克餐饮管理有限公司"),))
    name, confidence = merchant(boxes)
    assert name != "(中关村店)"
    assert confidence < 0.6


def test_a_logo_glyph_on_the_name_line_is_not_part_of_the_name():
    name, _ = merchant(wechat_card(box("华", 200, 245, 224, 275), box("华润万家", 232, 247, 330, 275)))
    assert name == "华润万家"


def test_a_name_under_the_amount_is_the_merchant():
    boxes = wechat_card(box("S", 255, 180, 285, 210), rows=(("商户全称", "上海瑞幸咖啡餐饮管理有限公司"),))
    boxes.append(box("瑞幸咖啡(国贸店)", 180, 362, 360, 390))
    assert merchant(boxes)[0] == "瑞幸咖啡(国贸店)"


def test_a_status_line_under_the_amount_is_not_the_merchant():
    boxes = wechat_card(box("S", 255, 180, 285, 210), rows=(("商户全称", "上海瑞幸咖啡餐饮管理有限公司"),))
    boxes.append(box("交易成功", 225, 362, 315, 390))
    assert merchant(boxes)[0] == "瑞幸咖啡"


def test_the_merchant_row_names_the_merchant_not_the_goods_line():
    rows = (("订单信息", "美式咖啡 大杯 x1"), ("商户名称", "Wagas沃歌斯"))
    assert merchant(wechat_card(box("M", 255, 230, 285, 260), rows=rows))[0] == "Wagas沃歌斯"
