"""Bank text messages (a messages-app thread, notification banners): one item per message that moves money.

'【招商银行】您账户1234于12月01日12:30在美团快捷支付扣款人民币36.50元，余额…': the amount follows the money verb (never
the balance or the credit left), the time is the message's own date (no year: the capture's), the merchant the
place (在…消费 / （…）), the method the card (the bank, the card's kind, its last four digits), the platform the bank.
"""

from __future__ import annotations

from recognize import normalize
from recognize.ocr.geometry import Page, Row
from recognize.ocr.reading import Reading, finish
from recognize.ocr.vocabulary_bank import (
    SMS_CARD,
    SMS_CARD_KIND_BEFORE,
    SMS_INCOME,
    SMS_MONEY,
    SMS_PLACE,
    SMS_PLACE_BRACKET,
    SMS_TAG,
    SMS_TIME,
)


def messages(page: Page) -> list[tuple[str, float]]:
    """The page's text in blocks split at the vertical gaps between messages: (text without spaces, weakest score)."""
    blocks: list[list[Row]] = []
    for row in page.rows:
        if blocks and row.y0 - blocks[-1][-1].y1 < 0.75 * max(row.boxes[0].h, 1):
            blocks[-1].append(row)
        else:
            blocks.append([row])
    return [("".join(r.text.replace(" ", "") for r in rows), min(r.score for r in rows)) for rows in blocks]


def is_messages(page: Page) -> bool:
    """Does the page show bank messages: a block naming a card (尾号1234, 账户1234) and a money verb's amount?"""
    return any(SMS_CARD.search(text) and SMS_MONEY.search(text) for text, _ in messages(page))


def parse_messages(page: Page, now, tz) -> list[Reading]:
    """One item per message that names a card and moves money; one-time codes and the like give none."""
    blocks = messages(page)
    banks = [SMS_TAG.search(text)["bank"] for text, _ in blocks if SMS_TAG.search(text)]
    # A message without its own signature is from the thread's bank when every signed message names the same one.
    page_bank = banks[0] if banks and len(set(banks)) == 1 else None
    drafts = []
    for text, score in blocks:
        card, money = SMS_CARD.search(text), SMS_MONEY.search(text)
        if not card or not money:
            continue
        value, _ = normalize.read_amount(money["num"])
        if value is None:
            continue
        tag = SMS_TAG.search(text)
        bank = tag["bank"] if tag else page_bank
        draft = Reading(kind="sms")
        incoming = bool(SMS_INCOME.search(money["verb"] + (money["what"] or "")))
        direction = "refund" if "退款" in (money["what"] or "") else "income" if incoming else "expense"
        draft.set("amount", normalize.format_amount(value), score * 0.95, "verb")
        draft.set("direction", direction, score * 0.9, f"verb:{money['verb']}")
        draft.set("currency", "CNY", 0.9, "default")
        body = text[card.start() :]
        stamp = SMS_TIME.search(body) or SMS_TIME.search(text)
        occurred = normalize.parse_datetime(stamp.group(0), now=now, tz=tz) if stamp else None
        if occurred:
            draft.set("occurred_at", occurred.isoformat(), score * 0.85, "message")
        place = None if incoming else SMS_PLACE.search(body) or SMS_PLACE_BRACKET.search(body)
        if place:
            draft.set("merchant", place["place"], score * 0.85, "place")
        platform = normalize.canonical_platform(bank) or bank
        before = SMS_CARD_KIND_BEFORE.search(text)
        last, kind = card["last"] or card["last2"], card["kind"] or (before["kind"] if before else "")
        if bank:
            draft.set("payment_method", f"{platform}{kind}({last})", score * 0.85, "card")
            draft.set("platform", platform, 0.85 if tag else 0.7, "signature" if tag else "thread_signature")
        else:
            draft.set("payment_method", f"尾号{last}", 0.4, "card_unnamed")
        finish(draft, direction, now)
        drafts.append(draft)
    return drafts
