"""Page-wide cues: which app drew the screen, and which way the money went."""

from __future__ import annotations

from recognize.ocr.geometry import Page
from recognize.ocr.vocabulary import (
    BANK_APPS,
    BANK_PAGE_CUES,
    BANK_PAGE_MIN_CUES,
    BANK_PAGE_WEIGHT,
    EARNINGS_WORDS,
    METHOD_BRANDS,
    OWN_MONEY_WORDS,
    PLATFORM_CUES,
    RECEIVED_WORDS,
    RED_PACKET_WORDS,
    REFUND_PREFIX,
    REFUND_WORDS,
    TRANSFER_WORDS,
    WALLET_WEIGHT,
    WALLETS,
)
from recognize.ocr.vocabulary_bank import ANY_BANK, BANK_INCOME_WORDS, CARD_LINE


def detect_platform(page: Page, pairs=(), names=()) -> tuple[str | None, float]:
    """The app that drew this screen, from weighted keyword cues; (name, certainty).

    `pairs` (recognize.ocr.labels.Pair) say what the page's values are; `names` are a list's row names (who was
    paid), which name no app either. A counterparty's name ('支付宝-饿了么' on
    a bank statement) and a card ('招商银行信用卡(6789)' is shown by 云闪付, WeChat and Alipay alike) never name
    the platform; a wallet does (零钱 is WeChat's, 余额宝 Alipay's), and on a bank app's own page the card's
    bank does. A longer cue consumes its text, so '支付宝交易号' on a Taobao order is not also '支付宝'.
    """
    text = page.joined()
    scores = dict.fromkeys(PLATFORM_CUES, 0)
    methods = [p.value.replace(" ", "") for p in pairs if p.role == "method" and p.value]
    # A refund names where the money went back: '原路退回余额宝', '退回零钱' — the wallet is still the app's.
    wallets = [REFUND_PREFIX.sub("", value) for value in methods]
    counterparties = [p.value for p in pairs if p.role in COUNTERPARTY_ROLES and p.value] + list(names)
    for value in counterparties:
        text = text.replace(value.replace(" ", ""), "\0")
    bank_page = sum(cue in text for cue in BANK_PAGE_CUES) >= BANK_PAGE_MIN_CUES
    if bank_page:
        # A bank page's own labels are no other app's cue ('付款卡号' is not 云闪付's 付款卡).
        for cue in BANK_PAGE_CUES:
            text = text.replace(cue, "\0")
    for value, bare in zip(methods, wallets, strict=True):
        wallet = next((name for word, name in WALLETS if bare.startswith(word)), None)
        wallet = wallet or next((name for word, name in METHOD_BRANDS if word in bare), None)
        bank = next((name for word, name in BANK_APPS if word in value), None)
        if bank is None and bank_page and ANY_BANK.search(value):
            bank = ANY_BANK.search(value).group(0)
        if wallet:
            scores[wallet] += WALLET_WEIGHT
        elif bank and bank_page:
            scores[bank] = scores.get(bank, 0) + BANK_PAGE_WEIGHT
        text = text.replace(value, "\0")
    for cue, name, weight in _CUES_LONGEST_FIRST:
        if cue in text:
            scores[name] += weight
            text = text.replace(cue, "\0")
    best = max(scores, key=scores.get)
    if scores[best] == 0:
        # No word names an app: the page's colour may, as a marked guess.
        if page.accent in ACCENT_PLATFORMS:
            return ACCENT_PLATFORMS[page.accent], ACCENT_CERTAINTY
        return None, 0.0
    ranked = sorted(scores.values(), reverse=True)
    margin = ranked[0] - ranked[1]
    return best, min(1.0, 0.6 + 0.1 * margin)


_CUES_LONGEST_FIRST = sorted(
    ((cue, name, weight) for name, cues in PLATFORM_CUES.items() for cue, weight in cues), key=lambda c: -len(c[0])
)
# Who was paid or paid (a goods line such as '…-美团App-…' does say where the purchase was made).
COUNTERPARTY_ROLES = ("payee", "payer", "merchant_full", "payee_account")


# A page whose words name no app but whose accent colour is one app's own (recognize.ocr.colour): that app, with a
# certainty below any keyword cue's (those start at 0.7, 0.56 after the fallback parser's discount), so the
# platform is offered and marked 请核对 (guessed).
ACCENT_PLATFORMS = {"green": "微信支付"}
ACCENT_CERTAINTY = 0.4


def platform_source(certainty: float) -> str:
    """How clearly the cues named the platform, as an evidence word: 'cue1' … 'cue4' (margin), 'accent' (only
    the page's colour), or 'none'."""
    if certainty <= 0:
        return "none"
    if certainty < 0.5:
        return "accent"
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
    if BANK_INCOME_WORDS.search(text) and sign != "-":
        # Wages paid in (代发工资), interest (结息), a transfer received (转入成功): money in, signed or not.
        return "income", 0.85, "bank_income"
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


def list_platform(page: Page, pairs, entries) -> tuple[str | None, float]:
    """The app that drew a bill list: a bank card named above the first row (a card's 收支明细) is its bank's app;
    otherwise the page's cues without the rows' names ('财付通-拼多多' on a bank statement names no app). A name
    that is a wallet of the person's own ('余额宝-自动转入') still names its app."""
    for row in page.rows[: entries[0][0]]:
        for box in row.boxes:
            text = box.text.replace(" ", "")
            if CARD_LINE.search(text):
                bank = next((name for word, name in BANK_APPS if word in text), None)
                found = bank or (ANY_BANK.search(text).group(0) if ANY_BANK.search(text) else None)
                if found:
                    return found, 0.8
    names = []
    for index, amount, _ in entries:
        for box in page.rows[index].boxes:
            text = box.text.replace(" ", "")
            # (An avatar's one glyph — 全, 转 — is no name: taken out of the page it would break 全部账单 too.)
            own_wallet = any(text.startswith(w) for w, _ in WALLETS)
            if box is not amount and box.x1 < amount.x0 and len(text) > 1 and not own_wallet:
                names.append(text)
    return detect_platform(page, pairs, names)
