"""Pieces every generated screen is made of: status bars, navigation bars, label/value rows, bottom bars.

Each takes the `Canvas` and draws at its y cursor, moving the cursor down. The status-bar clock is passed in by
the page and is never the payment time.
"""

from __future__ import annotations

from bench.synth.canvas import Canvas


def status_bar(c: Canvas, style: str, clock: str, *, battery: int = 80, date: str = "", back: str = "") -> None:
    """An iOS (dynamic island, clock left) or Android (small clock, optional date and battery %) status bar."""
    fg = c.theme.fg
    if style == "ios":
        c.text(46, 24, clock, 16, bold=True, anchor="m")
        c.rect(c.w / 2 - 62, 11, c.w / 2 + 62, 47, "#000000", radius=18)
        for i in range(4):
            c.rect(c.w - 96 + i * 5, 28 - i * 3, c.w - 93 + i * 5, 31, fg)
        c.text(c.w - 68, 25, "5G", 12, bold=True)
        c.rect(c.w - 44, 19, c.w - 18, 31, c.theme.gray, radius=3.5)
        c.rect(c.w - 43, 20, c.w - 43 + 24 * battery / 100, 30, fg, radius=3)
        if back:
            c.text(18, 44, "< " + back, 11, color=fg)
        c.y = 54
        return
    c.text(14, 13, clock, 12.5, bold=False)
    x = 14 + c.width_of(clock, 12.5) + 6
    if date:
        c.text(x, 13, date, 12.5)
        x += c.width_of(date, 12.5) + 6
    for n in range(2):
        c.circle(x + 5 + n * 13, 13, 4.2, c.theme.gray)
    c.text(c.w - 14, 13, f"{battery}%", 11.5, anchor="r")
    c.rect(c.w - 62, 8, c.w - 47, 18, c.theme.gray, radius=2)
    for i in range(4):
        c.rect(c.w - 84 + i * 4, 16 - i * 2.4, c.w - 81.5 + i * 4, 18, fg)
    c.y = 28


def nav_bar(
    c: Canvas,
    title: str = "",
    *,
    right: str = "",
    bg: str | None = None,
    fg: str | None = None,
    align: str = "m",
    close: bool = False,
) -> None:
    """A navigation bar: back chevron (or ✕), title centred or left, an optional right-hand action."""
    top = c.y
    if bg:
        c.rect(0, top, c.w, top + 44, bg)
    mid = top + 22
    color = fg or c.theme.fg
    if close:
        c.line([(16, mid - 7), (30, mid + 7)], color, 1.8)
        c.line([(16, mid + 7), (30, mid - 7)], color, 1.8)
    else:
        c.line([(26, mid - 9), (17, mid), (26, mid + 9)], color, 2.0)
    if title:
        if align == "m":
            c.text(c.w / 2, mid, title, 17, bold=True, color=color, anchor="m")
        else:
            c.text(42, mid, title, 17, bold=True, color=color)
    if right:
        c.text(c.w - 16, mid, right, 14, color=color, anchor="r")
    c.y = top + 44


def rows(
    c: Canvas,
    items: list,
    style: str,
    *,
    x0: float = 16,
    x1: float | None = None,
    size: float = 14,
    gap: float = 38,
    value_x: float | None = None,
    label_color=None,
    value_color=None,
) -> None:
    """Label/value rows: `col` (values in a second left column), `right` (values right-aligned), `stacked`
    (small label above the value), `under` / `caption` (the value, then a small caption below it) or `colon` /
    `colon_ascii` ("标签：值" / "标签: 值" on one left-aligned line).
    Items are (label, value) or (label, value, see)."""
    x1 = c.w - 16 if x1 is None else x1
    gray = label_color or c.theme.gray
    for entry in items:
        label, value, see = (*entry, None) if len(entry) == 2 else entry
        if style in ("under", "caption"):
            # eval's `under`: the value, a small caption 20 dp below; dev's `caption`: a bolder value, a smaller
            # caption 17 dp below, rows closer together.
            big, small, drop, step = (size, size - 2, 20, 50) if style == "under" else (size + 1, size - 3, 17, 44)
            lines = c.wrap(value, big, x1 - x0)
            for i, line in enumerate(lines):
                c.text(x0, c.y + 14 + i * big * 1.45, line, big, color=value_color, see=see, bold=style == "caption")
            c.text(x0, c.y + 14 + drop + (len(lines) - 1) * big * 1.45, label, small, color=gray)
            c.y += step + (len(lines) - 1) * big * 1.45
            continue
        if style in ("colon", "colon_ascii"):
            head = f"{label}：" if style == "colon" else f"{label}: "
            vx = x0 + c.width_of(head, size)
            c.text(x0, c.y + gap / 2, head, size, color=gray)
            lines = c.wrap(value, size, x1 - vx)
            for i, line in enumerate(lines):
                c.text(vx, c.y + gap / 2 + i * size * 1.45, line, size, color=value_color, see=see)
            c.y += gap + (len(lines) - 1) * size * 1.45
            continue
        if style == "stacked":
            c.text(x0, c.y + 12, label, size - 2, color=gray)
            lines = c.wrap(value, size, x1 - x0)
            for i, line in enumerate(lines):
                c.text(x0, c.y + 32 + i * size * 1.45, line, size, color=value_color, see=see)
            c.y += 46 + (len(lines) - 1) * size * 1.45
            continue
        if style == "col":
            vx = value_x or x0 + 92
            lines = c.wrap(value, size, x1 - vx)
        else:
            room = x1 - x0 - c.width_of(label, size) - 28
            lines = c.wrap(value, size, room)
        c.text(x0, c.y + gap / 2, label, size, color=gray)
        for i, line in enumerate(lines):
            y = c.y + gap / 2 + i * size * 1.45
            if style == "col":
                c.text(vx, y, line, size, color=value_color, see=see)
            else:
                c.text(x1, y, line, size, color=value_color, anchor="r", see=see)
        c.y += gap + (len(lines) - 1) * size * 1.45


def button(
    c: Canvas,
    label: str,
    color: str,
    *,
    fg: str = "#ffffff",
    width: float = 180,
    height: float = 44,
    outline: bool = False,
) -> None:
    """A centred rounded button."""
    left = c.w / 2 - width / 2
    if outline:
        c.rect(left, c.y, left + width, c.y + height, c.theme.card, radius=8, outline=color)
        c.text(c.w / 2, c.y + height / 2, label, 16, color=color, bold=True, anchor="m")
    else:
        c.rect(left, c.y, left + width, c.y + height, color, radius=8)
        c.text(c.w / 2, c.y + height / 2, label, 16, color=fg, bold=True, anchor="m")
    c.y += height


def home_indicator(c: Canvas) -> None:
    """The iPhone's home bar at the very bottom."""
    c.rect(c.w / 2 - 67, c.h - 10, c.w / 2 + 67, c.h - 5, c.theme.fg, radius=2.5)


def tab_bar(c: Canvas, labels: tuple[str, ...], active: int, color: str) -> None:
    """A bottom tab bar with small round icons and labels."""
    top = c.y + 4
    step = c.w / len(labels)
    for n, label in enumerate(labels):
        tone = color if n == active else c.theme.gray
        c.circle(step * (n + 0.5), top + 14, 10, tone)
        c.text(step * (n + 0.5), top + 36, label, 10, color=tone, anchor="m")


def ad_card(c: Canvas, title: str, lines: tuple[str, ...], accent: str) -> None:
    """A promotions card below the payment (coupons, 'pay later' offers) — text that is never the payment."""
    top = c.y
    c.rect(12, top, c.w - 12, top + 36 + 26 * len(lines), c.theme.card, radius=10)
    c.text(28, top + 20, title, 14, bold=True)
    for n, line in enumerate(lines):
        c.circle(34, top + 48 + n * 26, 7, accent)
        c.text(50, top + 48 + n * 26, line, 12.5, color=c.theme.gray)
    c.y = top + 46 + 26 * len(lines)
