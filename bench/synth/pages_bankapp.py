"""More bank-app pages, from more banks (bench/synth/banks.py): a card's 交易详情 (spending, wages, interest) and a
转账详情, with the labels in other wordings and orders, a fee and a balance that are never the amount, a foreign
amount beside the CNY one, and amounts signed, coloured or written with a currency word instead of labelled."""

from __future__ import annotations

from decimal import Decimal

from bench.synth import widgets
from bench.synth.banks import BANKS, EMPLOYERS, PLACES
from bench.synth.canvas import Canvas
from bench.synth.common import Ctx, finish_ios, foreign, top, yen
from bench.synth.data import PEOPLE, amount, before, cn_date, digits, label_time, money, shown_part
from bench.synth.truth import Row, row
from bench.synth.variant import Variant

# Each slot's wordings: (dev pool, eval pool).
WORDS = {
    "amount": (("交易金额", "支出金额"), ("金额", "发生额")),
    "amount_in": (("交易金额", "入账金额"), ("金额", "收入金额")),
    "time": (("交易时间", "记账日期"), ("交易日期", "入账时间")),
    "party": (("交易对方", "对方户名"), ("商户名称", "对方名称")),
    "card": (("交易卡号", "付款卡号"), ("账户", "卡号")),
    "balance": (("余额", "可用余额"), ("账户余额", "交易后余额")),
    "summary": (("摘要", "交易类型"), ("用途", "交易摘要")),
    "foreign": (("外币金额",), ("原币金额",)),
}
GREEN, RED = "#1e9e5a", "#e0383e"
# What the page says the transaction was, per kind.
KINDS = {"spend": ("消费", "快捷支付", "网上支付"), "wages": ("代发工资", "工资"), "interest": ("利息", "结息")}


def _word(v: Variant, slot: str) -> str:
    dev, held_out = WORDS[slot]
    return v.pick(f"bankapp.{slot}", dev=dev, eval=held_out)


def _bank(v: Variant):
    bank = v.rng.choice(BANKS[v.split])
    v.app = bank.key
    v.chosen["bankapp.bank"] = bank.key
    return bank


def _card(v: Variant, bank, credit: bool) -> str:
    name = v.rng.choice(bank.credit if credit else bank.debit)
    form = v.pick("bankapp.card_form", dev=("paren", "tail_word"), eval=("star", "space"))
    last = digits(v.rng, 4)
    return {"paren": f"{name}({last})", "tail_word": f"{name} 尾号{last}", "star": f"{name}(**{last})"}.get(
        form, f"{name} {last}"
    )


def _headline(c: Canvas, v: Variant, value: Decimal, income: bool, r: Row) -> None:
    """The big amount: signed, coloured without a sign, or with a currency word."""
    shape = v.pick("bankapp.headline", dev=("signed", "coloured", "rmb", "yuan"), eval=("cny", "signed_yen", "plain"))
    sign = "+" if income else "-"
    text = {
        "signed": f"{sign}{money(value)}",
        "coloured": money(value),
        "rmb": f"{sign}RMB {money(value)}" if v.coin("rmb_sign", 0.5) else f"RMB {money(value)}",
        "yuan": f"{sign}{money(value)}元",
        "cny": f"CNY {money(value)}",
        "signed_yen": f"{sign}¥{money(value)}",
        "plain": money(value),
    }[shape]
    color = (RED if income else GREEN) if shape in ("coloured", "plain") else None
    c.text(c.w / 2, c.y, text, 32, bold=True, anchor="m", color=color, see=(r, "amount"))


def bank_card_detail(c: Canvas, v: Variant, ctx: Ctx) -> list[Row]:
    """A card's 交易详情: spending at a place, or wages / interest coming in; the rows in a shuffled order."""
    rng = v.rng
    bank = _bank(v)
    when = before(rng, ctx.captured, days=40, minutes=10)
    what = rng.choice(("spend", "spend", "spend", "wages", "interest"))
    income = what != "spend"
    value = amount(rng, 3000, 30000) if what == "wages" else amount(rng, 0.1, 60) if what == "interest" else amount(rng)
    credit = what == "spend" and v.coin("credit", 0.4)
    card = _card(v, bank, credit)
    party = {"spend": v.pool(PLACES), "wages": v.pool(EMPLOYERS), "interest": None}[what]
    ts = v.pick("bankapp.time_style", dev=("iso_seconds", "cn_minutes"), eval=("slash_seconds", "dot_minutes"))
    r = row(
        direction="income" if income else "expense",
        amount=str(value),
        currency="CNY",
        occurred_at=label_time(when, shown_part(ts)),
        merchant=party,
        platform=bank.name,
        payment_method=card,
    )
    title = v.pick("bankapp.title", dev=("交易详情", "明细详情"), eval=("收支详情", "账务详情"))
    top(c, v, ctx, when, title, scroll_max=30)
    c.rect(0, c.y, c.w, c.y + 1000, c.theme.card)
    c.y += 36
    kind = KINDS[what]
    c.text(c.w / 2, c.y, rng.choice(kind), 14, color=c.theme.gray, anchor="m")
    c.y += 40
    _headline(c, v, value, income, r)
    c.y += 40
    rows = []
    if what == "spend" and v.coin("foreign", 0.3):
        _, printed, _ = foreign(v, value)
        rows.append((_word(v, "foreign"), printed))
    rows.append((_word(v, "amount_in" if income else "amount"), yen(value), (r, "amount")))
    if party:
        rows.append((_word(v, "party"), party, (r, "merchant")))
    rows += [
        ("收款卡号" if income else _word(v, "card"), card, (r, "payment_method")),
        (_word(v, "time"), cn_date(when, ts), (r, "occurred_at")),
        (_word(v, "summary"), rng.choice(kind)),
    ]
    rng.shuffle(rows)
    if v.coin("fee", 0.5):
        rows.insert(rng.randrange(len(rows) + 1), ("手续费", "0.00"))
    rows.append((_word(v, "balance"), money(amount(rng, 100, 90000))))
    widgets.rows(c, rows, v.pick("bankapp.rows", dev=("right", "stacked"), eval=("col", "colon")), value_x=104)
    finish_ios(c, ctx)
    return [r]


def bank_transfer_detail(c: Canvas, v: Variant, ctx: Ctx) -> list[Row]:
    """A 转账详情 out of the card (收款人, 收款账号, 收款银行, 转账金额, 手续费, 附言) or into it (付款人 …)."""
    rng = v.rng
    bank = _bank(v)
    when = before(rng, ctx.captured, days=20, minutes=1)
    incoming = v.coin("incoming", 0.35)
    who, value = v.pool(PEOPLE), amount(rng, 20, 20000)
    card = _card(v, bank, False)
    ts = v.pick("bankapp.transfer_time", dev=("iso_seconds", "cn_seconds"), eval=("slash_seconds", "cn_padded"))
    fee = Decimal("0.00") if v.coin("free", 0.7) else amount(rng, 1, 25)
    r = row(
        direction="income" if incoming else "transfer",
        amount=str(value),
        currency="CNY",
        occurred_at=label_time(when, shown_part(ts)),
        merchant=who,
        platform=bank.name,
        payment_method=card,
    )
    top(c, v, ctx, when, v.pick("bankapp.transfer_title", dev=("转账详情",), eval=("汇款详情",)))
    c.rect(0, c.y, c.w, c.y + 1000, c.theme.card)
    big = v.pick("bankapp.transfer_head", dev=("amount", "status"), eval=("amount_status",))
    c.y += 40
    if big != "status":
        _headline(c, v, value, incoming, r)
        c.y += 36
    c.text(c.w / 2, c.y, "转入成功" if incoming else "转账成功", 16, bold=big == "status", anchor="m")
    c.y += 36
    side = ("付款人", "付款账号", "付款银行") if incoming else ("收款人", "收款账号", "收款银行")
    rows = [
        (side[0], who, (r, "merchant")),
        (side[1], f"6222 **** **** {digits(rng, 4)}"),
        (side[2], rng.choice(("中国农业银行", "交通银行", "招商银行", "平安银行", "中国银行"))),
        ("转账金额", yen(value), (r, "amount")),
        ("手续费", yen(fee)),
        ("收款账户" if incoming else "付款账户", card, (r, "payment_method")),
        ("转账时间", cn_date(when, ts), (r, "occurred_at")),
        ("附言", rng.choice(("房租", "生活费", "还你的钱", "转账"))),
    ]
    widgets.rows(c, rows, v.pick("bankapp.transfer_rows", dev=("right", "caption"), eval=("under", "col")))
    finish_ios(c, ctx)
    return [r]


def bank_statement(c: Canvas, v: Variant, ctx: Ctx) -> list[Row]:
    """A card's 收支明细 list: the card at the top, a month header, rows of a name and a signed amount, the date
    under the name and the balance after each row under its amount (a balance is never a row)."""
    rng = v.rng
    bank = _bank(v)
    card = _card(v, bank, False)
    count = rng.randrange(5, 9)
    times = sorted((before(rng, ctx.captured, days=25, minutes=30) for _ in range(count)), reverse=True)
    balance_word = _word(v, "balance")
    stamp = v.pick("bankapp.list_time", dev=("dash_minutes", "cn_minutes"), eval=("slash_minutes",))
    top(c, v, ctx, times[0], v.pick("bankapp.list_title", dev=("收支明细", "账户明细"), eval=("交易明细",)))
    c.rect(0, c.y, c.w, c.y + 44, c.theme.card)
    c.text(16, c.y + 22, card, 14, bold=True)
    c.text(c.w - 16, c.y + 22, "筛选", 13, color=c.theme.gray, anchor="r")
    c.y += 50
    c.text(16, c.y + 14, f"{times[0].year}年{times[0].month}月", 15, bold=True)
    c.y += 34
    rows, balance = [], amount(rng, 2000, 60000)
    for when in times:
        if c.y > c.h - 60:
            break
        what = rng.choice(("spend", "spend", "spend", "wages", "transfer"))
        value = (
            amount(rng, 3000, 20000)
            if what == "wages"
            else amount(rng, 10, 3000)
            if what == "transfer"
            else amount(rng)
        )
        name = {"spend": v.pool(PLACES), "wages": v.pool(EMPLOYERS), "transfer": v.pool(PEOPLE)}[what]
        sign = "+" if what == "wages" else "-"
        r = row(
            needs="amount",
            direction="income" if what == "wages" else "transfer" if what == "transfer" else "expense",
            amount=str(value),
            currency="CNY",
            occurred_at=label_time(when, "minutes"),
            merchant=name,
            platform=bank.name,
        )
        c.rect(0, c.y, c.w, c.y + 64, c.theme.card)
        shown = f"转账-{name}" if what == "transfer" else name
        c.text(16, c.y + 22, shown, 15, see=(r, "merchant"))
        color = RED if sign == "+" else None
        c.text(c.w - 16, c.y + 22, f"{sign}{money(value)}", 16, anchor="r", color=color, see=(r, "amount"))
        printed = f"{when:%m-%d %H:%M}" if stamp == "dash_minutes" else f"{when.month}月{when.day}日 {when:%H:%M}"
        if stamp == "slash_minutes":
            printed = f"{when:%m/%d %H:%M}"
        c.text(16, c.y + 46, printed, 12, color=c.theme.gray, see=(r, "occurred_at"))
        c.text(c.w - 16, c.y + 46, f"{balance_word} {money(balance)}", 12, color=c.theme.gray, anchor="r")
        balance += value if sign == "+" else -value
        c.y += 64
        c.hline(c.y, 16, c.w)
        rows.append(r)
    finish_ios(c, ctx)
    return rows


def credit_statement(c: Canvas, v: Variant, ctx: Ctx) -> list[Row]:
    """A credit card's 账单明细: the statement's total on top (never a payment), then rows of spending printed
    without a sign and a repayment printed negative (money moved to the card, a transfer)."""
    rng = v.rng
    bank = _bank(v)
    card = _card(v, bank, True)
    count = rng.randrange(4, 8)
    times = sorted((before(rng, ctx.captured, days=28, minutes=60) for _ in range(count)), reverse=True)
    top(c, v, ctx, times[0], v.pick("bankapp.bill_title", dev=("账单明细", "本期账单"), eval=("消费明细",)))
    c.rect(0, c.y, c.w, c.y + 110, bank.color)
    c.text(16, c.y + 20, card, 13, color="#ffffff")
    total_word = v.pick("bankapp.bill_total", dev=("本期应还", "本期账单金额"), eval=("应还总额",))
    c.text(16, c.y + 46, total_word, 12, color="#ffffff")
    c.text(16, c.y + 80, yen(amount(rng, 2000, 20000)), 28, bold=True, color="#ffffff")
    c.y += 120
    rows = []
    for n, when in enumerate(times):
        if c.y > c.h - 60:
            break
        repay = n == len(times) - 1 or v.coin(f"repay{n}", 0.1)
        value = amount(rng, 500, 8000) if repay else amount(rng)
        name = "还款" if repay else v.pool(PLACES)
        r = row(
            needs="amount",
            direction="transfer" if repay else "expense",
            amount=str(value),
            currency="CNY",
            occurred_at=label_time(when, "date"),
            merchant=None if repay else name,
            platform=bank.name,
        )
        c.rect(0, c.y, c.w, c.y + 60, c.theme.card)
        c.text(16, c.y + 20, name, 15, see=(r, "merchant") if not repay else None)
        c.text(c.w - 16, c.y + 20, ("-" if repay else "") + yen(value), 15, anchor="r", see=(r, "amount"))
        c.text(16, c.y + 42, f"{when.month}月{when.day}日", 12, color=c.theme.gray, see=(r, "occurred_at"))
        c.y += 60
        c.hline(c.y, 16, c.w)
        rows.append(r)
    finish_ios(c, ctx)
    return rows


PAGES = {
    "bank_card_detail": ("bank", "交易详情", bank_card_detail),
    "bank_transfer_detail": ("bank", "转账详情", bank_transfer_detail),
    "bank_statement": ("bank", "收支明细", bank_statement),
    "credit_statement": ("bank", "账单明细", credit_statement),
}
