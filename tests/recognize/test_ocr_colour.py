"""The page's accent colour: a weak, always-marked hint of the app when the page's words name none."""

from __future__ import annotations

from PIL import Image, ImageDraw

from recognize.ocr.colour import accent
from recognize.ocr.cues import platform_source
from recognize.ocr.geometry import Box, Page
from recognize.ocr.parse import parse

WECHAT_GREEN = (7, 193, 96)


def page_image(colour, *, status_bar_only=False) -> Image.Image:
    """A white 360×800 page with a check mark circle and a button in `colour` (or only a status-bar icon)."""
    image = Image.new("RGB", (360, 800), "white")
    draw = ImageDraw.Draw(image)
    if status_bar_only:
        draw.rectangle((300, 8, 340, 24), fill=colour)  # a battery icon
        return image
    draw.ellipse((150, 120, 210, 180), fill=colour)
    draw.rounded_rectangle((110, 640, 250, 684), radius=8, fill=colour)
    return image


def test_a_green_success_page_is_green_and_a_blue_or_grey_one_is_not():
    assert accent(page_image(WECHAT_GREEN)) == "green"
    assert accent(page_image((22, 119, 255))) is None  # Alipay's blue is shared by too many apps to say anything
    assert accent(Image.new("RGB", (360, 800), "white")) is None
    assert accent(page_image(WECHAT_GREEN, status_bar_only=True)) is None  # a green battery is not the page


def test_green_title_words_name_the_accent_where_a_shops_colourful_logo_outweighs_them():
    image = Image.new("RGB", (360, 800), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((130, 220, 230, 320), fill=(214, 36, 110))  # the shop's own logo, magenta
    draw.text((150, 100), "OK", fill=WECHAT_GREEN, font_size=28)  # the green 支付成功 title's strokes
    draw.rectangle((128, 104, 140, 128), fill=WECHAT_GREEN)  # its small check icon
    title = Box("支付成功", 0.99, 120, 95, 240, 135)
    assert accent(image) is None  # the page as a whole is mostly magenta
    assert accent(image, [title]) == "green"
    # Black words over the same logo say nothing.
    plain = Image.new("RGB", (360, 800), "white")
    ImageDraw.Draw(plain).ellipse((130, 220, 230, 320), fill=(214, 36, 110))
    ImageDraw.Draw(plain).text((150, 100), "OK", fill="black", font_size=28)
    assert accent(plain, [title]) is None


def success_page(*extra: Box) -> Page:
    """A 支付成功 page whose words name no app: the title, the payee, the amount and 完成 (plus `extra`)."""
    boxes = [
        *extra,
        Box("支付成功", 0.99, 130, 200, 230, 230),
        Box("瑞幸咖啡", 0.99, 135, 250, 225, 280),
        Box("¥18.00", 0.99, 110, 300, 250, 350),
        Box("收款方", 0.99, 30, 410, 90, 440),
        Box("瑞幸咖啡", 0.99, 250, 410, 330, 440),
        Box("完成", 0.99, 160, 650, 200, 680),
    ]
    return Page(boxes, 360, 800)


def test_a_page_naming_no_app_offers_the_accents_app_marked_as_a_guess():
    page = success_page()
    (item,) = parse(page)
    assert item.fields["platform"] is None  # no words and no colour: nothing is guessed
    page = success_page()
    page.accent = "green"
    (item,) = parse(page)
    assert item.fields["platform"] == "微信支付"
    assert item.confidence["platform"] < 0.6  # shown with 请核对
    assert item.reasons["platform"] == "guessed"
    assert item.evidence["platform"] == "detail:accent"


def test_words_that_name_an_app_win_over_the_colour():
    page = success_page(Box("支付宝", 0.99, 150, 100, 210, 125))
    page.accent = "green"
    (item,) = parse(page)
    assert item.fields["platform"] == "支付宝"


def test_keyword_cues_never_read_as_the_accent_source():
    assert platform_source(0.7) == "cue1"
    assert platform_source(0.56) == "cue1"  # the fallback parser's discounted weakest keyword cue
    assert platform_source(0.4) == "accent"
    assert platform_source(0.0) == "none"
