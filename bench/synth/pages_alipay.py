"""Alipay screens: 支付成功 with red packets and discounts, 账单详情 with its printed 交易分类, fund buys and
sells (基金 买入 / 定投 / 卖出), 余额宝 earnings, refunds (退回余额 / 原路退回) and transfers received."""

from __future__ import annotations

from decimal import Decimal

from bench.synth import widgets
from bench.synth.canvas import Canvas
from bench.synth.common import Ctx, finish_ios, foreign, top, yen
from bench.synth.data import (
    ALIPAY_METHODS,
    FUNDS,
    PEOPLE,
    SHOP_FULL,
    SHOPS,
    amount,
    before,
    cn_date,
    digits,
    label_time,
    money,
    shown_part,
)
from bench.synth.merchants import draw_name, head_name, name_rows
from bench.synth.truth import Row, row
from bench.synth.variant import Variant

BLUE = "#1677ff"
CATEGORIES = {
    "dev": ("餐饮美食", "交通出行", "日用百货", "充值缴费"),
    "eval": ("酒店旅游", "交通出行", "休闲娱乐", "医疗健康", "服饰装扮", "餐饮美食"),
}


def _time_style(v: Variant) -> str:
    return v.pick("alipay.time", dev=("iso_seconds",), eval=("slash_seconds", "iso_minutes", "cn_padded"))


def _rows_style(v: Variant) -> str:
    return v.pick("alipay.rows", dev=("right", "stacked", "caption", "colon_ascii"), eval=("col", "under", "colon"))


def _head(
    c: Canvas, v: Variant, name: str, signed: str, status: str, r: Row, *, glyph: str, look: str = "plain"
) -> None:
    """Logo beside the name (or the name in `look`, see bench/synth/merchants.py), the big signed amount, the
    status line."""
    c.rect(0, c.y, c.w, c.y + 1000, c.theme.card)
    c.y += 34
    if look == "plain":
        width = c.width_of(name, 15) + 30
        c.circle(c.w / 2 - width / 2 + 10, c.y, 11, "#ff9f1a", glyph)
        c.text(c.w / 2 - width / 2 + 28, c.y, name, 15, see=(r, "merchant"))
    elif not look.startswith("below"):
        draw_name(c, c.w / 2, name, 15, look, r)
    c.y += 48
    c.text(
        c.w / 2,
        c.y,
        signed,
        v.pick("alipay.amount_size", dev=(36,), eval=(32, 40)),
        bold=True,
        anchor="m",
        see=(r, "amount"),
    )
    c.y += 38
    if look.startswith("below"):
        draw_name(c, c.w / 2, name, 15, look, r)
        c.y += 30
    c.text(c.w / 2, c.y, status, 14, color=c.theme.gray, anchor="m")
    c.y += 26


def success(c: Canvas, v: Variant, ctx: Ctx) -> list[Row]:
    """支付成功: the paid amount after a red packet or discount, the list price struck through, ads below."""
    rng = v.rng
    when = before(rng, ctx.captured, days=0.02)
    shop, paid, method = v.pool(SHOPS), amount(rng, 2, 300), v.pool(ALIPAY_METHODS)
    shop, look = head_name(v, shop, "alipay.success")
    r = row(
        direction="expense", amount=str(paid), currency="CNY", merchant=shop, platform="支付宝", payment_method=method
    )
    top(c, v, ctx, when, "", right="完成", close=False)
    c.y += 40
    c.check(c.w / 2, c.y, 26, BLUE)
    c.y += 48
    c.text(c.w / 2, c.y, "支付成功", 18, bold=True, anchor="m")
    c.y += 36
    draw_name(c, c.w / 2, shop, 14, look, r, color=c.theme.gray)
    c.y += 44
    c.text(
        c.w / 2,
        c.y,
        yen(paid, symbol=v.pick("alipay.yen", dev=("¥",), eval=("￥", ""))),
        38,
        bold=True,
        anchor="m",
        see=(r, "amount"),
    )
    c.y += 36
    offs = []
    for _ in range(rng.choice((1, 1, 2))):
        label = v.pick(
            "alipay.off", dev=("红包", "天天领红包"), eval=("消费券", "支付宝立减", "商家优惠", "天天返活动红包")
        )
        offs.append((label, amount(rng, 0.05, 8)))
    c.strike(c.w / 2, c.y, yen(paid + sum(off for _, off in offs)), 13, anchor="m")
    c.y += 26
    for label, off in offs:
        c.text(c.w / 2, c.y, f"{label} -¥{money(off)}", 12.5, color="#ff6010", anchor="m")
        c.y += 22
    c.y += 20
    widgets.rows(
        c, [("付款方式", method, (r, "payment_method")), ("收款方", shop, (r, "merchant"))], "right", x0=24, x1=c.w - 24
    )
    c.y += 20
    widgets.ad_card(c, "支付有福利", ("领5元外卖红包", "花呗分期免息券", "到店消费满30减3"), "#ff6010")
    finish_ios(c, ctx)
    return [r]


def detail(c: Canvas, v: Variant, ctx: Ctx) -> list[Row]:
    """账单详情: name, -amount, 交易成功, rows with the printed 交易分类, sometimes foreign currency."""
    rng = v.rng
    when = before(rng, ctx.captured, days=90, minutes=5)
    shop, paid, method = v.pool(SHOPS), amount(rng), v.pool(ALIPAY_METHODS)
    category = v.pool(CATEGORIES)
    ts = _time_style(v)
    order = f"{when:%Y%m%d}2200" + digits(rng, 16)
    r = row(
        direction="expense",
        amount=str(paid),
        currency="CNY",
        occurred_at=label_time(when, shown_part(ts)),
        merchant=shop,
        platform="支付宝",
        payment_method=method,
        order_no=order,
        category_shown=category,
    )
    top(c, v, ctx, when, "账单详情", scroll_max=70)
    shown, look = head_name(v, shop, "alipay.detail", detail=True)
    shop = shown if look.startswith("mixed") else shop
    _head(c, v, shown, "-" + money(paid), "交易成功", r, glyph=shop[:1], look=look)
    items = []
    if v.coin("discount", 0.3):
        off = amount(rng, 0.5, 10)
        items += [("订单金额", yen(paid + off)), ("红包", f"-¥{money(off)}")]
    if v.coin("foreign", 0.15):
        code, printed, rate = foreign(v, paid)
        items += [("付款金额", yen(paid)), ("外币金额", printed), ("汇率", rate)]
    c.hline(c.y)
    c.y += 6
    items += [
        (
            v.pick("alipay.time_label", dev=("支付时间",), eval=("创建时间", "付款时间")),
            cn_date(when, ts),
            (r, "occurred_at"),
        ),
        ("付款方式", method, (r, "payment_method")),
        *name_rows(v, look, shown, r),
    ]
    items += [("商品说明", rng.choice(("扫码付款", "商品", "骑行费用", "酒店预订", "外卖订单")))]
    items += [
        # The full name carries the short one: with the headline scrolled away the merchant is still on screen.
        ("收款方全称", rng.choice(SHOP_FULL[v.split]).format(shop), (r, "merchant")),
        (v.pick("alipay.category_label", dev=("账单分类",), eval=("交易分类",)), category, (r, "category_shown")),
        ("订单号", order, (r, "order_no")),
        ("商家订单号", "T" + digits(rng, 22)),
    ]
    widgets.rows(c, items, _rows_style(v), x0=16, x1=c.w - 16, value_x=110)
    c.hline(c.y)
    c.text(16, c.y + 26, "账单管理", 14)
    c.text(c.w - 16, c.y + 26, "对此订单有疑问", 14, color=BLUE, anchor="r")
    finish_ios(c, ctx)
    return [r]


def fund(c: Canvas, v: Variant, ctx: Ctx) -> list[Row]:
    """A fund order (买入 / 定投 / 卖出): money moved between the person's own pots, not spent."""
    rng = v.rng
    when = before(rng, ctx.captured, days=20, minutes=30)
    name = v.pool(FUNDS)
    kind = rng.choice(("买入", "定投", "卖出"))
    value = amount(rng, 10, 20000)
    ts = _time_style(v)
    method = "余额宝" if kind == "卖出" else v.pool(ALIPAY_METHODS)
    order = f"{when:%Y%m%d}" + digits(rng, 24)
    r = row(
        direction="transfer",
        amount=str(value),
        currency="CNY",
        occurred_at=label_time(when, shown_part(ts)),
        merchant=name,
        platform="支付宝",
        payment_method=method,
        order_no=order,
    )
    top(c, v, ctx, when, "交易详情", scroll_max=30)
    c.rect(0, c.y, c.w, c.y + 1000, c.theme.card)
    c.y += 30
    c.text(16, c.y, name, 16, bold=True, see=(r, "merchant"))
    c.y += 26
    c.text(
        16,
        c.y,
        {"买入": "买入", "定投": "定投买入", "卖出": "卖出"}[kind] + " · " + rng.choice(("已确认", "交易进行中")),
        13,
        color=c.theme.gray,
    )
    c.y += 40
    if kind == "卖出":
        shares = (value / Decimal(rng.uniform(0.8, 3.5))).quantize(Decimal("0.01"))
        c.text(16, c.y, "卖出份额", 13, color=c.theme.gray)
        c.text(c.w - 16, c.y, f"{shares:,}份", 15, anchor="r")
        c.y += 36
        c.text(16, c.y, "到账金额", 13, color=c.theme.gray)
        c.text(c.w - 16, c.y, f"{money(value)}元", 20, bold=True, anchor="r", see=(r, "amount"))
        c.y += 30
        c.text(
            16,
            c.y,
            f"手续费 {money(amount(rng, 0.01, 5))}元 · 预计到账 余额宝",
            12,
            color=c.theme.gray,
            see=(r, "payment_method"),
        )
    else:
        c.text(
            16,
            c.y,
            v.pick("alipay.fund_label", dev=("买入金额",), eval=("支付金额", "申购金额")),
            13,
            color=c.theme.gray,
        )
        c.text(c.w - 16, c.y, f"{money(value)}元", 20, bold=True, anchor="r", see=(r, "amount"))
        c.y += 30
        c.text(
            16,
            c.y,
            f"确认份额 {value / Decimal('1.7321'):,.2f}份 · 手续费 {money(value * Decimal('0.0015'))}元",
            12,
            color=c.theme.gray,
        )
    c.y += 30
    c.hline(c.y)
    c.y += 8
    rows = [("申请时间", cn_date(when, ts), (r, "occurred_at")), ("确认日期", f"{when:%Y-%m-%d}")]
    if kind != "卖出":
        rows.append(("付款方式", method, (r, "payment_method")))
    rows.append(("订单号", order, (r, "order_no")))
    widgets.rows(c, rows, _rows_style(v), value_x=110)
    finish_ios(c, ctx)
    return [r]


def earnings(c: Canvas, v: Variant, ctx: Ctx) -> list[Row]:
    """余额宝 收益: the day's earnings credited (income), as a 收益详情 / 账单详情 page."""
    rng = v.rng
    day = before(rng, ctx.captured, days=10, minutes=600).replace(hour=rng.choice((3, 4, 5)), minute=rng.randrange(60))
    value = Decimal(f"{rng.uniform(0.01, 12):.2f}")
    r = row(
        direction="income",
        amount=str(value),
        currency="CNY",
        occurred_at=label_time(day, "date"),
        merchant="余额宝",
        platform="支付宝",
        payment_method="余额宝",
    )
    top(c, v, ctx, day, v.pick("alipay.earn_title", dev=("收益详情",), eval=("账单详情", "")))
    _head(
        c,
        v,
        v.pick("alipay.earn_name", dev=("余额宝",), eval=("余额宝-收益发放", "余额宝收益")),
        "+" + money(value),
        "交易成功",
        r,
        glyph="余",
    )
    c.hline(c.y)
    c.y += 6
    widgets.rows(
        c,
        [
            ("收益日期", f"{day:%Y-%m-%d}", (r, "occurred_at")),
            ("收益类型", "货币基金收益"),
            ("收益去向", "余额宝", (r, "payment_method")),
            ("万份收益", f"{rng.uniform(0.3, 0.7):.4f}"),
        ],
        _rows_style(v),
        value_x=110,
    )
    finish_ios(c, ctx)
    return [r]


def refund(c: Canvas, v: Variant, ctx: Ctx) -> list[Row]:
    """退款成功: +amount, where the money went (退回余额 → 余额, 原路退回 → the original method)."""
    rng = v.rng
    when = before(rng, ctx.captured, days=10, minutes=30)
    paid_at = before(rng, when, days=15, minutes=60)
    shop, back = v.pool(SHOPS), amount(rng, 1, 500)
    to_balance = v.coin("to_balance", 0.5)
    method = "余额" if to_balance else v.pool(ALIPAY_METHODS)
    ts = _time_style(v)
    order = f"{paid_at:%Y%m%d}2200" + digits(rng, 16)
    r = row(
        direction="refund",
        amount=str(back),
        currency="CNY",
        occurred_at=label_time(when, shown_part(ts)),
        merchant=shop,
        platform="支付宝",
        payment_method=method,
        order_no=order,
    )
    top(c, v, ctx, when, "账单详情", scroll_max=40)
    _head(
        c,
        v,
        v.pick("alipay.refund_name", dev=("{s}-退款",), eval=("退款-{s}", "{s}")).format(s=shop),
        "+" + money(back),
        "退款成功",
        r,
        glyph=shop[:1],
    )
    c.hline(c.y)
    c.y += 6
    where = (
        ("退款方式", "退回余额", (r, "payment_method"))
        if to_balance
        else ("退款方式", f"原路退回 {method}", (r, "payment_method"))
    )
    widgets.rows(
        c,
        [
            ("退款时间", cn_date(when, ts), (r, "occurred_at")),
            where,
            ("支付时间", cn_date(paid_at, ts)),
            ("订单号", order, (r, "order_no")),
        ],
        _rows_style(v),
        value_x=110,
    )
    finish_ios(c, ctx)
    return [r]


def transfer_in(c: Canvas, v: Variant, ctx: Ctx) -> list[Row]:
    """A transfer received into 余额: the payer's name, +amount, 转账备注."""
    rng = v.rng
    when = before(rng, ctx.captured, days=30, minutes=5)
    who, value = v.pool(PEOPLE), amount(rng, 1, 5000)
    ts = _time_style(v)
    order = f"{when:%Y%m%d}2000" + digits(rng, 20)
    r = row(
        direction="income",
        amount=str(value),
        currency="CNY",
        occurred_at=label_time(when, shown_part(ts)),
        merchant=who,
        platform="支付宝",
        payment_method="余额",
        order_no=order,
    )
    top(c, v, ctx, when, "账单详情", scroll_max=30)
    name = v.pick("alipay.in_name", dev=("转账收款-{p}",), eval=("{p}", "{p} 向你转账"))
    _head(c, v, name.format(p=who), "+" + money(value), "交易成功", r, glyph=who[:1])
    c.hline(c.y)
    c.y += 6
    widgets.rows(
        c,
        [
            # The payer's name is readable here even when the header line is scrolled away.
            ("付款方", f"{who}({rng.choice('13581')}{digits(rng, 2)}******{digits(rng, 2)})", (r, "merchant")),
            ("收款方式", "余额", (r, "payment_method")),
            ("转账备注", rng.choice(("饭钱AA", "房租", "转账"))),
            ("创建时间", cn_date(when, ts), (r, "occurred_at")),
            ("订单号", order, (r, "order_no")),
        ],
        _rows_style(v),
        value_x=110,
    )
    finish_ios(c, ctx)
    return [r]


PAGES = {
    "alipay_success": ("alipay", "支付成功", success),
    "alipay_detail": ("alipay", "账单详情", detail),
    "alipay_fund": ("alipay", "基金 买入/定投/卖出", fund),
    "alipay_earnings": ("alipay", "余额宝 收益", earnings),
    "alipay_refund": ("alipay", "退款 账单详情", refund),
    "alipay_transfer_in": ("alipay", "转账 received", transfer_in),
}
