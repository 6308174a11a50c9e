"""Bank text messages as people screenshot them: a thread in the messages app, or notification banners.

One to three messages a screen, each a card spending, wages coming in or a one-time code (no payment). The amount
is 人民币X元 / X元, the time the message's own date (no year: the capture's year), the merchant the place, the
method the card (尾号1234), the platform the bank. Each split words its messages its own way.
"""

from __future__ import annotations

from datetime import datetime

from bench.synth.banks import BANKS, PLACES
from bench.synth.canvas import Canvas
from bench.synth.common import Ctx, finish_ios, top
from bench.synth.data import amount, before, digits, label_time, money
from bench.synth.truth import Row, row
from bench.synth.variant import Variant

# Message wordings: {tag} bank signature, {card} 尾号-part, {when} date and time, {place}, {amt}, {bal}.
# (what, kind of card named, wording); kind '' says only 账户.
WORDINGS = {
    "dev": (
        ("spend", "", "【{tag}】您账户{last}于{md}{hm}在{place}快捷支付扣款人民币{amt}元，余额{bal}"),
        ("spend", "储蓄卡", "您尾号{last}的储蓄卡{md}{hm}消费支出人民币{amt}元（{place}），活期余额{bal}元。【{tag}】"),
        ("spend", "信用卡", "【{tag}】您尾号{last}的信用卡{md}{hm}在{place}消费{amt}元，可用额度{bal}元。"),
        ("wages", "储蓄卡", "【{tag}】您尾号{last}的储蓄卡{md}{hm}入账工资人民币{amt}元，可用余额{bal}元。"),
        ("spend", "借记卡", "您的借记卡账户尾号{last}，于{md}{hm}网上支付({place})人民币{amt}元，余额{bal}元【{tag}】"),
        ("wages", "", "【{tag}】{md}{hm}您账户{last}代发工资收入人民币{amt}元，余额{bal}元。"),
    ),
    "eval": (
        ("spend", "借记卡", "【{tag}】您尾号为{last}的借记卡于{md}{hm}通过{place}支出{amt}元，当前余额{bal}元。"),
        ("spend", "", "{tag}：您{last}账户{md} {hm}向{place}付款人民币{amt}元，余额{bal}元。"),
        ("wages", "", "【{tag}】您的账户*{last}于{md}{hm}收入(代发工资){amt}元，余额{bal}元。"),
        ("spend", "信用卡", "【{tag}】您尾号{last}信用卡{md}{hm}消费人民币{amt}元（{place}），可用额度{bal}元。"),
    ),
}
CODES = {
    "dev": "【{tag}】验证码{code}，您正在进行网上支付，请勿泄露。",
    "eval": "【{tag}】动态密码{code}，用于快捷支付签约，切勿告知他人。",
}


def _md(v: Variant, when: datetime) -> str:
    form = v.pick("sms.date", dev=("padded", "plain", "dash"), eval=("slash",))
    if form == "padded":
        return f"{when:%m}月{when:%d}日"
    if form == "dash":
        return f"{when:%m-%d} "
    return f"{when.month}月{when.day}日" if form == "plain" else f"{when:%m/%d}"


def _message(v: Variant, bank, when: datetime) -> tuple[str, Row | None]:
    rng = v.rng
    if v.coin("code", 0.15):
        return CODES[v.split].format(tag=bank.tag, code=digits(rng, 6)), None
    what, kind, wording = rng.choice(WORDINGS[v.split])
    value = amount(rng, 3000, 30000) if what == "wages" else amount(rng)
    last, place = digits(rng, 4), v.pool(PLACES)
    text = wording.format(
        tag=bank.tag,
        last=last,
        md=_md(v, when),
        hm=f"{when:%H:%M}",
        place=place,
        amt=money(value, comma=v.coin("comma", 0.5)),
        bal=money(amount(rng, 100, 90000)),
    )
    r = row(
        direction="income" if what == "wages" else "expense",
        amount=str(value),
        currency="CNY",
        occurred_at=label_time(when.replace(second=0), "minutes"),
        merchant=place if what == "spend" else None,
        platform=bank.name,
        payment_method=f"{bank.name}{kind}({last})",
    )
    return text, r


def bank_sms(c: Canvas, v: Variant, ctx: Ctx) -> list[Row]:
    """A messages-app thread from the bank's number, or notification banners, with 1–3 messages."""
    rng = v.rng
    bank = rng.choice(BANKS[v.split])
    v.app = "sms"
    v.chosen["sms.bank"] = bank.key
    shape = v.pick("sms.shape", dev=("thread", "banner"), eval=("thread_wide", "banner_stack"))
    count = rng.choice((1, 1, 2, 3))
    times = sorted(before(rng, ctx.captured, days=12, minutes=2) for _ in range(count))
    messages = [_message(v, bank, when) for when in times]
    if shape.startswith("thread"):
        _thread(c, v, ctx, bank, times, messages, wide=shape == "thread_wide")
    else:
        _banners(c, v, ctx, bank, times, messages, stack=shape == "banner_stack")
    finish_ios(c, ctx)
    # The truth lists the messages top to bottom, as drawn (banners put the newest on top).
    drawn = messages if shape.startswith("thread") else messages[::-1]
    return [r for _, r in drawn if r is not None]


def _stamp(when: datetime, captured: datetime) -> str:
    days = (captured.date() - when.date()).days
    day = "" if days == 0 else "昨天 " if days == 1 else f"{when.month}月{when.day}日 "
    return f"{day}{when:%H:%M}"


def _bubble(c: Canvas, text: str, r: Row | None, *, x0: float, width: float, size: float, fill: str) -> None:
    lines = c.wrap(text, size, width - 24)
    height = len(lines) * size * 1.5 + 18
    c.rect(x0, c.y, x0 + width, c.y + height, fill, radius=14)
    see = [(r, name) for name in ("amount", "occurred_at", "merchant", "payment_method")] if r else None
    for n, line in enumerate(lines):
        c.text(x0 + 12, c.y + 9 + size * 0.75 + n * size * 1.5, line, size, see=see)
    c.y += height


def _thread(c, v, ctx, bank, times, messages, *, wide: bool) -> None:
    top(c, v, ctx, times[-1], bank.number if v.coin("number_title", 0.5) else bank.name, scroll_max=0)
    c.y += 12
    c.text(c.w / 2, c.y, "短信/彩信", 11, color=c.theme.gray, anchor="m")
    c.y += 16
    fill = "#2c2c2e" if c.theme.dark else ("#e9e9eb" if not wide else "#eef1f4")
    for when, (text, r) in zip(times, messages, strict=True):
        c.y += 10
        c.text(c.w / 2, c.y, _stamp(when, ctx.captured), 11, color=c.theme.gray, anchor="m")
        c.y += 16
        _bubble(c, text, r, x0=14, width=c.w * (0.86 if wide else 0.74), size=15 if wide else 14, fill=fill)
    c.y += 20
    c.rect(12, c.h - 60, c.w - 12, c.h - 24, c.theme.card, radius=18)
    c.text(28, c.h - 42, "短信", 13, color=c.theme.gray)


def _banners(c, v, ctx, bank, times, messages, *, stack: bool) -> None:
    top(c, v, ctx, times[-1], "")
    c.y += 20
    c.text(c.w / 2, c.y + 30, f"{ctx.captured:%H:%M}", 56, bold=False, anchor="m")
    c.y += 90
    c.text(c.w / 2, c.y, f"{ctx.captured.month}月{ctx.captured.day}日", 15, anchor="m")
    c.y += 40
    fill = "#3a3a3c" if c.theme.dark else "#ffffff"
    for when, (text, r) in reversed(list(zip(times, messages, strict=True))):
        head = c.y
        c.rect(12, head, c.w - 12, head + 30, fill, radius=14)
        c.circle(32, head + 16, 9, "#34c759")
        c.text(48, head + 16, "信息" if not stack else "短信", 12.5, color=c.theme.gray)
        c.text(c.w - 24, head + 16, _stamp(when, ctx.captured), 11.5, color=c.theme.gray, anchor="r")
        c.y = head + 34
        c.text(24, c.y + 8, bank.number, 14, bold=True)
        c.y += 18
        _bubble(c, text, r, x0=12, width=c.w - 24, size=13.5 if stack else 14, fill=fill)
        c.y += 10


PAGES = {"bank_sms": ("sms", "短信", bank_sms)}
