"""The e-invoice routes: a record's invoice file, its 报销 mark, the list filter and the invoices zip of a period."""

from __future__ import annotations

import csv
import io
import json
import urllib.request
import zipfile

import pytest

from records import drafts
from records.db import get_engine
from tests.fixtures.einvoices import pdf

NUMBER = "26312000000123456789"
# The invoice the routes are given: a company's, so its buyer and the buyer's tax ID are printed.
BUYER = {"buyer": "上海云杉信息科技有限公司", "buyer_tax_id": "91310115MA1H7A2B5Q"}
INVOICE = {
    "number": NUMBER,
    "reimbursement": None,
    "kind": "digital_normal",
    "buyer": "上海云杉信息科技有限公司",
    "buyer_tax_id": "91310115MA1H7A2B5Q",
    "tax": "6.79",
    "credit_note": False,
    "reverses": None,
}


def mark(call, record_id, stage, **kwargs):
    """PATCH a record's 报销 mark; answers (status, body)."""
    body = {"reimbursement": stage}
    return call("update_record_invoice", "PATCH", body=body, route_params={"id": str(record_id)}, **kwargs)


@pytest.fixture
def invoiced(call, app_env):
    """A confirmed PDF e-invoice uploaded through the routes; answers its record."""
    return upload_invoice(call, app_env, pdf(**BUYER))


def upload_invoice(call, app_env, data, filename="发票.pdf", content_type="application/pdf", *, check=None):
    """Upload an e-invoice through the routes, let the blob trigger read it and confirm it as read; `check` sees
    the draft first. Answers the record."""
    body = {"filename": filename, "content_type": content_type, "size": len(data)}
    status, started = call("create_upload", "POST", body=body)
    assert status == 201
    put = urllib.request.Request(started["upload_url"], data=data, method="PUT", headers=started["headers"])
    assert urllib.request.urlopen(put).status == 201
    draft_id = started["draft_id"]
    blob = started["upload_url"].split("/uploads/", 1)[1].split("?", 1)[0]
    assert drafts.on_blob(get_engine(), app_env, blob).startswith("ready")
    status, draft = call("get_draft", route_params={"id": draft_id})
    if check:
        check(draft)
    items = [{"fields": item["fields"]} for item in draft["items"]]
    status, saved = call("confirm_draft", "POST", body={"items": items}, route_params={"id": draft_id})
    assert status == 201
    (record,) = saved["records"]
    return record


def test_the_invoice_file_opens_from_its_record(call, invoiced):
    assert invoiced["invoice"] == INVOICE
    status, opened = call("get_record_invoice", route_params={"id": str(invoiced["id"])})
    assert status == 200 and opened["number"] == NUMBER and opened["tax"] == "6.79"
    assert call("get_record", route_params={"id": str(invoiced["id"])})[1]["invoice"] == INVOICE
    with urllib.request.urlopen(opened["url"]) as response:
        assert response.read() == pdf(**BUYER)


def test_the_same_invoice_again_is_refused_in_the_persons_language(call, app_env, invoiced):
    data = pdf()
    body = {"filename": "发票副本.pdf", "content_type": "application/pdf", "size": len(data)}
    _, started = call("create_upload", "POST", body=body)
    put = urllib.request.Request(started["upload_url"], data=data, method="PUT", headers=started["headers"])
    urllib.request.urlopen(put)
    blob = started["upload_url"].split("/uploads/", 1)[1].split("?", 1)[0]
    drafts.on_blob(get_engine(), app_env, blob)
    _, draft = call("get_draft", route_params={"id": started["draft_id"]})
    assert draft["items"][0]["duplicates"][0]["reason"] == "invoice_no"
    items = [{"fields": draft["items"][0]["fields"]}]
    status, refused = call("confirm_draft", "POST", body={"items": items}, route_params={"id": started["draft_id"]})
    assert status == 409 and refused["error"]["code"] == "invoice_recorded"
    assert NUMBER in refused["error"]["message"] and "已经记在" in refused["error"]["message"]
    assert len(call("list_records")[1]["records"]) == 1


def test_a_record_without_invoice_has_none_to_open(call, app_env):
    body = {"amount": "9.90", "occurred_at": "2026-11-03T08:00:00+08:00", "merchant": "全家"}
    _, record = call("create_record", "POST", "/api/records", body=body)
    assert record["invoice"] is None
    assert call("get_record_invoice", route_params={"id": str(record["id"])})[0] == 404
    assert mark(call, record["id"], "submitted")[0] == 404


def test_reimbursement_marks_filter_the_list(call, invoiced):
    rid = str(invoiced["id"])
    status, marked = mark(call, rid, "submitted")
    assert status == 200 and marked == {**INVOICE, "reimbursement": "submitted"}
    assert [r["id"] for r in call("list_records", params={"invoice": "submitted"})[1]["records"]] == [invoiced["id"]]
    assert call("list_records", params={"invoice": "reimbursed"})[1]["records"] == []


@pytest.mark.parametrize(("lang", "words"), [("zh", "报销状态"), ("en", "reimbursement")])
def test_a_bad_mark_is_a_clear_error_and_changes_nothing(call, invoiced, lang, words):
    rid = str(invoiced["id"])
    status, body = mark(call, rid, "paid", lang=lang)
    assert status == 400 and body["error"]["code"] == "bad_reimbursement"
    assert words in body["error"]["message"]
    assert call("get_record", route_params={"id": rid})[1]["invoice"]["reimbursement"] is None


def test_an_unknown_invoice_filter_is_400(call, app_env):
    status, body = call("list_records", params={"invoice": "maybe"})
    assert status == 400 and body["error"]["code"] == "bad_invoice_filter"


def test_the_invoices_of_a_period_download_as_one_zip(respond, call, invoiced):
    mark(call, invoiced["id"], "reimbursable")
    response = respond("export_invoices", params={"from": "2026-11-01", "to": "2026-11-30"})
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/zip"
    package = zipfile.ZipFile(io.BytesIO(response.get_body()))
    listing = package.read("发票清单.csv").decode("utf-8-sig")
    (head, row) = list(csv.reader(io.StringIO(listing)))
    named = dict(zip(head, row, strict=True))
    assert head[0] == "发票号码" and row[:3] == [NUMBER, "2026-11-03", "上海星巴克咖啡经营有限公司"]
    assert (named["购买方"], named["购买方纳税人识别号"]) == ("上海云杉信息科技有限公司", "91310115MA1H7A2B5Q")
    assert (named["金额"], named["税额"], named["红字冲销发票号码"]) == ("120.00", "6.79", "")
    assert named["报销状态"] == "可报销"
    assert package.read(row[-1]) == pdf(**BUYER)

    empty = respond("export_invoices", params={"from": "2026-10-01", "to": "2026-10-31"})
    assert zipfile.ZipFile(io.BytesIO(empty.get_body())).namelist() == ["发票清单.csv"]


def test_the_beancount_export_carries_the_invoice_number_and_passes_bean_check(respond, call, invoiced, tmp_path):
    from tests.records.bills.test_beancount import check

    body = {"amount": "9.90", "occurred_at": "2026-11-04T08:00:00+08:00", "merchant": "全家", "category": "餐饮"}
    call("create_record", "POST", "/api/records", body=body)
    response = respond("export_records", params={"format": "beancount"})
    entries = [e for e in check(response.get_body().decode("utf-8"), tmp_path) if type(e).__name__ == "Transaction"]
    numbers = {e.meta["record_id"]: e.meta.get("invoice_no") for e in entries}
    assert numbers == {str(invoiced["id"]): NUMBER, str(invoiced["id"] + 1): None}
    (invoice,) = [e for e in entries if e.meta.get("invoice_no")]
    assert (invoice.meta["invoice_buyer"], invoice.meta["invoice_tax"]) == ("上海云杉信息科技有限公司", "6.79")
    assert invoice.meta["invoice_buyer_tax_id"] == "91310115MA1H7A2B5Q"


def test_a_red_credit_note_goes_through_the_routes_as_a_refund_of_the_invoice_it_reverses(
    respond, call, app_env, invoiced, tmp_path
):
    from tests.fixtures.einvoices import xml
    from tests.records.bills.test_beancount import check

    def review(draft):
        (item,) = draft["items"]
        assert item["fields"]["direction"] == "refund" and item["fields"]["amount"] == "120.00"
        assert item["invoice"]["credit_note"] is True and item["invoice"]["reverses"] == NUMBER

    red_number = "26312000000123409999"
    data = xml(invoice_no=red_number, credit_of=NUMBER, **BUYER)
    record = upload_invoice(call, app_env, data, "红字发票.xml", "application/xml", check=review)

    assert (record["direction"], record["amount"]) == ("refund", "120.00")
    assert record["invoice"] == {**INVOICE, "number": red_number, "credit_note": True, "reverses": NUMBER}
    response = respond("export_records", params={"format": "beancount"})
    entries = [e for e in check(response.get_body().decode("utf-8"), tmp_path) if type(e).__name__ == "Transaction"]
    (red,) = [e for e in entries if e.meta.get("invoice_no") == red_number]
    assert red.meta["invoice_reverses"] == NUMBER
    (blue,) = [e for e in entries if e.meta.get("invoice_no") == NUMBER]
    assert red.links == blue.links == {f"sl-{invoiced['id']}"}  # the refund is linked to the invoice it cancels


BILL_FILES = (
    "jd_2026-10.csv",
    "meituan_2026-10.csv",
    "cmb_credit_2026-10.csv",
    "icbc_debit_2026-10.csv",
    "alipay_2026-10.csv",
    "wechat_2026-10.csv",
)


def test_a_ledger_of_every_bill_format_refunds_transfers_and_an_invoice_passes_bean_check(
    respond, call, invoiced, tmp_path
):
    from decimal import Decimal

    from tests.handlers.test_bills import upload
    from tests.records.bills.test_beancount import check

    for name in BILL_FILES:
        preview = json.loads(upload(respond, name).get_body())
        assert respond("commit_import", "POST", route_params={"import_id": preview["import_id"]}).status_code == 201
    records = call("list_records", params={"limit": "200"})[1]["records"]
    assert {"refund", "transfer", "income", "expense"} <= {r["direction"] for r in records}
    assert {r["source"] for r in records} >= {f"import:{kind}" for kind in ("jd", "meituan", "cmb", "icbc")}

    response = respond("export_records", params={"format": "beancount"})
    entries = [e for e in check(response.get_body().decode("utf-8"), tmp_path) if type(e).__name__ == "Transaction"]

    assert len(entries) == len(records)  # every record, none twice (a bank row and its wallet row are one)
    assert {e.meta.get("invoice_no") for e in entries} >= {NUMBER}
    for entry in entries:  # balanced to the cent, every amount two decimals
        assert sum(p.units.number for p in entry.postings) == Decimal("0")
        assert all(p.units.number.as_tuple().exponent == -2 for p in entry.postings)


def test_the_invoices_zip_speaks_the_pages_language(respond, invoiced):
    response = respond("export_invoices", params={"lang": "en"})
    package = zipfile.ZipFile(io.BytesIO(response.get_body()))
    head = next(csv.reader(io.StringIO(package.read("invoices.csv").decode("utf-8-sig"))))
    assert head[0] == "invoice_no" and "reimbursement" in head


@pytest.mark.parametrize(
    ("params", "code"), [({"invoice": "none"}, "bad_invoice_filter"), ({"from": "2026-13-01"}, None)]
)
def test_a_bad_invoices_zip_request_is_a_clear_400(call, app_env, params, code):
    status, body = call("export_invoices", params=params)
    assert status == 400 and body["error"]["message"]
    assert code is None or body["error"]["code"] == code


def test_the_openapi_document_describes_every_invoice_fact_a_record_shows(call, invoiced):
    _, spec = call("openapi")
    record = spec["components"]["schemas"]["Record"]["properties"]["invoice"]
    assert set(invoiced["invoice"]) == set(record["properties"])
    assert record["properties"]["tax"]["pattern"] == r"^\d+\.\d{2}$"
