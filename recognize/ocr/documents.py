"""E-invoices in the formats the tax system issues besides PDF: OFD (GB/T 33190, a zip of XML pages) and the
数电票 XML. Both are read from their own text — never rendered or OCR'd — then through the same invoice rules
as a PDF's text layer (recognize/ocr/pdf.py `parse_invoice`): 价税合计 is the amount, the seller the merchant,
the invoice number the order number.

OFD: each page's TextObject/TextCode elements, laid out in reading order by their position; a package's custom
tags (InvoiceNo, IssueDate, SellerName, TaxInclusiveTotalAmount…) fill what the page text lacks. XML: every
element's text, labelled by its tag, so tags such as SellerName or TotalTax-includedAmount read like the printed
labels 销售方名称 and 价税合计. Zip bombs and oversized members are refused before anything is inflated.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from xml.etree import ElementTree

from recognize.errors import CorruptImage, ImageTooLarge, NoPaymentFound
from recognize.models import Extraction, Item
from recognize.ocr.pdf import parse_invoice

MAX_MEMBERS = 500
MAX_INFLATED = 30 * 1024 * 1024
MAX_MEMBER = 8 * 1024 * 1024

# Tags of invoice XML (数电票 and OFD custom tags) → the printed label a person would read beside the value.
TAG_LABELS = (
    (re.compile(r"(?i)(invoice_?no|invoicenumber|eiid|fphm)$"), "发票号码"),
    (re.compile(r"(?i)(issue_?date|issuetime|requesttime|kprq)$"), "开票日期"),
    (re.compile(r"(?i)(seller_?name|salername|xsfmc)$"), "销售方名称"),
    (re.compile(r"(?i)(buyer_?name|purchaser_?name|gmfmc)$"), "购买方名称"),
    (
        re.compile(
            r"(?i)(tax_?inclusive_?total_?amount|totaltax-?included_?amount|amount_?with_?tax|jshj|total_?amount)$"
        ),
        "价税合计（小写）¥",
    ),
    (re.compile(r"(?i)(item_?name|goods_?name|xmmc)$"), "项目"),
)


def _package(data: bytes) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo], list[str]]:
    """An OFD package, its members and its pages' Content.xml names in order; raises CorruptImage or ImageTooLarge
    before anything inflates."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        members = package.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise CorruptImage("unreadable OFD package") from exc
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_INFLATED:
        raise ImageTooLarge("OFD package inflates too large")
    pages = sorted(m.filename for m in members if re.search(r"Pages/Page_?\d+/Content\.xml$", m.filename))
    return package, members, pages


def ofd_text(data: bytes) -> str:
    """The text of an OFD package's pages (and its custom tags) as lines; raises CorruptImage or ImageTooLarge."""
    package, members, pages = _package(data)
    lines = []
    for name in pages:
        lines += _page_lines(_member(package, name))
    for tags in (m.filename for m in members if m.filename.endswith("CustomTags.xml") or "/Tags/" in m.filename):
        lines += xml_lines(_member(package, tags))
    return "\n".join(lines)


def _member(package: zipfile.ZipFile, name: str) -> bytes:
    info = package.getinfo(name)
    if info.file_size > MAX_MEMBER:
        raise ImageTooLarge(f"OFD member {name} too large")
    with package.open(info) as member:
        return member.read(MAX_MEMBER + 1)


def _parse(xml: bytes):
    """An element tree from bytes (no DTDs or entities are expanded by ElementTree's parser)."""
    if b"<!DOCTYPE" in xml[:2048] or b"<!ENTITY" in xml:
        raise CorruptImage("XML with a DOCTYPE is not an invoice")
    try:
        return ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise CorruptImage("malformed XML") from exc


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def page_texts(xml: bytes) -> list[tuple[float, float, float, str]]:
    """(x, y, size, text) of each TextCode on an OFD page, in millimetres from the top left (its baseline)."""
    placed = []
    for text_object in _parse(xml).iter():
        if _local(text_object.tag) != "TextObject":
            continue
        try:
            box = [float(v) for v in (text_object.get("Boundary") or "0 0 0 0").split()[:4]]
            size = float(text_object.get("Size") or 3.5)
        except ValueError:
            continue
        for code in text_object:
            if _local(code.tag) == "TextCode" and (code.text or "").strip():
                try:
                    x = box[0] + float(code.get("X") or 0)
                    y = box[1] + float(code.get("Y") or 0)
                except (ValueError, IndexError):
                    continue
                placed.append((x, y, size, code.text.strip()))
    return placed


def first_page(data: bytes) -> bytes | None:
    """The Content.xml of an OFD package's first page, or None; raises CorruptImage or ImageTooLarge."""
    package, _, pages = _package(data)
    return _member(package, pages[0]) if pages else None


def _page_lines(xml: bytes) -> list[str]:
    """TextCode strings grouped into lines by their y position, left to right."""
    placed = [(round(y / 2), x, text) for x, y, _size, text in page_texts(xml)]
    lines, current, row = [], [], None
    for y, _x, text in sorted(placed):
        if row is not None and y != row:
            lines.append(" ".join(current))
            current = []
        current.append(text)
        row = y
    if current:
        lines.append(" ".join(current))
    return lines


def xml_lines(xml: bytes) -> list[str]:
    """Every element's own text, as 'label：value' where its tag names a known invoice field."""
    lines = []
    for element in _parse(xml).iter():
        text = (element.text or "").strip()
        if not text:
            continue
        tag = _local(element.tag)
        label = next((label for pattern, label in TAG_LABELS if pattern.search(tag)), None)
        if label and label.endswith("¥"):
            lines.append(f"{label}{text}")
        elif label:
            lines.append(f"{label}：{text}")
        else:
            lines.append(text)
    return lines


def recognize(data: bytes, kind: str, *, now: datetime | None = None, tz: str = "Asia/Shanghai") -> Extraction:
    """One expense item from an OFD or XML e-invoice; raises NoPaymentFound without a 价税合计."""
    text = ofd_text(data) if kind == "ofd" else "\n".join(xml_lines(data))
    if "发票" not in text and "价税合计" not in text:
        raise NoPaymentFound(f"this {kind.upper()} file is not an invoice")
    item: Item = parse_invoice(_with_names(text), now=now, tz=tz, kind=kind)
    return Extraction(items=[item], raw_text=text[:20000], engine="ocr")


def _with_names(text: str) -> str:
    """Name lines as the invoice rules read them: the buyer's 名称 before the seller's."""
    buyer = re.search(r"购买方名称：(\S+)", text)
    seller = re.search(r"销售方名称：(\S+)", text)
    if not seller:
        return text
    text = text.replace("销售方名称：", "销售方：").replace("购买方名称：", "购买方：")
    return text + f"\n名称：{buyer.group(1) if buyer else '个人'}\n名称：{seller.group(1)}"
