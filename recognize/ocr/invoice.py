"""E-invoices as pictures (a screenshot of the PDF viewer, a crop, a photo of the printout): the page is read as an
invoice — 价税合计 for the amount, the seller (销售方) for the merchant — never as a payment screen, whose rules
would take the tax or the pre-tax amount and an item line.

The seller is found by where its block sits: below the 价税合计 line on the older form (the buyer's block is above
the items), the right-hand column of the band above the items on the 数电票 (销售方信息). A name too long for its
cell wraps onto the line below and is joined; the buyer's name is never the seller.
"""

from __future__ import annotations

from recognize.models import Item
from recognize.ocr.geometry import Box, Page
from recognize.ocr.invoice_text import name_like, on_behalf_of, tail_like
from recognize.ocr.pdf import parse_invoice
from recognize.ocr.vocabulary_docs import BUYER_LABEL, COMPANY_FORM_START, SELLER_LABEL

INVOICE_CUES = (
    "发票代码",
    "发票号码",
    "价税合计",
    "销售方",
    "购买方",
    "购方",
    "开票日期",
    "纳税人识别号",
    "发票专用章",
)


def is_invoice(page: Page) -> bool:
    """Three or more of the words only an invoice prints."""
    text = page.joined()
    return sum(cue in text for cue in INVOICE_CUES) >= 3


def _bare(box: Box) -> str:
    return box.text.replace(" ", "")


def _first(page: Page, words: tuple[str, ...]) -> Box | None:
    """The topmost box holding one of `words`."""
    found = [b for b in page.boxes if any(w in _bare(b) for w in words)]
    return min(found, key=lambda b: b.y0) if found else None


def _value(box: Box) -> str:
    """The name a party line holds: after its 名称 / 称 label when it has one, else the whole box."""
    text = _bare(box)
    for sep in ("：", ":"):
        if sep in text:
            label, _, rest = text.partition(sep)
            return rest if label.endswith("称") else ""
    return text


def _name_in(boxes: list[Box]) -> tuple[Box, str] | None:
    """The party's name in one block's boxes: a 名称 value first, else the topmost line that reads as a name."""
    ordered = sorted(boxes, key=lambda b: (b.y0, b.x0))
    for box in ordered:
        text = _bare(box)
        if ("称:" in text or "称：" in text) and name_like(_value(box)):
            return box, _value(box)
    for box in ordered:
        if name_like(_bare(box)):
            return box, _bare(box)
    return None


def _with_wrap(page: Page, box: Box, name: str, column: list[Box]) -> tuple[str, bool]:
    """`name` joined with its wrapped tail: a name-like line right below it, starting inside its span, in the same
    column; True when a tail was joined."""
    below = [
        b
        for b in column
        if b is not box
        # Small print's boxes overlap: the tail's centre is below the name's, its top less than a line below.
        and b.cy > box.cy + 0.3 * box.h
        and b.y0 - box.y1 < 0.8 * box.h + 2
        and box.x0 - box.h <= b.x0 <= box.x1
        and tail_like(_bare(b))
    ]
    if not below:
        return name, False
    tail = min(below, key=lambda b: b.y0)
    return name + _bare(tail), True


def _blocks(page: Page) -> tuple[list[Box], list[Box]] | None:
    """(buyer's boxes, seller's boxes) by position, or None when the page's anchors were not read."""
    top_band = _first(page, ("销售方信息", "购买方信息"))
    table = _first(page, ("项目名称", "货物或应税劳务", "服务名称", "规格型号"))
    total = _first(page, ("价税合计",))
    if top_band and table and top_band.y0 < table.y0:
        # The 数电票: buyer left, seller right, in one band above the items.
        seller_label = _first(page, ("销售方信息",))
        split = seller_label.x0 - seller_label.h if seller_label else page.width / 2
        band = [b for b in page.boxes if top_band.y0 - top_band.h <= b.cy < table.y0]
        return [b for b in band if b.cx < split], [b for b in band if b.cx >= split]
    if table and total and table.y0 < total.y0:
        # The older form: buyer above the items, seller below the 价税合计 line, up to the 收款人 / 开票人 line.
        end = _first(page, ("收款人", "开票人", "复核"))
        bottom = end.y0 if end and end.y0 > total.y1 else page.height
        remark = [b for b in page.boxes if b.y0 > total.y1 and _bare(b).startswith("备")]
        right = min((b.x0 for b in remark), default=page.width)
        seller = [b for b in page.boxes if total.y1 - total.h * 0.3 <= b.cy < bottom and b.x1 <= right + total.h]
        buyer = [b for b in page.boxes if b.cy < table.y0 and b.cx < page.width * 0.6]
        return buyer, [b for b in seller if "价税合计" not in _bare(b) and not SELLER_LABEL.match(_bare(b))]
    return None


def on_behalf_by_position(page: Page) -> tuple[str, float, str] | None:
    """A 代开 invoice's real seller from its 备注 (代开企业名称：…), joined with the line it wraps onto; always
    marked (small print, often under the stamp)."""
    box = _first(page, ("代开企业",))
    name = on_behalf_of(_bare(box)) if box else None
    if not name:
        return None
    below = [
        b
        for b in page.boxes
        if b.cy > box.cy + 0.3 * box.h and b.y0 - box.y1 < 0.8 * box.h + 2 and box.x0 <= b.x0 <= box.x1
    ]
    tails = [b for b in below if tail_like(_bare(b))]
    if tails:
        name += _bare(min(tails, key=lambda b: b.y0))
    return name, 0.5, "on_behalf"


def seller_by_position(page: Page) -> tuple[str | None, float, str] | None:
    """The seller's name as its block places it, with how sure it is and the rule's name (a None name: the block
    was found but its name was not read); None when the blocks were not found (the text rules then decide)."""
    behalf = on_behalf_by_position(page)
    if behalf:
        return behalf
    blocks = _blocks(page)
    if blocks is None:
        return None
    buyer_boxes, seller_boxes = blocks
    buyer = _name_in([b for b in buyer_boxes if not BUYER_LABEL.match(_bare(b))])
    found = _name_in(seller_boxes)
    if not found:
        # The seller's block is there but its name did not read: blank, never another company of the page.
        return None, 0.0, "block"
    box, name = found
    if COMPANY_FORM_START.match(name):
        return None, 0.0, "tail_only"  # only the end of the name read: the person types it
    name, wrapped = _with_wrap(page, box, name, seller_boxes)
    if buyer and name == buyer[1]:
        return None  # the buyer is never the seller
    # A short name is likely a wrapped tail or a torn read; a joined one may have joined the wrong line: both marked.
    certainty = 0.85 if len(name) >= 6 and not wrapped else 0.55
    return name, certainty, "wrapped" if wrapped else "block"


# What a seal hides and a second reading without it may give: the seller, and what is read from the seller.
UNDER_STAMP = ("merchant", "platform", "category")


def under_stamp(first: Item, again: Item) -> Item:
    """`first` (an invoice read as it is) with the seller of `again` (read with its red seal taken off) when the
    first has none or the second reads it differently and both agree on the amount; every other field, read where
    no seal lay, stays the first's."""
    found = again.fields.get("merchant")
    if not found or found == first.fields.get("merchant") or again.fields.get("amount") != first.fields.get("amount"):
        return first
    for name in UNDER_STAMP:
        first.fields[name], first.confidence[name] = again.fields.get(name), again.confidence.get(name, 0.0)
        first.evidence.pop(name, None)
        first.reasons.pop(name, None)
        if name in again.evidence:
            first.evidence[name] = again.evidence[name]
        if name in again.reasons:
            first.reasons[name] = again.reasons[name]
    return first


def parse_invoice_page(page: Page, *, now=None, tz: str = "Asia/Shanghai") -> Item:
    """One expense item from an invoice picture; raises NoPaymentFound without a total."""
    return parse_invoice(page.text(), now=now, tz=tz, kind="invoice", seller=seller_by_position(page))
