"""Detail, success and receipt pages: one payment around its big amount — time, merchant, method, order number."""

from __future__ import annotations

import re
from datetime import datetime

from recognize import normalize
from recognize.categories import printed_category
from recognize.errors import NoPaymentFound
from recognize.models import doubt
from recognize.ocr.cues import direction_for, platform_source
from recognize.ocr.geometry import Box, Page
from recognize.ocr.labels import Pair, amount_match, clean_order, clean_value, first_pair, is_name
from recognize.ocr.names import short_name, undecorate
from recognize.ocr.reading import Reading, finish
from recognize.ocr.vocabulary import (
    BRANCH_PART,
    DATEISH,
    DISCOUNT_LINE,
    INCOME_METHOD_LABELS,
    LABELS,
    LANDS_IN,
    ORDER_LENGTHS,
    ORIGINAL_ROUTE,
    PAID_TITLE,
    PAID_WITH,
    RED_PACKET_TITLE,
    REFUND_PREFIX,
    RIDE_PRODUCT,
    SELF_MERCHANT,
    SHOP_WORDS,
    STATUS_LINE,
    STORE_LINE,
    WALLET_TITLES,
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
        if text and PAID_TITLE.match(text.replace(" ", "")):
            break  # the status title heads this payment: above it is the page behind a sheet, or the nav bar
        if not text or not is_name(text) or WALLET_TITLES.match(text.replace(" ", "")):
            continue
        # A one-character box is a logo glyph, not a name.
        if len(text) < 2:
            continue
        if BRANCH_PART.match(text.replace(" ", "")) or _opens(text) < 0:
            head = wrapped_head(page, index, best)
            if head is None:
                continue  # the name's first line is off screen: the branch alone names nobody
            return head[0] + text, min(head[1].score, best.score) * 0.9, "above_wrapped"
        return text, best.score * 0.9, "above"
    return None, 0.0, ""


def _opens(text: str) -> int:
    """Opening minus closing parentheses: > 0 when a name breaks inside its branch ('星巴克(中关')."""
    return text.count("(") + text.count("（") - text.count(")") - text.count("）")


def wrapped_head(page: Page, index: int, tail: Box) -> tuple[str, Box] | None:
    """The first line of a name that wraps onto row `index` ('星巴克' over '(中关村店)', '星巴克(中关' over '村店)'):
    the name-like box on the row right above it, centred on it or starting where it starts."""
    if index == 0:
        return None
    upper = page.rows[index - 1]
    box = max(upper.boxes, key=lambda b: len(b.text))
    text = clean_value(box.text)
    if not text or not is_name(text) or BRANCH_PART.match(text.replace(" ", "")) or box.y0 >= tail.y0:
        return None
    if box.h < 0.75 * tail.h:
        return None  # cut by the nav bar: what is left of the line is not the name
    if tail.y0 - box.y1 > 1.2 * tail.h or _opens(text) < 0 or (_opens(text) > 0) != (_opens(tail.text) < 0):
        return None
    centred = abs((box.x0 + box.x1) - (tail.x0 + tail.x1)) / 2 <= 0.06 * page.width
    aligned = abs(box.x0 - tail.x0) <= 0.03 * page.width
    return (text, box) if centred or aligned else None


def titled_row(page: Page, amount_row: int) -> int | None:
    """The row of the status title ('支付成功') heading the card of the amount on `amount_row`: within three rows
    above it. On such a page (a success page, or a pay sheet drawn over the shop's page) nothing above the title is
    about the payment: the nav bar, a back link, the page behind the sheet."""
    for index in range(amount_row - 1, max(-1, amount_row - 4), -1):
        if any(PAID_TITLE.match(b.text.replace(" ", "")) for b in page.rows[index].boxes):
            return index
    return None


def merchant_below(page: Page, amount_row: int) -> tuple[str | None, float, str]:
    """A pay sheet's merchant printed alone right under its big amount, centred with it ('¥25.00' / '罗森')."""
    if amount_row + 1 >= len(page.rows):
        return None, 0.0, ""
    amount, row = page.rows[amount_row].boxes, page.rows[amount_row + 1]
    centre = (amount[0].x0 + amount[-1].x1) / 2
    text = clean_value(row.boxes[0].text) if len(row.boxes) == 1 else None
    if not text or not is_name(text) or abs((row.boxes[0].x0 + row.boxes[0].x1) / 2 - centre) > 0.06 * page.width:
        return None, 0.0, ""
    return text, row.boxes[0].score * 0.85, "below"


def merchant_under(page: Page, amount_row: int, labelled: tuple) -> tuple[str | None, float, str]:
    """A wallet card that prints its merchant under the big amount instead of above it: the centred line right
    under the amount, unless a payee row names someone, or the company's full name names another trade."""
    if labelled[2] == "payee" or amount_row + 1 >= len(page.rows):
        return None, 0.0, ""
    text, certainty, _ = merchant_below(page, amount_row)
    if not text or PAID_TITLE.match(text.replace(" ", "")) or STATUS_LINE.match(text.replace(" ", "")):
        return None, 0.0, ""
    short = labelled[0]
    if short and short not in text.replace(" ", ""):
        return None, 0.0, ""
    return text, certainty, "under"


def store_line(page: Page, before_row: int) -> tuple[str | None, float, str]:
    """The shop of a deal page behind a pay sheet, from its store line above the sheet's title."""
    for row in page.rows[:before_row]:
        match = STORE_LINE.match(row.boxes[0].text.replace(" ", ""))
        if match and is_name(match["name"]):
            return match["name"].rstrip("."), row.boxes[0].score * 0.6, "store_line"
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
    if value is None and not (kind != "fallback" and fully_discounted(page, pairs, box)):
        raise NoPaymentFound("no readable amount")
    direction, direction_certainty, cue = direction_for(page, sign)
    if value is None:
        # ¥0.00 paid after a discount: the rest of the page is still this payment; a record needs an amount.
        doubt(draft.reasons, "amount", "fully_discounted")
    else:
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
        number = clean_order(order.value)
        lengths = ORDER_LENGTHS.get(platform, ()) if order.role == "order" else ()
        if number and lengths and number.isdigit() and len(number) not in lengths:
            draft.set("order_no", number, min(0.5, order.score * 0.9), "order_length")
        else:
            draft.set("order_no", number, order.score * 0.9, order.role)
    shown = first_pair(pairs, "category")
    if shown:
        draft.set("category", printed_category(clean_value(shown.value)), shown.score * 0.9, "printed")
    goods = first_pair(pairs, "goods")
    if goods:
        draft.set("memo", clean_value(goods.value), goods.score * 0.8, "label")
    draft.set("platform", platform, platform_certainty, platform_source(platform_certainty))
    finish(draft, direction, now)
    return draft


def fully_discounted(page: Page, pairs: list[Pair], paid: Box) -> bool:
    """Does the big amount say ¥0.00 paid beside a discount that covered it (a struck price and '…立减 -¥22.95',
    or a labelled discount row)? Then the payment is real and only its amount is blank."""
    if not normalize.is_zero_amount(paid.text.replace("Y", "¥")):
        return False
    if any(p.role == "discount" for p in pairs):
        return True
    return any(box is not paid and DISCOUNT_LINE.search(box.text.replace(" ", "")) for box in page.boxes)


def labelled_merchant(pairs: list[Pair], direction: str) -> tuple[str | None, float, str]:
    """Who was paid (or paid) by a labelled row: 收款方/付款方 …; else the trade name in the company's full name
    (收款方全称, when nothing else names it), always marked — a guess at the name the page would print."""
    for role in ("payer", "payee") if direction == "income" else ("payee",):
        pair = first_pair(pairs, role)
        if pair and clean_value(pair.value):
            return clean_value(pair.value), pair.score * 0.9, role
    full = first_pair(pairs, "merchant_full")
    short = short_name(clean_value(full.value)) if full else None
    return (short, 0.5, "full_name") if short else (None, 0.0, "")


def pick_merchant(page: Page, pairs: list[Pair], platform, direction: str, amount_row: int, paid=None):
    """The merchant (or person) by the platform's layout: red packet sender, name above the amount, payee row,
    shop line, name beside the price under the amount; on a titled page the name under the amount or the store
    line of the page behind the sheet; the title area."""
    if platform in SELF_MERCHANT:
        product = RIDE_PRODUCT.search(page.joined())
        if product:
            name = product.group(0)
            return (name if name.startswith("滴滴") else f"滴滴{name}"), 0.8, "product"
        return platform, 0.8, "self"
    sender = red_packet_sender(page)
    if sender[0]:
        return sender
    labelled = labelled_merchant(pairs, direction)
    if platform in ("微信支付", "支付宝"):
        above = merchant_above(page, amount_row)
        if above[0]:
            return above
        under = merchant_under(page, amount_row, labelled)
        if under[0]:
            return under
    if labelled[0]:
        return labelled
    titled = titled_row(page, amount_row)
    if platform in ("美团", "京东") and titled is None:
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
    if titled is not None:
        sheet = merchant_below(page, amount_row)
        sheet = sheet if sheet[0] else store_line(page, titled)
        if sheet[0]:
            return sheet
    return merchant_from_title(page, amount_row)
