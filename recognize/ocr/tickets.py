"""Transport tickets and receipts: China Railway tickets (the paper ticket and the 铁路电子客票), road bus tickets
that double as 发票联, and ride or freight receipts (收款凭证, 行程单), as pictures or PDF text layers.

`ticket_kind` names the document by its own words; `parse_ticket` reads one expense from it: the fare, when the
trip was (the departure, the 乘车日期, the 用车时间 — never the date the receipt was made), the ticket's own
number and the issuer as platform. A ticket names no shop: the stations and their pinyin are never the merchant,
nor is an individual driver.
"""

from __future__ import annotations

import re

from recognize import normalize
from recognize.models import Item
from recognize.ocr import vocabulary_docs as words
from recognize.ocr.reading import Reading, finish

_YUAN = r"(\d{1,6}(?:,\d{3})*(?:\.\d{1,2})?)"
# A train fare: `¥15.5元`, `票价:￥139.00` (one decimal reads as two).
_FARE = re.compile(rf"(?:票价|全价|金额)?\s*[:：]?\s*[¥￥]\s*{_YUAN}\s*(元)?")
_FARE_BARE = re.compile(r"(?<![\d.])(\d{1,4}\.\d{1,2})\s*元")
_DEPART = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(\d{1,2})\s*[:：]\s*(\d{2})\s*开(?!票)")
_DATE_TIME = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(\d{1,2})\s*[:：]\s*(\d{2})")
_DATE = re.compile(r"(?<!\d)(20\d{2}|19\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
# The red serial of a paper ticket (C045758) alone, or at the end of the long code line before the station's 售.
_SERIAL = re.compile(r"(?<![A-Za-z0-9])([A-Z]\d{6})(?![A-Za-z0-9])")
_CODE_LINE = re.compile(r"\d{10,}\s*([A-Z]\d{6})\s*\S{0,8}售")
_INVOICE_NO = re.compile(r"发票号码\s*[:：]?\s*(\d{8,20})(?!\d)")
_TRAIN_NO = re.compile(r"(?<![A-Za-z0-9])([GDCZTKYLS]\d{1,4})(?![A-Za-z0-9])")
_BUS_FARE = re.compile(rf"(?:票价|全价|金额|票款)\s*[:：]?\s*[¥￥Y]?\s*{_YUAN}")
_BUS_NO_LOOSE = re.compile(r"(?:号码|发码|票号)\s*[:：]?\s*(\d{8})(?!\d)")
_EIGHT = re.compile(r"(?<![\d-])(\d{8})(?![\d-])")
_RECEIPT_ORDER = re.compile(r"订单(?:编)?号(?:码)?\s*[:：]?\s*([A-Za-z0-9]{8,32})")
_LONG_NUMBER = re.compile(r"(?<![\dA-Za-z*-])(\d{10,20})(?![\dA-Za-z*-])")


def ticket_kind(text: str) -> str | None:
    """'train', 'bus' or 'receipt' when the document's own words say it is one, else None."""
    text = normalize.tidy_read(text)
    # An app's payment page for a ticket (支付时间, 交易单号 …) is read as a payment: its time is when it was paid.
    paid = bool(words.PAYMENT_PAGE_WORDS.search(text))
    if not paid and sum(bool(cue.search(text)) for cue in words.TRAIN_CUES) >= 2:
        return "train"
    if "价税合计" in text:  # a VAT invoice for a ride (客运服务费), read as an invoice: its seller is the merchant
        return None
    if not paid and words.BUS_TITLE.search(text) and sum(word in text for word in words.BUS_WORDS) >= 2:
        return "bus"
    if words.RECEIPT_TITLE.search(text) and _receipt_total(text):
        return "receipt"
    return None


def parse_ticket(text: str, kind: str, *, now=None, tz: str = "Asia/Shanghai") -> Item:
    """One expense item read from a ticket or receipt of `kind` (see `ticket_kind`)."""
    lines = [normalize.tidy_read(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    draft = Reading(kind="ticket")
    draft.set("direction", "expense", 0.9, "ticket")
    draft.set("currency", "CNY", 0.9, "default")
    {"train": _train, "bus": _bus, "receipt": _receipt}[kind](draft, lines, now, tz)
    finish(draft, "expense", now)
    return draft.item()


def _set_time(draft: Reading, match, certainty: float, source: str, tz: str, *, with_time: bool = True) -> None:
    y, m, d = (int(g) for g in match.groups()[:3])
    hour, minute = (int(match.group(4)), int(match.group(5))) if with_time else (0, 0)
    when = normalize.parse_datetime(f"{y:04d}-{m:02d}-{d:02d} {hour:02d}:{minute:02d}", tz=tz)
    if when:
        draft.set("occurred_at", when.isoformat(), certainty, source)


def _amount(draft: Reading, value: str, certainty: float, source: str) -> None:
    amount, _ = normalize.read_amount(value)
    if amount is not None:
        draft.set("amount", normalize.format_amount(amount), certainty, source)


def _train(draft: Reading, lines: list[str], now, tz: str) -> None:
    text = "\n".join(lines)
    fare = _FARE.search(text)
    if fare:
        _amount(draft, fare.group(1), 0.9 if fare.group(2) or "票价" in fare.group(0) else 0.8, "fare")
    elif bare := _FARE_BARE.search(text):
        _amount(draft, bare.group(1), 0.55, "fare_bare")
    depart = _DEPART.search(text)
    if depart:
        _set_time(draft, depart, 0.85, "departure", tz)
    elif loose := _DATE_TIME.search(text):
        _set_time(draft, loose, 0.5, "date_time", tz)
    # The e-ticket is an invoice: its 发票号码 is its key; a paper ticket's is the red serial.
    invoice_no = _INVOICE_NO.search(text)
    coded = _CODE_LINE.search(text)
    alone = [s for s in _SERIAL.findall(text) if not coded or s != coded.group(1)]
    if invoice_no:
        draft.set("order_no", invoice_no.group(1), 0.85, "invoice_no")
    elif coded:
        agree = coded.group(1) in _SERIAL.findall(text.replace(coded.group(0), ""))
        draft.set("order_no", coded.group(1), 0.9 if agree else 0.55, "code_line")
    elif len(set(alone)) == 1:
        draft.set("order_no", alone[0], 0.55, "serial")
    sure = bool(words.RAILWAY_WORDS.search(text))
    draft.set("platform", "12306", 0.8 if sure else 0.5, "railway" if sure else "train")
    train_no = _TRAIN_NO.search(text)
    draft.set("memo", f"车次 {train_no.group(1)}" if train_no else "火车票", 0.5, "train_no")
    draft.set("category", "交通", 0.6, "ticket")


def _bus(draft: Reading, lines: list[str], now, tz: str) -> None:
    text = "\n".join(lines)
    fare = _BUS_FARE.search(text)
    if fare:
        _amount(draft, fare.group(1), 0.85, "fare")
    else:
        # No fare label read: a ¥ figure, never the 燃油费 (it is part of the fare).
        yen = re.finditer(rf"[¥￥]\s*{_YUAN}", text)
        marked = [m for m in yen if "燃油" not in text[max(0, m.start() - 8) : m.start()]]
        if marked:
            _amount(draft, marked[0].group(1), 0.5, "yen")
    stamp = _DATE_TIME.search(text)
    date = _DATE.search(text)
    if stamp and date and stamp.start() == date.start():
        _set_time(draft, stamp, 0.8, "ride_time", tz)
    elif date:
        _set_time(draft, date, 0.8, "ride_date", tz, with_time=False)
    labelled = _INVOICE_NO.search(text)
    loose = _BUS_NO_LOOSE.search(text)
    dates = {re.sub(r"\D", "", m.group(0)) for m in _DATE.finditer(text)}
    bare = [n for n in _EIGHT.findall(text) if n not in dates]
    if labelled and len(labelled.group(1)) == 8:
        draft.set("order_no", labelled.group(1), 0.85, "invoice_no")
    elif loose:
        draft.set("order_no", loose.group(1), 0.55, "number_loose")
    elif len(set(bare)) == 1:
        draft.set("order_no", bare[0], 0.45, "eight_digits")
    draft.set("memo", "汽车客票", 0.5, "ticket")
    draft.set("category", "交通", 0.6, "ticket")


def _receipt_total(text: str):
    """(amount text, label) of a receipt's total: the first label of RECEIPT_TOTALS that prints a figure."""
    for label in words.RECEIPT_TOTALS:
        found = re.search(rf"{label}\s*[:：]?\s*(?:CNY|RMB|人民币)?\s*[¥￥]?\s*(\d[\d,]*\.\d{{2}})\s*元?", text)
        if found:
            return found.group(1), label
    return None


def _receipt(draft: Reading, lines: list[str], now, tz: str) -> None:
    text = "\n".join(lines)
    total = _receipt_total(text)
    if total:
        _amount(draft, total[0], 0.85 if total[1] not in ("合计", "总计", "金额") else 0.7, "total")
    # When the ride was: a date with a time that no 申请日期-style label owns; a time label on its line is surer.
    for line in lines:
        for stamp in _DATE_TIME.finditer(line):
            if words.RECEIPT_NOT_TIME.search(line[: stamp.start()]):
                continue
            labelled = bool(words.RECEIPT_TIME.search(line[: stamp.start()]))
            _set_time(draft, stamp, 0.8 if labelled else 0.6, "use_time" if labelled else "date_time", tz)
            break
        if "occurred_at" in draft.fields:
            break
    inline = _RECEIPT_ORDER.search(text)
    if inline:
        draft.set("order_no", inline.group(1), 0.85, "order")
    elif re.search(r"订单(?:编)?号", text):
        # Labels in one row, values in the next (a PDF table): the long number no other label owns.
        for line in lines:
            found = [m for m in _LONG_NUMBER.finditer(line) if not words.RECEIPT_NOT_ORDER.search(line[: m.start()])]
            if found:
                draft.set("order_no", found[0].group(1), 0.55, "order_column")
                break
    issuer = next((name for word, name in words.RECEIPT_ISSUERS.items() if word in text), None)
    draft.set("platform", issuer, 0.7, "issuer")
    draft.set("memo", "收款凭证" if "收款凭证" in text else "行程单", 0.5, "receipt")
    draft.set("category", "交通", 0.6, "ticket")
