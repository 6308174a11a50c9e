"""Third-party payment sheets: 抖音支付 / 美团支付 / 京东支付 drawn as a bottom sheet over the product page that was
bought (a group-buy deal with its shop line, price and offers such as '本单可享…'), showing 支付成功, the amount, the
payment method and time, and the merchant under the amount or in a row of the sheet."""

from __future__ import annotations

from decimal import Decimal

from bench.synth import widgets
from bench.synth.canvas import Canvas
from bench.synth.common import Ctx, finish_ios, top, yen
from bench.synth.data import CARDS, SHOPS, amount, before, cn_date, label_time, money, shown_part
from bench.synth.truth import Row, row
from bench.synth.variant import Variant

# The sheet's pay brand → (the platform as recorded, logo colour, the sheet's points/offer line, its footer).
BRANDS = {
    "抖音支付": ("抖音支付", "#111111", "抖音支付积分 可在抖音钱包兑优惠权益", "抖音支付 | 过亿人都在用"),
    "美团支付": ("美团", "#ffc300", "美团支付 立减金已到账", "美团支付 | 安全保障中"),
    "京东支付": ("京东", "#e1251b", "京东支付 领取白条免息券", "京东支付 · 全程安全保障"),
}
DEALS = {
    "dev": ("双人套餐 到店自取", "经典咖啡 2杯装", "招牌单人餐"),
    "eval": ("鲜榨果汁 大杯", "三人聚餐 可堂食", "手作点心 6只装", "洗护套装 旅行装"),
}
OFFERS = {
    "dev": ("本单可享 · 再返2元", "本单可享 新客立减"),
    "eval": ("可享满30减5优惠", "领券再减3元", "本单可享 平台补贴"),
}


def pay_sheet(c: Canvas, v: Variant, ctx: Ctx) -> list[Row]:
    """A pay brand's 支付成功 bottom sheet over a dimmed deal page; the platform is the sheet's brand."""
    rng = v.rng
    brand = v.pick("sheet.brand", dev=("抖音支付", "美团支付"), eval=("京东支付",))
    platform, logo, offer_line, footer = BRANDS[brand]
    v.app = {"抖音支付": "douyin", "美团支付": "meituan", "京东支付": "jd"}[brand]
    when = before(rng, ctx.captured, days=0.02)
    shop, card = v.pool(SHOPS), v.pool(CARDS)
    full = amount(rng, 5, 120)
    off = min(amount(rng, 0.5, 10), (full / 2).quantize(Decimal("0.01"))) if v.coin("deal_discount", 0.6) else 0
    paid = full - off
    ts = v.pick("sheet.time", dev=("iso_minutes",), eval=("dot_minutes", "cn_minutes"))
    # Where the merchant is: in the sheet, or only on the deal page behind it (its store line).
    where = v.pick("sheet.merchant", dev=("under", "row", "behind"), eval=("above", "shop_row", "behind_only"))
    method_label = v.pick("sheet.method_label", dev=("支付方式",), eval=("付款方式",))
    r = row(
        direction="expense",
        amount=str(paid),
        currency="CNY",
        occurred_at=label_time(when, shown_part(ts)),
        merchant=shop,
        platform=platform,
        payment_method=card,
    )
    _deal_page(c, v, ctx, when, shop, full, paid, r if where.startswith("behind") else None)
    # The sheet: a rounded card over the lower part of the screen.
    c.y = c.h * v.pick("sheet.top", dev=(0.42, 0.46), eval=(0.38, 0.5))
    c.rect(0, c.y, c.w, c.h + 20, c.theme.card, radius=16)
    c.y += 40
    c.circle(c.w / 2, c.y, 18, logo, brand[:1])
    c.y += 40
    c.text(c.w / 2, c.y, "支付成功", 16, bold=True, anchor="m")
    c.y += 40
    if where == "above":
        c.text(c.w / 2, c.y, shop, 14, color=c.theme.gray, anchor="m", see=(r, "merchant"))
        c.y += 38
    c.text(c.w / 2, c.y, yen(paid), 32, bold=True, anchor="m", see=(r, "amount"))
    c.y += 34
    if where == "under":
        c.text(c.w / 2, c.y, shop, 13, color=c.theme.gray, anchor="m", see=(r, "merchant"))
        c.y += 26
    c.y += 16
    rows = [(method_label, card, (r, "payment_method")), ("支付时间", cn_date(when, ts), (r, "occurred_at"))]
    if where == "row":
        rows.insert(0, ("收款方", shop, (r, "merchant")))
    elif where == "shop_row":
        rows.insert(0, ("商户名称", shop, (r, "merchant")))
    widgets.rows(c, rows, "right", x0=16, x1=c.w - 16, size=13, gap=32)
    c.y += 18
    widgets.ad_card(c, offer_line.split(" ", 1)[0], (offer_line.split(" ", 1)[1],), logo)
    c.y = max(c.y + 30, c.h - 120)
    widgets.button(c, "完成", c.theme.line, fg=c.theme.fg, width=150, height=40)
    c.y += 24
    c.text(c.w / 2, c.y, footer, 11, color=c.theme.gray, anchor="m")
    finish_ios(c, ctx)
    return [r]


def _deal_page(c: Canvas, v: Variant, ctx: Ctx, when, shop: str, full, paid, r: Row | None) -> None:
    """The group-buy page behind the sheet, dimmed: its store line (the merchant, when `r` is given), the deal,
    prices, count and offers."""
    rng = v.rng
    top(c, v, ctx, when, "", close=True)
    dim = c.theme.gray
    distance = f"{rng.randrange(80, 990)}m" if v.coin("metres", 0.6) else f"{rng.uniform(1, 9):.1f}km"
    branch = rng.choice(("中心店", "广场店", "北门店"))
    store = v.pick("sheet.store_line", dev=("nearest",), eval=("name_first",))
    c.y += 20
    if store == "nearest":
        c.text(16, c.y, f"最近{distance}·", 13, color=dim)
        x = 16 + c.width_of(f"最近{distance}·", 13)
    else:
        x = 16
    c.text(x, c.y, shop, 13, color=dim, see=(r, "merchant") if r else None)
    x += c.width_of(shop, 13)
    c.text(x, c.y, f"({branch})" + ("" if store == "nearest" else f" | 距你{distance}"), 13, color=dim)
    c.text(c.w - 16, c.y, f"{rng.randrange(3, 400)}店通用>", 12, color=dim, anchor="r")
    c.y += 40
    c.text(110, c.y, f"【特惠】{v.pool(DEALS)}", 14, color=dim)
    c.text(c.w - 16, c.y, yen(paid, comma=False), 14, color=dim, anchor="r")
    c.y += 26
    c.strike(c.w - 60, c.y, f"¥{money(full + 5)}", 11, color=dim)
    c.y += 36
    c.text(16, c.y, "免预约·过期自动退·到店自提", 12, color=dim)
    c.y += 40
    c.text(16, c.y, "购买份数", 14, color=dim)
    c.text(c.w - 40, c.y, "1", 14, color=dim, anchor="m")
    c.y += 50
    c.text(16, c.y, v.pool(OFFERS), 14, color=dim)


PAGES = {"pay_sheet": ("sheet", "支付成功 (pay sheet)", pay_sheet)}
