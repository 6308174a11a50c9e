"""Detail, success and receipt pages: one payment around its big amount — time, merchant, method, order number."""

from __future__ import annotations

import re
from datetime import datetime

from recognize import normalize
from recognize.categories import printed_category
from recognize.errors import NoPaymentFound
from recognize.ocr.cues import direction_for, platform_source
from recognize.ocr.geometry import Box, Page
from recognize.ocr.labels import Pair, amount_match, clean_order, clean_value, first_pair, is_name
from recognize.ocr.names import undecorate
from recognize.ocr.reading import Reading, finish
from recognize.ocr.vocabulary import (
    DATEISH,
    INCOME_METHOD_LABELS,
    LABELS,
    LANDS_IN,
    ORIGINAL_ROUTE,
    PAID_WITH,
    RED_PACKET_TITLE,
    REFUND_PREFIX,
    RIDE_PRODUCT,
    SELF_MERCHANT,
    SHOP_WORDS,
)


def pick_time(page: Page, pairs: list[Pair], direction: str, now, tz) -> tuple[datetime | None, float, str]:
    """The payment time: a labelled time first (by label preference), else any date on the page."""
    order = LABELS["time"]
    if direction == "refund":
        order = ("退款时间", "到账时间", *order)
    elif direction == "income":
        order = ("收款时间", "到账时间", *order)
    timed = [p for p in pairs if p.role == "time"]
    for pair in sorted(timed, key=lambda p: order.index(p.label) if p.label in order else len(order)):
        value = normalize.parse_datetime(pair.value, now=now, tz=tz)
        if value:
            return value, pair.score * 0.95, "label"
    for row in page.rows:
        if DATEISH.search(row.text):
            value = normalize.parse_datetime(row.text, now=now, tz=tz)
            if value:
                return value, row.score * 0.6, "any_date"
    return None, 0.0, ""


def merchant_above(page: Page, amount_row: int) -> tuple[str | None, float, str]:
    """The merchant name printed just above the big amount (WeChat/Alipay detail and success pages)."""
    for index in range(amount_row - 1, max(-1, amount_row - 4), -1):
        row = page.rows[index]
        texts = [b for b in row.boxes if len(b.text) > 1 or len(row.boxes) == 1]
        if not texts:
            continue
        best = max(texts, key=lambda b: len(b.text))
        text = clean_value(best.text)
        if not text or not is_name(text):
            continue
        # A one-character box is a logo glyph, not a name.
        if len(text) < 2:
            continue
        return text, best.score * 0.9, "above"
    return None, 0.0, ""


def merchant_with_price(page: Page, amount_row: int, paid) -> tuple[str | None, float, str]:
    """A success page that names the merchant under the paid amount beside the price before discounts:
    '阮家拌面  ¥11.00' right under a big ¥10.90. The price must be at least what was paid."""
    for row in page.rows[amount_row + 1 : amount_row + 3]:
        if len(row.boxes) != 2:
            continue
        name, price = row.boxes
        text = clean_value(name.text)
        if not text or not is_name(text) or not amount_match(price.text):
            continue
        value, sign = normalize.read_amount(price.text.replace("Y", "¥"))
        if value is not None and sign != "-" and value >= paid:
            return text, min(name.score, price.score) * 0.85, "with_price"
    return None, 0.0, ""


def merchant_from_title(page: Page, before_row: int) -> tuple[str | None, float, str]:
    """The first name-like text near the top, preferring a shop line (generic and order-page fallback)."""
    names = []
    for row in page.rows[:before_row]:
        best = max(row.boxes, key=lambda b: len(b.text))
        text = clean_value(best.text)
        if text and is_name(text):
            names.append((text, best))
    for text, box in names:
        if SHOP_WORDS.search(box.text.strip()):
            return text, box.score * 0.8, "shop_line"
    if names:
        return names[0][0], names[0][1].score * 0.5, "first_name"
    return None, 0.0, ""


def red_packet_sender(page: Page) -> tuple[str | None, float, str]:
    """'张三的红包' → 张三."""
    for box in page.boxes:
        match = RED_PACKET_TITLE.match(box.text.replace(" ", ""))
        if match:
            return match["name"], box.score * 0.9, "red_packet"
    return None, 0.0, ""


def _method_rank(label: str, direction: str = "") -> int:
    order = LABELS["method"]
    if direction == "income":
        # Money coming in lands on the person's account; the payer's account is the other side.
        order = (*INCOME_METHOD_LABELS, *order)
    return order.index(label) if label in order else len(order)


def refund_destination(value: str | None) -> str | None:
    """Where a refund went: '退回零钱' is 零钱; '原路退回' names no account (the next label may)."""
    if not value:
        return None
    value = REFUND_PREFIX.sub("", value.strip())
    return None if not value or ORIGINAL_ROUTE.fullmatch(value) else value


def method_for(page: Page, pairs: list[Pair], direction: str) -> tuple[str | None, float, str]:
    """Payment method as shown: a labelled method, else '零钱'/'余额' from 'stored in' status lines."""
    for pair in sorted((p for p in pairs if p.role == "method"), key=lambda p: _method_rank(p.label, direction)):
        value = clean_method(pair.value)
        value = refund_destination(value) if direction == "refund" else value
        if value:
            return value, pair.score * 0.95, f"label:{pair.label}"
    text = page.joined()
    for word in ("零钱通", "零钱", "余额宝", "余额"):
        if f"存入{word}" in text or f"已存入{word}" in text:
            return word, 0.8, "stored_in"
    for box in page.boxes:
        paid = PAID_WITH.match(box.text.replace(" ", ""))
        if paid:
            return paid["method"], box.score * 0.9, "paid_with"
        lands = LANDS_IN.search(box.text.replace(" ", "")) if direction == "transfer" else None
        if lands:
            return lands["method"], box.score * 0.85, "lands_in"
    return None, 0.0, ""


def clean_method(text: str | None) -> str | None:
    """A method as read, without the lone glyph an icon after it reads as ('零钱通 1' is 零钱通)."""
    value = clean_value(text)
    if value and re.fullmatch(r".{2,}\s[^\s)）]", value):
        value = value[:-2].rstrip()
    return value


def parse_detail(
    page: Page, pairs: list[Pair], amount: tuple[Box, object], platform, platform_certainty, now, tz, kind="detail"
):
    """One item from a detail/success/receipt page around its big amount (`kind`: how the amount was chosen)."""
    box, match = amount
    draft = Reading(kind=kind)
    sign = match["sign"] or match["sign2"]
    value, _ = normalize.read_amount(box.text.replace("Y", "¥"))
    if value is None:
        raise NoPaymentFound("no readable amount")
    direction, direction_certainty, cue = direction_for(page, sign)
    draft.set("amount", normalize.format_amount(value), box.score * 0.98, "sign" if sign else "plain")
    draft.set("direction", direction, box.score * direction_certainty, cue)
    draft.set("currency", "CNY", 0.9, "default")
    occurred, certainty, source = pick_time(page, pairs, direction, now, tz)
    if occurred:
        draft.set("occurred_at", occurred.isoformat(), certainty, source)
    amount_row = next(i for i, row in enumerate(page.rows) if box in row.boxes)
    merchant, certainty, source = pick_merchant(page, pairs, platform, direction, amount_row, value)
    name, implied = undecorate(merchant)
    draft.set("merchant", name, certainty, f"{source}_decorated" if implied else source)
    if implied in ("transfer", "income") and cue in ("minus", "unsigned", "plus"):
        # '微信红包-转给陈静' above the amount: a sent red packet moves money to a person, it is not spending.
        draft.set("direction", implied, box.score * 0.85, f"name_{implied}")
    draft.set("payment_method", *method_for(page, pairs, direction))
    order = first_pair(pairs, "order") or first_pair(pairs, "merchant_order")
    if order:
        draft.set("order_no", clean_order(order.value), order.score * 0.9, order.role)
    shown = first_pair(pairs, "category")
    if shown:
        draft.set("category", printed_category(clean_value(shown.value)), shown.score * 0.9, "printed")
    goods = first_pair(pairs, "goods")
    if goods:
        draft.set("memo", clean_value(goods.value), goods.score * 0.8, "label")
    draft.set("platform", platform, platform_certainty, platform_source(platform_certainty))
    finish(draft, direction, now)
    return draft


def pick_merchant(page: Page, pairs: list[Pair], platform, direction: str, amount_row: int, paid=None):
    """The merchant (or person) by the platform's layout: red packet sender, name above the amount, payee row,
    shop line, name beside the price under the amount, title area."""
    if platform in SELF_MERCHANT:
        product = RIDE_PRODUCT.search(page.joined())
        if product:
            name = product.group(0)
            return (name if name.startswith("滴滴") else f"滴滴{name}"), 0.8, "product"
        return platform, 0.8, "self"
    sender = red_packet_sender(page)
    if sender[0]:
        return sender
    if platform in ("微信支付", "支付宝"):
        above = merchant_above(page, amount_row)
        if above[0]:
            return above
    for role in ("payer", "payee") if direction == "income" else ("payee",):
        pair = first_pair(pairs, role)
        if pair and clean_value(pair.value):
            return clean_value(pair.value), pair.score * 0.9, role
    if platform in ("美团", "京东"):
        shop = merchant_from_title(page, amount_row)
        if shop[0]:
            return shop
    above = merchant_above(page, amount_row)
    if above[0]:
        return above
    if paid is not None:
        priced = merchant_with_price(page, amount_row, paid)
        if priced[0]:
            return priced
    return merchant_from_title(page, amount_row)
