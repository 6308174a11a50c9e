"""账单 batch edits: select several records, set their category or delete them (asked, with undo), and after one
record's category is changed, the same for every record from its merchant. In 简体中文 at 390 px, and in English on
a 320 px phone."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Phone
from tests.browser.test_english import chinese_left
from tests.browser.test_page import api_records, create_record, search

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}


def test_select_set_category_delete_undo_and_apply_to_the_merchant(phone):
    shop = f"批量店{uuid.uuid4().hex[:6]}"
    for i in range(3):
        create_record(phone, merchant=shop, amount=f"{i + 1}.00", category="其他")
    page = phone.page
    phone.open("#/records")
    search(phone, shop)
    rows = page.locator(".rec")
    expect(rows).to_have_count(3)

    page.get_by_role("button", name="批量编辑").click()
    bar = page.get_by_role("region", name="批量编辑")
    expect(bar).to_contain_text("点账单来选择")
    expect(bar.get_by_role("button", name="设为此分类")).to_be_disabled()
    rows.filter(has_text="¥1.00").locator(".rec-row").click()
    rows.filter(has_text="¥2.00").locator(".rec-row").click()
    expect(bar).to_contain_text("已选 2 笔")
    expect(page.locator(".rec-editor:not([hidden])")).to_have_count(0)  # a tap selects, it opens nothing
    bar.get_by_label("把选中的账单改为").select_option("娱乐")
    assert phone.horizontal_overflow() == 0
    phone.screenshot("records-batch")
    with page.expect_response(lambda r: "/api/records?" in r.url):
        bar.get_by_role("button", name="设为此分类").click()
    assert sorted((r["amount"], r["category"]) for r in api_records(phone, shop)) == [
        ("1.00", "娱乐"),
        ("2.00", "娱乐"),
        ("3.00", "其他"),
    ]

    page.get_by_role("button", name="批量编辑").click()
    rows.filter(has_text="¥1.00").locator(".rec-row").click()
    rows.filter(has_text="¥3.00").locator(".rec-row").click()
    bar.get_by_role("button", name="删除选中").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("删除选中的 2 笔账单")
    dialog.get_by_role("button", name="删除选中").click()
    expect(rows).to_have_count(1)
    assert [r["amount"] for r in api_records(phone, shop)] == ["2.00"]
    page.locator("#snackbar").get_by_role("button", name="撤销").click()
    expect(rows).to_have_count(3)

    # One record's category changed by hand: the same for every record from this merchant, in one tap.
    rows.filter(has_text="¥3.00").locator(".rec-row").click()
    page.locator(".rec-editor").get_by_label("分类", exact=False).select_option("医疗")
    page.locator(".rec-editor").get_by_role("button", name="保存").click()
    snack = page.locator("#snackbar")
    expect(snack).to_contain_text(f"把 {shop} 的所有账单都设为 医疗")
    with page.expect_response(lambda r: r.url.endswith("/api/records/batch")) as done:
        snack.get_by_role("button", name="全部设为").click()
    assert done.value.ok
    expect(page.locator(".rec", has_text=re.compile("医疗"))).to_have_count(3)
    assert {r["category"] for r in api_records(phone, shop)} == {"医疗"}


def test_a_merchants_only_record_is_not_offered_the_same_for_every_record(phone):
    shop = f"独一家{uuid.uuid4().hex[:6]}"
    create_record(phone, merchant=shop, amount="5.00", category="其他")
    page = phone.page
    phone.open("#/records")
    search(phone, shop)
    page.locator(".rec", has_text=shop).locator(".rec-row").click()
    page.locator(".rec-editor").get_by_label("分类", exact=False).select_option("医疗")
    with page.expect_response(lambda r: "/api/records?" in r.url and "limit=100" in r.url):
        page.locator(".rec-editor").get_by_role("button", name="保存").click()
    expect(page.locator(".rec", has_text=shop)).to_contain_text("医疗")
    expect(page.locator("#snackbar")).not_to_contain_text("所有账单都设为")


def test_batch_edits_speak_english_and_fit_a_narrow_phone(browser, devhost_url):
    shop = f"Batch{uuid.uuid4().hex[:6]}"
    phone = Phone(browser, devhost_url, NARROW, lang="en")
    try:
        for i in range(2):
            create_record(phone, merchant=shop, amount=f"{i + 1}.00", category="其他")
        page = phone.page
        phone.open("#/records")
        search(phone, shop)
        rows = page.locator(".rec")
        expect(rows).to_have_count(2)
        page.get_by_role("button", name="Select", exact=True).click()
        bar = page.get_by_role("region", name="Select")
        expect(bar).to_contain_text("Tap records to select them")
        rows.filter(has_text="¥1.00").locator(".rec-row").click()
        expect(bar).to_contain_text("1 selected")
        bar.get_by_label("Move the selected records to").select_option(label="Entertainment")
        assert chinese_left(phone, {shop}) == []
        assert phone.horizontal_overflow() == 0
        with page.expect_response(lambda r: "/api/records?" in r.url):
            bar.get_by_role("button", name="Set category").click()
        # Said with the category's English name, not its stored key (it read "Set 1 record to 娱乐").
        expect(page.get_by_role("status").filter(has_text="Set 1 record")).to_have_text("Set 1 record to Entertainment")
        assert sorted((r["amount"], r["category"]) for r in api_records(phone, shop)) == [
            ("1.00", "娱乐"),
            ("2.00", "其他"),
        ]

        page.get_by_role("button", name="Select", exact=True).click()
        rows.filter(has_text="¥2.00").locator(".rec-row").click()
        bar.get_by_role("button", name="Delete selected").click()
        dialog = page.get_by_role("dialog")
        expect(dialog).to_contain_text("Delete the selected record? You can undo it.")
        assert chinese_left(phone, {shop}) == []
        dialog.get_by_role("button", name="Delete selected").click()
        expect(rows).to_have_count(1)
        expect(page.locator("#snackbar")).to_contain_text("Deleted 1 record")
        page.locator("#snackbar").get_by_role("button", name="Undo").click()
        expect(rows).to_have_count(2)
        assert phone.horizontal_overflow() == 0
        assert phone.errors == [] and phone.csp_violations() == []
    finally:
        phone.close()
