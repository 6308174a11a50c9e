"""Tags in 账单 (issue 17): tag a record in its editor (chips + add), filter the list by the tag, add a tag to
several records at once; Chromium at 390 px in 简体中文, and in English on a 320 px phone, against the session's
devhost."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Phone
from tests.browser.test_english import chinese_left
from tests.browser.test_page import api_records, create_record, search

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}


def test_tag_a_record_filter_by_the_tag_and_tag_several_at_once(phone):
    suffix = uuid.uuid4().hex[:6]
    shop, trip, team = f"标签店{suffix}", f"出差{suffix}", f"团建{suffix}"
    for i in range(3):
        create_record(phone, merchant=shop, amount=f"{i + 1}.00")
    page = phone.page
    phone.open("#/records")
    search(phone, shop)
    rows = page.locator(".rec")
    expect(rows).to_have_count(3)

    # In the editor: type a tag, add it as a chip, save; the row names it.
    rows.filter(has_text="¥1.00").locator(".rec-row").click()
    editor = page.locator(".rec-editor")
    editor.get_by_label("新标签").fill("两 个")
    editor.get_by_role("button", name="添加标签").click()
    expect(editor.get_by_role("alert")).to_contain_text("不能有空格")
    editor.get_by_label("新标签").fill(trip)
    editor.get_by_role("button", name="添加标签").click()
    expect(editor.get_by_role("button", name=f"去掉标签 {trip}")).to_be_visible()
    assert phone.horizontal_overflow() == 0
    editor.get_by_role("button", name="保存").click()
    expect(rows.filter(has_text="¥1.00")).to_contain_text(f"#{trip}")
    assert {r["amount"]: r["tags"] for r in api_records(phone, shop)} == {"1.00": [trip], "2.00": [], "3.00": []}

    # The tag filter narrows the list to the tagged record.
    page.locator("#filter-more summary").click()
    with page.expect_response(lambda r: "/api/records?" in r.url and "tag=" in r.url):
        page.locator("#filter-form").get_by_label("标签", exact=True).fill(trip)
        page.locator("#filter-form").get_by_label("标签", exact=True).press("Enter")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("¥1.00")
    page.get_by_role("button", name="清除筛选").click()
    search(phone, shop)
    expect(rows).to_have_count(3)

    # Batch: select two, add a tag to both.
    page.get_by_role("button", name="批量编辑").click()
    bar = page.get_by_role("region", name="批量编辑")
    rows.filter(has_text="¥2.00").locator(".rec-row").click()
    rows.filter(has_text="¥3.00").locator(".rec-row").click()
    bar.get_by_label("标签").fill(team)
    assert phone.horizontal_overflow() == 0
    with page.expect_response(lambda r: "/api/records?" in r.url):
        bar.get_by_role("button", name="加上标签").click()
    assert {r["amount"]: r["tags"] for r in api_records(phone, shop)} == {
        "1.00": [trip],
        "2.00": [team],
        "3.00": [team],
    }


def own_category_names(phone) -> set[str]:
    """The categories people made in this book (other tests on the shared devhost make some): data, not the page's
    words — a category without an English name of its own reads as it was typed."""
    listing = phone.page.evaluate("fetch('/api/categories').then((r) => r.json())")
    entries = listing.get("names", []) + listing.get("hidden", [])
    return {e["key"] for e in entries if not e["default"]}


def test_tags_speak_english_and_fit_a_narrow_phone(browser, devhost_url):
    suffix = uuid.uuid4().hex[:6]
    shop, trip, team = f"TagShop{suffix}", f"trip{suffix}", f"team{suffix}"
    phone = Phone(browser, devhost_url, NARROW, lang="en")
    try:
        for i in range(2):
            create_record(phone, merchant=shop, amount=f"{i + 1}.00")
        page = phone.page
        phone.open("#/records")
        search(phone, shop)
        rows = page.locator(".rec")
        expect(rows).to_have_count(2)

        rows.filter(has_text="¥1.00").locator(".rec-row").click()
        editor = page.locator(".rec-editor")
        editor.get_by_label("New tag").fill("two words")
        editor.get_by_role("button", name="Add tag").click()
        expect(editor.get_by_role("alert")).to_have_text(
            "A tag is a word of 1 to 16 characters without spaces, commas or #; 10 at most."
        )
        editor.get_by_label("New tag").fill(trip)
        editor.get_by_role("button", name="Add tag").click()
        expect(editor.get_by_role("button", name=f"Remove tag {trip}")).to_be_visible()
        assert chinese_left(phone, {shop, trip, "two words", *own_category_names(phone)}) == []
        assert phone.horizontal_overflow() == 0
        editor.get_by_role("button", name="Save").click()
        expect(rows.filter(has_text="¥1.00")).to_contain_text(f"#{trip}")

        page.get_by_role("button", name="Select", exact=True).click()
        bar = page.get_by_role("region", name="Select")
        rows.filter(has_text="¥2.00").locator(".rec-row").click()
        bar.get_by_label("Tag", exact=True).fill(team)
        assert chinese_left(phone, {shop, trip, team, *own_category_names(phone)}) == []
        assert phone.horizontal_overflow() == 0
        with page.expect_response(lambda r: "/api/records?" in r.url):
            bar.get_by_role("button", name="Add tag").click()
        expect(page.get_by_role("status").filter(has_text=team)).to_have_text(f"Tag {team} added to 1 record")
        assert {r["amount"]: r["tags"] for r in api_records(phone, shop)} == {"1.00": [trip], "2.00": [team]}
        assert phone.errors == [] and phone.csp_violations() == []
    finally:
        phone.close()
