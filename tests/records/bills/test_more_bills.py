"""JD, Meituan, China Merchants Bank credit card and ICBC debit card bills: detection, rows, skips with reasons,
refund links, importing twice, and a bank row that is the same payment as an Alipay or WeChat Pay row."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from records.bills import imports
from records.bills.table import decode, parse
from tests.records.bills.test_imports import OWNER, TZ, add_record, bill, refund_links, stored, totals


def commit(engine, name: str | bytes) -> dict:
    data = bill(name) if isinstance(name, str) else name
    return imports.commit(engine, OWNER, imports.preview(engine, OWNER, data, tz=TZ)["import_id"])[0]


def by_key(engine) -> dict:
    return {(r.merchant, r.direction, r.amount): r for r in stored(engine)}


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("jd_2026-10.csv", "jd"),
        ("meituan_2026-10.csv", "meituan"),
        ("cmb_credit_2026-10.csv", "cmb"),
        ("icbc_debit_2026-10.csv", "icbc"),
    ],
)
def test_the_new_formats_are_told_by_their_columns(name, kind):
    assert parse(bill(name)).format == kind
    # A longer preamble moves the header down; the format is still found by its columns.
    moved = "\ufeff说明：本文件由用户下载\n\n" + decode(bill(name))
    assert parse(moved.encode("utf-8")).format == kind


# ---------------------------------------------------------------- JD


def test_jd_preview_skips_the_closed_trade_and_reads_the_rest(engine):
    result = imports.preview(engine, OWNER, bill("jd_2026-10.csv"), tz=TZ)
    assert (result["format"], result["new"], result["duplicate"]) == ("jd", 9, 0)
    assert [(s["line"], s["code"]) for s in result["skipped"]] == [(28, "closed")]
    assert result["skipped"][0]["reason"] == "交易关闭或未成功（交易关闭），没有发生资金变动"


def test_jd_commit_files_baitiao_refunds_and_neutral_rows(engine):
    result = commit(engine, "jd_2026-10.csv")
    assert result["imported"] == 9
    assert totals(engine) == {
        "expense": Decimal("810.10"),  # 149 + 99 (its 30 back is a refund) + 53 + 293.10 + 216
        "refund": Decimal("323.10"),
        "income": Decimal("0.05"),
        "transfer": Decimal("500.00"),  # 不计收支: a 白条 repayment, not spending
    }
    rows = by_key(engine)
    assert {r.source for r in rows.values()} == {"import:jd"}
    coconut = rows[("京东平台商户", "expense", Decimal("99.00"))]
    assert (coconut.platform, coconut.payment_method, coconut.order_no) == ("京东", "京东白条", "300000000002")
    assert coconut.occurred_at == datetime(2026, 10, 28, 10, 0)
    assert coconut.memo == "椰子水 1L*6支 · 已退款 30.00"
    assert rows[("京东金融", "transfer", Decimal("500.00"))].memo == "白条主动还款"
    with engine.connect() as conn:
        links = refund_links(conn, OWNER, [r.id for r in rows.values()])
    partial = rows[("京东平台商户", "refund", Decimal("30.00"))]
    whole = rows[("京东平台商户", "refund", Decimal("293.10"))]
    assert links == {partial.id: coconut.id, whole.id: rows[("京东平台商户", "expense", Decimal("293.10"))].id}
    assert partial.category == coconut.category


def test_jd_the_same_file_again_imports_nothing(engine):
    commit(engine, "jd_2026-10.csv")
    before = stored(engine)
    again = imports.preview(engine, OWNER, bill("jd_2026-10.csv"), tz=TZ)
    assert (again["new"], again["duplicate"]) == (0, 9)
    assert imports.commit(engine, OWNER, again["import_id"])[0]["imported"] == 0
    assert stored(engine) == before


def test_jd_refund_in_a_later_file_links_to_the_purchase_imported_before(engine):
    text = bill("jd_2026-10.csv").decode("utf-8-sig")
    lines = text.splitlines()
    refund = next(i for i, line in enumerate(lines) if line.startswith("2026-10-29 09:00:00"))
    commit(engine, ("\n".join(lines[:refund] + lines[refund + 1 :]) + "\n").encode("utf-8"))
    result = commit(engine, "jd_2026-10.csv")
    assert result["imported"] == 1
    rows = by_key(engine)
    with engine.connect() as conn:
        links = refund_links(conn, OWNER, result["record_ids"])
    assert links == {result["record_ids"][0]: rows[("京东平台商户", "expense", Decimal("99.00"))].id}


# ---------------------------------------------------------------- Meituan


def test_meituan_takes_the_paid_amount_and_links_the_partial_refund(engine):
    preview = imports.preview(engine, OWNER, bill("meituan_2026-10.csv"), tz=TZ)
    assert (preview["format"], preview["new"]) == ("meituan", 4)
    assert [(s["line"], s["code"]) for s in preview["skipped"]] == [(25, "invalid")]  # ¥0.00 moved nothing
    imports.commit(engine, OWNER, preview["import_id"])
    assert totals(engine) == {"expense": Decimal("108.60"), "refund": Decimal("20.00"), "transfer": Decimal("300.00")}
    rows = by_key(engine)
    dumplings = rows[("袁记云饺", "expense", Decimal("63.60"))]  # 实付金额, not the 订单金额 73.60
    assert (dumplings.platform, dumplings.payment_method) == ("美团", "美团月付")
    assert dumplings.memo == "袁记云饺-袁记云饺代金券 · 订单金额 73.60"
    assert dumplings.occurred_at == datetime(2026, 10, 30, 18, 20, 8)  # 交易成功时间
    assert rows[("美团月付", "transfer", Decimal("300.00"))].payment_method == "招商银行储蓄卡(1234)"
    with engine.connect() as conn:
        links = refund_links(conn, OWNER, [r.id for r in rows.values()])
    assert links == {rows[("肯德基", "refund", Decimal("20.00"))].id: rows[("肯德基", "expense", Decimal("45.00"))].id}


def test_meituan_the_same_file_again_imports_nothing(engine):
    commit(engine, "meituan_2026-10.csv")
    again = imports.preview(engine, OWNER, bill("meituan_2026-10.csv"), tz=TZ)
    assert (again["new"], again["duplicate"]) == (0, 4)


# ---------------------------------------------------------------- China Merchants Bank credit card


def test_cmb_rows_take_the_statements_year_and_repayments_are_transfers(engine):
    commit(engine, "cmb_credit_2026-10.csv")
    assert totals(engine) == {
        "expense": Decimal("200.80"),
        "refund": Decimal("32.00"),
        "income": Decimal("5.00"),
        "transfer": Decimal("1200.00"),
    }
    rows = by_key(engine)
    repayment = rows[("掌上生活还款", "transfer", Decimal("1200.00"))]
    assert repayment.occurred_at == datetime(2026, 9, 28, 12, 0)  # only a 记账日: the statement's year
    didi = rows[("滴滴出行", "expense", Decimal("23.80"))]
    assert (didi.platform, didi.payment_method, didi.memo) == ("支付宝", "招商银行信用卡(6789)", "支付宝-滴滴出行")
    assert rows[("中国移动", "expense", Decimal("100.00"))].platform is None
    assert {r.source for r in rows.values()} == {"import:cmb"}


def test_cmb_december_rows_of_a_january_statement_are_last_year():
    data = "招商银行信用卡对账单（个人消费卡账户 2027年01月）\n"
    data += "交易日,记账日,交易摘要,人民币金额,卡号末四位,交易地金额\n"
    data += "12/30,12/31,中国移动,50.00,6789,50.00(CN)\n01/02,01/03,星巴克,30.00,6789,30.00(CN)\n"
    rows = parse(data.encode("utf-8")).rows
    assert [r.fields["occurred_at"] for r in rows] == ["2026-12-30T12:00:00", "2027-01-02T12:00:00"]


def test_cmb_without_the_statement_month_says_which_dates_it_cannot_read():
    data = "交易日,记账日,交易摘要,人民币金额,卡号末四位,交易地金额\n12/30,12/31,中国移动,50.00,6789,50.00(CN)\n"
    result = parse(data.encode("utf-8"))
    assert result.rows == [] and [(s.line, s.code) for s in result.skipped] == [(2, "bad_time")]


def test_a_cmb_row_and_its_alipay_and_wechat_rows_are_one_payment(engine):
    commit(engine, "alipay_2026-10.csv")
    commit(engine, "wechat_2026-10.csv")
    count = len(stored(engine))
    preview = imports.preview(engine, OWNER, bill("cmb_credit_2026-10.csv"), tz=TZ)
    assert (preview["new"], preview["duplicate"]) == (4, 3)
    matched = {(r["merchant"], r["direction"]): r["match"] for r in preview["rows"] if r["status"] == "duplicate"}
    assert matched == {
        ("滴滴出行", "expense"): "wallet_day",
        ("美团外卖", "expense"): "wallet_day",
        ("美团外卖", "refund"): "wallet_day",
    }
    result, _ = imports.commit(engine, OWNER, preview["import_id"])
    assert result["imported"] == 4
    assert len(stored(engine)) == count + 4
    assert [r.source for r in stored(engine) if r.amount == Decimal("23.80")] == ["import:alipay"]


def test_an_alipay_row_after_its_cmb_row_is_not_a_second_record(engine):
    commit(engine, "cmb_credit_2026-10.csv")
    preview = imports.preview(engine, OWNER, bill("alipay_2026-10.csv"), tz=TZ)
    didi = next(r for r in preview["rows"] if r["merchant"] == "滴滴出行")
    assert (didi["status"], didi["match"]) == ("duplicate", "wallet_day")
    assert (preview["new"], preview["duplicate"]) == (8, 1)


def test_a_bank_row_matches_a_wallet_row_only_within_a_day_and_only_naming_that_wallet(engine):
    # The same amounts as two CMB rows, but a WeChat row two days off and an Alipay row for a row naming no wallet.
    add_record(engine, amount=Decimal("32.00"), occurred_at=datetime(2026, 10, 27, 4, 0), platform="微信支付",
               source="import:wechat", merchant="美团外卖")  # fmt: skip
    add_record(engine, amount=Decimal("45.00"), occurred_at=datetime(2026, 10, 20, 14, 0), platform="支付宝",
               source="import:alipay", merchant="星巴克")  # fmt: skip
    preview = imports.preview(engine, OWNER, bill("cmb_credit_2026-10.csv"), tz=TZ)
    assert (preview["new"], preview["duplicate"]) == (7, 0)


def test_a_wallet_row_paid_with_huabei_or_another_card_is_not_the_card_statements_row(engine):
    add_record(engine, amount=Decimal("23.80"), occurred_at=datetime(2026, 10, 29, 9, 15), platform="支付宝",
               source="import:alipay", merchant="滴滴出行", payment_method="花呗")  # fmt: skip
    add_record(engine, amount=Decimal("32.00"), occurred_at=datetime(2026, 10, 29, 12, 30), platform="微信支付",
               source="import:wechat", merchant="美团外卖", payment_method="建设银行储蓄卡(1111)")  # fmt: skip
    preview = imports.preview(engine, OWNER, bill("cmb_credit_2026-10.csv"), tz=TZ)
    assert (preview["new"], preview["duplicate"]) == (7, 0)


def test_cmb_the_same_file_again_imports_nothing(engine):
    commit(engine, "cmb_credit_2026-10.csv")
    again = imports.preview(engine, OWNER, bill("cmb_credit_2026-10.csv"), tz=TZ)
    assert (again["new"], again["duplicate"]) == (0, 7)


# ---------------------------------------------------------------- ICBC debit card


def test_icbc_reads_money_in_and_out_and_stops_at_the_totals(engine):
    preview = imports.preview(engine, OWNER, bill("icbc_debit_2026-10.csv"), tz=TZ)
    assert (preview["format"], preview["new"], preview["skipped"]) == ("icbc", 6, [])
    imports.commit(engine, OWNER, preview["import_id"])
    assert totals(engine) == {
        "expense": Decimal("81.30"),
        "income": Decimal("8000.00"),
        "refund": Decimal("12.00"),
        "transfer": Decimal("1700.00"),  # the credit card's 自动还款 and a 网转 to another person
    }
    rows = by_key(engine)
    eleme = rows[("饿了么", "expense", Decimal("25.00"))]
    assert (eleme.platform, eleme.payment_method) == ("支付宝", "工商银行借记卡(4321)")
    assert eleme.occurred_at == datetime(2026, 10, 30, 12, 0)
    assert rows[("王五", "transfer", Decimal("500.00"))].memo == "网转 · 手机银行"
    assert rows[("京东", "refund", Decimal("12.00"))].platform == "微信支付"


def test_an_icbc_row_and_its_alipay_row_are_one_record(engine):
    alipay = add_record(engine, amount=Decimal("25.00"), occurred_at=datetime(2026, 10, 29, 23, 40), platform="支付宝",
                        source="import:alipay", merchant="饿了么", payment_method="工商银行借记卡(4321)")  # fmt: skip
    preview = imports.preview(engine, OWNER, bill("icbc_debit_2026-10.csv"), tz=TZ)
    eleme = next(r for r in preview["rows"] if r["merchant"] == "饿了么")
    assert (eleme["status"], eleme["duplicate_of"], eleme["match"]) == ("duplicate", alipay, "wallet_day")
    imports.commit(engine, OWNER, preview["import_id"])
    assert [r.id for r in stored(engine) if r.amount == Decimal("25.00")] == [alipay]
    again = imports.preview(engine, OWNER, bill("icbc_debit_2026-10.csv"), tz=TZ)
    assert (again["new"], again["duplicate"]) == (0, 6)


def test_jd_columns_in_the_other_order_read_the_same():
    header = "交易时间,商户名称,交易说明,金额,收/付款方式,交易状态,收/支,交易分类,交易订单号,商家订单号,备注"
    row = "2026-10-28 10:00:00\t,京东平台商户,椰子水,99.00(已退款30.00),京东白条,交易成功,支出,食品酒饮,3000002\t,1,"
    result = parse(f"\ufeff导出信息：\n{header}\n{row}\n".encode())
    assert result.format == "jd"
    (only,) = result.rows
    values = only.fields
    assert (values["amount"], values["direction"], values["payment_method"]) == ("99.00", "expense", "京东白条")
    assert values["memo"] == "椰子水 · 已退款 30.00"


ICBC_V1 = [
    "明细查询文件下载",
    "",
    '卡号: 1234****9876,"卡别名: "',
    "",
    "交易日期,摘要,交易场所,交易国家或地区简称,钞/汇,交易金额(收入),交易金额(支出),交易币种,"
    "记账金额(收入),记账金额(支出),记账币种,余额,对方户名",
    '2023-05-02     \t,"消费   \t","广东三元麦当劳食品有   \t",CHN\t,钞\t,-\t,-\t,-\t,"   \t","13.40   \t",'
    '人民币\t,"1,000.00\t","深圳市财付通支付科技有限公司   \t",',
    " ",
    '合计金额,,,,,,,,,"13.40\t",',  # the older files' totals row
]


def test_the_older_icbc_layout_without_details_and_account_columns():
    result = parse(("\n".join(ICBC_V1) + "\n").encode())
    assert result.format == "icbc" and result.skipped == []
    (only,) = result.rows
    values = only.fields
    assert (values["merchant"], values["platform"], values["amount"]) == ("广东三元麦当劳食品有", "微信支付", "13.40")
    assert (values["direction"], values["payment_method"]) == ("expense", "工商银行借记卡(9876)")
