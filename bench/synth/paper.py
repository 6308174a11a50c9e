"""Marks printed on paper invoices: the 价税合计 in financial capitals, a QR-like block, and red seals (the oval
发票专用章, a round 公章) pressed over the seller's corner or its 备注.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from PIL import Image, ImageDraw

from bench.synth.canvas import Canvas


def capital_yuan(value: Decimal) -> str:
    """An amount in financial capitals, as the 价税合计（大写） line prints it: 壹佰零贰圆叁角整."""
    numerals, units, groups_units = "零壹贰叁肆伍陆柒捌玖", ("", "拾", "佰", "仟"), ("", "万", "亿")
    cents = int((value * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    groups, n = [], yuan
    while n:
        groups.append(n % 10000)
        n //= 10000
    out, gap = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if not group:
            gap = True
            continue
        if out and (group < 1000 or gap):
            out += "零"
        part, zero = "", False
        for pos in range(3, -1, -1):
            digit = group // 10**pos % 10
            if not digit:
                zero = bool(part)
                continue
            part += ("零" if zero else "") + numerals[digit] + units[pos]
            zero = False
        out += part + groups_units[index]
        gap = False
    out = (out or "零") + "圆"
    if not jiao and not fen:
        return out + "整"
    if not fen:
        return out + numerals[jiao] + "角整"
    return out + (numerals[jiao] + "角" if jiao else "零") + numerals[fen] + "分"


def qr(c: Canvas, x: float, y: float, size: float, rng) -> None:
    """A QR-code-like block of squares."""
    cell = size / 21
    for i in range(21):
        for j in range(21):
            corner = (i < 7 and j < 7) or (i < 7 and j > 13) or (i > 13 and j < 7)
            if corner or rng.random() < 0.45:
                c.rect(x + i * cell, y + j * cell, x + (i + 1) * cell, y + (j + 1) * cell, "#111111")


def seal(image: Image.Image, cx: int, cy: int, r: int) -> None:
    """A red oval 发票专用章 outline pressed over the seller's corner."""
    draw = ImageDraw.Draw(image, "RGBA")
    draw.ellipse((cx - r * 1.4, cy - r, cx + r * 1.4, cy + r), outline=(220, 40, 40, 150), width=max(2, r // 12))


def round_seal(image: Image.Image, cx: int, cy: int, r: int) -> None:
    """A round red 公章 (two rings and a star) pressed over the seller's name or the 备注, as sellers stamp."""
    draw = ImageDraw.Draw(image, "RGBA")
    red = (210, 30, 30, 140)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=max(2, r // 10))
    inner = r * 0.86
    draw.ellipse((cx - inner, cy - inner, cx + inner, cy + inner), outline=red, width=max(1, r // 30))
    star = [
        (
            cx + (r * 0.3 if n % 2 == 0 else r * 0.12) * math.sin(n * math.pi / 5),
            cy - (r * 0.3 if n % 2 == 0 else r * 0.12) * math.cos(n * math.pi / 5),
        )
        for n in range(10)
    ]
    draw.polygon(star, fill=red)
