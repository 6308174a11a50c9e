"""Which kind of screen a page is, and the parser that reads it: detail page, order page, bill list, fallback."""

from __future__ import annotations

from recognize import normalize
from recognize.errors import NoPaymentFound
from recognize.models import Item
from recognize.ocr.bill_list import credit_statement, list_rows, parse_list, statement_total
from recognize.ocr.cues import detect_platform, list_platform
from recognize.ocr.detail import parse_detail
from recognize.ocr.geometry import Page
from recognize.ocr.invoice import is_invoice, parse_invoice_page
from recognize.ocr.labels import amount_boxes, find_pairs, labelled_amount
from recognize.ocr.sms import is_messages, parse_messages
from recognize.ocr.tickets import parse_ticket, ticket_kind


def parse(page: Page, *, now=None, tz: str = "Asia/Shanghai") -> list[Item]:
    """Items read from one page; raises NoPaymentFound when the page shows no amount.

    A transport ticket or receipt (its own words say so) is read as one; bank text messages message by message;
    then an invoice. Order of trust on other pages: one dominant big amount (detail, success and receipt pages),
    then an amount after a 实付-style label (order pages), then bill-list rows, then the largest signed or
    ¥-marked amount.
    """
    ticket = ticket_kind(page.text())
    if ticket:
        return [parse_ticket(page.text(), ticket, now=now, tz=tz)]
    if is_invoice(page):
        return [parse_invoice_page(page, now=now, tz=tz)]
    if is_messages(page):
        drafts = parse_messages(page, now, tz)
        if drafts:
            return [d.item() for d in drafts]
    amounts = amount_boxes(page)
    statement = credit_statement(page)
    if statement:
        amounts = [a for a in amounts if not statement_total(page, a[0])]
    labelled = labelled_amount(page)
    if not amounts and not labelled:
        raise NoPaymentFound("no amount on this screenshot")
    pairs = find_pairs(page)
    platform, certainty = detect_platform(page, pairs)
    if amounts:
        tallest = max(amounts, key=lambda a: (a[0].h, -a[0].y0))
        if tallest[0].h >= 1.5 * page.median_h:
            return [_big_amount(page, pairs, tallest, amounts, platform, certainty, now, tz).item()]
    if labelled:
        return [parse_detail(page, pairs, labelled, platform, certainty, now, tz, kind="labelled").item()]
    drafts = _list(page, pairs, amounts, statement, now, tz)
    if drafts:
        return [d.item() for d in drafts]
    marked = [
        a for a in amounts if a[1]["sign"] or a[1]["sign2"] or a[1]["word"] or "¥" in a[0].text or "￥" in a[0].text
    ]
    # A ¥0.00 (a fee waived) is never what was paid when nothing says the payment was fully discounted.
    marked = [a for a in marked if not normalize.is_zero_amount(a[0].text)]
    if marked:
        best = max(marked, key=lambda a: (a[0].h, -a[0].y0))
        draft = parse_detail(page, pairs, best, platform, certainty * 0.8, now, tz, kind="fallback")
        if _several(marked):
            # No big amount and no label says which: with two plausible amounts (a fee, a balance, a foreign
            # amount beside the booked one) the one taken is only a guess, marked 请核对.
            draft.confidence["amount"] = min(draft.confidence["amount"], 0.5)
            draft.sources["amount"] += "_one_of_several"
        return [draft.item()]
    raise NoPaymentFound("no payment amount on this screenshot")


def _several(amounts) -> bool:
    """Do these amount boxes show more than one value?"""
    return len({normalize.read_amount(box.text.replace("Y", "¥"))[0] for box, _ in amounts}) > 1


def _big_amount(page: Page, pairs, tallest, amounts, platform, certainty, now, tz):
    """The detail page around its big amount, marked where another amount could be the one paid."""
    draft = parse_detail(page, pairs, tallest, platform, certainty, now, tz)
    if _several(a for a in amounts if a[0].h >= 0.87 * tallest[0].h):
        draft.confidence["amount"] = min(draft.confidence["amount"], 0.5)  # two big amounts: 请核对
        draft.sources["amount"] += "_one_of_several"
    below = [e for e in list_rows(page, amounts, unsigned=True) if e[1].y0 > tallest[0].y1]
    if len(below) >= 2:
        # A big number over a list of named amounts may be the list's total (a statement's 应还), not a payment:
        # every field is a guess, 请核对.
        _doubt_all(draft, "over_list")
    return draft


def _list(page: Page, pairs, amounts, statement: bool, now, tz) -> list:
    """The rows of a bill list (a credit card statement's unsigned ones too), with the list's own platform."""
    entries = list_rows(page, amounts, unsigned=statement)
    if not entries:
        return []
    platform, certainty = list_platform(page, pairs, entries)
    drafts = parse_list(page, entries, platform, certainty, now, tz, credit=statement)
    if len(drafts) == 1:
        _doubt_all(drafts[0], "one_row")  # a "list" of one row is a guess at what the page is
    return drafts


def _doubt_all(draft, why: str) -> None:
    """Hold every field of a reading under the 请核对 threshold, naming why in its sources."""
    draft.confidence = {name: min(value, 0.5) for name, value in draft.confidence.items()}
    draft.sources = {name: f"{source}_{why}" for name, source in draft.sources.items()}
