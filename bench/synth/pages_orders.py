"""Order pages where the paid amount sits among many others: 美团 / 饿了么 deliveries (红包, 满减, 配送费),
淘宝 / 京东 / 拼多多 orders (原价, 优惠券, 实付款) and 滴滴 trips (滴滴快车 / 专车, 打车券)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from bench.synth import widgets
from bench.synth.canvas import Canvas
from bench.synth.common import Ctx, finish_ios, top, yen
from bench.synth.data import (
    DISHES,
    GOODS,
    RESTAURANTS,
    STORES,
    amount,
    before,
    cn_date,
    digits,
    label_time,
    money,
    shown_part,
)
from bench.synth.truth import Row, row
from bench.synth.variant import Variant

# app → (platform, accent, packet line label, paid label, payment methods)
FOOD = {
    "meituan": ("美团", "#ffc300", "美团红包", "实付", ("美团月付", "美团支付", "微信支付", "招商银行信用卡(6789)")),
    "eleme": ("饿了么", "#0a8cff", "红包", "实付款", ("支付宝", "花呗", "饿了么钱包")),
}
SHOPS_APP = {
    "taobao": ("淘宝", "#ff5000", "店铺优惠", "实付款", None),
    "jd": ("京东", "#e1251b", "优惠券", "实付款", ("京东白条", "京东支付", "微信支付")),
    "pdd": ("拼多多", "#e02e24", "平台优惠券", "实付", ("多多支付", "微信支付", "支付宝")),
}
PRODUCTS = {"dev": ("滴滴快车", "滴滴专车"), "eval": ("特惠快车", "滴滴专车", "滴滴快车", "滴滴豪华车")}


def _lines(c: Canvas, lines: list[tuple[str, str, str | None]], x0: float, x1: float) -> None:
    """Small label/amount lines of an order's price breakdown."""
    for label, value, color in lines:
        c.text(x0, c.y + 14, label, 13, color=c.theme.gray)
        c.text(x1, c.y + 14, value, 13, color=color, anchor="r")
        c.y += 30


def food(c: Canvas, v: Variant, ctx: Ctx) -> list[Row]:
    """A delivery order: shop, dishes, 打包费, 配送费, the app's red packet and the shop's 满减, then 实付."""
    rng = v.rng
    app = v.app = rng.choice(tuple(FOOD))
    platform, accent, packet_label, paid_label, methods = FOOD[app]
    when = before(rng, ctx.captured, days=5, minutes=40)
    shop = v.pool(RESTAURANTS)
    dishes = [(v.pool(DISHES), amount(rng, 8, 60)) for _ in range(rng.choice((1, 2, 3)))]
    pack, fee = (
        Decimal(rng.choice(("1.00", "2.00", "0.50", "0.00"))),
        Decimal(rng.choice(("0.00", "2.50", "3.00", "5.00"))),
    )
    packet = Decimal(rng.choice(("3.00", "5.00", "4.00", "8.00")))
    cut = Decimal(rng.choice(("0.00", "3.00", "6.00", "10.00")))
    total = sum(p for _, p in dishes) + pack + fee
    paid = max(Decimal("0.01"), total - packet - cut)
    method = rng.choice(methods)
    ts = v.pick("food.time", dev=("iso_seconds",), eval=("iso_minutes", "slash_seconds"))
    order = digits(rng, 19 if app == "meituan" else 18)
    r = row(
        direction="expense",
        amount=str(paid),
        currency="CNY",
        occurred_at=label_time(when, shown_part(ts)),
        merchant=shop,
        platform=platform,
        payment_method=method,
        order_no=order,
    )
    top(c, v, ctx, when, "订单详情", scroll_max=120)
    c.text(16, c.y + 22, rng.choice(("订单已送达", "订单已完成")), 20, bold=True)
    c.text(16, c.y + 50, f"感谢您对{platform}的信任，期待再次光临", 12, color=c.theme.gray)
    c.y += 70
    for n, label in enumerate(("再来一单", "评价得红包")):
        c.rect(16 + n * 100, c.y, 104 + n * 100, c.y + 30, c.theme.card, radius=15)
        c.text(60 + n * 100, c.y + 15, label, 13, anchor="m")
    c.y += 44
    c.rect(8, c.y, c.w - 8, c.y + 520, c.theme.card, radius=8)
    c.text(24, c.y + 24, shop + " >", 15, bold=True, see=(r, "merchant"))
    c.y += 48
    for dish, price in dishes:
        c.rect(24, c.y, 64, c.y + 40, accent, radius=4)
        c.text(74, c.y + 12, dish, 14)
        c.text(74, c.y + 32, "×1", 12, color=c.theme.gray)
        c.text(c.w - 24, c.y + 12, yen(price), 14, anchor="r")
        c.y += 54
    lines = [("打包费", yen(pack), None), ("配送费", yen(fee), None)]
    red = "#ff4b33"
    lines.append((packet_label, f"-{yen(packet)}", red))
    if cut:
        lines.append((v.pick("food.cut", dev=("商家满减", "满减优惠"), eval=("店铺满减", "神券")), f"-{yen(cut)}", red))
    if v.pick("food.order", dev=("fees_first",), eval=("discounts_first", "fees_first_b")) == "discounts_first":
        lines = lines[2:] + lines[:2]
    _lines(c, lines, 24, c.w - 24)
    c.y += 8
    c.hline(c.y, 24, c.w - 24)
    c.y += 8
    style = v.pick("food.paid", dev=("label_left_of_amount",), eval=("saved_then_paid", "paid_line_left"))
    paid_text = yen(paid)
    if style == "label_left_of_amount":
        x = c.w - 24 - c.width_of(paid_text, 18, True) - 8
        c.text(x, c.y + 16, paid_label, 14, anchor="r")
    elif style == "saved_then_paid":
        c.text(24, c.y + 16, f"已优惠{yen(packet + cut)}", 12, color=red)
        x = c.w - 24 - c.width_of(paid_text, 18, True) - 8
        c.text(x, c.y + 16, paid_label, 14, anchor="r")
    else:
        c.text(24, c.y + 16, paid_label, 14)
    c.text(c.w - 24, c.y + 16, paid_text, 18, bold=True, color=red, anchor="r", see=(r, "amount"))
    c.y += 60
    widgets.rows(
        c,
        [
            ("订单号码", order, (r, "order_no")),
            ("下单时间", cn_date(when, ts), (r, "occurred_at")),
            ("支付方式", method, (r, "payment_method")),
            ("配送服务", f"由 {platform}专送 提供"),
        ],
        "right",
        x0=24,
        x1=c.w - 24,
    )
    finish_ios(c, ctx)
    return [r]


def shop_order(c: Canvas, v: Variant, ctx: Ctx) -> list[Row]:
    """An online-shop order: store, goods with original price, 运费, coupons, points, 实付款, order rows."""
    rng = v.rng
    app = v.app = rng.choice(tuple(SHOPS_APP))
    platform, accent, coupon_label, paid_label, methods = SHOPS_APP[app]
    when = before(rng, ctx.captured, days=25, minutes=60)
    store, goods = v.pool(STORES), v.pool(GOODS)
    price = amount(rng, 9, 900)
    original = (price * Decimal(rng.choice(("1.2", "1.5", "2.0")))).quantize(Decimal("0.01"))
    ship = Decimal(rng.choice(("0.00", "0.00", "6.00", "10.00")))
    coupon = amount(rng, 1, float(min(price, Decimal(60))) / 2 + 1)
    points = Decimal(rng.choice(("0.00", "0.50", "1.20", "3.00")))
    paid = price + ship - coupon - points
    method = rng.choice(methods) if methods else None
    ts = v.pick("shop.time", dev=("iso_seconds",), eval=("slash_seconds", "dot_minutes"))
    order = digits(rng, {"taobao": 19, "jd": 12, "pdd": 15}[app])
    if app == "pdd":
        order = f"{when:%y%m%d}-{digits(rng, 15)}"
    r = row(
        direction="expense",
        amount=str(paid),
        currency="CNY",
        occurred_at=label_time(when, shown_part(ts)),
        merchant=store,
        platform=platform,
        payment_method=method,
        order_no=order,
    )
    top(c, v, ctx, when, "订单详情", scroll_max=80)
    c.rect(0, c.y, c.w, c.y + 80, accent)
    c.text(20, c.y + 30, rng.choice(("交易成功", "已签收", "已完成")), 20, bold=True, color="#ffffff")
    c.text(20, c.y + 58, "感谢您的购买，欢迎再次光临", 12, color="#ffffff")
    c.y += 92
    c.rect(8, c.y, c.w - 8, c.y + 460, c.theme.card, radius=10)
    c.circle(30, c.y + 24, 9, accent, "店")
    c.text(46, c.y + 24, store + " >", 15, bold=True, see=(r, "merchant"))
    c.y += 48
    c.rect(20, c.y, 100, c.y + 80, c.theme.line, radius=6)
    for n, line in enumerate(c.wrap(goods, 14, c.w - 200)[:2]):
        c.text(110, c.y + 14 + n * 20, line, 14)
    c.text(c.w - 20, c.y + 14, yen(price), 14, anchor="r")
    c.strike(c.w - 20, c.y + 36, yen(original), 12, anchor="r")
    c.text(c.w - 20, c.y + 58, "×1", 12, color=c.theme.gray, anchor="r")
    c.y += 96
    lines = [("商品总价", yen(price), None), ("运费", yen(ship), None), (coupon_label, f"-{yen(coupon)}", "#ff4400")]
    if points:
        lines.append(({"taobao": "淘金币抵扣", "jd": "京豆", "pdd": "多多果园抵扣"}[app], f"-{yen(points)}", "#ff4400"))
    _lines(c, lines, 20, c.w - 20)
    x = c.w - 20 - c.width_of(yen(paid), 18, True) - 8
    c.text(x, c.y + 18, paid_label, 14, anchor="r")
    c.text(c.w - 20, c.y + 18, yen(paid), 18, bold=True, color="#ff4400", anchor="r", see=(r, "amount"))
    c.y += 56
    created = when - timedelta(seconds=rng.randrange(5, 300))
    rows = [("订单编号", order, (r, "order_no"))]
    if app == "taobao":
        rows += [
            ("支付宝交易号", f"{when:%Y%m%d}2200" + digits(rng, 16)),
            ("创建时间", cn_date(created, ts)),
            ("付款时间", cn_date(when, ts), (r, "occurred_at")),
        ]
    else:
        rows += [
            ("下单时间", cn_date(created, ts)),
            ("支付时间", cn_date(when, ts), (r, "occurred_at")),
            ("支付方式", method, (r, "payment_method")),
        ]
    widgets.rows(
        c,
        rows,
        v.pick("shop.rows", dev=("right", "stacked", "caption", "colon_ascii"), eval=("col", "under", "colon")),
        x0=20,
        x1=c.w - 20,
        value_x=110,
    )
    finish_ios(c, ctx)
    return [r]


def didi(c: Canvas, v: Variant, ctx: Ctx) -> list[Row]:
    """A 滴滴 trip: the product (滴滴快车 / 专车 / 特惠快车), date without a year, route, 实付 … 元, 打车券."""
    rng = v.rng
    when = before(rng, ctx.captured, days=40, minutes=30).replace(second=0)
    product = v.pool(PRODUCTS)
    fare = amount(rng, 9, 160)
    coupon = Decimal(rng.choice(("0.00", "3.00", "5.00", "8.50")))
    paid = max(Decimal("0.01"), fare - coupon)
    show_year = v.pick("didi.date", dev=("md",), eval=("md_week", "ymd"))
    r = row(
        direction="expense",
        amount=str(paid),
        currency="CNY",
        occurred_at=label_time(when, "minutes"),
        merchant=product,
        platform="滴滴出行",
    )
    top(c, v, ctx, when, "行程详情", right="开发票", scroll_max=40)
    c.rect(12, c.y + 8, c.w - 12, c.y + 560, c.theme.card, radius=12)
    c.y += 40
    if show_year == "ymd":
        date = f"{when:%Y-%m-%d %H:%M}"
    elif show_year == "md_week":
        date = f"{when.month}月{when.day}日 周{'一二三四五六日'[when.weekday()]} {when:%H:%M}"
    else:
        date = f"{when.month}月{when.day}日 {when:%H:%M}"
    c.text(c.w / 2, c.y, product, 15, bold=True, anchor="m", see=(r, "merchant"))
    c.y += 24
    c.text(c.w / 2, c.y, date, 13, color=c.theme.gray, anchor="m", see=(r, "occurred_at"))
    c.y += 52
    w = c.text(c.w / 2 - 10, c.y, money(paid, comma=False), 40, bold=True, anchor="m", see=(r, "amount"))
    c.text(c.w / 2 - 10 + w / 2 + 4, c.y + 8, "元", 14)
    c.y += 36
    c.text(c.w / 2, c.y, "实付金额" if v.coin("label", 0.5) else "已支付", 12, color=c.theme.gray, anchor="m")
    c.y += 36
    _lines(
        c,
        [("车费合计", f"{money(fare)}元", None)]
        + ([("打车券", f"-{money(coupon)}元", "#ff7f41")] if coupon else [])
        + [("里程", f"{rng.uniform(2, 40):.1f}公里", None)],
        32,
        c.w - 32,
    )
    c.y += 16
    c.circle(34, c.y, 4, "#2ebd59")
    c.text(48, c.y, rng.choice(("望京SOHO T1", "虹桥火车站", "深圳北站", "春熙路地铁站")), 13)
    c.circle(34, c.y + 30, 4, "#ff7f41")
    c.text(48, c.y + 30, rng.choice(("首都机场T3", "陆家嘴软件园", "科技园南区", "天府三街")), 13)
    c.y += 60
    c.text(c.w / 2, c.y, "车费详情 >", 13, color="#ff7f41", anchor="m")
    finish_ios(c, ctx)
    return [r]


PAGES = {
    "food_order": ("food", "外卖订单", food),
    "shop_order": ("shopping", "订单详情", shop_order),
    "didi_trip": ("didi", "行程详情", didi),
}
