"""What every page template shares: the screen's context (capture time, OS), the fixed header, money lines.

A page template is `draw(c, v, ctx) -> list[Row]`: it draws on the canvas, picks its layout options from the
split's pools through `v`, and returns the truth rows tied to what it drew.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from bench.synth import widgets
from bench.synth.canvas import Canvas
from bench.synth.data import clock_not, money
from bench.synth.variant import Device, Variant


@dataclass
class Ctx:
    """The screen's circumstances: when it was captured and on what device."""

    captured: datetime
    device: Device

    @property
    def os(self) -> str:
        """'ios' or 'android' (the status-bar style)."""
        return self.device.os


def top(
    c: Canvas,
    v: Variant,
    ctx: Ctx,
    when: datetime,
    title: str = "",
    *,
    right: str = "",
    bg: str | None = None,
    fg: str | None = None,
    align: str = "m",
    scroll_max: float = 0,
    back: str = "",
    close: bool = False,
) -> None:
    """Status bar (its clock not the payment time) and navigation bar as the fixed header; maybe scroll."""
    clock = clock_not(v.rng, when, ctx.os)
    date = ""
    if ctx.os == "android" and v.coin("status_date", 0.3):
        date = f"{ctx.captured.month}月{ctx.captured.day}日 周{'一二三四五六日'[ctx.captured.weekday()]}"
    battery = v.rng.randrange(8, 100)
    scroll = 0.0
    if scroll_max and v.coin("scrolled", 0.3):
        scroll = round(v.rng.uniform(12, scroll_max))

    def header(c: Canvas) -> None:
        saved = c.theme
        if bg:
            c.rect(0, 0, c.w, (54 if ctx.os == "ios" else 28) + 44, bg)
        if fg:
            c.theme = replace(saved, fg=fg, gray=fg)
        widgets.status_bar(c, ctx.os, clock, battery=battery, date=date, back=back)
        widgets.nav_bar(c, title, right=right, fg=fg, align=align, close=close)
        c.theme = saved

    c.header(header, scroll=scroll)


def yen(value: Decimal, *, sign: str = "", symbol: str = "¥", comma: bool = True) -> str:
    """'-¥1,234.50' and friends."""
    return f"{sign}{symbol}{money(value, comma)}"


def finish_ios(c: Canvas, ctx: Ctx) -> None:
    """The home indicator on iPhones (drawn last, over whatever is at the bottom)."""
    if ctx.os == "ios":
        widgets.home_indicator(c)


FOREIGN = {
    "dev": (("USD", "US$", Decimal("7.18")), ("HKD", "HK$", Decimal("0.92"))),
    "eval": (
        ("JPY", "JPY¥", Decimal("0.0478")),
        ("USD", "USD", Decimal("7.1342")),
        ("HKD", "HKD", Decimal("0.9138")),
        ("EUR", "€", Decimal("7.8820")),
    ),
}


def foreign(v: Variant, cny: Decimal) -> tuple[str, str, str]:
    """A foreign amount that was charged as `cny`: (code, printed foreign amount, printed rate)."""
    code, symbol, rate = v.pool(FOREIGN)
    value = (cny / rate).quantize(Decimal("1") if code == "JPY" else Decimal("0.01"))
    printed = f"{symbol}{value:,}" if code == "JPY" else f"{symbol} {value:,.2f}"
    return code, printed, f"1 {code} = {rate} CNY"
