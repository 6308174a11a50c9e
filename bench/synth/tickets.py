"""Transport tickets as pictures: the China Railway paper ticket (red or blue, photographed), the 铁路电子客票 (an
e-invoice in a phone viewer or a desktop crop) and a road bus ticket that doubles as 发票联 (a small, whited-out
scan).

The truth: an expense of the fare (a paper ticket prints `¥15.5元`, one decimal), at the departure (a bus ticket's
乘车日期, with its 开车时间 when it prints one instead of 流水); order_no the red serial (paper), the 发票号码
(e-ticket, bus ticket); platform 12306 for the railway, none for a bus; never a merchant (stations are places).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from PIL import Image, ImageDraw

from bench.synth import widgets
from bench.synth.canvas import LIGHT, Canvas, Theme
from bench.synth.data import before, digits
from bench.synth.pdfdoc import pdf
from bench.synth.truth import row
from bench.synth.variant import Device, Variant

KINDS = ("train_ticket", "train_eticket", "bus_ticket")
STATIONS = {
    "dev": (("北京西", "Beijingxi"), ("郑州东", "Zhengzhoudong"), ("长沙南", "Changshanan"), ("南昌", "Nanchang")),
    "eval": (("成都东", "Chengdudong"), ("重庆北", "Chongqingbei"), ("西安北", "Xi'anbei"), ("昆明南", "Kunmingnan")),
}
TRAINS = {"dev": ("G", "K", "D"), "eval": ("Z", "T", "C")}
SEATS = {"dev": ("二等座", "新空调硬座", "新空调硬卧"), "eval": ("一等座", "软卧", "商务座")}
PASSENGERS = {"dev": ("张伟", "李娜", "王芳"), "eval": ("刘洋", "陈静", "赵磊")}
BUS_STOPS = {"dev": ("城东客运站", "汽车总站", "南郊站", "经开区"), "eval": ("西站枢纽", "北客站", "高新区", "港口镇")}
PROVINCES = {"dev": ("河南省", "湖南省", "江西省"), "eval": ("四川省", "陕西省", "云南省")}
RED = "#c8161d"
SERIAL_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def _fare(v: Variant, low: int, high: int) -> Decimal:
    """A fare in whole jiao (railway fares end in .0 or .5; many in .0)."""
    return Decimal(v.rng.randrange(low * 2, high * 2)) / 2


def _departure(v: Variant, captured: datetime) -> datetime:
    """A departure a day or more before the photo, between 6:00 and 22:00, on a five-minute mark."""
    when = before(v.rng, captured, days=40, minutes=24 * 60)
    return when.replace(hour=6 + when.hour * 16 // 24, minute=when.minute // 5 * 5, second=0)


def _paper(width: int, height: int, dp: float, bg: str, fonts) -> Canvas:
    theme = Theme(bg=bg, card=bg, fg="#1c1c1c", gray="#444444", line="#777777", dark=False)
    return Canvas(width, height, dp, theme, fonts)


def train_ticket(v: Variant, captured: datetime):
    """A paper ticket photographed on a desk: (image, items, device, app, page, is paper)."""
    rng = v.rng
    layout = v.pick("train.layout", dev=("red",), eval=("blue",))
    fare_style = v.pick("train.fare", dev=("yuan_short", "yuan_two"), eval=("bare_two", "yuan_spaced"))
    footer = v.pick("train.footer", dev=("12306_95306",), eval=("12306_only", "wish"))
    serial_at = v.pick("train.serial", dev=("top_left",), eval=("top_right",))
    (start, start_py), (end, end_py) = rng.sample(STATIONS[v.split], 2)
    train = v.pool(TRAINS) + str(rng.randrange(1, 9999 if v.split == "dev" else 999))
    depart, fare = _departure(v, captured), _fare(v, 8, 400)
    serial = rng.choice(SERIAL_LETTERS) + digits(rng, 6)
    car, seat = f"{rng.randrange(1, 17):02d}", f"{rng.randrange(1, 119):03d}"
    width = round(340 * rng.uniform(2.8, 3.8))
    c = _paper(width, round(width * 216 / 340), 340, "#f3cdc8" if layout == "red" else "#bcd6ee", v.fonts(True))
    c.text(
        16 if serial_at == "top_left" else 324,
        18,
        serial,
        13,
        color=RED,
        anchor="l" if serial_at == "top_left" else "r",
    )
    c.text(28, 50, f"{start}站", 17, bold=True)
    c.text(170, 48, train, 17, bold=True, anchor="m")
    c.rect(140, 60, 200, 61, c.theme.fg)
    c.text(312, 50, f"{end}站", 17, bold=True, anchor="r")
    c.text(34, 70, start_py, 9.5)
    c.text(306, 70, end_py, 9.5, anchor="r")
    c.text(24, 96, f"{depart:%Y年%m月%d日} {depart:%H:%M}开", 12.5)
    c.text(226, 96, f"{car}车{seat}号", 12.5)
    shown = {"yuan_short": f"¥{fare:.1f}元", "yuan_two": f"¥{fare:.2f}元", "bare_two": f"¥{fare:.2f}"}
    c.text(24, 120, shown.get(fare_style, f"¥ {fare:.1f} 元"), 12.5)
    if rng.random() < 0.6:
        c.rect(112, 111, 128, 129, None, outline=c.theme.fg)
        c.text(120, 120, "网", 10, anchor="m")
    c.text(226, 120, v.pool(SEATS), 12.5)
    c.text(24, 142, "限乘当日当次车", 10)
    c.text(24, 164, f"{digits(rng, 10)}****{digits(rng, 4)} {v.pool(PASSENGERS)}", 11)
    words = {
        "12306_95306": "买票请到12306 发货请到95306",
        "12306_only": "买票请到12306",
        "wish": "中国铁路祝您旅途愉快",
    }
    c.text(60, 184, words[footer], 10)
    c.text(24, 204, f"{digits(rng, 14)}{serial} {start}售", 9.5)
    image = c.finish()
    item = row(
        direction="expense",
        amount=f"{fare:.2f}",
        currency="CNY",
        occurred_at=f"{depart:%Y-%m-%d %H:%M}",
        platform="12306",
        order_no=serial,
    ).values
    return image, [item], Device(image.width, image.height, 340, "paper"), "ticket", "火车票 (photo)", True


def train_eticket(v: Variant, captured: datetime):
    """A 铁路电子客票 e-invoice: its PDF, or a picture of it in a phone's PDF viewer (dev) or cropped from a desktop
    (eval)."""
    rng = v.rng
    capture = v.pick("eticket.capture", dev=("phone_viewer",), eval=("desktop_crop",))
    fare_style = v.pick("eticket.fare", dev=("labelled",), eval=("bare",))
    (start, start_py), (end, end_py) = rng.sample(STATIONS[v.split], 2)
    train = v.pool(TRAINS) + str(rng.randrange(1, 9999))
    depart, fare = _departure(v, captured), _fare(v, 20, 900)
    issued = min(depart + timedelta(days=rng.randrange(-10, 20)), captured)
    number = f"{issued:%y}" + digits(rng, 18)
    seat = f"{rng.randrange(1, 17):02d}车{rng.randrange(1, 19):02d}{rng.choice('ABCDF')}号"
    brown = "#8b4513"
    # (x, y, size, text, anchor, bold, colour) in pt on a 595 pt wide page
    lines = [
        (297, 30, 19, "电子发票（铁路电子客票）", "m", True, brown),
        (400, 62, 9, f"发票号码：{number}"),
        (400, 78, 9, f"开票日期：{issued:%Y年%m月%d日}"),
        (60, 110, 16, f"{start}站", "l", True),
        (297, 108, 16, train, "m", True),
        (535, 110, 16, f"{end}站", "r", True),
        (66, 130, 9, start_py),
        (529, 130, 9, end_py, "r"),
        (60, 156, 11, f"{depart:%Y年%m月%d日} {depart:%H:%M}开"),
        (300, 156, 11, seat),
        (440, 156, 11, v.pool(SEATS)),
        (60, 180, 11, f"票价：￥{fare:.2f}" if fare_style == "labelled" else f"￥{fare:.2f}"),
        (300, 180, 9, f"电子客票号：{digits(rng, 25)}"),
        (60, 204, 10, f"{digits(rng, 10)}****{digits(rng, 4)} {v.pool(PASSENGERS)}"),
        (60, 228, 9, "购买方名称：个人"),
        (300, 228, 9, "统一社会信用代码："),
        (60, 290, 9, "买票请到12306 发货请到95306"),
    ]
    item = row(
        direction="expense",
        amount=f"{fare:.2f}",
        currency="CNY",
        occurred_at=f"{depart:%Y-%m-%d %H:%M}",
        platform="12306",
        order_no=number,
    ).values
    # Some people keep the PDF the railway sends instead of a picture of it (a coin: both splits hold PDFs).
    if v.coin("eticket.pdf", 0.35):
        return pdf([line[:5] for line in lines], 595, 320), [item], None, "ticket", "铁路电子客票 (PDF)", False
    width = round(595 * rng.uniform(2.0, 2.6))
    paper = _paper(width, round(width * 320 / 595), 595, "#fdfcf8", v.fonts(True))
    for x, y, size, text, anchor, bold, colour in (tuple(line) + ("l", False, None)[len(line) - 4 :] for line in lines):
        paper.text(x, y, text, size, anchor=anchor, bold=bold, color=colour)
    image = paper.finish()
    if capture == "desktop_crop":
        framed = Image.new("RGB", (image.width + 60, image.height + 60), "#8c8c8c")
        framed.paste(image, (30, 30))
        return framed, [item], Device(framed.width, framed.height, 595, "desktop"), "ticket", "铁路电子客票", False
    device = v.device()
    c = Canvas(device.width, device.height, device.dp, LIGHT, paper.fonts)

    def header(c: Canvas) -> None:
        widgets.status_bar(c, device.os, f"{captured.hour}:{captured.minute:02d}")
        widgets.nav_bar(c, rng.choice(("发票预览", "电子客票.pdf")), right="···")

    c.header(header)
    shown = image.resize((device.width - c.px(16), round(image.height * (device.width - c.px(16)) / image.width)))
    c.finish()
    c.image.paste(shown, (c.px(8), round(c.height * 0.3)))
    return c.image, [item], device, "ticket", "铁路电子客票 (viewer)", False


def bus_ticket(v: Variant, captured: datetime):
    """A road bus ticket, 发票联 with its 发票代码 and 发票号码, scanned small with areas whited out."""
    rng = v.rng
    codes_at = v.pick("bus.codes", dev=("left",), eval=("right",))
    fare_style = v.pick("bus.fare", dev=("piaojia_han",), eval=("quanjia", "jine_yuan"))
    clock = v.pick("bus.clock", dev=("liushui", "hm"), eval=("liushui_ban", "hms"))
    date_style = v.pick("bus.date", dev=("iso",), eval=("dots", "cn"))
    start, end = rng.sample(BUS_STOPS[v.split], 2)
    ride = _departure(v, captured)
    fare = Decimal(rng.randrange(3, 120)) + Decimal(rng.choice(("0", "0", "0.5")))
    code, number = "2" + digits(rng, 11), digits(rng, 8)
    width = rng.randrange(640, 760)
    c = _paper(width, round(width * 225 / 360), 360, "#f7f3ea", v.fonts(True))
    c.text(180, 18, f"{v.pool(PROVINCES)}道路汽车客票", 15, bold=True, anchor="m")
    c.text(300, 36, "发票联", 10, color=RED)
    x = 16 if codes_at == "left" else 200
    c.text(x, 52, f"发票代码 {code}", 10)
    c.text(x, 68, f"发票号码 {number}", 10)
    c.text(16 if codes_at == "right" else 200, 60, start, 13, bold=True)
    c.text(16, 92, f"到站 {end}", 12)
    fuel = Decimal(rng.choice(("1.0", "2.0", "3.0")))
    c.text(200, 84, f"燃油费:{fuel}" if v.split == "dev" else f"含燃油附加费{fuel}元", 9.5)
    shown = {"piaojia_han": f"票价:¥ {fare:.2f}<含>", "quanjia": f"全价 ¥{fare:.2f}", "jine_yuan": f"金额:{fare:.2f}元"}
    c.text(200, 104, shown[fare_style], 12)
    c.text(16, 136, "乘车日期   开车时间   车次   座号   检票口", 10)
    date = {"iso": f"{ride:%Y-%m-%d}", "dots": f"{ride:%Y.%m.%d}", "cn": f"{ride:%Y年%m月%d日}"}[date_style]
    when = {"liushui": "流水", "liushui_ban": "流水班", "hm": f"{ride:%H:%M}", "hms": f"{ride:%H:%M}:00"}[clock]
    c.text(
        16, 156, f"{date}   {when}   {rng.randrange(1, 200):03d}   {rng.randrange(1, 60)}   {rng.randrange(1, 9)}", 11
    )
    c.text(16, 186, f"{start}售  限当日当次有效", 9)
    image = c.finish()
    draw = ImageDraw.Draw(image, "RGBA")
    draw.ellipse(
        (image.width * 0.62, image.height * 0.68, image.width * 0.9, image.height * 0.95),
        outline=(220, 40, 40, 140),
        width=3,
    )
    # The publisher whited out a patch or two (beside the stamp, under the title), never over the fields read.
    for _ in range(rng.randrange(1, 3)):
        x0, y0 = rng.uniform(0.55, 0.8) * image.width, rng.uniform(0.84, 0.9) * image.height
        draw.rectangle((x0, y0, x0 + image.width * 0.15, y0 + image.height * 0.08), fill="#ffffff")
    shown_time = f"{ride:%Y-%m-%d}" if clock.startswith("liushui") else f"{ride:%Y-%m-%d %H:%M}"
    item = row(
        direction="expense", amount=f"{fare:.2f}", currency="CNY", occurred_at=shown_time, order_no=number
    ).values
    return image, [item], Device(image.width, image.height, 360, "paper"), "ticket", "道路汽车客票 (scan)", True


RENDER = {"train_ticket": train_ticket, "train_eticket": train_eticket, "bus_ticket": bus_ticket}
