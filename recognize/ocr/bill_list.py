"""Bill lists (全部账单, 账单): one item per row — a name and a signed amount, the time on the line below."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from recognize import normalize
from recognize.ocr.cues import platform_source
from recognize.ocr.geometry import Box, Page
from recognize.ocr.labels import clean_value, split_label
from recognize.ocr.names import undecorate
from recognize.ocr.reading import Reading, finish
from recognize.ocr.vocabulary import DATEISH, SUMMARY_WORDS
from recognize.ocr.vocabulary_bank import REPAYMENT_ROW, STATEMENT_TOTAL


def credit_statement(page: Page) -> bool:
    """Is this a credit card's 账单明细 (its total due on top, spending listed without a sign)?"""
    text = page.joined()
    return "信用卡" in text and bool(STATEMENT_TOTAL.search(text))


def statement_total(page: Page, box: Box) -> bool:
    """Is this amount a statement's total (本期应还 on its row or the line above), never a payment?"""
    index = next(i for i, row in enumerate(page.rows) if box in row.boxes)
    return any(STATEMENT_TOTAL.search(page.rows[i].text.replace(" ", "")) for i in (index, index - 1) if i >= 0)


def list_rows(page: Page, amounts, unsigned: bool = False) -> list[tuple[int, Box, object]]:
    """Rows of a bill list: a signed amount at the right with a name at the left, summary lines excluded.

    A column of two or more signed amounts sharing one right edge is a list even where the names did not read
    (a small or blurred capture): those rows come without a name.
    """
    found, nameless, unsigned_rows = [], [], []
    for box, match in amounts:
        if box.x1 < 0.6 * page.width:
            continue
        index = next(i for i, row in enumerate(page.rows) if box in row.boxes)
        row = page.rows[index]
        left = [b for b in row.boxes if b is not box and b.x1 < box.x0]
        if SUMMARY_WORDS.search(row.text) or (left and split_label(left[0].text)):
            continue
        if not (match["sign"] or match["sign2"]):
            # Alipay prints a move between the person's own pots (余额宝-自动转入 232.10) without a sign.
            if left and match["dec"]:
                unsigned_rows.append((index, box, match))
            continue
        (found if left else nameless).append((index, box, match))
    signed = [b for _, b, _ in found + nameless]
    column = [e for e in nameless if _same_edge(e[1], signed, page.width)]
    if unsigned:
        # A credit card statement lists spending without a sign: its unsigned rows at one right edge are rows.
        found += [e for e in unsigned_rows if _same_edge(e[1], [b for _, b, _ in unsigned_rows], page.width)]
        found.sort(key=lambda e: e[0])
    rows = found + (column if len(column) + len(found) >= 2 else [])
    # An unsigned amount is a row only in a list of signed ones, at their right edge.
    if len(rows) >= 2:
        rows += [e for e in unsigned_rows if _same_edge(e[1], signed, page.width) and e not in rows]
    return sorted(rows, key=lambda e: e[0])


def _same_edge(box: Box, others: list[Box], width: int) -> bool:
    """True when at least one other amount ends within 3 % of the page width of `box`'s right edge."""
    return any(o is not box and abs(o.x1 - box.x1) <= 0.03 * width for o in others)


MONTH_HEADER = re.compile(r"^(?P<y>20\d{2})\s*[年/.-]\s*(?P<m>\d{1,2})\s*月?$")


def month_above(page: Page, index: int, tz: str) -> datetime | None:
    """The first day of the month a list's month header ('2024年7月') above row `index` names, or None."""
    for row in reversed(page.rows[:index]):
        match = MONTH_HEADER.match(row.boxes[0].text.replace(" ", ""))
        if match and 1 <= int(match["m"]) <= 12:
            return datetime(int(match["y"]), int(match["m"]), 1, tzinfo=ZoneInfo(tz))
    return None


def parse_list(page: Page, entries, platform, platform_certainty, now, tz, credit: bool = False) -> list[Reading]:
    """Several items from a bill list: name and amount on one row, the time on the line(s) below."""
    drafts = []
    bounds = [index for index, _, _ in entries] + [len(page.rows)]
    for (index, box, match), end in zip(entries, bounds[1:], strict=False):
        draft = Reading(kind="list")
        row = page.rows[index]
        sign = match["sign"] or match["sign2"]
        value, _ = normalize.read_amount(box.text)
        if value is None:
            continue
        name_box = max(
            (b for b in row.boxes if b is not box and b.x1 < box.x0), key=lambda b: len(b.text), default=None
        )
        text = " ".join(page.rows[i].text for i in range(index + 1, min(end, index + 3)))
        name, implied = undecorate(clean_value(name_box.text)) if name_box else (None, None)
        if implied == "by_sign":  # 转账-陈静, 红包-李娜: money to or from a person
            implied = "income" if sign == "+" else "transfer"
        direction = "income" if sign == "+" else "expense" if sign == "-" else "transfer"
        if implied and (implied != "income" or sign != "-"):
            direction = implied
        if (name_box and "退款" in name_box.text) or "退款" in text:
            direction = "refund"
        # A card repayment moves the person's own money onto the card, in any list: a transfer, naming nobody.
        repaid = name_box is not None and REPAYMENT_ROW.match(name_box.text.replace(" ", "")) is not None
        if repaid and not credit:
            direction, implied = "transfer", "transfer"
        if credit:
            # On a credit card's statement spending is unsigned and money onto the card is negative.
            direction = "transfer" if repaid else "expense" if not sign else "refund"
            implied = None if not repaid else "transfer"
        draft.set("amount", normalize.format_amount(value), box.score * 0.97, "row")
        cue = "refund_words" if direction == "refund" else (f"name_{implied}" if implied else f"sign{sign or '0'}")
        # No sign and no name saying so: most likely a move between own pots, but only likely.
        sure = 0.85 if credit and (repaid or not sign) else 0.5 if credit else 0.9 if sign or implied else 0.5
        draft.set("direction", direction, box.score * sure, "credit_statement" if credit else cue)
        draft.set("currency", "CNY", 0.9, "default")
        if name_box and not repaid:
            draft.set("merchant", name, name_box.score * 0.85, "row_name_decorated" if implied else "row_name")
        occurred = normalize.parse_datetime(text, now=now, tz=tz) if DATEISH.search(text) else None
        if occurred:
            draft.set("occurred_at", occurred.isoformat(), 0.85, "below")
        else:
            # A row whose own time did not read still sits under its month: the day is a guess, always marked.
            month = month_above(page, index, tz)
            if month:
                draft.set("occurred_at", month.isoformat(), 0.4, "month_header")
        draft.set("platform", platform, platform_certainty, platform_source(platform_certainty))
        finish(draft, direction, now)
        if not occurred and end == len(page.rows) and row.y1 > page.height - 3 * (row.y1 - row.y0):
            # The last row, its time line missing, at the screen's bottom edge: the screen may cut it off.
            draft.confidence = {name: round(value * 0.5, 3) for name, value in draft.confidence.items()}
            draft.sources = {name: f"{source}_cut" for name, source in draft.sources.items()}
        drafts.append(draft)
    return drafts
