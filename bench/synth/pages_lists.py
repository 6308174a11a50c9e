"""Bill lists (WeChat 账单, Alipay 账单): rows spanning months and years under month headers (本月 / 7月 /
2024年9月), round avatars with one letter or character inside, transfers and red packets both ways, refunds,
unsigned 不计收支 rows, rows cut off by the header or the bottom of the screen.

A row's year is the one its month header states, else the capture year; 今天/昨天 count from the capture time.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from bench.synth import widgets
from bench.synth.canvas import Canvas
from bench.synth.common import Ctx, finish_ios
from bench.synth.data import FUNDS, PEOPLE, RESTAURANTS, SHOPS, amount, label_time, money
from bench.synth.truth import Row, row
from bench.synth.variant import Variant

COLOURS = ("#07c160", "#fa9d3b", "#1677ff", "#e64340", "#8a6fd1", "#10aeb5", "#f4b400")


def _entries(v: Variant, app: str, start: datetime, count: int) -> list[dict]:
    """Rows newest first: name, avatar glyph, sign ('-', '+', ''), direction, merchant truth, amount, time."""
    rng, out, when = v.rng, [], start
    for _ in range(count):
        when -= timedelta(minutes=rng.choice((20, 90, 300, 900, 2000, 5000, 14000, 30000)) * rng.uniform(0.5, 1.5))
        when = when.replace(second=0, microsecond=0)
        who, shop = v.pool(PEOPLE), v.pool(SHOPS if rng.random() < 0.6 else RESTAURANTS)
        kind = rng.choices(
            ("shop", "in", "out", "packet_in", "packet_out", "refund", "pot", "qr"),
            (10, 2, 2, 1.5, 1.5, 1, 1 if app == "alipay" else 0, 1 if app == "wechat" else 0),
        )[0]
        value = amount(rng, 0.5, rng.choice((30, 100, 600)))
        glyph = rng.choice((shop[:1], shop[:1], "S", "U"))
        if kind == "shop":
            e = {"name": shop, "sign": "-", "direction": "expense", "merchant": shop}
        elif kind in ("in", "out"):
            verb = ("转账-来自{p}", "转账-转给{p}") if app == "wechat" else ("转账收款-{p}", "转账-{p}")
            e = {
                "name": verb[kind == "out"].format(p=who),
                "sign": "-" if kind == "out" else "+",
                "direction": "transfer" if kind == "out" else "income",
                "merchant": who,
            }
            glyph = rng.choice(("转", who[:1]))
        elif kind.startswith("packet"):
            out_ = kind == "packet_out"
            e = {
                "name": f"微信红包-{'发给' if out_ else '来自'}{who}" if app == "wechat" else f"红包-{who}",
                "sign": "-" if out_ else "+",
                "direction": "transfer" if out_ else "income",
                "merchant": who,
            }
            glyph = "红"
        elif kind == "refund":
            e = {"name": f"{shop}-退款", "sign": "+", "direction": "refund", "merchant": shop}
        elif kind == "qr":
            e = {"name": f"扫二维码付款-给{who}", "sign": "-", "direction": "expense", "merchant": who}
        else:
            fund = v.pool(FUNDS)
            name, merchant = rng.choice(
                (
                    ("余额宝-自动转入", "余额宝"),
                    (f"花呗-{when.month}月账单自动还款", "花呗"),
                    (f"基金买入-{fund}", fund),
                )
            )
            e = {"name": name, "sign": "", "direction": "transfer", "merchant": merchant}
            glyph = name[:1]
        e |= {"glyph": glyph, "amount": value, "when": when}
        out.append(e)
    return out


def _month_header(when: datetime, captured: datetime, style: str) -> str:
    """How a list names a month: always with the year, or 本月 / 7月 in the capture year, year only before."""
    same_year = when.year == captured.year
    if style == "year_month" or not same_year:
        return f"{when.year}年{when.month}月"
    if style == "relative" and when.month == captured.month:
        return "本月"
    return f"{when.month}月"


def _row_time(when: datetime, captured: datetime, style: str) -> str:
    """How a row prints its time: '9月12日 12:30', '09-12 12:30', or 今天/昨天 for the last two days."""
    if style.startswith("relative"):
        if when.date() == captured.date():
            return f"今天 {when:%H:%M}"
        if when.date() == (captured - timedelta(days=1)).date():
            return f"昨天 {when:%H:%M}"
    if style.endswith("dash"):
        return f"{when:%m-%d %H:%M}"
    return f"{when.month}月{when.day}日 {when:%H:%M}"


def _bill_list(c: Canvas, v: Variant, ctx: Ctx, app: str) -> list[Row]:
    """Draw a bill list of `app` ('wechat' or 'alipay') and return one truth row per fully visible row."""
    rng = v.rng
    platform = "微信支付" if app == "wechat" else "支付宝"
    header_style = v.pick(
        f"{app}.list_header",
        dev=("year_month", "month") if app == "wechat" else ("relative",),
        eval=("relative",) if app == "wechat" else ("year_month", "month"),
    )
    time_style = v.pick(
        f"{app}.list_time",
        dev=("cn",) if app == "wechat" else ("relative_dash",),
        eval=("dash", "relative_cn") if app == "wechat" else ("relative_cn", "cn"),
    )
    start = ctx.captured - timedelta(minutes=rng.randrange(5, 60 * 24 * rng.choice((1, 20, 200))))
    entries = _entries(v, app, start, 14)
    cut_top = v.coin("cut_top_row", 0.4)
    summary = v.pick(f"{app}.list_summary", dev=("two_amounts",), eval=("one_line", "none"))
    first = entries[0]["when"]
    clock = ctx.captured

    def header(c: Canvas) -> None:
        widgets.status_bar(c, ctx.os, f"{clock.hour}:{clock.minute:02d}")
        widgets.nav_bar(c, "账单", right="统计" if app == "wechat" else "收支分析")
        if app == "alipay":
            c.rect(16, c.y + 4, c.w - 16, c.y + 36, c.theme.card, radius=16)
            c.text(40, c.y + 20, "搜索交易记录", 13, color=c.theme.gray)
            c.y += 44
            for n, chip in enumerate(("全部", "支出", "转账", "筛选")):
                c.text(16 + n * 56, c.y + 14, chip, 13, color=c.theme.fg if n == 0 else c.theme.gray)
            c.y += 30
        else:
            c.text(16, c.y + 16, "全部账单", 14, color="#576b95")
            c.y += 34
        _section(c, first, entries, ctx.captured, header_style, summary)

    c.header(header)
    c.y = c.view_top - (36 if cut_top else 0)
    rows, month = [], (first.year, first.month)
    for e in entries:
        if c.y > c.h:
            break
        if (e["when"].year, e["when"].month) != month:
            month = (e["when"].year, e["when"].month)
            _section(c, e["when"], entries, ctx.captured, header_style, summary)
        r = row(
            needs="amount",
            direction=e["direction"],
            amount=str(e["amount"]),
            currency="CNY",
            occurred_at=label_time(e["when"], "minutes"),
            merchant=e["merchant"],
            platform=platform,
        )
        c.rect(0, c.y, c.w, c.y + 70, c.theme.card)
        c.circle(38, c.y + 35, 18, rng.choice(COLOURS), e["glyph"])
        c.text(70, c.y + 24, e["name"], 15, see=(r, "merchant"))
        sign = e["sign"]
        c.text(
            c.w - 16,
            c.y + 24,
            sign + money(e["amount"]),
            16,
            bold=app == "alipay",
            anchor="r",
            color="#e08a00" if sign == "+" and app == "wechat" else None,
            see=(r, "amount"),
        )
        c.text(
            70, c.y + 48, _row_time(e["when"], ctx.captured, time_style), 12, color=c.theme.gray, see=(r, "occurred_at")
        )
        c.y += 70
        c.hline(c.y, 70, c.w)
        rows.append(r)
    if app == "alipay" or ctx.os == "ios":
        c.footer(lambda c: finish_ios(c, ctx), 0)
    return rows


def _section(c: Canvas, when: datetime, entries: list[dict], captured: datetime, style: str, summary: str) -> None:
    """A month header with the month's totals (as far as the list shows them)."""
    month = [e for e in entries if (e["when"].year, e["when"].month) == (when.year, when.month)]
    spent = sum((e["amount"] for e in month if e["sign"] == "-"), Decimal(0))
    got = sum((e["amount"] for e in month if e["sign"] == "+"), Decimal(0))
    c.rect(0, c.y, c.w, c.y + 60, c.theme.bg)
    c.text(16, c.y + 20, _month_header(when, captured, style), 17, bold=True)
    if summary == "two_amounts":
        c.text(16, c.y + 44, f"支出¥{money(spent)}  收入¥{money(got)}", 12, color=c.theme.gray)
    elif summary == "one_line":
        c.text(c.w - 16, c.y + 20, f"支出 ¥{money(spent)} 收入 ¥{money(got)}", 12, color=c.theme.gray, anchor="r")
    c.y += 60 if summary == "two_amounts" else 40


def wechat_list(c: Canvas, v: Variant, ctx: Ctx) -> list[Row]:
    """WeChat Pay 账单 list."""
    return _bill_list(c, v, ctx, "wechat")


def alipay_list(c: Canvas, v: Variant, ctx: Ctx) -> list[Row]:
    """Alipay 账单 list."""
    return _bill_list(c, v, ctx, "alipay")


PAGES = {
    "wechat_bill_list": ("wechat", "账单 list", wechat_list),
    "alipay_bill_list": ("alipay", "账单 list", alipay_list),
}
