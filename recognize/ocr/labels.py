"""Label pairing: which text on a page is a label (支付时间, 实付金额 …), the value beside it, amounts, and names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from recognize.categories import PRINTED
from recognize.ocr.geometry import Box, Page, Row
from recognize.ocr.names import is_generic
from recognize.ocr.vocabulary import (
    AMOUNT_FULL,
    CLOCK,
    DATEISH,
    DISCOUNT_START,
    LABEL_ROLE,
    LABELS,
    LABELS_BY_LENGTH,
    NAV_BACK,
    OTHER_TIME_LABEL,
    SCREEN_WORDS,
    SENTENCE,
)


def amount_match(text: str):
    """Match a box that is nothing but an amount ('-128.50', '¥36.00', '+1,200.00', '88元')."""
    text = text.replace(" ", "")
    text = re.sub(r"^[一—–−]", "-", text)
    match = AMOUNT_FULL.match(text)
    if not match:
        return None
    has_marker = match["dec"] or match["yuan"] or match["word"] or "¥" in text or "￥" in text
    # Bare integers are battery levels, counts and years, not money.
    if not has_marker:
        return None
    return match


@dataclass
class Pair:
    """A label and its value as read from one row (plus wrapped continuation lines)."""

    role: str
    label: str
    value: str
    score: float
    row: int
    x0: float


def split_label(text: str) -> tuple[str, str, str] | None:
    """('role', 'label', 'rest') when text is a known label or starts with one, else None."""
    compact = text.replace(" ", "").rstrip(":：")
    if compact in LABEL_ROLE:
        return LABEL_ROLE[compact], compact, ""
    if OTHER_TIME_LABEL.match(compact):
        return "time", compact, ""
    for label in LABELS_BY_LENGTH:
        if len(label) >= 2 and compact.startswith(label):
            rest = compact[len(label) :].lstrip(":：")
            discount = DISCOUNT_START.match(rest)
            if discount:
                word = label + discount.group(0)
                return "discount", word, text.replace(" ", "").split(word, 1)[1].lstrip(":：")
            # '时间' alone is too short a prefix to split a merged box safely.
            if rest and label != "时间":
                return LABEL_ROLE[label], label, text.split(label, 1)[1].strip().lstrip(":：").strip()
    return None


def find_pairs(page: Page) -> list[Pair]:
    """Label/value pairs: a known label at the left of a row and the rest of the row as its value, or a label
    alone on its row with its value on the line next to it — under it when the page stacks a small label above
    each value, above it when the page prints each value over a small caption (see `caption_layout`)."""
    pairs: list[Pair] = []
    last_row = -10
    claimed: set[int] = set()
    alone = [i for i, row in enumerate(page.rows) if _alone_label(page, row)]
    upward = caption_layout(page, alone)
    for index, row in enumerate(page.rows):
        if index in claimed:
            continue
        first = row.boxes[0]
        found = split_label(first.text) if first.x0 < 0.45 * page.width else None
        if found:
            role, label, rest = found
            values = ([rest] if rest else []) + [b.text for b in row.boxes[1:]]
            if values:
                value_x = row.boxes[1].x0 if len(row.boxes) > 1 else first.x0
                pairs.append(Pair(role, label, " ".join(values), row.score, index, value_x))
                claimed.add(index)
                last_row = index
                continue
            rows = value_above(page, index, claimed) if upward else _listed(stacked_value(page, index))
            if rows:
                text = "".join(page.rows[r].text for r in rows)
                score = min(row.score, *(page.rows[r].score for r in rows))
                if upward and _maybe_wrapped(page, rows[0], claimed):
                    score *= 0.5  # the line above may be this value's first line: 请核对
                pairs.append(Pair(role, label, text, score, rows[-1], page.rows[rows[0]].boxes[0].x0))
                claimed.update(rows)
                claimed.add(index)
                # Under a caption the next line is the next value, never a wrapped part of this one.
                last_row = rows[-1] if not upward else -10
                continue
        if pairs and last_row == index - 1 and len(row.boxes) == 1 and is_continuation(page, pairs[-1], row):
            pairs[-1].value += first.text
            claimed.add(index)
            last_row = index
    return pairs


def _listed(index: int | None) -> list[int]:
    return [] if index is None else [index]


def _alone_label(page: Page, row: Row) -> bool:
    """A known label standing alone at the left of its row (its value is on another line)."""
    first = row.boxes[0]
    if len(row.boxes) != 1 or first.x0 >= 0.45 * page.width:
        return False
    found = split_label(first.text)
    return bool(found) and not found[2]


def _neighbour_gap(page: Page, index: int, step: int) -> float | None:
    """The gap between an alone label on row `index` and the line above (step -1) or below (+1) when that line
    could be its value: left-aligned with it, in a font no smaller, not a label itself. None otherwise."""
    other = index + step
    if not 0 <= other < len(page.rows):
        return None
    label = page.rows[index].boxes[0]
    near = page.rows[other].boxes[0]
    aligned = abs(near.x0 - label.x0) < 0.04 * page.width
    # OCR boxes of digits (a date with a 年 or 日 among them too) are shorter than boxes of Chinese text in the
    # same font.
    # A mostly Chinese line with a run of digits ('招商银行信用卡尾号9793') is boxed shorter too.
    chinese = len(re.findall(r"[\u4e00-\u9fff]", near.text)) * 2 >= len(near.text.replace(" ", ""))
    chinese = chinese and not re.search(r"\d{3}", near.text)
    larger = label.h > (1.1 if chinese else 1.5) * near.h
    if not aligned or larger or split_label(near.text) is not None:
        return None
    return near.y0 - label.y1 if step > 0 else label.y0 - near.y1


def caption_layout(page: Page, alone: list[int]) -> bool:
    """Does this page print each value above a small caption (the value, then '付款方式' under it) rather than a
    small label above its value? Decided once per page by proximity: a caption sits closer to its own value than
    to the next row's value, on every row of such a page. True when the alone labels are, by majority, nearer the
    line above them."""
    votes = 0
    for index in alone:
        above, below = _neighbour_gap(page, index, -1), _neighbour_gap(page, index, +1)
        if above is None or below is None:
            continue
        if above < 0.8 * below:
            votes += 1
        elif below < 0.8 * above:
            votes -= 1
    return votes > 0


def value_above(page: Page, index: int, claimed: set[int]) -> list[int]:
    """On a caption page, the row of the value printed above the caption on row `index`: close above it,
    aligned with it, not claimed by another label. One line only: OCR boxes overlap and pad their text, so a
    wrapped value line cannot be told from the caption of the row above by its size or gap (a bank page's
    网上支付 / 交易类型 / 工银借记卡 / 付款卡 would join into one value)."""
    gap = _neighbour_gap(page, index, -1)
    if gap is None or index - 1 in claimed or gap > 1.2 * max(page.rows[index - 1].boxes[0].h, 1):
        return []
    return [index - 1]


def _maybe_wrapped(page: Page, value_row: int, claimed: set[int]) -> bool:
    """On a caption page, could the line above this value be its first line (a long name wrapped)? It could when
    that line is close, aligned with it, claimed by no label and not a label itself — or it is the caption of a
    row no label names; the two cannot be told apart, so the value is offered marked."""
    above = value_row - 1
    if above < 0 or above in claimed:
        return False
    line, value = page.rows[above].boxes[0], page.rows[value_row].boxes[0]
    close = value.y0 - page.rows[above].y1 < 1.2 * max(value.h, 1)
    return close and abs(line.x0 - value.x0) < 0.04 * page.width and split_label(line.text) is None


def stacked_value(page: Page, index: int) -> int | None:
    """The row holding the value of the label that stands alone on row `index`, when the page stacks a small
    label above its value: the next line, starting where the label starts, right under it, in a font no smaller
    than the label's, and not a label itself. None otherwise (a heading, a label whose value did not read)."""
    gap = _neighbour_gap(page, index, +1)
    if gap is None or gap >= 1.2 * max(page.rows[index + 1].boxes[0].h, 1):
        return None
    return index + 1


def is_continuation(page: Page, pair: Pair, row: Row) -> bool:
    """A wrapped value line: starts under the previous value, right below it, not a label itself."""
    previous = page.rows[pair.row]
    box = row.boxes[0]
    close = box.y0 - previous.y1 < 0.9 * max(box.h, 1)
    aligned = abs(box.x0 - pair.x0) < 0.04 * page.width or abs(box.x1 - previous.boxes[-1].x1) < 0.04 * page.width
    return (
        close
        and aligned
        and split_label(box.text) is None
        and pair.role in ("merchant_full", "goods", "payee", "order", "merchant_order")
    )


def amount_boxes(page: Page) -> list[tuple[Box, object]]:
    """Every box that is only an amount, with its regex match."""
    found = []
    for box in page.boxes:
        match = amount_match(box.text)
        if match:
            found.append((box, match))
    return found


def labelled_amount(page: Page) -> tuple[Box, object] | None:
    """An amount printed right after a 实付/支付金额-style label anywhere in a row (order pages)."""
    for row in page.rows:
        for n, box in enumerate(row.boxes):
            found = split_label(box.text)
            if not found or found[0] != "amount":
                continue
            rest = found[2]
            if rest and amount_match(rest):
                return box, amount_match(rest)
            if n + 1 < len(row.boxes) and amount_match(row.boxes[n + 1].text):
                return row.boxes[n + 1], amount_match(row.boxes[n + 1].text)
    return None


def first_pair(pairs: list[Pair], role: str, order: tuple[str, ...] | None = None) -> Pair | None:
    """The pair of `role` whose label comes first in `order` (default: LABELS order)."""
    candidates = [p for p in pairs if p.role == role]
    if not candidates:
        return None
    order = order or LABELS[role]
    return min(candidates, key=lambda p: order.index(p.label) if p.label in order else len(order))


def clean_value(text: str | None) -> str | None:
    """Strip the arrows and copy buttons apps draw after values."""
    if not text:
        return None
    text = re.sub(r"\s*(>|›|〉|复制)+$", "", text.strip())
    return text or None


def clean_order(text: str | None) -> str | None:
    """Order numbers without spaces or trailing '复制'."""
    text = clean_value(text)
    if not text:
        return None
    text = text.replace(" ", "")
    return text if re.search(r"\d{6,}", text) else None


def is_name(text: str) -> bool:
    """Could this text be a merchant or person name (not a title, label, amount, date, sentence or button)?"""
    compact = text.replace(" ", "")
    if len(compact) < 2 or SCREEN_WORDS.match(compact) or SENTENCE.search(compact) or NAV_BACK.match(compact):
        return False
    if split_label(text) or amount_match(text) or DATEISH.search(text) or CLOCK.match(compact):
        return False
    if is_generic(compact) or compact in PRINTED:
        return False  # a printed category ('生活服务' over a bookkeeping record's amount) is not a name either
    return not re.fullmatch(r"[\d\s*.:·-]+", compact)
