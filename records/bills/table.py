"""Reading a bill file's table (CSV in UTF-8 or GB18030, or XLSX) one row at a time, finding its header row,
telling the format apart, and handing each line to that format's reader: Alipay 交易明细, WeChat Pay 账单流水,
JD 京东交易流水, Meituan 美团账单, China Merchants Bank credit card (招商银行信用卡), ICBC debit card (工商银行借记卡
明细), or our own export. The row cap holds while reading: a file is never held as a whole table of cells.

The format is found from the header row's columns, wherever that row is, never from one fixed preamble line:
the platforms change their preambles (Alipay's company name did) more often than their columns.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import zipfile
from datetime import datetime

from records.bills import alipay, cmb, icbc, jd, meituan, own, wechat
from records.bills.rows import Bill, BillFormatError, BillRow, Skip
from records.errors import BadRequest

MAX_ROWS = 20000
MAX_COLUMNS = 40
MAX_LINE = 64 * 1024  # characters in one physical line; a bill's longest is a memo of a few hundred
LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
HEADER_WITHIN = 62  # the header row is among a file's first rows (the platforms' preambles are a few dozen)
# A bill of 20,000 rows unpacks to a few megabytes; far more is a zip bomb, not a bill.
MAX_XLSX_UNPACKED = 64 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"

# Column aliases per field: every name a platform has used for it, in its files old and new.
COLUMNS = {
    "time": ("交易时间", "交易创建时间", "付款时间", "时间", "交易日", "交易日期", "occurred_at"),
    "paid_at": ("交易成功时间",),
    "posted": ("记账日", "记账日期"),
    "category": ("交易分类", "分类", "category"),
    "type": ("交易类型",),
    "counterparty": ("交易对方", "商户", "对方户名", "merchant"),
    "merchant_name": ("商户名称",),
    "account": ("对方账号",),
    "goods": ("商品说明", "商品名称", "商品"),
    "description": ("交易说明",),
    "title": ("订单标题",),
    "summary": ("交易摘要", "摘要"),
    "place": ("交易场所", "交易地点"),
    "details": ("交易详情",),
    "direction": ("收/支", "收支", "direction"),
    "amount": ("金额", "金额(元)", "金额（元）", "实付金额", "人民币金额", "amount"),
    "order_amount": ("订单金额",),
    "amount_in": ("记账金额(收入)", "记账金额（收入）"),
    "amount_out": ("记账金额(支出)", "记账金额（支出）"),
    "card_tail": ("卡号末四位", "卡号后四位"),
    "method": ("收/付款方式", "支付方式", "payment_method"),
    "status": ("交易状态", "当前状态"),
    "order_no": ("交易订单号", "交易单号", "交易号", "订单号", "order_no"),
    "merchant_order_no": ("商家订单号", "商户单号", "商户订单号", "商家单号"),
    "memo": ("备注", "memo"),
    "platform": ("支付平台", "platform"),
    "currency": ("币种", "记账币种", "currency"),
    "source": ("来源", "source"),
    "refund_of": ("退款对应订单号", "refund_of"),
    "tags": ("标签", "tags"),
}
# A header row has a time and an amount, and either a direction column (the wallets, JD, Meituan, our export), a
# card's tail number (China Merchants Bank's credit card) or money in and out in two columns (ICBC's debit card).
HEADERS = ({"time", "amount", "direction"}, {"time", "amount", "card_tail"}, {"time", "amount_in", "amount_out"})
_ALIAS = {alias: key for key, aliases in COLUMNS.items() for alias in aliases}


def decode(data: bytes) -> str:
    """Bytes of a CSV as text: UTF-8 (with or without BOM) when it is, else GB18030 (Alipay's encoding)."""
    try:
        return data.decode("utf-8-sig")  # drops a BOM without copying the bytes first
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise BillFormatError("neither UTF-8 nor GB18030") from exc


def cell_text(value) -> str:
    """A cell as trimmed text; the tabs Alipay and WeChat append to long numbers (against Excel) are dropped."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, float):
        return repr(value)
    return str(value).replace("\ufeff", "").strip().strip("\t").strip()


def _lines(text: str):
    """The physical lines of a CSV text, refusing one too long to be a bill's (a row of millions of cells)."""
    # Line breaks (\r, \n, \r\n) stay on the lines for the csv module, the only one that knows quoting. Found one
    # at a time: a StringIO or a list of lines would hold the whole text again, four bytes a character.
    for match in LINE.finditer(text):
        line = match.group()
        if len(line) > MAX_LINE:
            raise BillFormatError(f"a line of {len(line)} characters")
        yield line


def csv_table(text: str):
    """(line number, cells) for each row of a CSV text, read one row at a time; a quoted cell may span lines."""
    reader = csv.reader(_lines(text))
    start = 1
    try:
        for cells in reader:
            yield start, [cell_text(c) for c in cells[:MAX_COLUMNS]]
            start = reader.line_num + 1
    except csv.Error as exc:
        raise BillFormatError(f"line {start}: {exc}") from exc


def xlsx_table(data: bytes):
    """(row number, cells) of the sheet holding the bill in an XLSX file, read one row at a time (openpyxl's
    read-only mode); refuses decompression bombs.
    """
    from openpyxl import load_workbook  # heavy, and only XLSX files need it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise BillFormatError("damaged xlsx") from exc
    if unpacked > MAX_XLSX_UNPACKED:
        raise BillFormatError(f"xlsx unpacks to {unpacked} bytes", code="too_many_rows")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file; all mean the same to a person
        raise BillFormatError(f"unreadable xlsx: {type(exc).__name__}") from exc
    try:
        for sheet in book.worksheets:
            rows = ((n, [cell_text(v) for v in values]) for n, values in enumerate(_sheet_rows(sheet), start=1))
            head = list(itertools.islice(rows, HEADER_WITHIN))
            if find_header(head) is not None:
                yield from head
                yield from rows
                return
        raise BillFormatError("no sheet with a bill header")
    finally:
        book.close()


def _sheet_rows(sheet):
    try:
        yield from sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    except Exception as exc:  # a damaged sheet part shows only once its rows are read
        raise BillFormatError(f"unreadable xlsx sheet: {type(exc).__name__}") from exc


def header_map(cells: list[str]) -> dict[str, int]:
    """Field name → column index for the cells of a candidate header row."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = _ALIAS.get(re.sub(r"\s+", "", cell))
        if key and key not in found:
            found[key] = index
    return found


def find_header(table) -> tuple[int, dict[str, int]] | None:
    """The position of the header row (one of HEADERS' sets of columns) within `table`, and its column map."""
    for position, (_line, cells) in enumerate(table):
        columns = header_map(cells)
        if any(needed <= columns.keys() for needed in HEADERS):
            return position, columns
        if position >= HEADER_WITHIN - 1:
            break
    return None


def detect(columns: dict[str, int]) -> str:
    """Which bill this header belongs to ('wechat', 'alipay', 'jd', 'meituan', 'cmb', 'icbc' or 'snapledger', our
    export); raises BillFormatError. The banks and the shops go first: their headers share column names with the
    wallets' (交易类型, 商家单号, 对方户名), never the columns only they have.
    """
    if {"amount_in", "amount_out"} <= columns.keys():
        return "icbc"
    if "card_tail" in columns and "summary" in columns:
        return "cmb"
    if "order_amount" in columns or "title" in columns:
        return "meituan"
    if "merchant_name" in columns and "description" in columns:
        return "jd"
    if "type" in columns and ("status" in columns or "merchant_order_no" in columns):
        return "wechat"
    if "source" in columns or "platform" in columns:
        return "snapledger"
    if "counterparty" in columns and ({"category", "method", "merchant_order_no", "status"} & columns.keys()):
        return "alipay"
    raise BillFormatError("unknown columns")


def parse(data: bytes, filename: str = "") -> Bill:
    """Read a bill file of any supported format; raises BillFormatError for anything else.

    Rows are read one at a time and the row cap is enforced as they come: a file of more than MAX_ROWS rows is
    refused (too_many_rows) at its row MAX_ROWS + 1, before the rest of it is read.
    """
    if not data:
        raise BadRequest("empty", code="empty_file")
    table = xlsx_table(data) if data.startswith(XLSX_MAGIC) else csv_table(decode(data))
    try:
        head = list(itertools.islice(table, HEADER_WITHIN))
        found = find_header(head)
        if found is None:
            raise BillFormatError("no header row")
        position, columns = found
        kind = detect(columns)
        reader = reader_of(kind, [cells for _line, cells in head[:position]])
        rows: list[BillRow] = []
        skipped: list[Skip] = []
        for count, (line, cells) in enumerate(itertools.chain(head[position + 1 :], table), start=1):
            if count > MAX_ROWS:
                raise BillFormatError("too many rows", code="too_many_rows")
            if cells and (cells[0].startswith(("---", "合计")) or cells[0].endswith("合计")):
                break  # the dashed rule or a totals row (ICBC: 人民币合计, 合计金额) starts a footer
            if is_footer(cells):
                continue
            values = {key: (cells[index] if index < len(cells) else "") for key, index in columns.items()}
            result = reader(line, values)
            (rows if isinstance(result, BillRow) else skipped).append(result)
    finally:
        table.close()  # an XLSX workbook is closed even when reading stops early
    rows = link_refunds(rows, skipped)
    return Bill(kind, rows, sorted(skipped, key=lambda s: s.line))


def reader_of(kind: str, preamble: list[list[str]]):
    """The function reading one data row of a `kind` bill; the banks' readers also need the lines before the header
    (the statement's month, the card's number).
    """
    if kind == "cmb":
        return cmb.reader(preamble)
    if kind == "icbc":
        return icbc.reader(preamble)
    return {
        "alipay": alipay.read_row,
        "wechat": wechat.read_row,
        "jd": jd.read_row,
        "meituan": meituan.read_row,
        "snapledger": own.read_row,
    }[kind]


def link_refunds(rows: list[BillRow], skipped: list[Skip]) -> list[BillRow]:
    """Point each refund at its purchase in the same file; drop closed rows that no refund explains.

    Alipay marks a fully refunded purchase 交易关闭 while its refund says 退款成功: the money did go out and come
    back, so that purchase is kept. A closed row without a refund never moved money and is skipped with a reason.
    """
    purchases = [r for r in rows if r.fields["direction"] != "refund"]
    by_order = {r.fields["order_no"]: r for r in purchases if r.fields.get("order_no")}
    by_merchant_order = {r.merchant_order_no: r for r in purchases if r.merchant_order_no}
    refunded: set[int] = set()
    for row in rows:
        if row.fields["direction"] != "refund":
            continue
        original = by_order.get(row.refund_key or "") or by_merchant_order.get(row.refund_key or "")
        if original is None and row.merchant_order_no:
            original = by_merchant_order.get(row.merchant_order_no)
        if original is not None:
            row.refund_line = original.line
            refunded.add(original.line)
    kept = []
    for row in rows:
        if row.closed and (row.fields["direction"] == "refund" or row.line not in refunded):
            skipped.append(Skip(row.line, "closed", {"status": row.status}))
        else:
            kept.append(row)
    return kept


def is_footer(cells: list[str]) -> bool:
    """Blank rows and one-cell notes ("共12笔记录", "导出时间…") around a bill's table."""
    filled = [c for c in cells if c]
    return len(filled) <= 1
