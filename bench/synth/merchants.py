"""How a wallet page prints the merchant at the head of its card, beyond the plain centred name: a logo on the
same line, a branch in parentheses (on one line or wrapped onto a second), a `>` chevron, an English or mixed
name. The look is drawn aside (`Variant.aside`), so screens that keep the plain name render as before.
"""

from __future__ import annotations

from bench.synth.canvas import Canvas
from bench.synth.truth import Row
from bench.synth.variant import Variant

BRANCHES = {
    "dev": ("国贸店", "望京SOHO店", "西单大悦城店", "中关村店", "五道口店"),
    "eval": ("陆家嘴店", "天河城店", "春熙路店", "解放碑店", "新街口店"),
}
MIXED = {
    "dev": ("7-ELEVEn便利店", "M&G晨光文具", "KFC肯德基", "M Stand", "Wagas沃歌斯"),
    "eval": ("Costa Coffee", "FamilyMart全家", "Peet's Coffee", "Lawson罗森", "Seesaw咖啡"),
}


LOOKS = {
    "dev": ("logo_left", "branch", "two_lines", "chevron", "mixed"),
    "eval": ("logo_square", "branch_full", "wrapped_full", "mixed_eval"),
}
# The name printed under the big amount instead of above it (detail cards only).
BELOW = {"dev": ("below",), "eval": ("below_gray",)}
# No name at the head: only a merchant row names it, beside a goods line that does not (detail cards only).
ROW_ONLY = {"dev": ("row_only",), "eval": ("row_only_other",)}
ROW_LABELS = {"row_only": ("商户名称", "收款方"), "row_only_other": ("交易对方", "商家")}
GOODS = {
    "dev": (("订单信息", "美式咖啡 大杯 x1"), ("商品说明", "会员月卡"), ("订单信息", "外卖订单-午餐")),
    "eval": (("商品", "鲜榨橙汁 x2"), ("订单信息", "停车缴费"), ("商品说明", "早餐套餐")),
}


def head_name(v: Variant, shop: str, key: str, *, detail: bool = False) -> tuple[str, str]:
    """(the name as the page prints it, its look) for a card headed by `shop`; `key` names the template; a
    `detail` card may also print the name under the amount or only in a merchant row."""
    side = v.aside(f"{key}.merchant")
    if not side.coin("merchant_look", 0.5):
        return shop, "plain"
    looks = {split: LOOKS[split] + (BELOW[split] + ROW_ONLY[split] if detail else ()) for split in LOOKS}
    look = side.pick("merchant.look", dev=looks["dev"], eval=looks["eval"])
    if look in ("branch", "two_lines"):
        return f"{shop}({side.pool(BRANCHES)})", look
    if look in ("branch_full", "wrapped_full"):
        return f"{shop}（{side.pool(BRANCHES)}）", look
    if look.startswith("mixed"):
        return side.pool(MIXED), look
    return shop, look


def name_rows(v: Variant, look: str, name: str, r: Row) -> list[tuple]:
    """The rows a `row_only` card prints its merchant in: the merchant row, then a goods line naming no merchant."""
    if not look.startswith("row_only"):
        return []
    side = v.aside("merchant.rows")
    label = side.rng.choice(ROW_LABELS[look])
    return [(label, name, (r, "merchant")), side.pool(GOODS)]


def draw_name(c: Canvas, x: float, name: str, size: float, look: str, r: Row, *, color=None, left=False) -> None:
    """Draw the head name centred on x (left-aligned from x when `left`) in `look`; moves c.y past a wrap."""
    if look.startswith("row_only"):
        return
    if look.startswith("below"):
        color = c.theme.gray if look == "below_gray" else color
        size = size - 2 if look == "below_gray" else size
    lines = [name]
    if look in ("two_lines", "wrapped_full"):
        cut = max(name.find("("), name.find("（"))
        lines = [name[:cut], name[cut:]]
    width = c.width_of(lines[0], size)
    start = x if left else x - width / 2
    if look in ("logo_left", "logo_square"):
        if look == "logo_left":
            c.circle(start - 18, c.y, size * 0.75, "#e8541e", name[:1])
        else:
            c.rect(start - 30, c.y - 11, start - 8, c.y + 11, "#2f6fde", radius=4)
    for i, line in enumerate(lines):
        if i:
            c.y += size * 1.45
        c.text(
            start if left or i == 0 else x,
            c.y,
            line,
            size,
            color=color,
            anchor="l" if left or i == 0 else "m",
            see=(r, "merchant"),
        )
    if look == "chevron":
        c.text(start + width + 8, c.y, ">", size, color=c.theme.gray)
    if look != "plain":
        r.values["merchant"] = name
