"""E-invoices as pictures (a screenshot of the PDF viewer, a crop, a photo of the printout): the page is read as an
invoice — 价税合计 for the amount, the seller (销售方) for the merchant — never as a payment screen, whose rules
would take the tax or the pre-tax amount and an item line.
"""

from __future__ import annotations

from recognize.models import Item
from recognize.ocr.geometry import Page
from recognize.ocr.pdf import parse_invoice

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


def parse_invoice_page(page: Page, *, now=None, tz: str = "Asia/Shanghai") -> Item:
    """One expense item from an invoice picture; raises NoPaymentFound without a total."""
    return parse_invoice(page.text(), now=now, tz=tz, kind="invoice")
