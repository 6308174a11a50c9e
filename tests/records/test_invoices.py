"""E-invoices through drafts into records, read by the real offline recognizer from files the tests write: one
invoice is one invoice (its number is the key), and an invoice and its payment end as one record."""

import dataclasses
import io
import os
import urllib.error
import urllib.request
from datetime import date, timedelta

import pytest
from PIL import Image

from records import cleanup, drafts, invoices, ledger, storage
from records.dates import utcnow
from records.errors import BadRequest, InvoiceRecorded, NotFound, message
from records.reports import stats
from tests.fixtures.einvoices import ofd, pdf, xml
from tests.records.test_drafts import ITEM, reads, upload

NUMBER = "26312000000123456789"
TYPES = {"pdf": "application/pdf", "ofd": "application/ofd", "xml": "application/xml"}
MAKERS = {"pdf": pdf, "ofd": ofd, "xml": xml}
# The payment screenshot of the purchase the default test invoice is for (上海星巴克咖啡经营有限公司, 120.00, 11-03).
PAYMENT = {**ITEM, "amount": "120.00", "merchant": "星巴克", "occurred_at": "2026-11-03T09:41:00+08:00"}


@pytest.fixture
def settings(db_settings, azurite):
    storage.reset_service()
    from devhost.azurite import provision

    provision(azurite.connection, "uploads", ["http://localhost:7071"])
    yield dataclasses.replace(db_settings, storage_connection=azurite.connection, uploads_container="uploads")
    storage.reset_service()


def invoice_draft(engine, settings, kind="pdf", owner="alice", **fields) -> dict:
    """Upload an e-invoice file and let the blob trigger read it; the draft as the page sees it."""
    data = MAKERS[kind](**fields)
    started = upload(engine, settings, owner, data, filename=f"发票.{kind}", content_type=TYPES[kind])
    name = f"{owner}/{started['draft_id']}.{kind}"
    assert drafts.on_blob(engine, settings, name).startswith("ready")
    return drafts.get(engine, settings, owner, started["draft_id"])


def payment_draft(engine, settings, item=PAYMENT, owner="alice") -> dict:
    started = upload(engine, settings, owner)
    drafts.on_blob(engine, settings, f"{owner}/{started['draft_id']}.png", recognize_fn=reads(item))
    return drafts.get(engine, settings, owner, started["draft_id"])


def confirm(engine, settings, draft, owner="alice", **extra):
    items = [{"fields": item["fields"], **extra} for item in draft["items"]]
    return drafts.confirm(engine, settings, owner, draft["id"], {"items": items})


def spent(engine, owner="alice") -> str:
    """November's net spending as the 统计 screen shows it."""
    result = stats.stats(engine, owner, date(2026, 11, 1), date(2026, 11, 30), today=date(2026, 11, 30))
    return result["totals"]["expense"]


@pytest.mark.parametrize("kind", ["pdf", "ofd", "xml"])
def test_an_e_invoice_becomes_a_record_carrying_its_number(engine, settings, kind):
    draft = invoice_draft(engine, settings, kind)
    assert draft["items"][0]["duplicates"] == [] and draft["items"][0]["attach_to"] is None

    (record,), created = confirm(engine, settings, draft)

    assert created
    assert (record["amount"], record["source"]) == ("120.00", "invoice")
    assert record["merchant"] == "上海星巴克咖啡经营有限公司"
    # The kind stays with the record: the PDF and OFD print 电子发票（普通发票）, the XML labels it 02 普通发票.
    which = "digital_normal"
    assert record["invoice"] == {
        "number": NUMBER,
        "reimbursement": None,
        "kind": which,
        "buyer": "个人",
        "buyer_tax_id": None,
        "tax": "6.79",
        "credit_note": False,
        "reverses": None,
    }
    assert ledger.get(engine, "alice", record["id"])["invoice"]["number"] == NUMBER
    assert invoices.file_of(engine, settings, "alice", record["id"])["kind"] == which


COMPANY = {"buyer": "上海云杉信息科技有限公司", "buyer_tax_id": "91310115MA1H7A2B5Q"}


@pytest.mark.parametrize("kind", ["pdf", "ofd", "xml"])
def test_an_invoices_buyer_and_tax_stay_on_its_record_through_a_reimbursement_mark(engine, settings, kind):
    draft = invoice_draft(engine, settings, kind, amount="856.00", **COMPANY)
    assert draft["items"][0]["invoice"]["tax"] == "48.45"  # what the review shows

    (record,), _ = confirm(engine, settings, draft)
    expected = {"buyer": "上海云杉信息科技有限公司", "buyer_tax_id": "91310115MA1H7A2B5Q", "tax": "48.45"}
    assert {k: record["invoice"][k] for k in expected} == expected

    marked = invoices.set_stage(engine, "alice", record["id"], {"reimbursement": "submitted"})
    assert marked["reimbursement"] == "submitted" and marked["tax"] == "48.45"  # the panel keeps every fact
    again = ledger.get(engine, "alice", record["id"])["invoice"]
    assert {k: again[k] for k in expected} == expected
    assert invoices.file_of(engine, settings, "alice", record["id"])["buyer_tax_id"] == "91310115MA1H7A2B5Q"


@pytest.mark.parametrize("kind", ["pdf", "ofd", "xml"])
def test_a_red_credit_note_is_recorded_as_a_refund_of_the_invoice_it_reverses(engine, settings, kind):
    (blue,), _ = confirm(engine, settings, invoice_draft(engine, settings, "pdf"))
    assert spent(engine) == "120.00"

    red = invoice_draft(engine, settings, kind, invoice_no="26312000000123409999", credit_of=NUMBER)
    (item,) = red["items"]
    assert item["fields"]["direction"] == "refund" and item["fields"]["amount"] == "120.00"
    assert item["invoice"]["reverses"] == NUMBER
    assert item["duplicates"] == [] and item["attach_to"] is None  # its own invoice, joining no payment

    (record,), _ = confirm(engine, settings, red)
    assert (record["direction"], record["amount"]) == ("refund", "120.00")
    assert record["invoice"]["credit_note"] is True and record["invoice"]["reverses"] == NUMBER
    assert spent(engine) == "0.00"  # the credit note cancels the invoice instead of adding to the spending
    assert len(ledger.list_records(engine, "alice", {})["records"]) == 2


def test_a_draft_keeps_only_well_formed_invoice_facts():
    facts = invoices.checked(
        {"number": NUMBER, "format": "xml", "buyer": " ", "buyer_tax_id": "not an id", "tax": "6.7"}
        | {"credit_note": "yes", "reverses": NUMBER}
    )
    assert facts == {"number": NUMBER, "format": "xml"}


@pytest.mark.parametrize(("first", "second"), [("pdf", "ofd"), ("ofd", "xml"), ("xml", "pdf")])
def test_the_same_invoice_in_another_format_is_a_duplicate_and_is_never_recorded_twice(engine, settings, first, second):
    (record,), _ = confirm(engine, settings, invoice_draft(engine, settings, first))

    again = invoice_draft(engine, settings, second)
    (warning,) = again["items"][0]["duplicates"]
    assert (warning["id"], warning["reason"]) == (record["id"], "invoice_no")

    with pytest.raises(InvoiceRecorded) as refused:
        confirm(engine, settings, again)
    assert NUMBER in message(refused.value.code, "zh", **refused.value.params)
    assert drafts.get(engine, settings, "alice", again["id"])["status"] == "ready"  # nothing changed
    assert len(ledger.list_records(engine, "alice", {})["records"]) == 1


def test_another_invoice_of_the_same_seller_and_amount_is_not_a_duplicate(engine, settings):
    confirm(engine, settings, invoice_draft(engine, settings, "pdf"))
    other = invoice_draft(engine, settings, "ofd", invoice_no="26312000000999999999", date="2026-11-20")
    assert other["items"][0]["duplicates"] == []
    confirm(engine, settings, other)
    assert len(ledger.list_records(engine, "alice", {})["records"]) == 2


def test_an_invoice_after_its_payment_is_attached_to_the_payment_record(engine, settings):
    (payment,), _ = confirm(engine, settings, payment_draft(engine, settings))

    draft = invoice_draft(engine, settings, "pdf")
    assert draft["items"][0]["attach_to"]["id"] == payment["id"]
    assert draft["items"][0]["duplicates"] == []
    (record,), created = confirm(engine, settings, draft)
    again, created_again = confirm(engine, settings, draft)

    assert created and not created_again and again == [record]
    assert record["id"] == payment["id"]
    assert (record["merchant"], record["platform"], record["source"]) == ("星巴克", "微信支付", "screenshot")
    assert record["invoice"]["number"] == NUMBER
    assert len(ledger.list_records(engine, "alice", {})["records"]) == 1
    assert spent(engine) == "120.00"


def test_a_payment_after_its_invoice_takes_over_the_invoice_record(engine, settings):
    (made,), _ = confirm(engine, settings, invoice_draft(engine, settings, "xml"))

    draft = payment_draft(engine, settings)
    assert draft["items"][0]["attach_to"]["invoice_no"] == NUMBER
    (record,), _ = confirm(engine, settings, draft)

    assert record["id"] == made["id"]
    assert (record["merchant"], record["source"]) == ("星巴克", "screenshot")
    assert record["payment_method"] == ITEM["payment_method"]
    assert record["occurred_at"] == PAYMENT["occurred_at"]
    assert record["invoice"]["number"] == NUMBER
    assert len(ledger.list_records(engine, "alice", {})["records"]) == 1
    assert spent(engine) == "120.00"


@pytest.mark.parametrize(
    "payment",
    [
        {**PAYMENT, "amount": "121.00"},
        {**PAYMENT, "occurred_at": "2026-10-20T09:41:00+08:00"},
        {**PAYMENT, "merchant": "瑞幸咖啡"},
        {**PAYMENT, "direction": "income"},
    ],
    ids=["other-amount", "weeks-apart", "other-merchant", "income"],
)
def test_a_payment_of_another_purchase_stays_apart_from_the_invoice(engine, settings, payment):
    confirm(engine, settings, payment_draft(engine, settings, payment))
    draft = invoice_draft(engine, settings, "pdf")
    assert draft["items"][0]["attach_to"] is None
    confirm(engine, settings, draft)
    assert len(ledger.list_records(engine, "alice", {})["records"]) == 2


def test_attach_false_keeps_the_invoice_a_record_of_its_own(engine, settings):
    confirm(engine, settings, payment_draft(engine, settings))
    (record,), _ = confirm(engine, settings, invoice_draft(engine, settings, "pdf"), attach=False)
    assert record["source"] == "invoice"
    assert len(ledger.list_records(engine, "alice", {})["records"]) == 2


def test_another_persons_invoice_is_neither_a_duplicate_nor_attached(engine, settings):
    confirm(engine, settings, invoice_draft(engine, settings, "pdf", owner="bob"), owner="bob")
    confirm(engine, settings, payment_draft(engine, settings, owner="bob"), owner="bob")
    draft = invoice_draft(engine, settings, "ofd")
    assert draft["items"][0]["duplicates"] == [] and draft["items"][0]["attach_to"] is None


def test_the_invoice_file_opens_from_its_record_and_only_for_its_owner(engine, settings):
    confirm(engine, settings, payment_draft(engine, settings))
    (record,), _ = confirm(engine, settings, invoice_draft(engine, settings, "pdf"))

    opened = invoices.file_of(engine, settings, "alice", record["id"])
    with urllib.request.urlopen(opened["url"]) as response:
        assert response.read() == pdf()
    assert (opened["number"], opened["content_type"], opened["filename"]) == (NUMBER, "application/pdf", "发票.pdf")

    with pytest.raises(NotFound):
        invoices.file_of(engine, settings, "bob", record["id"])
    (plain,), _ = confirm(engine, settings, payment_draft(engine, settings, {**PAYMENT, "amount": "9.90"}))
    with pytest.raises(NotFound):
        invoices.file_of(engine, settings, "alice", plain["id"])


def test_reimbursement_marks_and_filters_the_record_list(engine, settings):
    (invoiced,), _ = confirm(engine, settings, invoice_draft(engine, settings, "pdf"))
    (plain,), _ = confirm(engine, settings, payment_draft(engine, settings, {**PAYMENT, "amount": "9.90"}))

    marked = invoices.set_stage(engine, "alice", invoiced["id"], {"reimbursement": "submitted"})
    assert marked["reimbursement"] == "submitted"

    def listed(**params):
        return [r["id"] for r in ledger.list_records(engine, "alice", params)["records"]]

    assert listed(invoice="any") == [invoiced["id"]]
    assert listed(invoice="none") == [plain["id"]]
    assert listed(invoice="submitted") == [invoiced["id"]]
    assert listed(invoice="reimbursed") == []
    assert listed(q=NUMBER[-8:]) == [invoiced["id"]]  # the search finds a record by its invoice number
    assert ledger.get(engine, "alice", invoiced["id"])["invoice"]["reimbursement"] == "submitted"


@pytest.mark.parametrize("body", [{"reimbursement": "paid"}, {"reimbursement": 3}, {}, []])
def test_a_bad_reimbursement_mark_changes_nothing(engine, settings, body):
    (record,), _ = confirm(engine, settings, invoice_draft(engine, settings, "pdf"))
    invoices.set_stage(engine, "alice", record["id"], {"reimbursement": "reimbursable"})
    with pytest.raises(BadRequest) as refused:
        invoices.set_stage(engine, "alice", record["id"], body)
    assert refused.value.code == "bad_reimbursement"
    assert ledger.get(engine, "alice", record["id"])["invoice"]["reimbursement"] == "reimbursable"


def test_a_record_without_invoice_has_no_reimbursement_to_mark(engine, settings):
    (plain,), _ = confirm(engine, settings, payment_draft(engine, settings))
    with pytest.raises(NotFound):
        invoices.set_stage(engine, "alice", plain["id"], {"reimbursement": "submitted"})


def test_an_unknown_invoice_filter_is_a_clear_error(engine):
    with pytest.raises(BadRequest) as refused:
        ledger.list_records(engine, "alice", {"invoice": "maybe"})
    assert refused.value.code == "bad_invoice_filter"


@pytest.mark.parametrize(
    ("seller", "merchant", "same"),
    [
        ("上海星巴克咖啡经营有限公司", "星巴克", True),
        ("上海星巴克咖啡经营有限公司", "星巴克咖啡(国贸店)", True),
        ("肯德基有限公司", "美团外卖-肯德基", True),
        ("北京京东世纪贸易有限公司", "京东", True),
        ("上海星巴克咖啡经营有限公司", "瑞幸咖啡", False),
        ("上海星巴克咖啡经营有限公司", None, False),
    ],
)
def test_a_seller_names_the_merchant_of_its_payment(seller, merchant, same):
    assert invoices.same_party(seller, merchant) is same


def test_the_hourly_cleanup_keeps_an_invoice_file_past_the_image_retention(engine, settings, azurite):
    from devhost.azurite import provision

    own = dataclasses.replace(settings, uploads_container="inv" + os.urandom(5).hex())
    provision(azurite.connection, own.uploads_container, ["http://localhost:7071"])
    storage.reset_service()
    payment = payment_draft(engine, own, {**PAYMENT, "amount": "9.90"})
    confirm(engine, own, payment)
    (record,), _ = confirm(engine, own, invoice_draft(engine, own, "ofd"))

    later = utcnow() + timedelta(days=own.image_retention_days, hours=1)
    assert cleanup.sweep(engine, own, later)["expired_images"] == 1  # the screenshot's picture

    with urllib.request.urlopen(invoices.file_of(engine, own, "alice", record["id"])["url"]) as response:
        assert response.read() == ofd()


@pytest.mark.parametrize("kind", ["pdf", "ofd"])
def test_the_review_shows_a_documents_first_page_as_a_picture(engine, settings, kind):
    draft = invoice_draft(engine, settings, kind)
    assert draft["content_type"] == TYPES[kind]
    with urllib.request.urlopen(draft["preview_url"]) as response:
        assert response.headers["Content-Type"] == "image/png"
        picture = Image.open(io.BytesIO(response.read()))
    assert picture.width > picture.height > 300  # a landscape invoice page, large enough to read
    # Not a blank page: the invoice's text is drawn on it.
    assert picture.convert("L").getextrema()[0] < 100


def test_an_xml_invoice_has_no_page_to_show(engine, settings):
    assert invoice_draft(engine, settings, "xml")["preview_url"] is None


def test_discarding_a_document_draft_deletes_its_preview_too(engine, settings):
    draft = invoice_draft(engine, settings, "pdf")
    drafts.discard(engine, settings, "alice", draft["id"])
    with pytest.raises(urllib.error.HTTPError) as gone:
        urllib.request.urlopen(draft["preview_url"])
    assert gone.value.code == 404


def test_two_invoices_of_one_amount_on_one_day_are_two_invoices(engine, settings):
    confirm(engine, settings, invoice_draft(engine, settings, "pdf", seller="杭州一号科技有限公司"))
    other = invoice_draft(engine, settings, "xml", seller="杭州二号科技有限公司", invoice_no="26312000000555555555")
    assert other["items"][0]["duplicates"] == []


def test_a_bill_row_paying_for_an_invoice_recorded_before_it_becomes_that_invoices_record(engine, settings):
    from records.bills import imports
    from tests.records.bills.test_imports import bill

    # 肯德基 ¥35.50 on 10-30 in the Alipay bill; its invoice (issued by the company running the shop) came first.
    draft = invoice_draft(engine, settings, "ofd", seller="肯德基有限公司", amount="35.50", date="2026-10-30")
    (made,), _ = confirm(engine, settings, draft)

    preview = imports.preview(engine, "alice", bill("alipay_2026-10.csv"), filename="alipay.csv", tz="Asia/Shanghai")
    assert preview["with_invoice"] == 1
    assert [row["line"] for row in preview["rows"] if row["invoice_of"] == made["id"]] == [24]
    result, _ = imports.commit(engine, "alice", preview["import_id"])

    record = ledger.get(engine, "alice", made["id"])
    assert (record["source"], record["payment_method"], record["platform"]) == ("import:alipay", "花呗", "支付宝")
    assert record["invoice"]["number"] == NUMBER and made["id"] in result["record_ids"]
    assert result["with_invoice"] == 1
    kfc = [r for r in ledger.list_records(engine, "alice", {"q": "肯德基"})["records"] if r["amount"] == "35.50"]
    assert [r["id"] for r in kfc] == [made["id"]]  # one record, not the invoice and the bill row


def test_a_deleted_invoice_record_is_not_restored_over_the_same_invoice_recorded_again(engine, settings):
    (first,), _ = confirm(engine, settings, invoice_draft(engine, settings, "pdf"))
    ledger.delete(engine, "alice", first["id"])
    again = invoice_draft(engine, settings, "ofd")
    assert again["items"][0]["duplicates"] == []  # the deleted one no longer counts
    (second,), _ = confirm(engine, settings, again)

    with pytest.raises(InvoiceRecorded) as refused:
        ledger.restore(engine, "alice", first["id"])
    assert refused.value.code == "invoice_on_other_record"
    assert str(second["id"]) in message(refused.value.code, "zh", **refused.value.params)
    assert ledger.get(engine, "alice", first["id"])["deleted_at"]  # nothing changed
