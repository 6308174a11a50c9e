"""核对: remove an item of a multi-item draft (with undo), split one in two, add one; confirm saves what is shown.
In 简体中文 at 390 px, and in English on a 320 px phone."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Phone
from tests.browser.test_page import api_records, pick, queued, screenshot_file

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}


def test_items_are_removed_split_and_added_before_confirming(phone, tmp_path):
    tag = uuid.uuid4().hex[:4]
    rows = [
        {"merchant": f"菜市场{tag}", "amount": "30.00", "direction": "expense", "occurred_at": "2025-04-02 08:10"},
        {"merchant": f"按钮文字{tag}", "amount": "1.00", "direction": "expense", "occurred_at": "2025-04-02 09:00"},
    ]
    page = phone.page
    phone.open()
    pick(phone, screenshot_file(tmp_path, f"items-{tag}.png", "wechat_bill_list", items=rows))
    queued(phone, f"items-{tag}.png").locator(".q-open").click()
    items = page.locator("#review-items > .item")
    expect(items).to_have_count(2)

    # A line that is no payment (a button's label read as a merchant) is removed, and the removal can be undone.
    items.nth(1).get_by_role("button", name="删除这一笔").click()
    expect(items).to_have_count(1)
    expect(items.first.get_by_role("button", name="删除这一笔")).to_be_hidden()  # the last one stays
    page.locator("#snackbar").get_by_role("button", name="撤销").click()
    expect(items).to_have_count(2)
    expect(items.nth(1).get_by_label("金额", exact=False)).to_have_value("1.00")
    items.nth(1).get_by_role("button", name="删除这一笔").click()
    expect(items).to_have_count(1)

    # The market run was two purchases: split it, and give each its amount.
    items.first.get_by_role("button", name="拆成两笔").click()
    expect(items).to_have_count(2)
    expect(items.nth(1).locator("legend").first).to_have_text("第 2 笔")
    expect(items.nth(1).get_by_label("商户", exact=False)).to_have_value(f"菜市场{tag}")
    expect(items.nth(1).get_by_label("金额", exact=False)).to_be_focused()
    items.first.get_by_label("金额", exact=False).fill("18.00")
    items.nth(1).get_by_label("金额", exact=False).fill("12.00")

    # And one more the screenshot did not show.
    page.get_by_role("button", name="添加一笔").click()
    expect(items).to_have_count(3)
    third = items.nth(2)
    third.get_by_label("金额", exact=False).fill("5.50")
    third.get_by_label("商户", exact=False).fill(f"小卖部{tag}")
    button = page.locator("#review-confirm")
    expect(button).to_have_text("确认 3 笔")
    third.scroll_into_view_if_needed()
    phone.screenshot("review-items")
    assert phone.horizontal_overflow() == 0
    button.click()
    expect(page).to_have_url(re.compile(r"#/records$"))
    assert sorted(r["amount"] for r in api_records(phone, f"菜市场{tag}")) == ["12.00", "18.00"]
    assert [r["amount"] for r in api_records(phone, f"小卖部{tag}")] == ["5.50"]
    assert api_records(phone, f"按钮文字{tag}") == []


def test_the_item_buttons_speak_english_and_fit_a_narrow_phone(browser, devhost_url, tmp_path):
    tag = uuid.uuid4().hex[:4]
    rows = [
        {"merchant": f"Market{tag}", "amount": "30.00", "direction": "expense", "occurred_at": "2025-04-02 08:10"},
        {"merchant": f"Button{tag}", "amount": "1.00", "direction": "expense", "occurred_at": "2025-04-02 09:00"},
    ]
    phone = Phone(browser, devhost_url, NARROW, lang="en")
    try:
        page = phone.page
        phone.open()
        page.get_by_role("navigation").get_by_role("link", name="Add", exact=True).click()
        page.set_input_files(
            "#file-input", str(screenshot_file(tmp_path, f"en-{tag}.png", "wechat_bill_list", items=rows))
        )
        queued(phone, f"en-{tag}.png").locator(".q-open").click()
        items = page.locator("#review-items > .item")
        expect(items).to_have_count(2)
        items.nth(1).get_by_role("button", name="Remove this payment").click()
        expect(items).to_have_count(1)
        expect(page.locator("#snackbar")).to_contain_text("Removed payment 2")
        page.locator("#snackbar").get_by_role("button", name="Undo").click()
        expect(items).to_have_count(2)
        items.nth(1).get_by_role("button", name="Remove this payment").click()
        items.first.get_by_role("button", name="Split in two").click()
        expect(items.nth(1).locator("legend").first).to_have_text("Payment 2")
        expect(items.nth(1).get_by_label("Amount", exact=False)).to_be_focused()
        items.first.get_by_label("Amount", exact=False).fill("18.00")
        items.nth(1).get_by_label("Amount", exact=False).fill("12.00")
        page.get_by_role("button", name="+ Add a payment").click()
        third = items.nth(2)
        third.get_by_label("Amount", exact=False).fill("5.50")
        third.get_by_label("Merchant", exact=False).fill(f"Kiosk{tag}")
        button = page.locator("#review-confirm")
        expect(button).to_have_text("Confirm 3 payments")
        assert phone.horizontal_overflow() == 0
        button.click()
        expect(page).to_have_url(re.compile(r"#/records$"))
        assert sorted(r["amount"] for r in api_records(phone, f"Market{tag}")) == ["12.00", "18.00"]
        assert [r["amount"] for r in api_records(phone, f"Kiosk{tag}")] == ["5.50"]
        assert api_records(phone, f"Button{tag}") == []
        assert phone.errors == [] and phone.csp_violations() == []
    finally:
        phone.close()
