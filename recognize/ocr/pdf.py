"""PDF e-invoices (增值税电子发票 / 数电票): seller, amount with tax, date, invoice number, items, and the invoice's own
facts: its key and kind, the buyer (名称, 纳税人识别号), the tax (合计税额) and, for a 红字 credit note, the invoice it
reverses.

The text layer is read with pdfplumber; when it is missing or broken (`(cid:NN)` glyphs from fonts without a
Unicode map) the first page is rendered with pypdfium2 and read by the offline OCR engine.
"""

from __future__ import annotations

import io
import re
import time
from datetime import datetime
from decimal import Decimal, InvalidOperation

from recognize import normalize
from recognize.categories import guess_category
from recognize.errors import CorruptImage, EngineUnavailable, ImageTooLarge, NoPaymentFound
from recognize.models import Extraction, Item
from recognize.ocr.confidence import calibrated
from recognize.ocr.geometry import group_rows
from recognize.ocr.invoice_text import (
    is_order_number,
    issued_by_tax_office,
    issuer_names,
    name_after_total,
    on_behalf_of,
    travel_date,
    worked_out_total,
)
from recognize.ocr.reader import read_boxes
from recognize.ocr.tickets import parse_ticket, ticket_kind
from settings import get_settings

MAX_PAGES = 5


MAX_BYTES = 10 * 1024 * 1024


# A5 landscape invoices rendered at 2.5× (≈180 dpi) give ~1490 px wide pages: 9 pt table text is ~30 px tall.
RENDER_SCALE = 2.5


_NUMBER = re.compile(r"发票号码[:：]?\s*(\d{8,20})")
# A 增值税 invoice from before 数电票 (and the few still issued) is numbered within its 发票代码: 8 digits repeat
# from one code to the next, so the code and the number together are its key.
_CODE = re.compile(r"发票代码[:：]?\s*(\d{12}|\d{10})(?!\d)")
# Which invoice it is, from its printed title: 数电票 (全面数字化的电子发票) or the older 增值税 kind, 普票 or 专票.
KINDS = (
    (re.compile(r"电子发票\s*[(（]\s*增值税专用发票\s*[)）]"), "digital_special"),
    (re.compile(r"电子发票\s*[(（]\s*普通发票\s*[)）]"), "digital_normal"),
    (re.compile(r"增值税(电子)?专用发票"), "legacy_special"),
    (re.compile(r"增值税(电子)?普通发票"), "legacy_normal"),
)


_ORDER = re.compile(r"订单号[:：]?\s*(\d{8,30})")


_DATE = re.compile(
    r"开票日期[:：]?\s*[:：]?\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}-\d{1,2}-\d{1,2}|\d{4}\s+\d{1,2}\s+\d{1,2}(?!\d))"
)


# OCR of a small or blurred ¥ after 小写 often gives Y, V or W.
_TOTAL = re.compile(r"[(（]?\s*小写\s*[)）]?\s*[:：]?\s*[¥￥YVW]?\s*(-?\s*\d[\d,]*\.\d{2})")


# OCR of a picture often loses the 名 of 名称 (it sits in a narrow cell of its own).
_LOOSE_DATE = re.compile(r"(?<!\d)(?:19|20)\d{2} (?:0[1-9]|1[0-2]) (?:0[1-9]|[12]\d|3[01])(?!\d)")
_NAME = re.compile(r"(?:名[ \t]*)?称[:：][ \t]*([^\s:：]+)")


_YUAN = re.compile(r"[¥￥]\s*(-?\s*\d[\d,]*\.\d{2})")


_GOODS = re.compile(r"\*[^*\s]+\*[^\s*]+")


_MONEY = r"(-?\s*\d[\d,]*\.\d{2})"
# The 合计 row under the goods prints the amount before tax, then the tax (never the 价税合计 line); the 数电票 XML
# and an OFD's CustomData name both (合计金额, 合计税额).
_SUM_ROW = re.compile(rf"(?<![税价])合\s*计\s+[¥￥]?\s*{_MONEY}\s+[¥￥]?\s*{_MONEY}")
_NET = re.compile(rf"合计金额[:：]\s*[¥￥]?\s*{_MONEY}")
_TAX = re.compile(rf"合计税额[:：]\s*[¥￥]?\s*{_MONEY}")
# Tax IDs: the 18-character 统一社会信用代码 or an older 15-20 character 纳税人识别号. Invoices print the buyer's block
# first, so of two labels the first is the buyer's; the structured formats name it (购买方纳税人识别号).
_TAX_ID = r"([0-9A-Z]{15,20})"
_BUYER_ID = re.compile(rf"购买方纳税人识别号[:：]\s*{_TAX_ID}")
_ID_LABEL = re.compile(rf"纳税人识别号[:：]\s*{_TAX_ID}?")
# A 红字 (credit-note) invoice: its title or 备注 says 红字, or its totals are negative (（负数） in the 大写 line).
_CREDIT = re.compile(r"红字|[(（]\s*负数\s*[)）]|销项负数")
# The invoice a credit note reverses, as its 备注 prints it: a 数电票's 被红冲蓝字数电票号码 (or 对应蓝字发票号码),
# or an older invoice's 对应正数发票代码 … 号码 ….
_REVERSES = re.compile(r"(?:被红冲蓝字(?:数电)?(?:发票|票)?号码|对应(?:蓝字|正数)发票号码?)[:：]?\s*(\d{8,20})")
_REVERSES_CODE = re.compile(r"对应正数发票代码[:：]?\s*(\d{10,12})\s*号码[:：]?\s*(\d{8})(?!\d)")


def is_broken(text: str) -> bool:
    """True when the text layer is absent or mostly unmapped (cid:NN) glyphs."""
    if len(normalize.tidy_read(text)) < 20:
        return True
    return text.count("(cid:") * 8 > len(text) * 0.2


def text_layer(data: bytes) -> str:
    """The text of the first pages, laid out line by line (pdfplumber)."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as document:
        return "\n".join((page.extract_text() or "") for page in document.pages[:MAX_PAGES])


def ocr_text(data: bytes) -> str:
    """Render the first page with pypdfium2 and read it with the OCR engine, row by row."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        page = document[0]
        width, height = page.get_size()
        if width * height * RENDER_SCALE**2 > 30_000_000:
            raise ImageTooLarge(f"PDF page of {width:.0f}x{height:.0f} pt")
        image = page.render(scale=RENDER_SCALE).to_pil().convert("RGB")
    finally:
        document.close()
    boxes = read_boxes(image)
    page_rows = group_rows([b for b in boxes if normalize.tidy_read(b.text)])
    return "\n".join(row.text for row in page_rows)


# A company's registered name: what an invoice's seller is when its 名称 cell did not read.
_COMPANY = re.compile(r"[\u4e00-\u9fff（）()]{4,40}?(?:有限责任公司|股份有限公司|有限公司|分公司|公司)")


def seller_name(text: str) -> str | None:
    """The seller's 名称: invoices print the buyer's name first (above it or to its left), then the seller's.

    A 名称 value of one character is another column's first glyph (the 密 of 密码区 beside an old invoice's
    buyer block), not a name. With fewer than two names read, an older invoice whose text holds the form first
    and the values after it has the seller's name right after the 价税合计 figure; else the seller is the last
    company name on the invoice other than the buyer's.
    """
    names = [name for name in _NAME.findall(text) if len(name) >= 2]
    if len(names) >= 2:
        return names[1]
    after = name_after_total(text)
    if after and after not in names:
        return after
    companies = [c for c in _COMPANY.findall(text) if c not in names]
    # A bank is the seller's 开户行 (中国银行股份有限公司…支行 and the account), not the seller, unless it is the
    # only company on the invoice.
    companies = [c for c in companies if "银行" not in c] or companies
    # A paper invoice's bottom edge names the press that printed the form (北京中钞光华印制有限公司): never the seller.
    companies = [c for c in companies if not re.search(r"印制|印刷", c)]
    if companies:
        return companies[-1]
    return names[0] if names else None


def invoice_total(text: str) -> tuple[object, str]:
    """The 价税合计 (小写) amount and how it was found ('total'); else 金额 + 税额 of the 合计 row ('sum' when the
    capitals or a ¥ figure agree, 'sum_unchecked' when not); else the largest ¥ amount ('largest'); a credit
    note's negative total is given as its size.

    Raises NoPaymentFound when the text holds neither.
    """
    for candidate in _TOTAL.findall(text):
        amount, _ = normalize.read_amount(candidate)
        if amount is not None:
            return amount, "total"
    # No 小写 figure read (a photo, a torn scan): the total is the largest ¥ amount, which tax lines never are (a
    # credit note's figures are all negative: the largest in size).
    found = [normalize.read_amount(v)[0] for v in _YUAN.findall(text)]
    found = [a for a in found if a is not None]
    # The 合计 row's 金额 + 税额 is the 价税合计: sure when the capitals or a ¥ figure of the page agree (a total
    # that lost its 小写 label), else marked; never the larger of the two, which is the amount before tax.
    worked = worked_out_total(text, found)
    if worked:
        return worked[0], "sum" if worked[1] >= 0.9 else "sum_unchecked"
    if found:
        return max(found), "largest"
    raise NoPaymentFound("no 价税合计 on this invoice")


AMOUNT_CERTAINTY = {"total": 0.95, "sum": 0.9, "sum_unchecked": 0.55, "largest": 0.5}


def parse_invoice(
    text: str,
    *,
    now=None,
    tz: str = "Asia/Shanghai",
    kind: str = "pdf",
    credit_note: bool = False,
    seller: tuple[str | None, float, str] | None = None,
) -> Item:
    """Fields of one invoice from its text (`kind`: 'pdf' or 'invoice' for a picture; `credit_note` when the file
    itself says it is one; `seller`: the seller as the picture's blocks place it, with its certainty and source);
    raises NoPaymentFound without a total."""
    text = normalize.tidy_read(text.replace("\n", " ¶ ")).replace(" ¶ ", "\n")
    amount, amount_source = invoice_total(text)
    credit = credit_note or is_credit_note(text)
    fields = dict.fromkeys(("direction", "amount", "currency", "occurred_at", "merchant", "platform"))
    fields |= dict.fromkeys(("payment_method", "category", "memo", "order_no"))
    confidence = {}
    # A 红字 credit note cancels (part of) an earlier invoice: money coming back, a refund of its positive amount.
    fields.update(direction="refund" if credit else "expense", amount=normalize.format_amount(amount), currency="CNY")
    confidence.update(direction=0.8, amount=AMOUNT_CERTAINTY[amount_source], currency=0.95)
    sources = {"amount": amount_source}
    date = _DATE.search(text)
    occurred = normalize.parse_datetime(date.group(1), now=now, tz=tz) if date else None
    travelled = travel_date(text)
    if travelled:
        # A toll invoice is issued weeks later, often for a month of trips: the travel day is when the money went.
        fields["occurred_at"], confidence["occurred_at"] = normalize.parse_datetime(travelled, tz=tz).isoformat(), 0.7
        sources["occurred_at"] = "travel"
    elif occurred:
        fields["occurred_at"], confidence["occurred_at"] = occurred.isoformat(), 0.7
    else:
        # An older invoice's text layer holds the printed form first (开票日期: 年 月 日) and the filled-in values
        # after it: the date is the one 'YYYY MM DD' group of the page. Two of them, and it is left out.
        dates = {m.group(0) for m in _LOOSE_DATE.finditer(text)}
        occurred = normalize.parse_datetime(dates.pop().replace(" ", "-"), now=now, tz=tz) if len(dates) == 1 else None
        if occurred:
            fields["occurred_at"], confidence["occurred_at"] = occurred.isoformat(), 0.5
    if issued_by_tax_office(text) and not (seller and seller[2] == "on_behalf"):
        # A 代开 invoice: the tax office printed itself as the seller; the 备注 names who was paid (marked: the 备注
        # is small print, often under a stamp). Unread there, the merchant is left for the person.
        behalf = on_behalf_of(text)
        seller = (behalf, 0.5, "on_behalf") if behalf else (None, 0.0, "on_behalf")
    seller, certainty, sources["merchant"] = seller or (seller_name(text), 0.85, "text")
    if seller:
        fields["merchant"], confidence["merchant"] = seller, certainty
        # The seller's registered name says where the purchase was made (天津京东达业贸易有限公司 is 京东).
        platform = normalize.canonical_platform(seller)
        # A bank in the seller's place is the 开户行 line read as the seller, not where the purchase was made.
        if platform and platform not in normalize.BANK_PLATFORMS:
            fields["platform"], confidence["platform"] = platform, 0.7
    issuer = next(filter(None, map(normalize.canonical_platform, issuer_names(text))), None)
    if not fields["platform"] and issuer and issuer not in normalize.BANK_PLATFORMS:
        # Issued by a platform's own shop (开票人：京东商城): bought there, though a trading company sells it.
        fields["platform"], confidence["platform"], sources["platform"] = issuer, 0.5, "issuer"
    invoice_no = _NUMBER.search(text)
    order = _ORDER.search(text)
    if order:
        fields["order_no"], confidence["order_no"] = order.group(1), 0.9
    elif invoice_no and is_order_number(invoice_no.group(1), bool(_CODE.search(text))):
        fields["order_no"], confidence["order_no"] = invoice_no.group(1), 0.9
    goods = list(dict.fromkeys(_GOODS.findall(text)))
    if goods:
        fields["memo"], confidence["memo"] = "; ".join(goods), 0.8
    fields["category"] = guess_category(seller, " ".join(goods))
    confidence["category"] = 0.5
    evidence = {name: f"{kind}:{sources.get(name, 'text')}" for name in fields if fields[name]}
    item = Item(
        fields=fields,
        confidence={name: confidence.get(name, 0.0) for name in fields},
        evidence=evidence,
        reasons={"category": "guessed"},  # from the seller's and the goods' words, never printed
    )
    item = calibrated(item).explain()
    if invoice_no:
        item.invoice = invoice_facts(text, invoice_no.group(1), "picture" if kind == "invoice" else kind)
        item.invoice |= parties_and_tax(text, amount)
        if credit:
            item.invoice |= credit_facts(text)
    return item


def is_credit_note(text: str) -> bool:
    """Whether an invoice's text is a 红字 credit note: 红字 in its title or 备注, （负数）, or a negative 价税合计."""
    if _CREDIT.search(text):
        return True
    total = _TOTAL.search(text)
    return bool(total and total.group(1).lstrip().startswith("-"))


def credit_facts(text: str) -> dict:
    """A credit note's facts: {"credit_note": True} and, when its 备注 prints it, the invoice it reverses ("reverses",
    the key that invoice has here: an older invoice's 发票代码 followed by its 号码)."""
    facts = {"credit_note": True}
    older = _REVERSES_CODE.search(text)
    reverses = _REVERSES.search(text)
    if older:
        facts["reverses"] = older.group(1) + older.group(2)
    elif reverses:
        facts["reverses"] = reverses.group(1)
    return facts


def _money(value: str) -> Decimal | None:
    try:
        return Decimal(value.replace(" ", "").replace(",", ""))
    except InvalidOperation:
        return None


def parties_and_tax(text: str, total: Decimal) -> dict:
    """The buyer's 名称 and tax ID and the tax (合计税额, two decimals, its size on a credit note), each only when
    read: the tax only when it and the amount before tax add up to the 价税合计 (or, with no amount before tax
    read, when it is below it), since a silent wrong tax is worse than none."""
    facts = {}
    names = [name for name in _NAME.findall(text) if len(name) >= 2]
    if len(names) >= 2:
        facts["buyer"] = names[0]
    labelled = _BUYER_ID.search(text)
    ids = _ID_LABEL.findall(text)
    if labelled:
        facts["buyer_tax_id"] = labelled.group(1)
    elif len(ids) >= 2 and ids[0]:
        facts["buyer_tax_id"] = ids[0]
    # The structured formats' own 合计税额 / 合计金额 outrank the printed 合计 row.
    labelled_tax, labelled_net, row = _TAX.search(text), _NET.search(text), _SUM_ROW.search(text)
    if labelled_tax:
        tax, net = _money(labelled_tax.group(1)), _money(labelled_net.group(1)) if labelled_net else None
    elif row:
        net, tax = _money(row.group(1)), _money(row.group(2))
    else:
        net = tax = None
    if tax is not None:
        tax, net = abs(tax), abs(net) if net is not None else None
        if (net is not None and net + tax == total) or (net is None and tax < total):
            facts["tax"] = normalize.format_amount(tax)
    return facts


def invoice_facts(text: str, number: str, file_format: str) -> dict:
    """The invoice's own facts: its key (the 发票代码 and 发票号码 of an older 增值税 invoice, the 20-digit number of a
    数电票), the file's format and, when the title says, which kind of invoice it is."""
    code = _CODE.search(text)
    facts = {"number": code.group(1) + number if code and len(number) == 8 else number, "format": file_format}
    kind = next((name for pattern, name in KINDS if pattern.search(text)), None)
    if kind is None and len(number) == 20 and not code:
        kind = "digital"  # a 数电票 number without a readable title
    if kind:
        facts["kind"] = kind
    return facts


def recognize(data: bytes, *, now: datetime | None = None, settings=None) -> Extraction:
    """Read an e-invoice, e-ticket or receipt PDF into one expense item (text layer first, OCR when the layer is
    broken)."""
    if settings is None:
        settings = get_settings()
    if len(data) > MAX_BYTES:
        raise ImageTooLarge("PDF larger than 10 MB")
    started = time.perf_counter()
    try:
        import pdfplumber  # noqa: F401 - fail early with a clear reason
        import pypdfium2  # noqa: F401
    except ImportError as exc:
        raise EngineUnavailable("PDF support needs pdfplumber and pypdfium2 (requirements-local.txt)") from exc
    warnings = []
    try:
        text = text_layer(data)
        if is_broken(text):
            warnings.append("text layer missing or broken; read with OCR")
            text = ocr_text(data)
    except (NoPaymentFound, ImageTooLarge, EngineUnavailable):
        raise
    except Exception as exc:  # pdfminer and pdfium raise many types for malformed files
        raise CorruptImage(f"unreadable PDF: {type(exc).__name__}") from exc
    # A railway e-ticket or a ride/freight receipt (收款凭证, 行程单) is read by its own words, not as a VAT invoice.
    ticket = ticket_kind(text)
    if ticket:
        item = parse_ticket(text, ticket, now=now, tz=settings.ledger_tz)
    else:
        item = parse_invoice(text, now=now, tz=settings.ledger_tz)
    elapsed = int((time.perf_counter() - started) * 1000)
    return Extraction(items=[item], raw_text=text, engine="ocr", elapsed_ms=elapsed, warnings=warnings)
