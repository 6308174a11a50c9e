"""Page-wide cues: which app drew the screen, and which way the money went."""

from __future__ import annotations

from recognize.ocr.geometry import Page
from recognize.ocr.vocabulary import (
    EARNINGS_WORDS,
    OWN_MONEY_WORDS,
    PLATFORM_CUES,
    RECEIVED_WORDS,
    RED_PACKET_WORDS,
    REFUND_WORDS,
    TRANSFER_WORDS,
)


def detect_platform(page: Page, ignore: tuple[str, ...] = ()) -> tuple[str | None, float]:
    """The app that drew this screen, from weighted keyword cues; (name, certainty).

    `ignore`: texts that say nothing about the app — the payment method's value ('招商银行信用卡(6789)' is
    shown by 云闪付, WeChat and Alipay alike), so a card's bank never names the platform.
    """
    text = page.joined()
    for value in ignore:
        text = text.replace(value.replace(" ", ""), "")
    scores = {name: sum(w for cue, w in cues if cue in text) for name, cues in PLATFORM_CUES.items()}
    best = max(scores, key=scores.get)
    if scores[best] == 0:
        return None, 0.0
    ranked = sorted(scores.values(), reverse=True)
    margin = ranked[0] - ranked[1]
    return best, min(1.0, 0.6 + 0.1 * margin)


def platform_source(certainty: float) -> str:
    """How clearly the cues named the platform, as an evidence word: 'cue1' … 'cue4' (margin), or 'none'."""
    if certainty <= 0:
        return "none"
    return f"cue{min(4, max(1, round((certainty - 0.6) * 10)))}"


def direction_for(page: Page, sign: str | None) -> tuple[str, float, str]:
    """expense / income / transfer / refund from the amount's sign and the page's status words; (direction,
    certainty, which cue decided)."""
    text = page.joined()
    if REFUND_WORDS.search(text):
        return "refund", 0.9, "refund_words"
    if EARNINGS_WORDS.search(text) and sign != "-":
        return "income", 0.85, "earnings"
    if OWN_MONEY_WORDS.search(text):
        return "transfer", 0.85, "own_money"
    # The sign is the strongest cue; '对方已收款' on a transfer you sent is not money coming in.
    received = sign != "-" and RECEIVED_WORDS.search(text.replace("对方已", ""))
    if TRANSFER_WORDS.search(text):
        return ("income", 0.85, "transfer_in") if sign == "+" or received else ("transfer", 0.85, "transfer_out")
    if sign == "+":
        return "income", 0.95, "plus"
    if RED_PACKET_WORDS.search(text) and received:
        return "income", 0.85, "red_packet"
    if sign == "-":
        return "expense", 0.95, "minus"
    return "expense", 0.75, "unsigned"
