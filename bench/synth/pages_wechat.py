"""WeChat Pay screens: 账单详情, 支付成功, transfers and red packets (received and sent), 扣费凭证, refunds."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from bench.synth import widgets
from bench.synth.canvas import Canvas
from bench.synth.common import Ctx, finish_ios, foreign, top, yen
from bench.synth.data import (
    PEOPLE,
    SHOP_FULL,
    SHOPS,
    WECHAT_METHODS,
    amount,
    before,
    clock_not,
    cn_date,
    digits,
    label_time,
    money,
    shown_part,
)
from bench.synth.merchants import draw_name, head_name, name_rows
from bench.synth.truth import Row, row
from bench.synth.variant import Variant

GREEN = "#07c160"
LINK = "#576b95"


def _rows_style(v: Variant) -> tuple[str, float]:
    """The label/value layout of a WeChat detail page: ('col', value x) or ('right'/'stacked', 0)."""
    choice = v.pick(
        "wechat.rows",
        dev=("col@112", "col@100", "stacked", "caption", "colon_ascii"),
        eval=("col@86", "col@124", "right", "under", "colon"),
    )
    style, _, x = choice.partition("@")
    return style, float(x or 0)


def _time_style(v: Variant) -> str:
    return v.pick("wechat.time", dev=("cn_seconds",), eval=("cn_padded", "iso_seconds", "slash_seconds"))


def _card_head(
    c: Canvas, v: Variant, name: str, sign_amount: str, r: Row, *, glyph: str, color: str, look: str = "plain"
) -> None:
    """Logo, name (printed in `look`, see bench/synth/merchants.py) and the big signed amount at the top of a WeChat
    账单详情 card."""
    c.rect(0, c.y, c.w, c.y + 900, c.theme.card)
    c.y += 40
    c.circle(c.w / 2, c.y, 22, color, glyph)
    c.y += 44
    if not look.startswith("below"):
        draw_name(c, c.w / 2, name, 16, look, r)
        c.y += 46
    c.text(
        c.w / 2,
        c.y,
        sign_amount,
        v.pick("wechat.amount_size", dev=(34, 32), eval=(30, 38)),
        bold=True,
        anchor="m",
        see=(r, "amount"),
    )
    c.y += 36
    if look.startswith("below"):
        c.y += 10
        draw_name(c, c.w / 2, name, 16, look, r)
        c.y += 30


def detail(c: Canvas, v: Variant, ctx: Ctx) -> list[Row]:
    """账单详情 of a payment to a merchant, sometimes discounted or in a foreign currency."""
    rng = v.rng
    when = before(rng, ctx.captured, days=60, minutes=4)
    shop, paid, method = v.pool(SHOPS), amount(rng), v.pool(WECHAT_METHODS)
    shown, look = head_name(v, shop, "wechat.detail", detail=True)
    shop = shown if look.startswith("mixed") else shop
    order = "4200" + digits(rng, 24)
    ts = _time_style(v)
    r = row(
        direction="expense",
        amount=str(paid),
        currency="CNY",
        occurred_at=label_time(when, shown_part(ts)),
        merchant=shop,
        platform="微信支付",
        payment_method=method,
        order_no=order,
    )
    title = v.pick("wechat.detail_title", dev=("账单详情",), eval=("", "交易详情"))
    top(c, v, ctx, when, title, scroll_max=90)
    c.y += 10
    glyph = rng.choice((shop[:1], shop[:1], "S", "U"))
    _card_head(c, v, shown, "-" + money(paid), r, glyph=glyph, color="#3d7b5a", look=look)
    extra = []
    if v.coin("discount", 0.35):
        off = amount(rng, 0.5, 15)
        if v.pick("wechat.discount", dev=("struck",), eval=("summary", "row")) == "struck":
            c.strike(c.w / 2, c.y, f"原价¥{money(paid + off)}", 12.5, anchor="m")
            c.y += 22
            c.text(c.w / 2, c.y, f"立减优惠 -¥{money(off)}", 12.5, color="#fa5151", anchor="m")
        elif v.chosen["wechat.discount"] == "summary":
            c.text(c.w / 2, c.y, f"已优惠¥{money(off)}，原价¥{money(paid + off)}", 12.5, color="#fa5151", anchor="m")
        else:
            extra = [("优惠", f"商家优惠 -¥{money(off)}"), ("订单金额", f"¥{money(paid + off)}")]
        c.y += 16
    if v.coin("foreign", 0.15):
        code, printed, rate = foreign(v, paid)
        extra += [("外币金额", printed), ("汇率", rate)]
    c.y += 20
    style, vx = _rows_style(v)
    items = [
        ("当前状态", "支付成功"),
        (
            v.pick("wechat.time_label", dev=("支付时间",), eval=("交易时间", "付款时间")),
            cn_date(when, ts),
            (r, "occurred_at"),
        ),
    ]
    items += [("商品", rng.choice(("拿铁 大杯", "早餐", "日用品", "饮料", "商品")))] if v.coin("goods", 0.7) else []
    items += extra + name_rows(v, look, shown, r)
    items += [
        # The full name carries the short one: with the headline scrolled away the merchant is still on screen.
        ("商户全称", rng.choice(SHOP_FULL[v.split]).format(shop), (r, "merchant")),
        ("收单机构", "财付通支付科技有限公司"),
        ("支付方式", method, (r, "payment_method")),
        ("交易单号", order, (r, "order_no")),
        ("商户单号", "MT" + digits(rng, 18)),
    ]
    widgets.rows(c, items, style, x0=24, x1=c.w - 24, value_x=vx)
    c.y += 10
    c.hline(c.y, 24)
    c.text(24, c.y + 28, "账单服务", 14)
    c.text(c.w - 24, c.y + 64, "发起群收款", 14, color=LINK, anchor="r")
    finish_ios(c, ctx)
    return [r]


def success(c: Canvas, v: Variant, ctx: Ctx) -> list[Row]:
    """支付成功 right after paying: check mark, payee, ¥ amount, maybe a discount, 完成."""
    rng = v.rng
    when = before(rng, ctx.captured, days=0.02)
    shop, paid = v.pool(SHOPS), amount(rng)
    shop, look = head_name(v, shop, "wechat.success")
    method = v.pool(WECHAT_METHODS)
    show_method = v.coin("show_method", 0.6)
    r = row(
        direction="expense",
        amount=str(paid),
        currency="CNY",
        merchant=shop,
        platform="微信支付",
        payment_method=method if show_method else None,
    )
    top(c, v, ctx, when, "", close=True, back=rng.choice(("", "", shop)) if ctx.os == "ios" else "")
    # After paying inside a shop's own app: a small green title, the shop's colourful logo, 返回商家 — little green.
    look = v.pick("wechat.success_look", dev=("check", "brand_logo"), eval=("check_big", "shop_badge"))
    title = v.pick("wechat.success_text", dev=("支付成功",), eval=("付款成功", "已支付"))
    if look.startswith("check"):
        c.y += 60
        c.check(c.w / 2, c.y, 28, GREEN)
        c.y += 52
        c.text(c.w / 2, c.y, title, 18, bold=True, anchor="m")
        c.y += 40
    else:
        c.y += 40
        c.check(c.w / 2 - 52, c.y, 9, GREEN)
        c.text(c.w / 2 + 10, c.y, title, 17, color=GREEN, anchor="m")
        c.y += 90
        tone = rng.choice(("#d6246e", "#ff6a00") if look == "brand_logo" else ("#3a5bd9", "#7b3fe4"))
        if look == "brand_logo":
            c.circle(c.w / 2, c.y, 30, tone, shop[:1])
        else:
            c.rect(c.w / 2 - 28, c.y - 28, c.w / 2 + 28, c.y + 28, tone, radius=10)
        c.y += 50
    draw_name(c, c.w / 2, shop, 15, look, r, color=c.theme.gray)
    c.y += 46
    c.text(
        c.w / 2,
        c.y,
        yen(paid, symbol=v.pick("wechat.yen", dev=("¥",), eval=("￥", "¥ "))),
        36,
        bold=True,
        anchor="m",
        see=(r, "amount"),
    )
    c.y += 36
    if v.coin("discount", 0.4):
        off = amount(rng, 0.3, 12)
        c.strike(c.w / 2, c.y, yen(paid + off), 13, anchor="m")
        c.y += 22
        label = v.pick("wechat.success_off", dev=("商家优惠",), eval=("微信支付立减", "优惠券", "红包抵扣"))
        c.text(c.w / 2, c.y, f"{label} -¥{money(off)}", 12.5, color="#fa5151", anchor="m")
        c.y += 20
    c.y += 30
    items = [("收款方", shop, (r, "merchant"))]
    if show_method:
        items.append(("支付方式", method, (r, "payment_method")))
    widgets.rows(c, items, "right", x0=32, x1=c.w - 32)
    c.y = max(c.y + 60, c.h * 0.72)
    if look.startswith("check"):
        widgets.button(c, "完成", GREEN, width=160)
    else:
        widgets.button(c, "返回商家" if look == "brand_logo" else "完成", c.theme.line, fg=GREEN, width=160)
    finish_ios(c, ctx)
    return [r]


def transfer_in(c: Canvas, v: Variant, ctx: Ctx) -> list[Row]:
    """A transfer received: the chat's receipt page ('阿May 向你转账') or its 账单详情 ('转账-来自阿May')."""
    rng = v.rng
    sent = before(rng, ctx.captured, days=30, minutes=10)
    got = sent + (ctx.captured - sent) * rng.uniform(0.01, 0.3)
    got = got.replace(microsecond=0)
    who, paid = v.pool(PEOPLE), amount(rng, 1, 3000)
    ts = _time_style(v)
    r = row(
        direction="income",
        amount=str(paid),
        currency="CNY",
        occurred_at=label_time(got, shown_part(ts)),
        merchant=who,
        platform="微信支付",
        payment_method="零钱",
    )
    look = v.pick("wechat.transfer_in", dev=("bill", "receipt"), eval=("receipt_spaced", "bill_from"))
    top(c, v, ctx, got, "" if look.startswith("receipt") else "账单详情", scroll_max=40)
    c.y += 12
    if look.startswith("receipt"):
        c.y += 50
        c.check(c.w / 2, c.y, 26, "#fa9d3b")
        c.y += 50
        gap = " " if look == "receipt_spaced" else ""
        c.text(c.w / 2, c.y, f"{who}{gap}向你转账", 16, anchor="m", see=(r, "merchant"))
        c.y += 44
        c.text(c.w / 2, c.y, yen(paid), 36, bold=True, anchor="m", see=(r, "amount"))
        c.y += 40
        c.text(c.w / 2, c.y, "你已收款，资金已存入零钱", 13, color=c.theme.gray, anchor="m", see=(r, "payment_method"))
        c.y += 30
        c.text(c.w / 2, c.y, "零钱余额 >", 13, color=LINK, anchor="m")
        c.y = c.h * 0.78
        c.text(c.w / 2, c.y, "转账时间：" + cn_date(sent, ts), 12, color=c.theme.gray, anchor="m")
        c.text(
            c.w / 2,
            c.y + 22,
            "收款时间：" + cn_date(got, ts),
            12,
            color=c.theme.gray,
            anchor="m",
            see=(r, "occurred_at"),
        )
    else:
        name = f"转账-来自{who}" if look == "bill_from" else who
        _card_head(c, v, name, "+" + money(paid), r, glyph=rng.choice(("转", who[:1])), color="#fa9d3b")
        c.y += 16
        style, vx = _rows_style(v)
        order = "1000" + digits(rng, 24)
        r.values["order_no"] = order
        widgets.rows(
            c,
            [("当前状态", "已存入零钱", (r, "payment_method")), ("转账说明", rng.choice(("饭钱", "房租", "还你的")))]
            + [
                ("转账时间", cn_date(sent, ts)),
                ("收款时间", cn_date(got, ts), (r, "occurred_at")),
                ("转账单号", order, (r, "order_no")),
            ],
            style,
            x0=24,
            x1=c.w - 24,
            value_x=vx,
        )
    finish_ios(c, ctx)
    return [r]


def transfer_out(c: Canvas, v: Variant, ctx: Ctx) -> list[Row]:
    """A transfer or red packet sent to a person (money moved, not spent): its 账单详情."""
    rng = v.rng
    when = before(rng, ctx.captured, days=30, minutes=3)
    who, paid = v.pool(PEOPLE), amount(rng, 1, 2000)
    method = v.pool(WECHAT_METHODS)
    packet = v.coin("red_packet", 0.4)
    ts = _time_style(v)
    order = "1000" + digits(rng, 24)
    r = row(
        direction="transfer",
        amount=str(paid),
        currency="CNY",
        occurred_at=label_time(when, shown_part(ts)),
        merchant=who,
        platform="微信支付",
        payment_method=method,
        order_no=order,
    )
    name = v.pick("wechat.out_name", dev=("{k}-转给{p}",), eval=("{k}-发给{p}", "{p}"))
    kind = "微信红包" if packet else "转账"
    top(c, v, ctx, when, "账单详情", scroll_max=40)
    c.y += 10
    _card_head(
        c,
        v,
        name.format(k=kind, p=who),
        "-" + money(paid),
        r,
        glyph="红" if packet else "转",
        color="#e64340" if packet else "#fa9d3b",
    )
    c.y += 16
    style, vx = _rows_style(v)
    status = ("已领取" if packet else f"{who}已收款") if v.coin("received", 0.7) else "待对方收款"
    widgets.rows(
        c,
        [
            ("当前状态", status),
            ("支付时间" if packet else "转账时间", cn_date(when, ts), (r, "occurred_at")),
            ("支付方式", method, (r, "payment_method")),
            ("转账单号" if not packet else "交易单号", order, (r, "order_no")),
        ],
        style,
        x0=24,
        x1=c.w - 24,
        value_x=vx,
    )
    finish_ios(c, ctx)
    return [r]


def red_packet_in(c: Canvas, v: Variant, ctx: Ctx) -> list[Row]:
    """A red packet that was opened: '阿May的红包', greeting, amount in 元, 已存入零钱 (usually no date)."""
    rng = v.rng
    when = before(rng, ctx.captured, days=2)
    who = v.pool(PEOPLE)
    paid = Decimal(f"{rng.uniform(0.3, 200):.2f}")
    r = row(
        direction="income", amount=str(paid), currency="CNY", merchant=who, platform="微信支付", payment_method="零钱"
    )
    red = "#d95940" if not c.theme.dark else "#8f3325"

    def head(c: Canvas) -> None:
        saved = c.theme
        c.rect(0, 0, c.w, 100, red)
        c.theme = replace(saved, fg="#ffe2b1")
        widgets.status_bar(c, ctx.os, clock_not(rng, when, ctx.os))
        c.theme = saved
        c.line([(26, c.y + 13), (17, c.y + 22), (26, c.y + 31)], "#ffe2b1", 2)
        c.y = 100

    c.header(head)
    c.rect(0, 100, c.w, 150, red)
    c.circle(c.w / 2, 150, 26, "#f2b25c", rng.choice((who[:1], "红")))
    c.y = 205
    c.text(c.w / 2, c.y, f"{who}的红包", 17, bold=True, anchor="m", see=(r, "merchant"))
    c.y += 30
    c.text(c.w / 2, c.y, rng.choice(("恭喜发财，大吉大利", "生日快乐！", "辛苦啦")), 13, color=c.theme.gray, anchor="m")
    c.y += 58
    gold = "#c8a064"
    size = v.pick("wechat.packet_size", dev=(44,), eval=(52, 40))
    w = c.text(c.w / 2 - 8, c.y, money(paid, comma=False), size, bold=True, color=gold, anchor="m", see=(r, "amount"))
    c.text(c.w / 2 - 8 + w / 2 + 5, c.y + size * 0.2, "元", 14, color=gold)
    c.y += 46
    c.text(c.w / 2, c.y, "已存入零钱，可直接消费 >", 13, color=LINK, anchor="m", see=(r, "payment_method"))
    if v.coin("receipt_row", 0.5):
        c.y += 70
        c.text(16, c.y, f"1个红包共{money(paid)}元", 12, color=c.theme.gray)
        c.y += 40
        c.circle(34, c.y, 16, "#6b8fd6", "我")
        c.text(60, c.y - 9, "我", 15)
        # When the packet was opened: the one time the page shows, so a careful person books it.
        r.values["occurred_at"] = f"{when:%Y-%m-%d %H:%M}"
        c.text(60, c.y + 12, f"{when.month}月{when.day}日 {when:%H:%M}", 12, color=c.theme.gray, see=(r, "occurred_at"))
        c.text(c.w - 16, c.y, money(paid) + "元", 15, anchor="r")
    finish_ios(c, ctx)
    return [r]


def deduction(c: Canvas, v: Variant, ctx: Ctx) -> list[Row]:
    """A 扣费凭证 card in the 微信支付 service chat (metro, utilities, subscriptions auto-debited)."""
    rng = v.rng
    when = before(rng, ctx.captured, days=3, minutes=1)
    merchant, service = rng.choice(
        (
            ("深圳地铁", "乘车扣费"),
            ("广州地铁集团有限公司", "地铁出行"),
            ("腾讯视频", "会员自动续费"),
            ("国家电网", "电费代扣"),
            ("上海公交", "乘车码扣费"),
        )
    )
    paid = amount(rng, 1, 40)
    method = v.pool(WECHAT_METHODS)
    ts = v.pick("wechat.deduct_time", dev=("iso_seconds",), eval=("cn_seconds", "iso_minutes"))
    r = row(
        direction="expense",
        amount=str(paid),
        currency="CNY",
        occurred_at=label_time(when, shown_part(ts)),
        merchant=merchant,
        platform="微信支付",
        payment_method=method,
    )
    top(c, v, ctx, when, "微信支付", right="···", scroll_max=30)
    c.y += 14
    c.text(c.w / 2, c.y, f"{when.month}月{when.day}日 {when:%H:%M}", 12, color=c.theme.gray, anchor="m")
    c.y += 20
    top_y = c.y
    c.rect(14, top_y, c.w - 14, top_y + 380, c.theme.card, radius=10)
    c.y += 28
    c.text(30, c.y, "扣费凭证", 16, bold=True)
    c.y += 40
    c.text(
        c.w / 2,
        c.y,
        v.pick("wechat.deduct_label", dev=("扣费金额",), eval=("本次扣费", "实扣金额")),
        13,
        color=c.theme.gray,
        anchor="m",
    )
    c.y += 34
    c.text(c.w / 2, c.y, yen(paid), 32, bold=True, anchor="m", see=(r, "amount"))
    c.y += 34
    widgets.rows(
        c,
        [
            ("商户名称", merchant, (r, "merchant")),
            ("扣费服务", service),
            ("扣费时间", cn_date(when, ts), (r, "occurred_at")),
            ("支付方式", method, (r, "payment_method")),
            ("备注", "如有疑问请联系商户"),
        ],
        "col",
        x0=30,
        x1=c.w - 30,
        value_x=110,
        size=13.5,
        gap=32,
    )
    c.hline(c.y + 8, 30, c.w - 30)
    c.text(30, c.y + 30, "查看账单详情", 14)
    finish_ios(c, ctx)
    return [r]


def refund(c: Canvas, v: Variant, ctx: Ctx) -> list[Row]:
    """A refund's 账单详情: +amount, 已退款, where it went (退回零钱 / 原路退回 a card), original payment time."""
    rng = v.rng
    when = before(rng, ctx.captured, days=10, minutes=30)
    paid_at = before(rng, when, days=12, minutes=60)
    shop, back = v.pool(SHOPS), amount(rng, 1, 400)
    to_change = v.coin("to_change", 0.5)
    method = "零钱" if to_change else v.pool(WECHAT_METHODS)
    ts = _time_style(v)
    order = "4200" + digits(rng, 24)
    r = row(
        direction="refund",
        amount=str(back),
        currency="CNY",
        occurred_at=label_time(when, shown_part(ts)),
        merchant=shop,
        platform="微信支付",
        payment_method=method,
        order_no=order,
    )
    top(c, v, ctx, when, "账单详情", scroll_max=50)
    c.y += 10
    name = v.pick("wechat.refund_name", dev=("{s}",), eval=("{s}-退款", "退款-{s}"))
    _card_head(c, v, name.format(s=shop), "+" + money(back), r, glyph=shop[:1], color="#3d7b5a")
    c.y += 16
    style, vx = _rows_style(v)
    where = (
        [("退款方式", "退回零钱", (r, "payment_method"))]
        if to_change
        else [("退款方式", "原路退回"), ("退回账户", method, (r, "payment_method"))]
    )
    widgets.rows(
        c,
        [("当前状态", rng.choice(("已全额退款", "已退款"))), ("退款时间", cn_date(when, ts), (r, "occurred_at"))]
        + where
        + [
            ("支付时间", cn_date(paid_at, ts)),
            ("交易单号", order, (r, "order_no")),
            ("退款单号", "50300" + digits(rng, 23)),
        ],
        style,
        x0=24,
        x1=c.w - 24,
        value_x=vx,
    )
    finish_ios(c, ctx)
    return [r]


PAGES = {
    "wechat_detail": ("wechat", "账单详情", detail),
    "wechat_success": ("wechat", "支付成功", success),
    "wechat_transfer_in": ("wechat", "转账 received", transfer_in),
    "wechat_transfer_out": ("wechat", "转账/红包 sent", transfer_out),
    "wechat_red_packet": ("wechat", "红包 received", red_packet_in),
    "wechat_deduction": ("wechat", "扣费凭证", deduction),
    "wechat_refund": ("wechat", "退款 账单详情", refund),
}
