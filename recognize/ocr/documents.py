"""E-invoices in the formats the tax system issues besides PDF: OFD (GB/T 33190, a zip of XML pages) and the
数电票 XML. Both are read from their own text — never rendered or OCR'd — then through the same invoice rules
as a PDF's text layer (recognize/ocr/pdf.py `parse_invoice`): 价税合计 is the amount, the seller the merchant,
the invoice number the order number.

OFD: each page's TextObject/TextCode elements, laid out in reading order by their position; then what the package
carries beside its pages: the invoice XML embedded under Attachs/, the custom tags (Tags/CustomTag.xml: InvoiceNo,
SellerName, TaxInclusiveTotalAmount… each an ObjectRef to the TextObject that prints it) and the DocInfo's
CustomData (Name="发票号码", "开票日期"…) — they fill what the page text lacks. XML: every element's text, labelled
by its tag, so tags such as SellerName or TotalTax-includedAmount read like the printed labels 销售方名称 and 价税合计.
Zip bombs and oversized members are refused before anything is inflated.

Which 数电票 it is (普通/专用) is printed in the title (read by the invoice rules) and, in the XML, said by
Header/InherentLabel/GeneralOrSpecialVAT (`structured_kind`); neither the custom tags nor the CustomData name it.
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
    (re.compile(r"(?i)(buyer_?id_?num|buyer_?tax_?(no|id)|purchaser_?tax_?(no|id)|gmfnsrsbh)$"), "购买方纳税人识别号"),
    (re.compile(r"(?i)(total_?tax_?am(ount)?|hjse)$"), "合计税额"),
    (re.compile(r"(?i)(total_?am_?without_?tax|hjje)$"), "合计金额"),
    # A 红字 数电票's SpecificInformation/RedEInvoice: the invoice it reverses (its 红字确认单 is CreditNoteNumber).
    (re.compile(r"(?i)original_?invoice_?(code|no|number)$"), "被红冲蓝字数电票号码"),
)
# The 数电票 XML's own 票种 (财政部《电子凭证会计数据标准——全面数字化的电子发票》 sample, the tax platform's download):
# Header/InherentLabel/GeneralOrSpecialVAT LabelCode 01 增值税专用发票, 02 普通发票. Some issuers (ride-hailing
# platforms) leave every label empty: then only the 20-digit number says it is a 数电票.
VAT_KIND_CODES = {"01": "digital_special", "02": "digital_normal"}
# An OFD's DocInfo CustomData names that read as printed labels; 合计金额 and 合计税额 (before tax, the tax) keep
# their own labels (read as the tax, never as the total, which only a 价税合计 line is).
CUSTOM_DATA_LABELS = {"发票号码": "发票号码", "发票代码": "发票代码", "开票日期": "开票日期"}
CUSTOM_DATA_LABELS |= {"销售方名称": "销售方名称", "购买方名称": "购买方名称", "价税合计": "价税合计（小写）¥"}
CUSTOM_DATA_LABELS |= {"合计金额": "合计金额", "合计税额": "合计税额", "购买方纳税人识别号": "购买方纳税人识别号"}


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
    """The text of an OFD package's pages, then of its embedded invoice XML, custom tags and CustomData, as lines;
    raises CorruptImage or ImageTooLarge."""
    return _ofd_read(data)[0]


def _ofd_read(data: bytes) -> tuple[str, str | None, bool]:
    """An OFD's text lines, the 票种 its embedded invoice XML states (None when it carries none) and whether that XML
    says it is a 红字 credit note."""
    package, members, pages = _package(data)
    lines, objects, kind, red = [], {}, None, False
    for name in pages:
        page = _member(package, name)
        lines += _page_lines(page)
        objects |= _object_texts(page)
    for name in (m.filename for m in members if m.filename.endswith(".xml")):
        try:
            if "/Attachs/" in name and not name.endswith("Attachments.xml"):
                root = _parse(_member(package, name))
                lines += _lines(root)
                kind = kind or structured_kind(root)
                red = red or structured_credit_note(root)
            elif name.endswith("CustomTag.xml") or ("/Tags/" in name and not name.endswith("CustomTags.xml")):
                lines += _tag_lines(_parse(_member(package, name)), objects)
            elif name.rsplit("/", 1)[-1] == "OFD.xml":
                lines += _custom_data_lines(_parse(_member(package, name)))
        except CorruptImage:
            continue  # what is beside the pages only adds to them: an unreadable extra leaves the page text
    return "\n".join(lines), kind, red


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


def _object_texts(xml: bytes) -> dict[str, str]:
    """Each TextObject's ID → its text, for the custom tags' ObjectRefs."""
    found = {}
    for text_object in _parse(xml).iter():
        if _local(text_object.tag) == "TextObject" and text_object.get("ID"):
            text = "".join((c.text or "").strip() for c in text_object if _local(c.tag) == "TextCode")
            if text:
                found[text_object.get("ID")] = text
    return found


def _tag_lines(root, objects: dict[str, str]) -> list[str]:
    """'label：value' for each custom tag naming an invoice field: the text of the objects its ObjectRefs point to
    (an ObjectRef is an object's ID, never a value of its own), or the tag's own text where an issuer wrote it in."""
    lines = []
    for element in root.iter():
        tag = _local(element.tag)
        refs = [(r.text or "").strip() for r in element if _local(r.tag) == "ObjectRef"]
        text = "".join(objects.get(ref, "") for ref in refs) if refs else (element.text or "").strip()
        if tag != "ObjectRef" and text and any(pattern.search(tag) for pattern, _ in TAG_LABELS):
            lines += _labelled(tag, text)
    return lines


def _custom_data_lines(root) -> list[str]:
    """'label：value' for the DocInfo CustomData an invoice's issuer fills (Name="发票号码" …)."""
    lines = []
    for element in root.iter():
        label = CUSTOM_DATA_LABELS.get((element.get("Name") or "").strip())
        text = (element.text or "").strip()
        if _local(element.tag) == "CustomData" and label and text:
            lines.append(f"{label}{text.lstrip('¥￥ ')}" if label.endswith("¥") else f"{label}：{text}")
    return lines


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
    return _lines(_parse(xml))


def _lines(root) -> list[str]:
    lines = []
    for element in root.iter():
        text = (element.text or "").strip()
        if text:
            lines += _labelled(_local(element.tag), text)
    return lines


def _labelled(tag: str, text: str) -> list[str]:
    label = next((label for pattern, label in TAG_LABELS if pattern.search(tag)), None)
    if label and label.endswith("¥"):
        return [f"{label}{text.lstrip('¥￥ ')}"]  # a page's amount object prints its own ¥
    return [f"{label}：{text}"] if label else [text]


def structured_credit_note(root) -> bool:
    """Whether a 数电票 XML says it is a 红字 credit note: Header/InherentLabel/InIssuType (是否蓝字发票标志) N."""
    if _local(root.tag) != "EInvoice":
        return False
    for element in root.iter():
        if _local(element.tag) == "InIssuType":
            return any(_local(c.tag) == "LabelCode" and (c.text or "").strip().upper() == "N" for c in element)
    return False


def structured_kind(root) -> str | None:
    """'digital_special' or 'digital_normal' as a 数电票 XML's GeneralOrSpecialVAT label says, else None."""
    if _local(root.tag) != "EInvoice":
        return None
    for element in root.iter():
        if _local(element.tag) != "GeneralOrSpecialVAT":
            continue
        values = {_local(c.tag): (c.text or "").strip() for c in element}
        code, name = values.get("LabelCode", ""), values.get("LabelName", "")
        kind = VAT_KIND_CODES.get(code)
        if kind is None and name:
            kind = "digital_special" if "专用" in name else "digital_normal" if "普通" in name else None
        return kind
    return None


def recognize(data: bytes, kind: str, *, now: datetime | None = None, tz: str = "Asia/Shanghai") -> Extraction:
    """One expense item from an OFD or XML e-invoice; raises NoPaymentFound without a 价税合计."""
    if kind == "ofd":
        text, stated, red = _ofd_read(data)
    else:
        root = _parse(data)
        text, stated, red = "\n".join(_lines(root)), structured_kind(root), structured_credit_note(root)
    if "发票" not in text and "价税合计" not in text:
        raise NoPaymentFound(f"this {kind.upper()} file is not an invoice")
    item: Item = parse_invoice(_with_names(text), now=now, tz=tz, kind=kind, credit_note=red)
    if item.invoice is not None and stated:
        # The XML's own label outranks the title rules (its LabelName 增值税专用发票 alone reads like an older 专票).
        item.invoice["kind"] = stated
    if item.invoice is not None and "购买方名称：" not in text and "buyer" in item.invoice and not _printed_names(text):
        del item.invoice["buyer"]  # the 个人 _with_names puts first when no buyer is named is not a name read
    return Extraction(items=[item], raw_text=text[:20000], engine="ocr")


def _printed_names(text: str) -> bool:
    """Whether the page itself prints two 名称 lines (the buyer's and the seller's)."""
    return len(re.findall(r"(?<!方)名称[:：]\s*\S{2,}", text)) >= 2


def _with_names(text: str) -> str:
    """Name lines as the invoice rules read them: the buyer's 名称 before the seller's."""
    buyer = re.search(r"购买方名称：(\S+)", text)
    seller = re.search(r"销售方名称：(\S+)", text)
    if not seller:
        return text
    text = text.replace("销售方名称：", "销售方：").replace("购买方名称：", "购买方：")
    return text + f"\n名称：{buyer.group(1) if buyer else '个人'}\n名称：{seller.group(1)}"
