"""A likely duplicate is badged in the upload queue and the 首页 inbox, and 核对 discards it with one tap."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.test_page import pick, queued, screenshot_file, search

pytestmark = pytest.mark.browser


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
