"""E-invoices in Chromium, from the page's picker to the records list: PDF, OFD and XML each become a record; the
same invoice in two formats is one invoice; an invoice and its payment screenshot end as one record."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.test_page import api_records, field, pick, queued, screenshot_file, search, tag, wechat_bill
from tests.fixtures.einvoices import ofd, pdf, xml

pytestmark = pytest.mark.browser
MAKERS = {"pdf": pdf, "ofd": ofd, "xml": xml}


def invoice_file(tmp_path, kind: str, **fields):
    """Write an e-invoice the page can pick; a number of its own unless given."""
    fields.setdefault("invoice_no", f"2631{uuid.uuid4().int % 10**16:016d}")
    path = tmp_path / f"invoice-{fields['invoice_no'][-6:]}.{kind}"
    path.write_bytes(MAKERS[kind](**fields))
    return path


def review(phone, path):
    """Pick a file on 记一笔 and open its review once it is read."""
    pick(phone, path)
    queued(phone, path.name).locator(".q-open").click()
    expect(phone.page.get_by_role("heading", name="核对")).to_be_visible()


@pytest.mark.parametrize("kind", ["pdf", "ofd", "xml"])
def test_an_e_invoice_goes_from_the_page_to_a_confirmed_record(phone, tmp_path, kind):
    seller = f"杭州{tag()}科技有限公司"
    page = phone.page
    phone.open()
    buyer = {"buyer": f"上海{tag()}信息科技有限公司", "buyer_tax_id": "91310115MA1H7A2B5Q"}
    review(phone, invoice_file(tmp_path, kind, seller=seller, amount="356.00", date="2026-11-12", **buyer))

    expect(field(page, "金额")).to_have_value("356.00")
    expect(field(page, "商户")).to_have_value(seller)
    # Which invoice it is: the PDF's and OFD's printed title, the XML's GeneralOrSpecialVAT label (02 普通发票).
    expect(page.locator(".item .invoice-number")).to_contain_text("数电票（普通发票） · 发票号码 ")
    # Who it was issued to and its tax (356.00 = 335.85 + 20.15), as the invoice prints them.
    expect(page.locator(".item .invoice-parties")).to_have_text(
        f"购买方 {buyer['buyer']} · 纳税人识别号 91310115MA1H7A2B5Q · 税额 ¥20.15"
    )
    if kind == "xml":
        expect(page.locator("#review-shot")).to_be_hidden()  # an XML invoice has no page to show
    else:
        # The first page, drawn as a picture: a browser shows no PDF or OFD in an <img>.
        expect(page.locator("#review-img")).to_be_visible()
        assert ".preview.png?" in page.locator("#review-img").get_attribute("src")
        assert page.locator("#review-img").evaluate("img => img.naturalWidth") > 300
    page.get_by_role("button", name="确认").click()

    expect(page).to_have_url(re.compile(r"#/records$"))
    record = page.locator(".rec", has_text=seller)
    expect(record.locator(".rec-amount")).to_have_text("-¥356.00")
    expect(record.locator(".rec-invoice")).to_have_text("发票")
    (saved,) = api_records(phone, seller)
    assert saved["invoice"]["number"] and saved["source"] == "invoice"


def test_the_same_invoice_as_pdf_and_as_ofd_is_one_invoice(phone, tmp_path):
    seller = f"南京{tag()}餐饮有限公司"
    number = f"2632{uuid.uuid4().int % 10**16:016d}"
    page = phone.page
    phone.open()
    review(phone, invoice_file(tmp_path, "pdf", seller=seller, invoice_no=number))
    page.get_by_role("button", name="确认").click()
    expect(page).to_have_url(re.compile(r"#/records$"))

    review(phone, invoice_file(tmp_path, "ofd", seller=seller, invoice_no=number))
    warning = page.locator(".dup-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("同一张发票")
    expect(page.locator("#review-items .keep").first).not_to_be_checked()

    # Keeping it anyway is refused with the reason: the invoice is never recorded twice.
    page.locator("#review-items .switch").first.click()
    page.get_by_role("button", name="确认 1 笔").click()
    expect(page.locator("#error-text")).to_contain_text("已经记在")
    assert len(api_records(phone, seller)) == 1


def test_an_invoice_and_its_payment_screenshot_end_as_one_record_with_the_invoice_attached(phone, tmp_path):
    name = tag()
    merchant = f"{name}咖啡"
    page = phone.page
    phone.open()
    paid = {"merchant": "瑞幸咖啡", "amount": "88.00", "occurred_at": "2026-11-03 12:34:56", "payment_method": "零钱"}
    shot = screenshot_file(tmp_path, "paid.png", **paid)
    review(phone, shot)
    expect(field(page, "金额")).to_have_value("88.00")
    field(page, "商户").fill(merchant)
    page.get_by_role("button", name="确认").click()
    expect(page).to_have_url(re.compile(r"#/records$"))

    invoice = invoice_file(tmp_path, "pdf", seller=f"上海{name}咖啡有限公司", amount="88.00", date="2026-11-03")
    review(phone, invoice)
    # The review says which invoice it is and its number, from the file's own title.
    expect(page.locator(".item .invoice-number")).to_contain_text("数电票（普通发票） · 发票号码 ")
    note = page.locator(".attach-note")
    expect(note).to_contain_text("附在已记的这笔账单上")
    expect(note).to_contain_text(merchant)
    page.get_by_role("button", name="确认").click()

    expect(page).to_have_url(re.compile(r"#/records$"))
    search(phone, merchant)
    record = page.locator(".rec", has_text=merchant)
    expect(record).to_have_count(1)
    expect(record.locator(".rec-invoice")).to_have_text("发票")
    (saved,) = api_records(phone, name)
    assert saved["amount"] == "88.00" and saved["invoice"]["number"]

    record.locator(".rec-row").click()
    panel = record.locator(".invoice-panel")
    expect(panel.locator(".invoice-number")).to_have_text(f"数电票（普通发票） · 发票号码 {saved['invoice']['number']}")
    expect(panel.locator(".invoice-parties")).to_have_text("购买方 个人 · 税额 ¥4.98")  # 88.00 = 83.02 + 4.98
    with page.expect_response(lambda r: r.url.endswith("/invoice") and r.request.method == "PATCH"):
        panel.get_by_label("报销").select_option("submitted")
    expect(record.locator(".rec-invoice")).to_have_text("发票 · 已提交")
    expect(panel.locator(".invoice-parties")).to_have_text("购买方 个人 · 税额 ¥4.98")  # still there once marked
    assert api_records(phone, name)[0]["invoice"]["reimbursement"] == "submitted"

    with page.expect_popup() as opened:
        panel.get_by_role("button", name="打开发票").click()
    opened.value.wait_for_url(re.compile(r"\.pdf\?"))


def test_a_bill_row_paying_for_a_recorded_invoice_is_shown_joining_it_and_becomes_its_record(phone, tmp_path):
    name = tag()
    page = phone.page
    phone.open()
    # The invoice comes first (¥57.30 at 2025-05-20), then the WeChat bill that paid for it.
    invoice = invoice_file(tmp_path, "pdf", seller=f"上海{name}餐饮有限公司", amount="57.30", date="2025-05-20")
    review(phone, invoice)
    page.get_by_role("button", name="确认").click()
    expect(page).to_have_url(re.compile(r"#/records$"))

    order = f"42000025052025{uuid.uuid4().int % 10**13:013d}"
    rows = [
        (
            "2025-05-20 12:10:00",
            "商户消费",
            f"{name}餐饮",
            "午餐",
            "支出",
            "¥57.30",
            "零钱",
            "支付成功",
            order,
            "/",
            "/",
        ),
        (
            "2025-05-19 08:00:00",
            "商户消费",
            f"{name}早点",
            "早餐",
            "支出",
            "¥8.00",
            "零钱",
            "支付成功",
            order + "1",
            "/",
            "/",
        ),
    ]
    bill = wechat_bill(tmp_path / "wechat_2025-05.csv", rows)
    phone.open("#/stats/import")
    panel = page.locator("#stats-import")
    panel.locator("input[type=file]").set_input_files(str(bill))
    expect(panel.locator(".im-count")).to_have_text(["2", "0", "0"], timeout=30000)
    expect(panel.locator(".im-invoices")).to_have_text(
        "其中 1 笔付的是已记的发票：会和那张发票合并成一笔，不会重复计支出。"
    )
    expect(panel.locator(".im-row", has_text=f"{name}餐饮").locator(".im-badge")).to_have_text("并入发票")
    expect(panel.locator(".im-row", has_text=f"{name}早点").locator(".im-badge")).to_have_text("新")
    panel.get_by_role("button", name="导入 2 笔").click()
    expect(panel.locator(".im-result")).to_contain_text("其中 1 笔并入了已记的发票。")

    saved = sorted(api_records(phone, name), key=lambda r: r["amount"])
    assert [(r["amount"], r["platform"], bool(r["invoice"])) for r in saved] == [
        ("57.30", "微信支付", True),
        ("8.00", "微信支付", False),
    ]


@pytest.mark.parametrize("kind", ["xml", "pdf"])
def test_a_red_credit_note_is_reviewed_as_a_refund_cancelling_its_invoice(phone, tmp_path, kind):
    seller = f"苏州{tag()}贸易有限公司"
    blue = f"2633{uuid.uuid4().int % 10**16:016d}"
    page = phone.page
    phone.open()
    review(phone, invoice_file(tmp_path, kind, seller=seller, amount="99.00", credit_of=blue))

    expect(field(page, "金额")).to_have_value("99.00")  # printed ¥-99.00
    expect(field(page, "收支")).to_have_value("refund")
    expect(page.locator(".item .invoice-credit")).to_have_text(f"红字发票：冲销发票 {blue}，记为退款")
    page.get_by_role("button", name="确认").click()

    expect(page).to_have_url(re.compile(r"#/records$"))
    record = page.locator(".rec", has_text=seller)
    expect(record.locator(".rec-amount")).to_have_text("+¥99.00")
    record.locator(".rec-row").click()
    expect(record.locator(".invoice-panel .invoice-credit")).to_contain_text(blue)
    (saved,) = api_records(phone, seller)
    assert saved["direction"] == "refund" and saved["invoice"]["reverses"] == blue


def test_the_invoice_facts_read_in_english(browser, devhost_url, tmp_path):
    from tests.browser.conftest import PHONE, Phone

    phone = Phone(browser, devhost_url, PHONE, lang="en")
    try:
        seller = f"宁波{tag()}电器有限公司"
        blue = f"2634{uuid.uuid4().int % 10**16:016d}"
        buyer = {"buyer": f"上海{tag()}信息科技有限公司", "buyer_tax_id": "91310115MA1H7A2B5Q"}
        page = phone.page
        phone.open()
        path = invoice_file(tmp_path, "xml", seller=seller, amount="356.00", credit_of=blue, **buyer)
        page.get_by_role("navigation").get_by_role("link", name="Add", exact=True).click()
        page.set_input_files("#file-input", [str(path)])
        queued(phone, path.name).locator(".q-open").click()
        facts = page.locator(".item .invoice-facts")
        expect(facts.locator(".invoice-credit")).to_have_text(
            f"Credit note: it cancels invoice {blue} and is recorded as a refund"
        )
        expect(facts.locator(".invoice-parties")).to_have_text(
            f"Buyer {buyer['buyer']} · tax ID 91310115MA1H7A2B5Q · Tax ¥20.15"
        )
        assert phone.errors == []
    finally:
        phone.close()
