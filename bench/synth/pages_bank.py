"""云闪付 and bank-app screens: 支付成功 fully or partly discounted, 账单详情, and CMB / ICBC / CCB / BOC
transfers, card spending (with cross-border amounts) and credit-card repayments."""

from __future__ import annotations

from decimal import Decimal

from bench.synth import widgets
from bench.synth.banks import BANKS as BANK_POOL
from bench.synth.canvas import Canvas
from bench.synth.common import Ctx, finish_ios, foreign, top, yen
from bench.synth.data import (
    CARDS,
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
from bench.synth.truth import Row, row
from bench.synth.variant import Variant

UNIONPAY_RED = "#e60012"
# bank key → (name as the platform, brand colour, debit card label, credit card label)
BANKS = {
    "cmb": ("招商银行", "#c9151e", "一卡通", "招商银行信用卡"),
    "icbc": ("工商银行", "#c7000b", "工银借记卡", "工银信用卡"),
    "ccb": ("建设银行", "#0066b3", "龙卡储蓄卡", "龙卡信用卡"),
    "boc": ("中国银行", "#a71e32", "借记卡", "中银信用卡"),
    # More dev banks (their own apps' layouts differ from CMB's and ICBC's in the same ways eval's do).
    **{b.key: (b.name, b.color, b.debit[0], b.credit[0]) for b in BANK_POOL["dev"] if b.key not in ("cmb", "icbc")},
}
COUNTERPARTIES = {
    "dev": (
        "财付通-美团",
        "支付宝-饿了么",
        "上海拉扎斯信息科技有限公司",
        "京东商城",
        "滴滴出行",
        "Steam Games",
        "国家电网",
    ),
    "eval": (
        "北京三快在线科技有限公司",
        "支付宝-淘宝(中国)软件有限公司",
        "财付通-京东商城",
        "Apple Services",
        "中国石化销售股份有限公司",
    ),
}


def _style(v: Variant) -> str:
    return v.pick("bank.rows", dev=("right", "stacked", "caption", "colon_ascii"), eval=("col", "under", "colon"))


def unionpay_success(c: Canvas, v: Variant, ctx: Ctx) -> list[Row]:
    """云闪付 支付成功: the paid amount (0.00 when fully discounted), original struck, 订单信息 merchant, the card."""
    rng = v.rng
    when = before(rng, ctx.captured, days=0.02)
    shop, card = v.pool(SHOPS), v.pool(CARDS)
    full = amount(rng, 3, 200)
    free = v.coin("fully_discounted", 0.35)
    off = full if free else amount(rng, 0.5, float(min(full, Decimal(30))) / 2 + 0.5)
    paid = full - off
    show_time = v.pick("unionpay.success_time", dev=("none",), eval=("row", "none_b"))
    r = row(
        direction="expense",
        amount=str(paid),
        currency="CNY",
        merchant=shop,
        platform="云闪付",
        payment_method=card,
        occurred_at=label_time(when, "seconds") if show_time == "row" else None,
    )
    top(c, v, ctx, when, "", right="完成")
    c.y += 40
    c.check(c.w / 2, c.y, 26, UNIONPAY_RED)
    c.y += 48
    c.text(c.w / 2, c.y, "支付成功", 18, bold=True, anchor="m")
    c.y += 48
    c.text(c.w / 2, c.y, yen(paid), 38, bold=True, anchor="m", see=(r, "amount"))
    c.y += 36
    c.strike(c.w / 2, c.y, yen(full), 13, anchor="m")
    c.y += 24
    promo = v.pick(
        "unionpay.promo", dev=("美好生活365-天天享U惠", "云闪付立减"), eval=("银联62节优惠", "笔笔返券", "商户立减")
    )
    c.text(c.w / 2, c.y, f"{promo} -¥{money(off)}", 12.5, color=UNIONPAY_RED, anchor="m")
    c.y += 40
    rows = [("订单信息", shop, (r, "merchant")), ("付款卡", card, (r, "payment_method"))]
    if show_time == "row":
        rows.append(("交易时间", cn_date(when, "iso_seconds"), (r, "occurred_at")))
    widgets.rows(c, rows, "right", x0=24, x1=c.w - 24)
    c.y += 20
    widgets.ad_card(c, "为你推荐", ("领取信用卡还款券", "公交地铁乘车码 1分钱乘车"), UNIONPAY_RED)
    finish_ios(c, ctx)
    return [r]


def unionpay_detail(c: Canvas, v: Variant, ctx: Ctx) -> list[Row]:
    """云闪付 账单详情: red bar, merchant, -amount, 订单金额/优惠, 付款卡 named after a bank, 订单号."""
    rng = v.rng
    when = before(rng, ctx.captured, days=60, minutes=5)
    shop, card = v.pool(SHOPS), v.pool(CARDS)
    paid = amount(rng)
    off = amount(rng, 0.5, 20) if v.coin("discount", 0.5) else Decimal(0)
    ts = v.pick("unionpay.time", dev=("iso_seconds",), eval=("slash_seconds", "cn_padded"))
    order = digits(rng, 21)
    merchant = v.pick("unionpay.merchant", dev=("shop",), eval=("full", "platform_shop"))
    shown = {"shop": shop, "full": rng.choice(SHOP_FULL[v.split]).format(shop), "platform_shop": "京东商城平台商户"}[
        merchant
    ]
    r = row(
        direction="expense",
        amount=str(paid),
        currency="CNY",
        occurred_at=label_time(when, shown_part(ts)),
        merchant=shown,
        platform="云闪付",
        payment_method=card,
        order_no=order,
    )
    top(c, v, ctx, when, "账单详情", bg=UNIONPAY_RED, fg="#ffffff", scroll_max=50)
    c.rect(0, c.y, c.w, c.y + 1000, c.theme.card)
    c.y += 36
    c.text(c.w / 2, c.y, shown, 16, anchor="m", see=(r, "merchant"))
    c.y += 46
    c.text(c.w / 2, c.y, "-" + money(paid), 34, bold=True, anchor="m", see=(r, "amount"))
    c.y += 34
    c.text(c.w / 2, c.y, "交易成功", 14, color=c.theme.gray, anchor="m")
    c.y += 30
    rows = [("订单金额", yen(paid + off))] + ([("优惠金额", f"-¥{money(off)}")] if off else [])
    rows += [
        ("订单时间" if v.coin("order_time_label", 0.5) else "交易时间", cn_date(when, ts), (r, "occurred_at")),
        ("付款卡", card, (r, "payment_method")),
        ("交易类型", "消费"),
        ("订单号", order, (r, "order_no")),
    ]
    style = _style(v)
    # 云闪付's own label words vary: some pages share WeChat's (当前状态, 商户订单号), some name the card by its brand.
    words = v.pick("unionpay.words", dev=("own", "shared", "brand_card"), eval=("as_drawn", "status_shared"))
    if words in ("shared", "status_shared"):
        status, method = ("当前状态", "付款方式") if words == "shared" else ("交易状态", "支付方式")
        rows = [(status, "交易成功"), *((method, *rest) if name == "付款卡" else (name, *rest) for name, *rest in rows)]
        rows.append(("商户订单号", digits(rng, 26)))
    elif words == "brand_card":
        r.values["payment_method"] = card.replace("信用卡", "银联信用卡").replace("储蓄卡", "银联借记卡")
        rows = [(name, r["payment_method"], *rest[1:]) if name == "付款卡" else (name, *rest) for name, *rest in rows]
    widgets.rows(c, rows, style, value_x=104)
    finish_ios(c, ctx)
    return [r]


def _bank(v: Variant) -> tuple[str, str, str, str]:
    """The bank app drawn (each split has its own two banks: their layouts differ)."""
    v.app = v.pick("bank.app", dev=("cmb", "icbc", "pab", "spdb", "citic", "cmbc", "nbcb"), eval=("ccb", "boc"))
    return BANKS[v.app]


def bank_transfer(c: Canvas, v: Variant, ctx: Ctx) -> list[Row]:
    """A bank app's 转账成功 receipt: payee, masked account, the paying card, time, serial number."""
    rng = v.rng
    name, color, debit, _ = _bank(v)
    when = before(rng, ctx.captured, days=0.5, minutes=1)
    who, value = v.pool(PEOPLE), amount(rng, 50, 50000)
    card = f"{debit}({digits(rng, 4)})"
    ts = v.pick(
        "bank.time",
        dev=("iso_seconds", "cn_seconds", "dot_minutes"),
        eval=("cn_padded", "slash_seconds", "iso_minutes"),
    )
    serial = rng.choice(("F", "HQH", "")) + digits(rng, 16)
    r = row(
        direction="transfer",
        amount=str(value),
        currency="CNY",
        occurred_at=label_time(when, shown_part(ts)),
        merchant=who,
        platform=name,
        payment_method=card,
        order_no=serial,
    )
    top(c, v, ctx, when, "转账结果", bg=color, fg="#ffffff")
    c.rect(0, c.y, c.w, c.y + 150, color)
    c.y += 40
    c.text(
        c.w / 2,
        c.y,
        v.pick("bank.done", dev=("转账成功", "提交成功", "转账已受理"), eval=("交易成功", "汇款已提交")),
        18,
        bold=True,
        color="#ffffff",
        anchor="m",
    )
    c.y += 50
    c.text(
        c.w / 2,
        c.y,
        yen(value, symbol=v.pick("bank.yen", dev=("¥", "RMB ", "人民币"), eval=("￥", "CNY "))),
        32,
        bold=True,
        color="#ffffff",
        anchor="m",
        see=(r, "amount"),
    )
    c.y += 60
    c.rect(0, c.y, c.w, c.y + 1000, c.theme.card)
    c.y += 10
    widgets.rows(
        c,
        [
            ("收款人", who, (r, "merchant")),
            ("收款账号", f"6217 **** **** {digits(rng, 4)}"),
            ("收款银行", rng.choice(("中国农业银行", "交通银行", "招商银行", "平安银行"))),
            ("付款账户", card, (r, "payment_method")),
            ("转账时间", cn_date(when, ts), (r, "occurred_at")),
            ("附言", rng.choice(("房租", "生活费", "还款", "转账"))),
            ("交易流水号", serial, (r, "order_no")),
        ],
        _style(v),
        value_x=104,
    )
    c.y += 20
    widgets.button(c, "完成", color, width=c.w - 48)
    finish_ios(c, ctx)
    return [r]


def bank_spend(c: Canvas, v: Variant, ctx: Ctx) -> list[Row]:
    """A card transaction in the bank app (收支明细 → 详情): 网上支付 / 快捷支付 type, the counterparty, maybe
    a foreign amount with the CNY amount booked."""
    rng = v.rng
    name, color, debit, credit = _bank(v)
    when = before(rng, ctx.captured, days=30, minutes=10)
    value = amount(rng)
    counterparty = v.pool(COUNTERPARTIES)
    card = f"{credit}({digits(rng, 4)})" if v.coin("credit", 0.5) else f"{debit}({digits(rng, 4)})"
    ts = v.pick(
        "bank.spend_time", dev=("iso_seconds", "cn_minutes", "slash_seconds"), eval=("iso_minutes", "cn_padded")
    )
    r = row(
        direction="expense",
        amount=str(value),
        currency="CNY",
        occurred_at=label_time(when, shown_part(ts)),
        merchant=counterparty,
        platform=name,
        payment_method=card,
    )
    top(c, v, ctx, when, "交易详情", scroll_max=30)
    c.rect(0, c.y, c.w, c.y + 1000, c.theme.card)
    c.y += 40
    c.text(c.w / 2, c.y, rng.choice(("网上支付", "快捷支付", "消费")), 14, color=c.theme.gray, anchor="m")
    c.y += 40
    c.text(c.w / 2, c.y, "-" + money(value), 32, bold=True, anchor="m", see=(r, "amount"))
    c.y += 28
    c.text(c.w / 2, c.y, "人民币", 12, color=c.theme.gray, anchor="m")
    c.y += 30
    rows = []
    if v.coin("foreign", 0.3):
        _, printed, rate = foreign(v, value)
        rows += [("交易金额", printed), ("入账金额", f"CNY {money(value)}")]
    rows += [
        (
            v.pick("bank.party", dev=("对方户名", "交易对方", "收款方名称"), eval=("交易对象", "商户名称")),
            counterparty,
            (r, "merchant"),
        ),
        ("交易类型", rng.choice(("网上支付", "快捷支付", "银联消费"))),
        ("交易卡号", card, (r, "payment_method")),
        ("交易时间", cn_date(when, ts), (r, "occurred_at")),
        ("账户余额", yen(amount(rng, 100, 90000))),
    ]
    widgets.rows(c, rows, _style(v), value_x=104)
    finish_ios(c, ctx)
    return [r]


def bank_repay(c: Canvas, v: Variant, ctx: Ctx) -> list[Row]:
    """A credit-card repayment: money moved from a debit card to the credit card (a transfer, not spending)."""
    rng = v.rng
    name, color, debit, credit = _bank(v)
    when = before(rng, ctx.captured, days=0.3, minutes=1)
    value = amount(rng, 100, 30000)
    target, source = f"{credit}({digits(rng, 4)})", f"{debit}({digits(rng, 4)})"
    ts = v.pick(
        "bank.repay_time", dev=("iso_seconds", "slash_seconds", "dot_minutes"), eval=("cn_seconds", "iso_minutes")
    )
    r = row(
        direction="transfer",
        amount=str(value),
        currency="CNY",
        occurred_at=label_time(when, shown_part(ts)),
        merchant=target,
        platform=name,
        payment_method=source,
    )
    top(c, v, ctx, when, "还款结果")
    c.y += 40
    c.check(c.w / 2, c.y, 26, color)
    c.y += 48
    c.text(c.w / 2, c.y, "还款成功", 18, bold=True, anchor="m")
    c.y += 46
    c.text(c.w / 2, c.y, yen(value), 32, bold=True, anchor="m", see=(r, "amount"))
    c.y += 40
    c.rect(0, c.y, c.w, c.y + 1000, c.theme.card)
    c.y += 8
    widgets.rows(
        c,
        [
            ("还款卡片", target, (r, "merchant")),
            ("付款账户", source, (r, "payment_method")),
            ("本期账单", yen(value + amount(rng, 0, 2000))),
            ("还款时间", cn_date(when, ts), (r, "occurred_at")),
        ],
        _style(v),
        value_x=104,
    )
    finish_ios(c, ctx)
    return [r]


PAGES = {
    "unionpay_success": ("unionpay", "支付成功", unionpay_success),
    "unionpay_detail": ("unionpay", "账单详情", unionpay_detail),
    "bank_transfer": ("bank", "转账", bank_transfer),
    "bank_spend": ("bank", "消费", bank_spend),
    "bank_repay": ("bank", "还款", bank_repay),
}
