"""A likely duplicate is badged in the upload queue and the 首页 inbox, and 核对 discards it with one tap. In 简体中文
at 390 px, and in English on a 320 px phone."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Phone
from tests.browser.test_english import chinese_left
from tests.browser.test_page import pick, queued, screenshot_file, search

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}


def test_a_screenshot_uploaded_again_is_badged_and_discarded_as_a_duplicate(phone, tmp_path):
    order_no = f"42000{uuid.uuid4().int % 10**12:012d}"
    page = phone.page
    phone.open()
    shot = screenshot_file(tmp_path, "lunch.png", merchant="麦当劳", amount="33.00", order_no=order_no)
    pick(phone, shot)
    first = queued(phone, "lunch.png")
    expect(first.locator(".q-dup")).to_be_hidden()  # nothing like it is recorded yet
    first.locator(".q-open").click()
    expect(page.locator("#review-dup")).to_be_hidden()
    page.get_by_role("button", name="确认").click()
    expect(page).to_have_url(re.compile(r"#/records$"))

    again = tmp_path / "lunch-again.png"
    again.write_bytes(shot.read_bytes())
    pick(phone, again)
    row = queued(phone, "lunch-again.png")
    expect(row.locator(".q-dup")).to_be_visible()
    expect(row.locator(".q-dup")).to_have_text("可能重复")

    page.get_by_role("navigation").get_by_role("link", name="首页").click()
    waiting = page.locator("#inbox li", has_text="33.00").first
    expect(waiting.locator(".inbox-dup")).to_have_text("可能重复")
    phone.screenshot("inbox-duplicate")
    waiting.locator(".inbox-link").click()

    confirms = []
    page.on("request", lambda r: confirms.append(r.url) if r.url.endswith("/confirm") else None)
    expect(page.locator("#review-dup")).to_be_visible()
    phone.screenshot("review-duplicate")
    page.get_by_role("button", name="这是重复的").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("重复")
    with page.expect_response(lambda r: r.request.method == "DELETE" and "/api/drafts/" in r.url) as deleted:
        dialog.get_by_role("button", name="放弃").click()
    assert deleted.value.status == 204
    expect(page).to_have_url(re.compile(r"#/$"))
    assert confirms == []
    expect(page.locator("#inbox li", has_text="lunch-again.png")).to_have_count(0)
    phone.open("#/records")
    search(phone, order_no)
    expect(page.locator(".rec")).to_have_count(1)


def upload_in_english(phone: Phone, path):
    """Choose a file on the English Add screen; its queue row once recognition has settled."""
    phone.page.get_by_role("navigation").get_by_role("link", name="Add", exact=True).click()
    phone.page.set_input_files("#file-input", str(path))
    return queued(phone, path.name)


def test_the_duplicate_badge_and_its_discard_speak_english_on_a_narrow_phone(browser, devhost_url, tmp_path):
    order_no = f"42000{uuid.uuid4().int % 10**12:012d}"
    merchant = f"Burger{uuid.uuid4().hex[:4]}"
    shot = screenshot_file(tmp_path, "dinner.png", merchant=merchant, amount="47.00", order_no=order_no)
    again = tmp_path / "dinner-again.png"
    again.write_bytes(shot.read_bytes())
    phone = Phone(browser, devhost_url, NARROW, lang="en")
    try:
        page = phone.page
        phone.open()
        upload_in_english(phone, shot).locator(".q-open").click()
        page.get_by_role("button", name="Confirm", exact=True).click()
        expect(page).to_have_url(re.compile(r"#/records$"))

        row = upload_in_english(phone, again)
        expect(row.locator(".q-dup")).to_have_text("Possible duplicate")
        assert phone.horizontal_overflow() == 0
        page.get_by_role("navigation").get_by_role("link", name="Home", exact=True).click()
        waiting = page.locator("#inbox li", has_text="47.00").first
        expect(waiting.locator(".inbox-dup")).to_have_text("Possible duplicate")
        assert phone.horizontal_overflow() == 0

        waiting.locator(".inbox-link").click()
        expect(page.locator("#review-dup")).to_be_visible()
        # The review speaks English but for what the screenshot shows (the card's name, the item bought).
        assert chinese_left(phone, {merchant, order_no, "招商银行信用卡(6789)", "拿铁咖啡大杯"}) == []
        assert phone.horizontal_overflow() == 0
        page.get_by_role("button", name="It's a duplicate").click()
        with page.expect_response(lambda r: r.request.method == "DELETE" and "/api/drafts/" in r.url) as deleted:
            page.get_by_role("dialog").get_by_role("button", name="Discard").click()
        assert deleted.value.status == 204
        expect(page).to_have_url(re.compile(r"#/$"))
        assert phone.errors == [] and phone.csp_violations() == []
    finally:
        phone.close()
