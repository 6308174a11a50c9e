"""The offline engine: rapidocr boxes → rows → label/value pairs → per-layout rules, and PDF e-invoices.

reader (the OCR model), geometry (boxes and rows), vocabulary (the words screens are read by), labels
(label/value pairing), cues (platform and direction), colour (the page's accent colour, an invoice seen without
its seal), reading (one item being assembled), detail (one-payment pages), bill_list (bill lists), parse (which
parser reads a page), pdf (e-invoices), documents (OFD and XML invoices), invoice (an invoice as a picture),
invoice_text (what an invoice's text says beyond its labels: worked-out total, travel date, 代开), names,
confidence.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime

from recognize.errors import NoPaymentFound
from recognize.images import open_image, sniff
from recognize.models import Extraction
from recognize.ocr import documents, pdf
from recognize.ocr.colour import without_stamp
from recognize.ocr.geometry import Page
from recognize.ocr.invoice import is_invoice, parse_invoice_page, under_stamp
from recognize.ocr.parse import parse
from recognize.ocr.reader import read_boxes
from recognize.ocr.reading import far_from_now
from settings import get_settings

logger = logging.getLogger(__name__)


def recognize_timed(data: bytes, *, now: datetime | None = None, settings=None) -> tuple[Extraction, dict]:
    """`recognize` plus how long decoding, OCR and the layout rules took (ms), for the bench."""
    if settings is None:
        settings = get_settings()
    started = time.perf_counter()
    image = open_image(data)
    decoded = time.perf_counter()
    boxes = read_boxes(image)
    read = time.perf_counter()
    page = Page(boxes, image.width, image.height)
    page.image = image
    items = parse(page, now=now, tz=settings.ledger_tz)
    if len(items) == 1 and is_invoice(page):
        items = [second_look(image, items[0], now, settings.ledger_tz)]
    done = time.perf_counter()
    timings = {
        "decode_ms": (decoded - started) * 1000,
        "ocr_ms": (read - decoded) * 1000,
        "parse_ms": (done - read) * 1000,
    }
    logger.debug("ocr %.0f ms, %d boxes, %d items", timings["ocr_ms"], len(boxes), len(items))
    warnings = [
        f"item {n}: occurred_at {item.fields['occurred_at'][:10]} is far from today"
        for n, item in enumerate(items, start=1)
        if far_from_now(item.fields.get("occurred_at"), now)
    ]
    elapsed = int((done - started) * 1000)
    extraction = Extraction(items=items, raw_text=page.text(), engine="ocr", elapsed_ms=elapsed, warnings=warnings)
    return extraction, timings


def second_look(image, item, now, tz: str):
    """An invoice picture with a red seal is read once more without it: a seal pressed over the seller's name
    hides it from OCR. Costs a second OCR pass, on stamped invoices only."""
    cleaned = without_stamp(image)
    if cleaned is None:
        return item
    again = Page(read_boxes(cleaned), image.width, image.height)
    try:
        return under_stamp(item, parse_invoice_page(again, now=now, tz=tz))
    except NoPaymentFound:
        return item


def recognize(data: bytes, *, now: datetime | None = None, settings=None) -> Extraction:
    """Read payment items from image bytes (or a PDF e-invoice) with the local OCR model.

    Raises UnsupportedImage/CorruptImage/ImageTooLarge for bad bytes and NoPaymentFound when no amount is read.
    """
    kind = sniff(data)
    if kind == "pdf":
        return pdf.recognize(data, now=now, settings=settings)
    if kind in ("ofd", "xml"):
        return documents.recognize(data, kind, now=now, tz=(settings or get_settings()).ledger_tz)
    return recognize_timed(data, now=now, settings=settings)[0]
