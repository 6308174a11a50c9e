"""E-invoice IMAGES: the 数电票 (电子发票（普通发票）) and the older 增值税电子普通发票, with 金额 / 税额 / 价税合计,
line items such as *旅游服务*住宿费, the buyer (购买方) beside or above the seller (销售方), a red seal, and
captured as a phone PDF-viewer screenshot, a desktop crop, or a photo of the printout. Kinds: goods and services,
a seller name too long for its cell (wrapped onto a second line), a shop that is no company, a company as the
buyer, a 代开 invoice (a tax office prints itself as the seller, the real seller stands in the 备注) and a toll
invoice (通行费, with 车牌号 and 通行日期起/止).

The truth, as a person keeps it: the amount is 价税合计, the merchant is the seller (a 代开 invoice's 备注 company),
the time is the 开票日期 (a toll invoice's first travel day), order_no the 备注's 订单号, else a 数电票's 20-digit
number; an older invoice's 8-digit 发票号码 repeats under other 发票代码 and is no order number.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from PIL import Image

from bench.synth import widgets
from bench.synth.canvas import LIGHT, Canvas, Theme
from bench.synth.data import (
    BUYERS,
    INVOICE_ITEMS,
    LONG_SELLERS,
    PLATES,
    SELLER_PLATFORMS,
    SELLERS,
    SHOP_SELLERS,
    TAX_OFFICES,
    TOLL_SELLERS,
    amount,
    before,
    digits,
)
from bench.synth.paper import capital_yuan, qr, round_seal, seal
from bench.synth.truth import row
from bench.synth.variant import Device, Variant

PAPER = Theme(bg="#fdfcf8", card="#fdfcf8", fg="#222222", gray="#555555", line="#b5651d", dark=False)
BROWN = "#a0522d"
# Where a long name wraps (characters after 名称：), per split.
WRAP_AT = {"dev": 11, "eval": 13}
# The toll table's columns after 项目名称: dev prints the plate first, eval the travel dates first.
TOLL_COLUMNS = {
    "toll": ("车牌号", "类型", "通行日期起", "通行日期止"),
    "toll_dates_first": ("通行日期起", "通行日期止", "车牌号", "类型"),
}


def _lines_for(
    v: Variant, total: Decimal, toll: bool = False
) -> tuple[list[tuple[str, str, Decimal, Decimal]], Decimal, Decimal]:
    """(item, rate, net, tax) lines summing to `total`, and the net and tax totals (one 通行费 line on a toll)."""
    rng = v.rng
    count = 1 if toll else rng.choice((1, 1, 2)) if v.split == "dev" else rng.choice((1, 2, 3))
    shares = [Decimal(rng.uniform(1, 4)) for _ in range(count)]
    parts = [(total * s / sum(shares)).quantize(Decimal("0.01")) for s in shares]
    parts[-1] = total - sum(parts[:-1])
    lines = []
    for part in parts:
        name, rate = ("*经营租赁*通行费", "0.03") if toll else v.pool(INVOICE_ITEMS)
        net = (part / (1 + Decimal(rate))).quantize(Decimal("0.01"))
        lines.append((name, rate, net, part - net))
    return lines, sum(n for *_, n, _ in lines), sum(t for *_, t in lines)


def _items(c: Canvas, f: dict, head_y: float, first_y: float, step: float, heads, cells) -> None:
    """The items table: `heads` (caption, x) and per line `cells(line)` (text, x), or a toll's columns."""
    w = c.w
    if f["toll"]:
        columns = TOLL_COLUMNS[f["kind"]]
        values = dict(zip(("车牌号", "类型", "通行日期起", "通行日期止"), f["toll"], strict=True))
        xs = (120, 180, 220, 285)
        heads = [("项目名称", 30), *zip(columns, xs, strict=True), ("金额", 360), ("税率", 430), ("税额", 500)]

        def cells(line):
            name, rate, net, tax = line
            own = [(values[col], x) for col, x in zip(columns, xs, strict=True)]
            return [(name, 30), *own, (f"{net}", 360), (f"{Decimal(rate) * 100:.0f}%", 432), (f"{tax}", 500)]

    for text, x in heads:
        c.text(x * w / 595, head_y, text, 8.5, color=BROWN)
    for n, line in enumerate(f["lines"]):
        for text, x in cells(line):
            c.text(x * w / 595, first_y + n * step, text, 8.5)


def _digital(c: Canvas, v: Variant, f: dict) -> None:
    """The 数电票 layout: buyer left and seller right in one band, one table, 价税合计 line, 备注."""
    w = c.w
    c.text(w / 2, 34, "电子发票（普通发票）", 20, bold=True, color=BROWN, anchor="m")
    c.rect(w / 2 - 100, 48, w / 2 + 100, 49, BROWN)
    c.rect(w / 2 - 100, 51, w / 2 + 100, 52, BROWN)
    qr(c, 24, 14, 52, v.rng)
    c.text(w - 170, 28, f"发票号码：{f['number']}", 9)
    c.text(w - 170, 44, f"开票日期：{f['date']:%Y年%m月%d日}", 9)
    c.rect(20, 72, w - 20, 350, None, outline=BROWN)
    c.rect(20, 132, w - 20, 132.6, BROWN)
    c.rect(w / 2, 72, w / 2 + 0.6, 132, BROWN)
    for x, title, lines in ((24, "购买方信息", f["buyer_lines"]), (w / 2 + 4, "销售方信息", f["seller_lines"])):
        c.text(x + 4, 84, title, 9, color=BROWN)
        _party(c, x + 18, 97 if _wraps(lines) else 102, lines, 9, 16)
    heads = (
        ("项目名称", 30),
        ("规格型号", 150),
        ("单位", 215),
        ("数量", 250),
        ("单价", 290),
        ("金额", 360),
        ("税率/征收率", 420),
        ("税额", 500),
    )
    _items(c, f, 146, 166, 16, heads, _digital_cells)
    c.text(60, 262, "合        计", 9, color=BROWN)
    c.text(360 * w / 595, 262, f"¥{f['net']}", 9)
    c.text(500 * w / 595, 262, f"¥{f['tax']}", 9)
    c.rect(20, 276, w - 20, 276.6, BROWN)
    c.text(30, 290, "价税合计（大写）", 9, color=BROWN)
    c.circle(126, 290, 4, PAPER.gray)
    c.text(134, 290, capital_yuan(f["total"]), 9)
    c.text(400 * w / 595, 290, "（小写）", 9, color=BROWN)
    c.text(440 * w / 595, 290, f"¥{f['total']}", 9, bold=True)
    c.rect(20, 304, w - 20, 304.6, BROWN)
    c.text(30, 326, "备注", 9, color=BROWN)
    for n, line in enumerate(f["memo_lines"]):
        c.text(80, 326 - 7 * (len(f["memo_lines"]) - 1) + n * 14, line, 8.5)
    c.text(40, 368, f"开票人：{f['clerk']}", 9, color=BROWN)


def _digital_cells(line) -> list[tuple[str, float]]:
    name, rate, net, tax = line
    rate_text = f"{Decimal(rate) * 100:.0f}%"
    return [(name, 30), ("次", 215), ("1", 255), (f"{net}", 290), (f"{net}", 360), (rate_text, 430), (f"{tax}", 500)]


def _classic_cells(line) -> list[tuple[str, float]]:
    name, rate, net, tax = line
    return [
        (name, 30),
        ("1", 265),
        (f"{net}", 300),
        (f"{net}", 370),
        (f"{Decimal(rate) * 100:.0f}%", 432),
        (f"{tax}", 500),
    ]


def _classic(c: Canvas, v: Variant, f: dict) -> None:
    """The older 增值税电子普通发票: codes top right, buyer + 密码区 above the table, seller block below."""
    w, rng = c.w, v.rng
    c.text(w / 2 - 24, 30, f"{f['province']}增值税电子普通发票", 18, bold=True, color=BROWN, anchor="m")
    c.text(30, 30, f"机器编号：{digits(rng, 12)}", 8.5)
    for n, (label, value) in enumerate(
        (
            ("发票代码", f["code"]),
            ("发票号码", f["number"]),
            ("开票日期", f"{f['date']:%Y年%m月%d日}"),
            ("校验码", f["check"]),
        )
    ):
        c.text(w - 190, 16 + n * 14, f"{label}：{value}", 8.5)
    c.rect(20, 76, w - 20, 360, None, outline=BROWN)
    c.text(30, 92, "购买方", 9, color=BROWN)
    buyer_lines = f["buyer_lines"] + ["地 址、电 话：", "开户行及账号："]
    _party(c, 70, 88 if _wraps(buyer_lines) else 90, buyer_lines, 8.5, 14)
    c.text(w - 230, 92, "密码区", 9, color=BROWN)
    for n in range(4):
        c.text(w - 200, 90 + n * 13, "".join(rng.choice("0123456789<>+-*/") for _ in range(28)), 8)
    c.rect(20, 146, w - 20, 146.6, BROWN)
    heads = (
        ("货物或应税劳务、服务名称", 30),
        ("规格型号", 170),
        ("单位", 230),
        ("数量", 262),
        ("单价", 300),
        ("金额", 370),
        ("税率", 430),
        ("税额", 500),
    )
    _items(c, f, 158, 176, 15, heads, _classic_cells)
    c.text(60, 256, "合    计", 9, color=BROWN)
    c.text(370 * w / 595, 256, f"¥{f['net']}", 9)
    c.text(500 * w / 595, 256, f"¥{f['tax']}", 9)
    c.rect(20, 268, w - 20, 268.6, BROWN)
    c.text(30, 281, "价税合计(大写)", 9, color=BROWN)
    c.circle(116, 281, 4, PAPER.gray)
    c.text(124, 281, capital_yuan(f["total"]), 9)
    c.text(390 * w / 595, 281, f"(小写) ¥{f['total']}", 9)
    c.rect(20, 294, w - 20, 294.6, BROWN)
    c.text(30, 308, "销售方", 9, color=BROWN)
    seller_lines = f["seller_lines"] + [f"地 址、电 话：{f['address']}", "开户行及账号：中国银行 " + digits(rng, 12)]
    _party(c, 70, 303 if _wraps(seller_lines) else 306, seller_lines, 8.5, 13)
    c.text(w - 230, 308, "备注", 9, color=BROWN)
    for n, line in enumerate(f["memo_lines"]):
        c.text(w - 200, 308 + n * 13, line, 8)
    c.text(40, 376, "收款人：", 9, color=BROWN)
    c.text(180, 376, "复核：", 9, color=BROWN)
    c.text(300, 376, f"开票人：{f['clerk']}", 9, color=BROWN)
    c.text(440, 376, "销售方：（章）", 9, color=BROWN)


def render(v: Variant, captured: datetime):
    """One invoice image: (image, label items, device, app, page name, is a photo of paper)."""
    rng = v.rng
    when = before(rng, captured, days=40, minutes=60 * 24)
    total = amount(rng, 20, rng.choice((300, 3000)))
    layout = v.pick("invoice.layout", dev=("digital", "classic"), eval=("digital_sealed", "classic_sealed"))
    seller = v.pool(SELLERS)
    f = {
        "date": when,
        "total": total,
        "clerk": rng.choice(("王会计", "李娟", "系统")),
        "province": rng.choice(("上海", "浙江", "广东", "北京")),
        "code": "0" + digits(rng, 11),
        "check": " ".join(digits(rng, 5) for _ in range(4)),
        "address": "市辖区幸福路1号 0571-8888" + digits(rng, 4),
    }
    kind = v.pick(
        "invoice.kind",
        dev=("goods", "goods", "long_seller", "shop_seller", "on_behalf", "toll"),
        eval=("standard", "standard", "long_both", "shop_company_buyer", "on_behalf_taxid", "toll_dates_first"),
    )
    f["kind"], toll = kind, kind.startswith("toll")
    f["lines"], f["net"], f["tax"] = _lines_for(v, total, toll)
    digital = layout.startswith("digital")
    f["number"] = f"{when:%y}" + digits(rng, 18) if digital else digits(rng, 8)
    buyer = v.pool(BUYERS)
    if kind in ("long_seller", "long_both"):
        seller = v.pool(LONG_SELLERS)
    elif kind.startswith("shop"):
        seller, buyer = v.pool(SHOP_SELLERS), _company(v)
    elif toll:
        seller = v.pool(TOLL_SELLERS)
    if kind == "long_both":
        buyer = next(name for name in LONG_SELLERS[v.split] if name != seller)
    merchant = seller
    printed = v.pool(TAX_OFFICES) if kind.startswith("on_behalf") else seller
    tax_id = "91" + digits(rng, 6) + "MA" + digits(rng, 8)
    wrap = WRAP_AT[v.split] if kind.startswith("long") else 99
    f["buyer_lines"] = [
        *_wrapped(buyer, wrap if kind == "long_both" else 99),
        "统一社会信用代码/纳税人识别号：" + ("" if buyer == "个人" else "91310000MA1K" + digits(rng, 6)),
    ]
    f["seller_lines"] = [*_wrapped(printed, wrap), f"统一社会信用代码/纳税人识别号：{tax_id}"]
    order = digits(rng, 12)
    memo = rng.choice(("", f"订单号：{order}", "入住日期 " + f"{when:%m-%d}"))
    f["memo_lines"] = [memo] if memo else []
    if kind.startswith("on_behalf"):
        # The 备注 column is narrow: a long company name wraps under its label.
        lines = (
            [f"代开企业名称：{merchant[:12]}", merchant[12:]] if len(merchant) > 12 else [f"代开企业名称：{merchant}"]
        )
        taxid = [f"代开企业税号：91{digits(rng, 16)}"] if kind == "on_behalf_taxid" else []
        f["memo_lines"] = [*taxid, *[line for line in lines if line]]
        memo = ""
    occurred = when
    if toll:
        start = before(rng, when, days=30, minutes=60 * 24 * 5)
        end = start + timedelta(days=rng.choice((0, 0, 1)))
        f["toll"] = (
            v.pool(PLATES) + digits(rng, 3) + "K",
            rng.choice(("客车", "货车")),
            f"{start:%Y%m%d}",
            f"{end:%Y%m%d}",
        )
        f["memo_lines"], memo, occurred = ["汇总开具"], "", start
    else:
        f["toll"] = None
    order_no = order if memo.startswith("订单号") else f["number"] if digital else None
    fonts = v.fonts(paper=True)
    scale = rng.uniform(2.0, 3.0)
    paper = Canvas(round(595 * scale), round(397 * scale), 595, PAPER, fonts)
    (_digital if digital else _classic)(paper, v, f)
    image = paper.finish()
    # Dev's own stamps (eval's oval seal comes with its layouts): over the seller's name or over the 备注.
    stamp = v.pick("invoice.stamp", dev=("none", "round_seller", "round_remark"), eval=("with_layout",))
    if stamp.startswith("round"):
        where = {
            ("round_seller", False): (0.30, 0.80),
            ("round_seller", True): (0.70, 0.24),
            ("round_remark", False): (0.75, 0.80),
            ("round_remark", True): (0.35, 0.84),
        }[stamp, digital]
        round_seal(image, round(image.width * where[0]), round(image.height * where[1]), round(40 * scale / 2))
    if layout.endswith("sealed"):
        seal(
            image,
            round(image.width * 0.78),
            round(image.height * (0.83 if not digital else 0.26)),
            round(45 * scale / 2),
        )
    items = [
        row(
            direction="expense",
            amount=str(total),
            currency="CNY",
            occurred_at=f"{occurred:%Y-%m-%d}",
            merchant=merchant,
            # As the corpus labels it: a seller that is a platform's company names the platform (小桔科技 is 滴滴).
            platform=SELLER_PLATFORMS.get(merchant),
            order_no=order_no,
        ).values
    ]
    capture = v.pick(
        "invoice.capture", dev=("phone_viewer", "photo"), eval=("desktop_crop", "photo_tilted", "phone_viewer_dark")
    )
    name = "数电票" if digital else "增值税电子普通发票"
    if capture.startswith("photo"):
        return image, items, Device(image.width, image.height, 595, "paper"), "invoice", name + " (photo)", True
    if capture == "desktop_crop":
        framed = Image.new("RGB", (image.width + 60, image.height + 60), "#8c8c8c")
        framed.paste(image, (30, 30))
        return framed, items, Device(framed.width, framed.height, 595, "desktop"), "invoice", name, False
    device = v.device()
    c = Canvas(device.width, device.height, device.dp, LIGHT if capture == "phone_viewer" else _viewer_dark(), fonts)
    title = rng.choice(("发票预览", f"{f['number']}.pdf", "电子发票"))

    def header(c: Canvas) -> None:
        widgets.status_bar(c, device.os, f"{captured.hour}:{captured.minute:02d}")
        widgets.nav_bar(c, title, right="···")

    c.header(header)
    shown = image.resize((device.width - c.px(16), round(image.height * (device.width - c.px(16)) / image.width)))
    c.finish()
    c.image.paste(shown, (c.px(8), round(c.height * 0.32)))
    return c.image, items, device, "invoice", name + " (viewer)", False


def _wraps(lines: list[str]) -> bool:
    return len(lines) > 1 and lines[1].startswith("\u3000")


def _party(c: Canvas, x: float, y: float, lines: list[str], size: float, step: float) -> None:
    """A party's lines from y down; a wrapped name is printed smaller, its two lines close together."""
    for n, line in enumerate(lines):
        small = _wraps(lines) and n < 2
        c.text(x, y, line, 7.5 if small else size)
        y += 10.5 if small and n == 0 else step


def _company(v: Variant) -> str:
    """A buyer that is a company, from this split's buyers."""
    return v.rng.choice([name for name in BUYERS[v.split] if name != "个人"])


def _wrapped(name: str, at: int) -> list[str]:
    """The 名称 line, and its wrapped tail under the value (full-width spaces as wide as 名称：) when too long."""
    if len(name) <= at:
        return [f"名称：{name}"]
    return [f"名称：{name[:at]}", "\u3000\u3000\u3000" + name[at:]]


def _viewer_dark() -> Theme:
    return Theme(bg="#2b2b2b", card="#333333", fg="#f0f0f0", gray="#aaaaaa", line="#444444", dark=True)
