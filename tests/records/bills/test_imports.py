"""Bill imports from real-format files: detection, skipped rows with reasons, refunds, duplicates, idempotence."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from records import category_admin, learning
from records.bills import imports
from records.bills.rows import BillFormatError
from records.bills.table import parse
from records.errors import BadRequest, NotFound
from records.schema import record_extras, records

BILLS = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "bills"
TZ = "Asia/Shanghai"
OWNER = "alice"


def refund_links(conn, owner: str, record_ids: list[int]) -> dict[int, int]:
    """refund record id → purchase record id, for those of `record_ids` the import linked, read from the table."""
    rows = conn.execute(
        sa.select(record_extras.c.record_id, record_extras.c.refund_of).where(
            record_extras.c.owner == owner,
            record_extras.c.record_id.in_(record_ids),
            record_extras.c.refund_of.is_not(None),
        )
    )
    return {row.record_id: row.refund_of for row in rows}


def bill(name: str) -> bytes:
    return (BILLS / name).read_bytes()


def stored(engine, owner: str = OWNER) -> list:
    with engine.connect() as conn:
        return conn.execute(
            sa.select(records).where(records.c.owner == owner).order_by(records.c.occurred_at, records.c.id)
        ).fetchall()


def totals(engine, owner: str = OWNER) -> dict[str, Decimal]:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(records.c.direction, sa.func.sum(records.c.amount))
            .where(records.c.owner == owner)
            .group_by(records.c.direction)
        )
        return dict(rows.fetchall())


def add_record(engine, owner: str = OWNER, **values) -> int:
    now = datetime(2026, 11, 1)
    data = {"direction": "expense", "currency": "CNY", "tz": TZ, "source": "screenshot", "version": 1, **values}
    with engine.begin() as conn:
        result = conn.execute(records.insert().values(owner=owner, created_at=now, updated_at=now, **data))
        return result.inserted_primary_key[0]


# ---------------------------------------------------------------- reading the files


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("alipay_2026-10.csv", "alipay"),
        ("alipay_old_company.csv", "alipay"),
        ("wechat_2026-10.csv", "wechat"),
        ("wechat_2026-10.xlsx", "wechat"),
    ],
)
def test_format_is_detected_from_the_columns(name, kind):
    assert parse(bill(name)).format == kind


def test_alipay_file_is_gb18030_with_a_preamble():
    data = bill("alipay_2026-10.csv")
    assert data.decode("gb18030").startswith("------")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert "支付宝支付科技有限公司".encode("gb18030") in data


def test_both_alipay_company_lines_read_the_same_rows():
    new, old = parse(bill("alipay_2026-10.csv")), parse(bill("alipay_old_company.csv"))
    assert [r.fields for r in new.rows] == [r.fields for r in old.rows]
    assert "支付宝（中国）网络技术有限公司".encode("gb18030") in bill("alipay_old_company.csv")


def test_wechat_csv_and_xlsx_read_the_same_rows():
    csv_bill, xlsx_bill = parse(bill("wechat_2026-10.csv")), parse(bill("wechat_2026-10.xlsx"))
    assert [(r.line, r.fields) for r in csv_bill.rows] == [(r.line, r.fields) for r in xlsx_bill.rows]
    assert bill("wechat_2026-10.csv").startswith(b"\xef\xbb\xbf")


def test_wechat_amounts_lose_the_currency_sign_and_order_numbers_their_tab():
    first = parse(bill("wechat_2026-10.csv")).rows[0]
    assert first.fields["amount"] == "9.90"
    assert first.fields["order_no"] == "4200002501202610300000000001"
    assert first.fields["occurred_at"] == "2026-10-30T08:05:00"
    assert first.fields["platform"] == "微信支付"
    assert first.fields["payment_method"] == "零钱"


@pytest.mark.parametrize(
    "data",
    [b"name,age\nbob,3\n", b"\x89PNG\r\n\x1a\n" + bytes(50), "交易时间,金额\n2026-01-01,1\n".encode("gb18030")],
)
def test_other_files_are_refused(data):
    with pytest.raises(BillFormatError) as caught:
        parse(data)
    assert caught.value.code == "unknown_bill_format"


def test_an_empty_file_is_refused():

    with pytest.raises(BadRequest) as caught:
        parse(b"")
    assert caught.value.code == "empty_file"


def test_a_bad_time_or_amount_names_its_line():
    text = "\n".join(
        [
            "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注",
            "yesterday,商户消费,A,/,支出,¥1.00,零钱,支付成功,1,/,/",
            "2026-10-01 10:00:00,商户消费,B,/,支出,¥abc,零钱,支付成功,2,/,/",
        ]
    )
    skipped = parse(text.encode("utf-8")).skipped
    assert [(s.line, s.code) for s in skipped] == [(2, "bad_time"), (3, "bad_amount")]


# ---------------------------------------------------------------- preview and commit


def test_alipay_preview_counts_and_says_why_rows_are_skipped(engine):
    result = imports.preview(engine, OWNER, bill("alipay_2026-10.csv"), filename="alipay.csv", tz=TZ)
    assert result["format"] == "alipay"
    assert (result["new"], result["duplicate"]) == (9, 0)
    assert [(s["line"], s["code"]) for s in result["skipped"]] == [(28, "closed"), (33, "invalid")]
    assert result["skipped"][0]["reason"] == "交易关闭或未成功（交易关闭），没有发生资金变动"
    assert result["skipped"][1]["reason"] == "内容有误：金额：金额需大于 0 且小于 1 亿"
    english = imports.preview(engine, OWNER, bill("alipay_2026-10.csv"), tz=TZ, lang="en")
    assert english["skipped"][1]["reason"] == "Not valid: amount: must be above 0 and below 100,000,000"
    assert stored(engine) == []  # a preview writes no record


def test_alipay_commit_writes_directions_refunds_and_transfers(engine):
    preview = imports.preview(engine, OWNER, bill("alipay_2026-10.csv"), tz=TZ)
    result, created = imports.commit(engine, OWNER, preview["import_id"])
    assert created and result["imported"] == 9
    assert totals(engine) == {
        "expense": Decimal("279.30"),
        "refund": Decimal("108.00"),
        "income": Decimal("5000.00"),
        "transfer": Decimal("1000.00"),
    }
    rows = {(r.merchant, r.direction): r for r in stored(engine)}
    assert {r.source for r in rows.values()} == {"import:alipay"}
    kfc = rows[("肯德基", "expense")]
    assert (kfc.category, kfc.platform, kfc.payment_method) == ("餐饮", "支付宝", "花呗")
    assert kfc.occurred_at == datetime(2026, 10, 30, 12, 1, 2)
    assert kfc.memo == "肯德基午餐"
    assert rows[("余额宝", "transfer")].amount == Decimal("1000.00")
    # The refund points at its purchase and files under the purchase's category.
    with engine.connect() as conn:
        links = refund_links(conn, OWNER, [r.id for r in rows.values()])
    hema_refund, hema = rows[("盒马鲜生", "refund")], rows[("盒马鲜生", "expense")]
    assert links[hema_refund.id] == hema.id
    assert hema_refund.category == hema.category == "日用"
    # A purchase Alipay shows as closed because it was refunded did move money, and came back.
    assert links[rows[("万达影城", "refund")].id] == rows[("万达影城", "expense")].id


def test_wechat_refund_links_by_merchant_order_number_and_neutral_rows_are_transfers(engine):
    preview = imports.preview(engine, OWNER, bill("wechat_2026-10.xlsx"), tz=TZ)
    assert [(s["line"], s["code"]) for s in preview["skipped"]] == [(24, "closed"), (26, "closed")]
    assert "对方已退还" in preview["skipped"][0]["reason"]
    imports.commit(engine, OWNER, preview["import_id"])
    assert totals(engine) == {
        "expense": Decimal("57.40"),
        "refund": Decimal("32.00"),
        "income": Decimal("200.00"),
        "transfer": Decimal("500.00"),
    }
    rows = {(r.merchant, r.direction): r for r in stored(engine)}
    with engine.connect() as conn:
        links = refund_links(conn, OWNER, [r.id for r in rows.values()])
    assert links == {rows[("美团外卖", "refund")].id: rows[("美团外卖", "expense")].id}


def test_committing_twice_writes_nothing_twice(engine):
    preview = imports.preview(engine, OWNER, bill("wechat_2026-10.csv"), tz=TZ)
    first, created = imports.commit(engine, OWNER, preview["import_id"])
    again, created_again = imports.commit(engine, OWNER, preview["import_id"])
    assert (created, created_again) == (True, False)
    assert again == first
    assert len(stored(engine)) == 6


def test_importing_the_same_file_again_imports_nothing(engine):
    imports.commit(engine, OWNER, imports.preview(engine, OWNER, bill("alipay_2026-10.csv"), tz=TZ)["import_id"])
    before = stored(engine)
    again = imports.preview(engine, OWNER, bill("alipay_old_company.csv"), tz=TZ)
    assert (again["new"], again["duplicate"]) == (0, 9)
    assert {r["match"] for r in again["rows"]} == {"order_no"}
    result, _ = imports.commit(engine, OWNER, again["import_id"])
    assert result["imported"] == 0
    assert stored(engine) == before


def test_the_wechat_csv_then_its_xlsx_imports_once(engine):
    imports.commit(engine, OWNER, imports.preview(engine, OWNER, bill("wechat_2026-10.csv"), tz=TZ)["import_id"])
    again = imports.preview(engine, OWNER, bill("wechat_2026-10.xlsx"), tz=TZ)
    assert (again["new"], again["duplicate"]) == (0, 6)


def test_screenshot_records_are_found_by_order_number_then_amount_and_time(engine):
    by_order = add_record(
        engine,
        amount=Decimal("35.50"),
        occurred_at=datetime(2026, 10, 30, 12, 3),
        merchant="肯德基(国贸店)",
        platform="支付宝",
        order_no="2026103022001412340000000001",
    )
    by_time = add_record(
        engine, amount=Decimal("23.80"), occurred_at=datetime(2026, 10, 29, 9, 21), merchant="滴滴", platform="支付宝"
    )
    # Same amount, but a quarter of an hour away: another payment.
    add_record(engine, amount=Decimal("12.00"), occurred_at=datetime(2026, 10, 20, 8, 0, 1), platform="支付宝")
    # Same amount and minute on another platform: another payment.
    add_record(engine, amount=Decimal("128.00"), occurred_at=datetime(2026, 10, 28, 20, 30), platform="微信支付")
    preview = imports.preview(engine, OWNER, bill("alipay_2026-10.csv"), tz=TZ)
    duplicates = {r["line"]: (r["duplicate_of"], r["match"]) for r in preview["rows"] if r["status"] == "duplicate"}
    assert duplicates == {24: (by_order, "order_no"), 26: (by_time, "amount_time")}
    result, _ = imports.commit(engine, OWNER, preview["import_id"])
    assert (result["imported"], result["duplicate"]) == (7, 2)
    assert len(stored(engine)) == 4 + 7


def test_a_screenshot_confirmed_after_the_preview_is_not_imported_again(engine):
    preview = imports.preview(engine, OWNER, bill("wechat_2026-10.csv"), tz=TZ)
    add_record(engine, amount=Decimal("9.90"), occurred_at=datetime(2026, 10, 30, 8, 6), platform="微信支付")
    result, _ = imports.commit(engine, OWNER, preview["import_id"])
    assert (result["imported"], result["duplicate"]) == (5, 1)


def test_a_refund_in_a_later_file_links_to_the_purchase_imported_before(engine):
    header = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注"
    purchase = f"{header}\n2026-10-01 12:00:00,商户消费,美团外卖,午饭,支出,¥40.00,零钱,已退款(￥15.00),4201,MT9,/\n"
    refund = f"{header}\n2026-10-02 09:00:00,美团-退款,美团外卖,退款-午饭,收入,¥15.00,零钱,已退款,5031,MT9,/\n"
    ids = {}
    for text in (purchase, refund):
        preview = imports.preview(engine, OWNER, ("\ufeff" + text).encode("utf-8"), tz=TZ)
        ids[text] = imports.commit(engine, OWNER, preview["import_id"])[0]["record_ids"]
    (purchase_id,), (refund_id,) = ids.values()
    with engine.connect() as conn:
        assert refund_links(conn, OWNER, [refund_id]) == {refund_id: purchase_id}
    assert totals(engine) == {"expense": Decimal("40.00"), "refund": Decimal("15.00")}


def test_one_owner_cannot_commit_anothers_import(engine):

    preview = imports.preview(engine, OWNER, bill("wechat_2026-10.csv"), tz=TZ)
    with pytest.raises(NotFound):
        imports.commit(engine, "mallory", preview["import_id"])
    assert stored(engine, "mallory") == [] and stored(engine) == []


def test_duplicates_are_per_owner(engine):
    imports.commit(engine, OWNER, imports.preview(engine, OWNER, bill("wechat_2026-10.csv"), tz=TZ)["import_id"])
    other = imports.preview(engine, "bob", bill("wechat_2026-10.csv"), tz=TZ)
    assert (other["new"], other["duplicate"]) == (6, 0)


def test_learned_categories_apply_to_imported_rows(engine):
    with engine.begin() as conn:
        learning.learn(conn, OWNER, "瑞幸咖啡", "下午茶")
        learning.learn(conn, OWNER, "便利蜂(望京店)", "零食")
    preview = imports.preview(engine, OWNER, bill("wechat_2026-10.csv"), tz=TZ)
    categories = {r["merchant"]: r["category"] for r in preview["rows"]}
    assert categories["瑞幸咖啡"] == "下午茶"
    assert categories["便利蜂"] == "零食"  # taught through another branch of the brand
    assert categories["美团外卖"] == "餐饮"  # not taught: guessed


def test_an_import_never_files_rows_under_a_category_the_book_hides(engine):
    with engine.begin() as conn:
        learning.learn(conn, OWNER, "瑞幸咖啡", "娱乐")
    category_admin.update(engine, OWNER, "娱乐", {"hidden": True})
    category_admin.update(engine, OWNER, "餐饮", {"hidden": True})
    preview = imports.preview(engine, OWNER, bill("wechat_2026-10.csv"), tz=TZ)
    categories = {r["merchant"]: r["category"] for r in preview["rows"]}
    assert categories["瑞幸咖啡"] not in ("娱乐", "餐饮")  # the hidden rule is passed over, the guess gives way
    assert categories["美团外卖"] == "其他"
    assert not {"娱乐", "餐饮"} & set(categories.values())
    category_admin.update(engine, OWNER, "其他", {"hidden": True})
    again = imports.preview(engine, OWNER, bill("wechat_2026-10.csv"), tz=TZ)
    assert {r["merchant"]: r["category"] for r in again["rows"]}["美团外卖"] is None
    result, created = imports.commit(engine, OWNER, again["import_id"])
    assert created and result["imported"] == again["new"] > 0
    assert "美团外卖" in {r.merchant for r in stored(engine) if r.category is None}


def test_the_old_alipay_web_export_with_padded_columns_and_a_footer():
    data = bill("alipay_web_2016.csv")
    assert "交易号".encode("gbk") in data
    parsed = parse(data)
    assert parsed.format == "alipay"
    (row,) = parsed.rows
    assert (row.fields["amount"], row.fields["merchant"], row.fields["order_no"]) == (
        "45.60",
        "某某超市",
        "2016123121001004500212345678",
    )
    assert row.merchant_order_no == "T200P1234567890"
    assert [(s.line, s.code) for s in parsed.skipped] == [(7, "closed")]


def test_a_refund_without_its_purchase_is_filed_like_spending_not_income(engine):
    header = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注"
    text = f"{header}\n2026-10-02 09:00:00,美团-退款,美团外卖,退款-午饭,收入,¥15.00,零钱,已退款,5031,MT9,/\n"
    preview = imports.preview(engine, OWNER, text.encode("utf-8"), tz=TZ)
    assert [(r["direction"], r["category"]) for r in preview["rows"]] == [("refund", "餐饮")]


def test_an_xlsx_that_unpacks_to_far_more_than_a_bill_is_refused():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<row/>" * (12 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 1024 * 1024
    with pytest.raises(BillFormatError) as caught:
        parse(data)
    assert caught.value.code == "too_many_rows"


@pytest.mark.parametrize("data", [b"XA\xc3\xa4\xc2\x9d\x19\r0", b'"never closed', b"a,b\rc\x00d"])
def test_garbage_bytes_are_an_unknown_format_not_a_crash(data):

    with pytest.raises(BillFormatError):
        parse(data, "bill.csv")
