"""Export as CSV (UTF-8 with BOM, Chinese headers) and XLSX (exact decimals), and the round trip back in."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from records import ledger as ledger_module
from records.bills import export, imports
from records.errors import BadRequest
from records.schema import records
from tests.records.bills.test_imports import refund_links

BILLS = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "bills"
TZ = "Asia/Shanghai"
OWNER = "alice"
FIELDS = ("direction", "amount", "currency", "occurred_at", "merchant", "platform", "payment_method", "category",
          "memo", "order_no")  # fmt: skip


@pytest.fixture
def ledger(engine):
    """Alice's ledger after importing the Alipay bill of October 2026."""
    preview = imports.preview(engine, OWNER, (BILLS / "alipay_2026-10.csv").read_bytes(), tz=TZ)
    imports.commit(engine, OWNER, preview["import_id"])
    return engine


def rows_of(engine, owner: str) -> list[tuple]:
    with engine.connect() as conn:
        found = conn.execute(
            sa.select(*(records.c[f] for f in FIELDS)).where(records.c.owner == owner).order_by(records.c.occurred_at)
        )
        return [tuple(r) for r in found]


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))


def test_csv_has_chinese_headers_and_exact_amounts(ledger):
    data, content_type, filename = export.export(ledger, OWNER, {"format": "csv"}, today="2026-11-10", per_minute=100)
    assert content_type == "text/csv; charset=utf-8" and filename == "snapledger_2026-11-10.csv"
    table = read_csv(data)
    assert table[0] == [
        "时间", "收支", "金额", "币种", "商户", "支付平台", "支付方式", "分类", "备注", "订单号",
        "退款对应订单号", "来源", "标签",
    ]  # fmt: skip
    assert len(table) == 1 + 9
    first = dict(zip(table[0], table[1], strict=True))
    assert first["时间"] == "2026-10-20 07:45:00"
    assert (first["收支"], first["金额"], first["商户"], first["来源"]) == (
        "支出",
        "12.00",
        "全家便利店",
        "import:alipay",
    )
    refund = next(dict(zip(table[0], row, strict=True)) for row in table[1:] if row[1] == "退款" and "盒马" in row[4])
    assert refund["退款对应订单号"] == "2026102822001412340000000003"


def test_english_headers_and_the_list_filters(ledger):
    params = {"format": "csv", "from": "2026-10-29", "to": "2026-10-30", "direction": "expense"}
    data, _, filename = export.export(ledger, OWNER, params, today="2026-11-10", per_minute=100, lang="en")
    table = read_csv(data)
    assert table[0][:3] == ["occurred_at", "direction", "amount"]
    assert [(row[1], row[2], row[4]) for row in table[1:]] == [
        ("expense", "23.80", "滴滴出行"),
        ("expense", "35.50", "肯德基"),
    ]
    assert filename == "snapledger_2026-10-29_2026-10-30.csv"


def test_text_a_spreadsheet_would_run_is_kept_as_text(engine):
    now = datetime(2026, 11, 1)
    with engine.begin() as conn:
        conn.execute(
            records.insert().values(
                owner=OWNER, direction="expense", amount=Decimal("1.00"), occurred_at=now, tz=TZ,
                merchant="=HYPERLINK(\"http://evil\")", memo="-2+3", source="manual", created_at=now,
                updated_at=now, version=1, currency="CNY",
            )
        )  # fmt: skip
    table = read_csv(export.export(engine, OWNER, {}, today="2026-11-10", per_minute=100)[0])
    assert table[1][4] == '\'=HYPERLINK("http://evil")' and table[1][8] == "'-2+3"
    # And it comes back as typed.
    preview = imports.preview(engine, "bob", export.export(engine, OWNER, {}, today="x", per_minute=100)[0], tz=TZ)
    assert preview["rows"][0]["merchant"] == '=HYPERLINK("http://evil")'


def test_xlsx_amounts_are_numbers_shown_with_two_decimals(ledger):
    from openpyxl import load_workbook

    data, content_type, filename = export.export(ledger, OWNER, {"format": "xlsx"}, today="2026-11-10", per_minute=100)
    assert content_type.endswith("spreadsheetml.sheet") and filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "账单"
    header = [c.value for c in sheet[1]]
    amount = sheet.cell(row=2, column=header.index("金额") + 1)
    when = sheet.cell(row=2, column=header.index("时间") + 1)
    assert amount.number_format == "0.00" and amount.data_type == "n" and amount.value == 12
    assert when.value == datetime(2026, 10, 20, 7, 45) and "yyyy" in when.number_format
    # The file stores the decimal's own shortest digits, never a float's binary expansion.
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    numbers = re.findall(r'<c r="C\d+"[^>]*t="n"><v>([^<]*)</v>', xml)
    assert numbers == ["12", "80", "80", "1000", "5000", "128", "23.8", "28", "35.5"]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_round_trip_export_then_import_gives_the_same_records(ledger, kind):
    data, _, _ = export.export(ledger, OWNER, {"format": kind}, today="2026-11-10", per_minute=100)
    preview = imports.preview(ledger, "bob", data, filename=f"export.{kind}", tz=TZ)
    assert (preview["format"], preview["new"], preview["skipped"]) == ("snapledger", 9, [])
    result, _ = imports.commit(ledger, "bob", preview["import_id"])
    assert rows_of(ledger, "bob") == rows_of(ledger, OWNER)
    # The refund still points at its purchase.
    with ledger.connect() as conn:
        assert len(refund_links(conn, "bob", result["record_ids"])) == 2
    # And the same export into the same ledger is all duplicates.
    again = imports.preview(ledger, OWNER, data, tz=TZ)
    assert (again["new"], again["duplicate"]) == (0, 9)


def test_unknown_format_is_refused(ledger):

    with pytest.raises(BadRequest):
        export.export(ledger, OWNER, {"format": "pdf"}, today="2026-11-10", per_minute=100)


def test_export_is_per_owner(ledger):
    table = read_csv(export.export(ledger, "bob", {}, today="2026-11-10", per_minute=100)[0])
    assert len(table) == 1


def test_the_export_has_a_tags_column_and_the_beancount_ledger_carries_them(ledger):
    first = ledger_module.list_records(ledger, OWNER, {"limit": 1})["records"][0]
    ledger_module.update(ledger, OWNER, first["id"], {"version": first["version"], "tags": ["出差", "trip"]}, tz=TZ)
    lines = export.export(ledger, OWNER, {"format": "csv"}, today="2026-11-10", per_minute=100)[0]
    table = read_csv(lines)
    assert table[0][-1] == "标签"
    assert [row[-1] for row in table[1:] if row[-1]] == ["trip 出差"]  # sorted, space-separated
    beancount = export.export(ledger, OWNER, {"format": "beancount"}, today="2026-11-10", per_minute=100)[0]
    assert b"#trip" in beancount and "#出差".encode() not in beancount
    assert 'tags: "trip 出差"'.encode() in beancount


def tags_of(engine, owner: str) -> list[tuple]:
    """(merchant, amount, tags) of every tagged record of `owner`."""
    found = ledger_module.list_records(engine, owner, {"limit": 100})["records"]
    return sorted((r["merchant"], r["amount"], tuple(r["tags"])) for r in found if r["tags"])


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_round_trip_keeps_the_tags(ledger, kind):
    first, second = ledger_module.list_records(ledger, OWNER, {"limit": 2})["records"]
    ledger_module.update(ledger, OWNER, first["id"], {"version": first["version"], "tags": ["出差", "trip"]}, tz=TZ)
    ledger_module.update(ledger, OWNER, second["id"], {"version": second["version"], "tags": ["报销"]}, tz=TZ)
    data, _, _ = export.export(ledger, OWNER, {"format": kind}, today="2026-11-10", per_minute=100)
    preview = imports.preview(ledger, "bob", data, filename=f"export.{kind}", tz=TZ)
    assert (preview["new"], preview["skipped"]) == (9, [])
    imports.commit(ledger, "bob", preview["import_id"])
    assert tags_of(ledger, "bob") == tags_of(ledger, OWNER)
    assert len(tags_of(ledger, "bob")) == 2


def test_a_row_with_a_bad_tag_is_skipped_and_says_why(engine):
    lines = [
        "时间,收支,金额,商户,来源,标签",
        "2026-10-20 07:45:00,支出,12.00,全家便利店,manual,早餐 周一",
        "2026-10-21 07:45:00,支出,13.00,全家便利店,manual," + " ".join(f"t{i}" for i in range(11)),
    ]
    data = ("\ufeff" + "\n".join(lines) + "\n").encode()
    preview = imports.preview(engine, OWNER, data, filename="mine.csv", tz=TZ)
    assert preview["format"] == "snapledger" and preview["new"] == 1
    [skip] = preview["skipped"]
    assert skip["line"] == 3 and "标签" in skip["reason"]
    imports.commit(engine, OWNER, preview["import_id"])
    assert tags_of(engine, OWNER) == [("全家便利店", "12.00", ("周一", "早餐"))]
