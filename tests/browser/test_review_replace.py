"""核对's 换一张截图 at 390 px: a person who uploaded the wrong picture picks another from the review in one step; the
wrong draft is discarded and the new one is reviewed. A file refused on the phone changes nothing."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.test_page import RECOGNITION_TIMEOUT, field, pick, queued, screenshot_file, search

pytestmark = pytest.mark.browser


def draft_status(phone, draft_id: str) -> str:
    answer = phone.page.request.get(f"{phone.base_url}/api/drafts/{draft_id}")
    assert answer.ok
    return answer.json()["status"]


def test_the_wrong_picture_is_replaced_from_the_review_in_one_step(phone, tmp_path):
    tag = uuid.uuid4().hex[:4]
    wrong = screenshot_file(tmp_path, f"wrong-{tag}.png", merchant=f"错的店{tag}", amount="9.90")
    right = screenshot_file(tmp_path, f"right-{tag}.png", merchant=f"对的店{tag}", amount="66.00")
    page = phone.page
    phone.open()
    pick(phone, wrong)
    queued(phone, wrong.name).locator(".q-open").click()
    expect(field(page, "金额")).to_have_value("9.90")
    old_id = page.url.rsplit("/", 1)[-1]
    replace = page.get_by_text("换一张截图")
    expect(replace).to_be_visible()
    assert phone.horizontal_overflow() == 0
    phone.screenshot("review-replace")

    # Closing the picker changes nothing; a text file renamed .png is refused on the phone and the draft stays.
    fake = tmp_path / f"notes-{tag}.png"
    fake.write_text("not a picture")
    page.set_input_files("#review-replace-input", [str(fake)])
    expect(page.locator("#error-text")).to_contain_text("没有上传")
    assert page.url.endswith(old_id) and draft_status(phone, old_id) == "ready"

    # The right one: picked, uploaded, read, and reviewed in the wrong one's place.
    page.set_input_files("#review-replace-input", [str(right)])
    expect(page).not_to_have_url(f"{phone.base_url}/#/review/{old_id}", timeout=30_000)
    expect(field(page, "金额")).to_have_value("66.00", timeout=RECOGNITION_TIMEOUT)
    expect(field(page, "商户")).to_have_value(f"对的店{tag}")
    assert draft_status(phone, old_id) == "discarded"
    page.get_by_role("button", name="确认").click()
    expect(page.get_by_role("heading", name="账单")).to_be_visible()
    # Other tests on the shared devhost record many payments: look the shop up rather than read the first page.
    search(phone, tag)
    expect(page.locator("#records-list")).to_contain_text(f"对的店{tag}")
    expect(page.locator("#records-list")).not_to_contain_text(f"错的店{tag}")
